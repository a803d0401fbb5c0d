"""What the two custom monthly sending limits share (AccountSendingLimit, the account's own;
SubaccountSendingLimit, a subaccount's): one object per owner with its own read, a ``PUT``
that sets it and a ``DELETE``; a create finds a limit already set and refuses it unless
adopting, and every write is checked against the live limit and read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pulumi.dynamic import UpdateResult

from .. import answers
from ..client import BadRequest
from ._base import Found, Inputs, Live, MailgunProvider
from ._fields import read_count

LimitArgsT = TypeVar("LimitArgsT", bound=Inputs)


class MonthlyLimitProvider(MailgunProvider[LimitArgsT]):
    """Base of the monthly limits' providers; they say whose limit and how to call it."""

    def owner_of(self, args: LimitArgsT) -> str:
        """The resource's id: whose limit it is."""
        raise NotImplementedError

    def owner_named(self, id_: str) -> str:
        """The owner in words: "subaccount e4b3d2a1", "the account"."""
        raise NotImplementedError

    def get_limit(self, id_: str) -> Live:
        raise NotImplementedError

    def put_limit(self, id_: str, limit: int) -> None:
        raise NotImplementedError

    def delete_limit(self, id_: str) -> None:
        raise NotImplementedError

    def existing(self, args: LimitArgsT) -> Found | None:
        id_ = self.owner_of(args)
        live = self.live_or_none(id_, {})
        if live is None:
            return None
        return Found(id_, f"a monthly sending limit of {self.owner_named(id_)}",
                     f"limit {live.get('limit')}", live=live)

    def write(self, args: LimitArgsT) -> tuple[str, Live | None]:
        return self.owner_of(args), self._set(args, None)

    def adopt(self, found: Found, args: LimitArgsT) -> Live | None:
        return self._set(args, found.live)

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        live = live or {}
        return {"current": read_count(live.get("current")), "period": live.get("period")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args, self._set(args, self.live_or_none(id_, news))))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        try:
            self.delete_limit(id_)
        except BadRequest as error:
            if (not answers.LIMIT_NOT_DELETABLE.matches(error)
                    or self.live_or_none(id_, props) is not None):
                raise

    def _set(self, args: LimitArgsT, live: Live | None) -> Live:
        """The declared limit, set unless Mailgun has it already; the limit as read back."""
        id_, limit = self.owner_of(args), int(getattr(args, "limit"))  # noqa: B009
        if live is not None and read_count(live.get("limit")) == limit:
            return live
        # A PUT: Mailgun takes it twice alike, and the client retries it on its own.
        self.put_limit(id_, limit)
        return self.get_limit(id_)
