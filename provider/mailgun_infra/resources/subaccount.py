"""Subaccount: a subaccount of the (parent) account.

Mailgun endpoints: ``POST /v5/accounts/subaccounts`` (create), ``GET
/v5/accounts/subaccounts/{id}`` (read), ``POST .../{id}/enable`` and ``.../{id}/disable``
(update), ``DELETE /v5/accounts/subaccounts`` with ``X-Mailgun-On-Behalf-Of: {id}``
(delete), ``GET /v5/accounts/subaccounts?filter=`` (adopt by name).

- ID: the subaccount id.
- Adopt key: ``name``. A subaccount of that name exists: taken over only with ``adopt=True``.
- Replacement: a new ``name`` (Mailgun has no rename). ``enabled`` changes in place.
- Delete: deletes the subaccount; one already gone or ``closed`` counts as deleted.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import NotFound, Unauthorized
from ._base import Inputs, MailgunProvider, create_once, not_blank, write_once


class SubaccountArgs(Inputs):
    """The inputs of a Subaccount."""

    name: str = Field(description="The subaccount's name; a new name means a new subaccount.")
    enabled: bool = Field(True, description="False disables the subaccount (it can't send).")
    adopt: bool = Field(False, description="Take over an existing subaccount of this name.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return not_blank(value)


class SubaccountProvider(MailgunProvider):
    inputs_model = SubaccountArgs
    output_fields = frozenset({"subaccount_id", "status", "created_at"})
    replace_on = frozenset({"name"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: SubaccountArgs = self.parse(props)
        client = self.client
        existing = [s for s in client.list_subaccounts_named(args.name) if s.get("status") != "closed"]
        if existing and not self.adopting(args):
            raise RuntimeError(
                f"a subaccount named '{args.name}' exists ({existing[0]['id']}): set "
                "adopt=True to manage it, or choose another name")
        if len(existing) > 1:
            raise RuntimeError(f"adopt: {len(existing)} subaccounts are named '{args.name}'")
        created = not existing

        def lookup() -> dict[str, Any] | None:
            found = [s for s in client.list_subaccounts_named(args.name) if s.get("status") != "closed"]
            return found[0] if found else None

        live = existing[0] if existing else create_once(
            lambda: client.create_subaccount(args.name), lookup)
        try:
            live = self._set_enabled(live, args.enabled)
        except Exception:
            if created:  # undo our own create
                with contextlib.suppress(NotFound, Unauthorized):
                    client.delete_subaccount(str(live["id"]))
            raise
        return CreateResult(str(live["id"]), _outputs(args, live))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            live = self.client.get_subaccount(id_)
        except NotFound:
            return ReadResult("", {})
        if live.get("status") == "closed":
            return ReadResult("", {})
        inputs = {"name": live.get("name"), "enabled": live.get("status") == "open",
                  "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, {**inputs, **_computed(live)}, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: SubaccountArgs = self.parse(news)
        live = self._set_enabled(self.client.get_subaccount(id_), args.enabled)
        return UpdateResult(_outputs(args, live))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.delete_subaccount(id_)
        except (NotFound, Unauthorized):
            # Mailgun answers 403 for a subaccount that no longer exists: check it is gone.
            try:
                live = self.client.get_subaccount(id_)
            except NotFound:
                return
            if live.get("status") != "closed":
                raise

    def _set_enabled(self, live: dict[str, Any], enabled: bool) -> dict[str, Any]:
        if (live.get("status") == "open") == enabled:
            return live
        subaccount_id = str(live["id"])

        def switched() -> dict[str, Any] | None:
            again = self.client.get_subaccount(subaccount_id)
            return again if (again.get("status") == "open") == enabled else None

        write_once(lambda: self.client.set_subaccount_enabled(subaccount_id, enabled), switched)
        return self.client.get_subaccount(subaccount_id)


def _computed(live: dict[str, Any]) -> dict[str, Any]:
    return {"subaccount_id": str(live["id"]), "status": live.get("status"),
            "created_at": live.get("created_at")}


def _outputs(args: SubaccountArgs, live: dict[str, Any]) -> dict[str, Any]:
    return {**args.model_dump(), **_computed(live)}


class Subaccount(Resource, module="mailgun", name="Subaccount"):
    """A subaccount; destroying it deletes the subaccount."""

    subaccount_id: pulumi.Output[str]
    name: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    status: pulumi.Output[str]
    """``open`` or ``disabled``, as Mailgun reports it."""
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        enabled: pulumi.Input[bool] = True,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"name": name, "enabled": enabled, "adopt": adopt, "subaccount_id": None,
                 "status": None, "created_at": None}
        super().__init__(SubaccountProvider(), resource_name, props, opts)
