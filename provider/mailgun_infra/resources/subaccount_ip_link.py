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
- Delete: unlinks every IP linked to the subaccount; none linked counts as done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import pulumi
from pulumi.dynamic import Resource
from pydantic import Field

from .. import answers
from ..client import Unauthorized
from ._base import Inputs, Live, resource_props
from ._fields import Id, IpList, at_least_one, canonical_ips
from ._ids import IdFormat
from ._ip_set import IpSetProvider


class SubaccountIpLinkArgs(Inputs):
    """The inputs of a SubaccountIpLink."""

    subaccount_id: Id = Field(description="The subaccount (e.g. a Subaccount's id).")
    ips: Annotated[IpList, at_least_one(
        "link at least one IP (destroy the resource to unlink all)")] = Field(
        description="Dedicated parent IPs the subaccount may send from.")


class SubaccountIpLinkProvider(IpSetProvider[SubaccountIpLinkArgs]):
    inputs_model = SubaccountIpLinkArgs
    id_format = IdFormat("SubaccountIpLink", "{subaccount_id}")
    output_fields = ()
    replace_on = frozenset({"subaccount_id"})
    reads_account = True

    def owner_of(self, args: SubaccountIpLinkArgs) -> str:
        return args.subaccount_id

    def owner_named(self, id_: str) -> str:
        return f"subaccount {id_}"

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        linked = self._linked(id_)
        # No IP linked any more is how Mailgun shows a link set that is gone.
        return {"ips": linked} if linked else None

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"subaccount_id": id_, "ips": canonical_ips(live["ips"])}

    def ips_now(self, id_: str) -> list[str]:
        return self._linked(id_)

    def change_ips(self, id_: str, add: list[str], remove: list[str]) -> None:
        self.client.update_subaccount_ips(id_, link_ips=add, unlink_ips=remove)

    def _linked(self, subaccount_id: str) -> list[str]:
        try:
            return self.client.list_subaccount_ips(subaccount_id)
        except Unauthorized as error:
            if not answers.DETAILED_IP_VIEW_FORBIDDEN.matches(error):
                raise
            raise RuntimeError(
                f"{error}: reading a subaccount's linked IPs needs the account's detailed IP "
                "view feature, which Mailgun support enables") from None


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
        super().__init__(SubaccountIpLinkProvider(), resource_name,
                         resource_props(SubaccountIpLinkProvider, locals()), opts)
