"""DynamicPoolMembership: the IPs of one dynamic IP pool.

Mailgun endpoints: ``GET /v3/dynamic_pools`` (read), ``PATCH /v3/dynamic_pools/{pool}``
(``add_ip`` / ``remove_ip``: create, update and delete).

- ID: the pool's name as the API names it (``dynamic_good``, ``dynamic_poor``,
  ``dynamic_new``).
- Adopt key: ``pool``. The resource owns the pool's IP set: IPs not declared are removed.
  A pool that already has IPs is taken over only with ``adopt=True``.
- Replacement: a new ``pool``.
- Read: a pool without IPs counts as gone.
- Delete: removes the pool's IPs. Mailgun refuses while enrolled domains sit in the pool,
  since every pool in use keeps at least one IP that is not warming.
- Rules Mailgun enforces: dedicated IPs of the account only, an IP in one dynamic pool at
  most, at least one IP that is not warming.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import pulumi
from pulumi.dynamic import Resource
from pydantic import Field

from ._base import Inputs, Live, resource_props
from ._fields import DynamicPoolName, IpList, at_least_one, canonical_ips
from ._ids import IdFormat
from ._ip_set import IpSetProvider


class DynamicPoolMembershipArgs(Inputs):
    """The inputs of a DynamicPoolMembership."""

    pool: DynamicPoolName = Field(
        description="The dynamic pool: dynamic_good, dynamic_poor, dynamic_new.")
    ips: Annotated[IpList, at_least_one(
        "a dynamic pool needs at least one IP that is not warming")] = Field(
        description="Every IP of the pool; at least one must not be warming.")


class DynamicPoolMembershipProvider(IpSetProvider[DynamicPoolMembershipArgs]):
    inputs_model = DynamicPoolMembershipArgs
    id_format = IdFormat("DynamicPoolMembership", "{pool}")
    output_fields = ("warming_ips",)
    replace_on = frozenset({"pool"})
    reads_account = True

    def owner_of(self, args: DynamicPoolMembershipArgs) -> str:
        return args.pool

    def owner_named(self, id_: str) -> str:
        return f"dynamic pool {id_}"

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:

        def members(pools: Mapping[str, list[str]]) -> Live | None:
            ips = pools.get(id_)
            # A pool without IPs has no membership left to manage: the resource is gone.
            return {"ips": ips} if ips else None

        return self.from_listing(("dynamic_pools",), self.client.list_dynamic_pools, members,
                                 lambda: members(self.client.list_dynamic_pools()))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"pool": id_, "ips": canonical_ips(live["ips"])}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        return {"warming_ips": sorted(set(inputs["ips"]) & self.client.warming_ips())}

    def ips_now(self, id_: str) -> list[str]:
        pools = self.client.list_dynamic_pools()
        if id_ not in pools:
            raise RuntimeError(f"the account has no dynamic pool named '{id_}'")
        return list(pools[id_] or [])

    def change_ips(self, id_: str, add: list[str], remove: list[str]) -> None:
        self.client.update_dynamic_pool(id_, add_ips=add, remove_ips=remove)


class DynamicPoolMembership(Resource, module="mailgun", name="DynamicPoolMembership"):
    """The IPs of one dynamic IP pool; IPs not declared are removed."""

    pool: pulumi.Output[str]
    ips: pulumi.Output[list[str]]
    warming_ips: pulumi.Output[list[str]]
    """The pool's IPs that Mailgun reports on warmup (the policy pack reads them)."""

    def __init__(
        self,
        resource_name: str,
        *,
        pool: pulumi.Input[str],
        ips: pulumi.Input[list[pulumi.Input[str]]],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(DynamicPoolMembershipProvider(), resource_name,
                         resource_props(DynamicPoolMembershipProvider, locals()), opts)
