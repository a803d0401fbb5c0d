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
from pulumi.dynamic import CreateResult, Resource, UpdateResult
from pydantic import Field

from ..client import BadRequest
from ._base import Inputs, Live, MailgunProvider, resource_props
from ._fields import AccountMessageLimit, read_count
from ._ids import IdFormat

ACCOUNT_ID = "account"


class AccountSendingLimitArgs(Inputs):
    """The inputs of an AccountSendingLimit."""

    limit: AccountMessageLimit = Field(
        description="The messages the account may send in a calendar month, 1000 or more.")


class AccountSendingLimitProvider(MailgunProvider[AccountSendingLimitArgs]):
    inputs_model = AccountSendingLimitArgs
    id_format = IdFormat("AccountSendingLimit", ACCOUNT_ID)
    output_fields = ("current", "period")

    def create(self, props: dict[str, Any]) -> CreateResult:
        args = self.parse(props)
        existing = self.live_or_none(ACCOUNT_ID, props)
        if existing is not None:
            self.refuse_unless_adopting(args, "a monthly sending limit of the account",
                                        f"limit {existing.get('limit')}", ACCOUNT_ID)
        return CreateResult(ACCOUNT_ID,
                            self.outputs(ACCOUNT_ID, args, self._set(args, existing)))

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        # No limit set is a NotFound ("No threshold for account"): live_or_none's None.
        return self.client.get_account_monthly_limit()

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"limit": read_count(live.get("limit"))}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any],
                     live: Live | None) -> dict[str, Any]:
        live = live or {}
        return {"current": read_count(live.get("current")), "period": live.get("period")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args, self._set(args, self.live_or_none(id_, news))))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        try:
            self.client.delete_account_monthly_limit()
        except BadRequest:
            # Mailgun answers "Could not delete threshold" for a limit that is not there.
            if self.live_or_none(id_, props) is not None:
                raise

    def _set(self, args: AccountSendingLimitArgs, live: Live | None) -> Live:
        """The declared limit, set unless Mailgun has it already; the limit as read back."""
        if live is not None and read_count(live.get("limit")) == args.limit:
            return live
        # A PUT: Mailgun takes it twice alike, and the client retries it on its own.
        self.client.set_account_monthly_limit(args.limit)
        return self.client.get_account_monthly_limit()


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
