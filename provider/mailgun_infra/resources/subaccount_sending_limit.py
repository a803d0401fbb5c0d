"""SubaccountSendingLimit: the custom monthly sending limit of one subaccount.

Mailgun endpoints: ``GET``, ``PUT`` (query ``limit``) and ``DELETE
/v5/accounts/subaccounts/{id}/limit/custom/monthly``.

A resource of its own rather than a Subaccount input: Mailgun keeps the limit as an object
of its own, with its own read, write and delete, and a subaccount without one is a state
of its own (no custom limit), which only deleting the limit brings back. The subaccount's
features, by contrast, are part of the subaccount object: they are Subaccount's input.

- ID: the subaccount id (a subaccount has one monthly limit).
- Adopt key: ``subaccount_id``. A subaccount that has a limit already is taken over only
  with ``adopt=True``, which then sets the declared one.
- Replacement: a new ``subaccount_id``. ``limit`` changes in place (a ``PUT``).
- Delete: deletes the limit, leaving the subaccount without a custom one. A limit already
  gone, or a subaccount gone with it, counts as deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, UpdateResult
from pydantic import Field

from ..client import BadRequest, NotFound
from ._base import Inputs, Live, MailgunProvider, resource_props
from ._fields import Id, MessageCount, read_count
from ._ids import IdFormat


class SubaccountSendingLimitArgs(Inputs):
    """The inputs of a SubaccountSendingLimit."""

    subaccount_id: Id = Field(
        description="The subaccount, e.g. `${subaccounts.acme.subaccount_id}`.")
    limit: MessageCount = Field(
        description="The messages the subaccount may send in a month, 0 or more.")


class SubaccountSendingLimitProvider(MailgunProvider[SubaccountSendingLimitArgs]):
    inputs_model = SubaccountSendingLimitArgs
    id_format = IdFormat("SubaccountSendingLimit", "{subaccount_id}")
    output_fields = ("current", "period")
    replace_on = frozenset({"subaccount_id"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args = self.parse(props)
        existing = self.live_or_none(args.subaccount_id, props)
        if existing is not None:
            self.refuse_unless_adopting(
                args, f"a monthly sending limit of subaccount {args.subaccount_id}",
                f"limit {existing.get('limit')}", args.subaccount_id)
        return CreateResult(args.subaccount_id,
                            self.outputs(args.subaccount_id, args, self._set(args, existing)))

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        try:
            return self.client.get_subaccount_monthly_limit(id_)
        except BadRequest:
            # Mailgun answers "Not a subaccount" once the subaccount is gone: so is its limit.
            if self._subaccount_gone(id_):
                return None
            raise

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"subaccount_id": id_, "limit": read_count(live.get("limit"))}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any],
                     live: Live | None) -> dict[str, Any]:
        live = live or {}
        return {"current": read_count(live.get("current")), "period": live.get("period")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args, self._set(args, self.live_or_none(id_, news))))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        try:
            self.client.delete_subaccount_monthly_limit(id_)
        except BadRequest:
            # Mailgun answers "Could not delete threshold" for a limit that is not there.
            if self.live_or_none(id_, props) is not None:
                raise

    def _set(self, args: SubaccountSendingLimitArgs, live: Live | None) -> Live:
        """The declared limit, set unless Mailgun has it already; the limit as read back."""
        if live is not None and read_count(live.get("limit")) == args.limit:
            return live
        # A PUT: Mailgun takes it twice alike, and the client retries it on its own.
        self.client.set_subaccount_monthly_limit(args.subaccount_id, args.limit)
        return self.client.get_subaccount_monthly_limit(args.subaccount_id)

    def _subaccount_gone(self, subaccount_id: str) -> bool:
        try:
            return self.client.get_subaccount(subaccount_id).get("status") == "closed"
        except NotFound:
            return True


class SubaccountSendingLimit(Resource, module="mailgun", name="SubaccountSendingLimit"):
    """A subaccount's custom monthly sending limit; destroying it removes the limit."""

    subaccount_id: pulumi.Output[str]
    limit: pulumi.Output[int]
    current: pulumi.Output[int]
    """Messages counted against the limit in this period, as of the last read."""
    period: pulumi.Output[str]
    """The period the limit applies to, as Mailgun reports it (``1m``: a month)."""

    def __init__(
        self,
        resource_name: str,
        *,
        subaccount_id: pulumi.Input[str],
        limit: pulumi.Input[int],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(SubaccountSendingLimitProvider(), resource_name,
                         resource_props(SubaccountSendingLimitProvider, locals()), opts)
