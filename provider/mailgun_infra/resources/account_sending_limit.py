"""AccountSendingLimit: the account's own custom monthly sending limit.

Mailgun endpoints: ``GET``, ``PUT`` (query ``limit``) and ``DELETE
/v5/accounts/limit/custom/monthly`` (OpenAPI "Custom Message Limit": "a hard limit on how
many messages your account can send during a calendar month").

SubaccountSendingLimit's twin for the parent account, for the same reason a resource of its
own: Mailgun keeps the limit as an object with its own read, write and delete, and an
account without one is a state of its own that only deleting the limit brings back. Its
one difference is Mailgun's floor: the account's limit is 1,000 messages at least.

- ID: ``account`` (the one limit of the account the provider is configured for).
- Adopt key: none; an account that has a limit already is taken over only with
  ``adopt=True``, which then sets the declared one.
- Replacement: never. ``limit`` changes in place (a ``PUT``).
- Delete: deletes the limit, leaving the account without a custom one. A limit already
  gone counts as deleted. An account that Mailgun disabled for reaching the limit stays
  so: re-enabling it (``PUT /v5/accounts/limit/custom/enable``) is a decision for a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource
from pydantic import Field

from .. import answers
from ..client import NotFound
from ._base import Inputs, Live, resource_props
from ._fields import AccountMessageLimit, read_count
from ._ids import IdFormat
from ._monthly_limit import MonthlyLimitProvider

ACCOUNT_ID = "account"


class AccountSendingLimitArgs(Inputs):
    """The inputs of an AccountSendingLimit."""

    limit: AccountMessageLimit = Field(
        description="The messages the account may send in a calendar month, 1000 or more.")


class AccountSendingLimitProvider(MonthlyLimitProvider[AccountSendingLimitArgs]):
    inputs_model = AccountSendingLimitArgs
    id_format = IdFormat("AccountSendingLimit", ACCOUNT_ID)
    output_fields = ("current", "period")

    def owner_of(self, args: AccountSendingLimitArgs) -> str:
        return ACCOUNT_ID

    def owner_named(self, id_: str) -> str:
        return "the account"

    def get_limit(self, id_: str) -> Live:
        return self.client.get_account_monthly_limit()

    def put_limit(self, id_: str, limit: int) -> None:
        self.client.set_account_monthly_limit(limit)

    def delete_limit(self, id_: str) -> None:
        self.client.delete_account_monthly_limit()

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        try:
            return self.client.get_account_monthly_limit()
        except NotFound as error:
            if answers.NO_MONTHLY_LIMIT.matches(error):
                return None
            raise

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"limit": read_count(live.get("limit"))}


class AccountSendingLimit(Resource, module="mailgun", name="AccountSendingLimit"):
    """The account's custom monthly sending limit; destroying it removes the limit."""

    limit: pulumi.Output[int]
    current: pulumi.Output[int]
    """Messages counted against the limit in this period, as of the last read."""
    period: pulumi.Output[str]
    """The period the limit applies to, as Mailgun reports it (``1m``: a month)."""

    def __init__(
        self,
        resource_name: str,
        *,
        limit: pulumi.Input[int],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(AccountSendingLimitProvider(), resource_name,
                         resource_props(AccountSendingLimitProvider, locals()), opts)
