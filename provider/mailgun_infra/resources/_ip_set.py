"""What the resources that are one Mailgun object's set of IPs share: a dynamic pool's IPs
(DynamicPoolMembership), a subaccount's linked IPs (SubaccountIpLink).

The object they belong to always exists, so a create takes it over and sets its IPs; only
IPs there that the inputs do not declare make it refuse without ``adopt``. An update sets
the IPs, a delete empties the set, each in one write against the live set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pulumi.dynamic import UpdateResult

from ._base import Found, Inputs, Live, MailgunProvider

# The inputs of an IP set: its owner's key (the provider's ``owner_of``) and ``ips``.
IpSetArgsT = TypeVar("IpSetArgsT", bound=Inputs)


class IpSetProvider(MailgunProvider[IpSetArgsT]):
    """Base of the providers whose object is an IP set; they say whose set, how to read
    it and how to change it."""

    def owner_of(self, args: IpSetArgsT) -> str:
        """The resource's id: the object whose IPs these are."""
        raise NotImplementedError

    def owner_named(self, id_: str) -> str:
        """That object in words: "dynamic pool dynamic_good"."""
        raise NotImplementedError

    def ips_now(self, id_: str) -> list[str]:
        """The set's IPs as Mailgun has them now."""
        raise NotImplementedError

    def change_ips(self, id_: str, add: list[str], remove: list[str]) -> None:
        """One write that adds and removes IPs."""
        raise NotImplementedError

    def existing(self, args: IpSetArgsT) -> Found | None:
        id_ = self.owner_of(args)
        extra = sorted(set(self.ips_now(id_)) - set(_ips(args)))
        return Found(id_, f"{self.owner_named(id_)} with IPs",
                     f"not declared: {', '.join(extra)}", taken=bool(extra))

    def adopt(self, found: Found, args: IpSetArgsT) -> Live | None:
        self.set_ips(found.id, _ips(args))
        return None

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        self.set_ips(id_, _ips(args))
        return UpdateResult(self.outputs(id_, args, None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.set_ips(id_, [])

    def set_ips(self, id_: str, ips: list[str]) -> None:
        """One write that makes the live set ``ips``; none when it already is."""
        self.waits.converge_set(lambda: self.ips_now(id_), ips,
                                lambda add, remove: self.change_ips(id_, add, remove))


def _ips(args: Inputs) -> list[str]:
    ips: list[str] = getattr(args, "ips")  # noqa: B009 (every IP set's inputs have ips)
    return ips
