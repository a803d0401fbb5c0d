"""SubaccountIpLink: the parent account's dedicated IPs linked to one subaccount.

Mailgun endpoints: ``PATCH /v3/ips/subaccounts`` (``subaccount_id``, ``link_ip``,
``unlink_ip``: create, update, delete), ``GET /v3/ips/details/all?subaccount_id=`` (read).

- ID: the subaccount id.
- Adopt key: ``subaccount_id``. The resource owns the subaccount's linked IP set: IPs not
  declared are unlinked. A subaccount with linked IPs already is taken over only with
  ``adopt=True``.
- Replacement: a new ``subaccount_id``.
- Rules Mailgun enforces: the account needs centralized IP assignment; a linked IP is a
  dedicated parent IP that is in no dynamic pool of the parent; an IP is unlinked only
  when no IP pool or domain of the subaccount uses it.
- Delete: unlinks every declared IP.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import MailgunClient, NotFound
from ._base import (
    Inputs,
    MailgunProvider,
    canonical_ips,
    not_blank,
    validate_ip_list,
    write_once,
)


class SubaccountIpLinkArgs(Inputs):
    """The inputs of a SubaccountIpLink."""

    subaccount_id: str = Field(description="The subaccount (e.g. a Subaccount's id).")
    ips: list[str] = Field(description="Dedicated parent IPs the subaccount may send from.")
    adopt: bool = Field(False, description="Take over IPs already linked to the subaccount.")

    @field_validator("subaccount_id")
    @classmethod
    def _subaccount(cls, value: str) -> str:
        return not_blank(value)

    @field_validator("ips")
    @classmethod
    def _ips(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("link at least one IP (destroy the resource to unlink all)")
        return validate_ip_list(values)


class SubaccountIpLinkProvider(MailgunProvider):
    inputs_model = SubaccountIpLinkArgs
    output_fields = frozenset()
    replace_on = frozenset({"subaccount_id"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: SubaccountIpLinkArgs = self.parse(props)
        live = self.client.list_subaccount_ips(args.subaccount_id)
        extra = sorted(set(live) - set(args.ips))
        if extra and not self.adopting(args):
            raise RuntimeError(
                f"subaccount {args.subaccount_id} already has linked IPs ({', '.join(extra)}) "
                "that are not declared: list them, or set adopt=True to take over its IP set")
        _converge(self.client, args.subaccount_id, live, args.ips)
        return CreateResult(args.subaccount_id, args.model_dump())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            live = self.client.list_subaccount_ips(id_)
        except NotFound:
            return ReadResult("", {})
        if not live:
            return ReadResult("", {})
        inputs = {"subaccount_id": id_, "ips": canonical_ips(live),
                  "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, dict(inputs), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: SubaccountIpLinkArgs = self.parse(news)
        _converge(self.client, id_, self.client.list_subaccount_ips(id_), args.ips)
        return UpdateResult(args.model_dump())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            live = self.client.list_subaccount_ips(id_)
            if live:
                write_once(lambda: self.client.update_subaccount_ips(id_, unlink_ips=live),
                           lambda: not self.client.list_subaccount_ips(id_))
        except NotFound:
            return


def _converge(client: MailgunClient, subaccount_id: str, live: list[str],
              wanted: list[str]) -> None:
    link = [ip for ip in wanted if ip not in live]
    unlink = sorted(set(live) - set(wanted))
    if link or unlink:
        write_once(
            lambda: client.update_subaccount_ips(subaccount_id, link_ips=link, unlink_ips=unlink),
            lambda: set(client.list_subaccount_ips(subaccount_id)) == set(wanted))


class SubaccountIpLink(Resource, module="mailgun", name="SubaccountIpLink"):
    """The dedicated parent IPs linked to one subaccount."""

    subaccount_id: pulumi.Output[str]
    ips: pulumi.Output[list[str]]

    def __init__(
        self,
        resource_name: str,
        *,
        subaccount_id: pulumi.Input[str],
        ips: pulumi.Input[list[pulumi.Input[str]]],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"subaccount_id": subaccount_id, "ips": ips, "adopt": adopt}
        super().__init__(SubaccountIpLinkProvider(), resource_name, props, opts)
