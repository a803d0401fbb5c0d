"""Subaccount: a subaccount of the (parent) account.

Mailgun endpoints: ``POST /v5/accounts/subaccounts`` (create), ``GET
/v5/accounts/subaccounts/{id}`` (read), ``POST .../{id}/enable`` and ``.../{id}/disable``
(update), ``DELETE /v5/accounts/subaccounts`` with ``X-Mailgun-On-Behalf-Of: {id}``
(delete), ``GET /v5/accounts/subaccounts?filter=`` (adopt by name), ``PUT .../{id}/features``
(features).

The features are inputs here, not a resource of their own: Mailgun keeps them in the
subaccount object (its ``features``), changes them with a ``PUT`` of that subaccount, and
has no delete for them. Only the features named in ``features`` are managed; omitting it
leaves them all as they are, and a feature dropped from it keeps its last setting. The
monthly sending limit, an object of its own, is the SubaccountSendingLimit resource.

- ID: the subaccount id.
- Adopt key: ``name``. A subaccount of that name exists: taken over only with ``adopt=True``.
- Replacement: a new ``name`` (Mailgun has no rename). ``enabled`` and ``features`` change
  in place.
- Delete: deletes the subaccount; one already gone or ``closed`` counts as deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from .. import answers
from ..client import Unauthorized
from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import Name, OptionalSubaccountFeatures, StrictBool
from ._ids import IdFormat


class SubaccountArgs(Inputs):
    """The inputs of a Subaccount."""

    name: Name = Field(
        description="The subaccount's name; a new name means a new subaccount.")
    enabled: StrictBool = Field(True, description="False disables the subaccount (it can't send).")
    features: OptionalSubaccountFeatures = Field(
        None, description="Feature overrides by name (email_preview, inbox_placement, "
                          "sending, validations, validations_bulk); omitted: not managed.")


class SubaccountProvider(MailgunProvider[SubaccountArgs]):
    inputs_model = SubaccountArgs
    id_format = IdFormat("Subaccount", "{subaccount_id}")
    output_fields = ("subaccount_id", "status", "created_at")
    id_output = "subaccount_id"
    replace_on = frozenset({"name"})

    def existing(self, args: SubaccountArgs) -> Found | None:
        named = self._named(args.name)
        if not named:
            return None
        ids = tuple(str(s["id"]) for s in named)
        return Found(ids[0], f"a subaccount named '{args.name}'", ", ".join(ids),
                     live=named[0], matches=ids)

    def write(self, args: SubaccountArgs) -> tuple[str, Live | None]:
        client = self.client
        live = self.waits.write_or_find(lambda: client.create_subaccount(args.name),
                                        lambda: next(iter(self._named(args.name)), None))
        # Mailgun does not make names unique: another stack may have made one too.
        ours = str(live["id"])
        twins = [str(s["id"]) for s in self._named(args.name) if str(s["id"]) != ours]
        self.refuse_twins(f"a subaccount named '{args.name}'", ours, twins,
                          lambda: client.delete_subaccount(ours))
        return ours, live

    def after_write(self, id_: str, args: SubaccountArgs, live: Live | None) -> Live | None:
        return self._converge(dict(live or self.client.get_subaccount(id_)), args)

    def adopt(self, found: Found, args: SubaccountArgs) -> Live | None:
        return self._converge(dict(found.live or {}), args)

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        live = self.from_listing(
            ("subaccounts",), self.client.list_subaccounts,
            lambda subaccounts: next((s for s in subaccounts if str(s.get("id")) == id_), None),
            lambda: self.client.get_subaccount(id_))
        if live is None or live.get("status") == answers.SUBACCOUNT_CLOSED.text:
            return None
        # Only the features the state declares are this resource's to report.
        return {**live, "features": _managed_features(live, props.get("features"))}

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"name": live.get("name"), "enabled": live.get("status") == "open",
                "features": live.get("features")}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        live = live or {}
        return {"subaccount_id": id_, "status": live.get("status"),
                "created_at": live.get("created_at")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args,
                                         self._converge(self.client.get_subaccount(id_), args)))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        try:
            self.client.delete_subaccount(id_)
        except Unauthorized as error:
            if (not answers.SUBACCOUNT_DELETE_FORBIDDEN.matches(error)
                    or self.live_or_none(id_, props) is not None):
                raise

    def _named(self, name: str) -> list[dict[str, Any]]:
        return [s for s in self.client.list_subaccounts_named(name)
                if s.get("status") != answers.SUBACCOUNT_CLOSED.text]

    def _converge(self, live: dict[str, Any], args: SubaccountArgs) -> dict[str, Any]:
        return self._set_features(self._set_enabled(live, args.enabled), args.features)

    def _set_enabled(self, live: dict[str, Any], enabled: bool) -> dict[str, Any]:
        if (live.get("status") == "open") == enabled:
            return live
        subaccount_id = str(live["id"])
        self.waits.write_or_check(
            lambda: self.client.set_subaccount_enabled(subaccount_id, enabled),
            lambda: (self.client.get_subaccount(subaccount_id).get("status") == "open")
            == enabled)
        return self.client.get_subaccount(subaccount_id)

    def _set_features(self, live: dict[str, Any],
                      features: Mapping[str, bool] | None) -> dict[str, Any]:
        """One ``PUT`` of the declared features Mailgun has otherwise, if any."""
        shown = _managed_features(live, features) or {}
        changes = {name: on for name, on in (features or {}).items() if shown.get(name) != on}
        if not changes:
            return live
        subaccount_id = str(live["id"])
        # A PUT: the client retries it, and Mailgun takes it twice alike.
        self.client.update_subaccount_features(subaccount_id, changes)
        return self.client.get_subaccount(subaccount_id)


def _managed_features(live: Mapping[str, Any],
                      declared: Mapping[str, Any] | None) -> dict[str, bool] | None:
    """The declared features as Mailgun has them (``{"sending": {"enabled": true}}``); one
    Mailgun does not show is left out, so that it differs from the declaration."""
    if not declared:
        return None
    shown = live.get("features") or {}
    return {name: bool(shown[name]["enabled"]) for name in sorted(declared)
            if isinstance(shown.get(name), dict) and "enabled" in shown[name]}


class Subaccount(Resource, module="mailgun", name="Subaccount"):
    """A subaccount; destroying it deletes the subaccount."""

    name: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    features: pulumi.Output[dict[str, bool] | None]
    status: pulumi.Output[str]
    """``open`` or ``disabled``, as Mailgun reports it."""
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        enabled: pulumi.Input[bool] = True,
        features: pulumi.Input[Mapping[str, pulumi.Input[bool]]] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(SubaccountProvider(), resource_name,
                         resource_props(SubaccountProvider, locals()), opts)

    @property
    def subaccount_id(self) -> pulumi.Output[str]:
        """The id Mailgun gave the subaccount: the resource's ``id``, known in the preview
        of an in-place update (see ``MailgunProvider.id_output``)."""
        return self.id
