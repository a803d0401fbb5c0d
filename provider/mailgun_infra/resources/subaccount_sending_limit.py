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
from pulumi.dynamic import Resource
from pydantic import Field

from .. import answers
from ..client import BadRequest, NotFound
from ._base import Inputs, Live, or_gone, resource_props
from ._fields import Id, MessageCount, read_count
from ._ids import IdFormat
from ._monthly_limit import MonthlyLimitProvider


class SubaccountSendingLimitArgs(Inputs):
    """The inputs of a SubaccountSendingLimit."""

    subaccount_id: Id = Field(
        description="The subaccount, e.g. `${subaccounts.acme.subaccount_id}`.")
    limit: MessageCount = Field(
        description="The messages the subaccount may send in a month, 0 or more.")


class SubaccountSendingLimitProvider(MonthlyLimitProvider[SubaccountSendingLimitArgs]):
    inputs_model = SubaccountSendingLimitArgs
    id_format = IdFormat("SubaccountSendingLimit", "{subaccount_id}")
    output_fields = ("current", "period")
    replace_on = frozenset({"subaccount_id"})

    def owner_of(self, args: SubaccountSendingLimitArgs) -> str:
        return args.subaccount_id

    def owner_named(self, id_: str) -> str:
        return f"subaccount {id_}"

    def get_limit(self, id_: str) -> Live:
        return self.client.get_subaccount_monthly_limit(id_)

    def put_limit(self, id_: str, limit: int) -> None:
        self.client.set_subaccount_monthly_limit(id_, limit)

    def delete_limit(self, id_: str) -> None:
        self.client.delete_subaccount_monthly_limit(id_)

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        try:
            return self.client.get_subaccount_monthly_limit(id_)
        except NotFound as error:
            if answers.NO_MONTHLY_LIMIT.matches(error):
                return None
            raise
        except BadRequest as error:
            if answers.NOT_A_SUBACCOUNT.matches(error) and self._subaccount_gone(id_):
                return None
            raise

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"subaccount_id": id_, "limit": read_count(live.get("limit"))}

    def _subaccount_gone(self, subaccount_id: str) -> bool:
        subaccount = or_gone(lambda: self.client.get_subaccount(subaccount_id), None)
        return subaccount is None or subaccount.get("status") == answers.SUBACCOUNT_CLOSED.text


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
