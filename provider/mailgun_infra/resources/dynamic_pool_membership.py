"""DynamicPoolMembership: the IPs of one dynamic IP pool.

Mailgun endpoints: ``GET /v3/dynamic_pools`` (read), ``PATCH /v3/dynamic_pools/{pool}``
(``add_ip`` / ``remove_ip``: create, update and delete).

- ID: the pool's name as the API names it (``dynamic_good``, ``dynamic_poor``,
  ``dynamic_new``).
- Adopt key: ``pool``. The resource owns the pool's IP set: IPs not declared are removed.
  A pool that already has IPs is taken over only with ``adopt=True``.
- Replacement: a new ``pool``.
- Delete: removes the pool's IPs. Mailgun refuses while enrolled domains sit in the pool,
  since every pool in use keeps at least one IP that is not warming.
- Rules Mailgun enforces: dedicated IPs of the account only, an IP in one dynamic pool at
  most, at least one IP that is not warming.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import MailgunClient
from ._base import Inputs, MailgunProvider, canonical_ips, validate_ip_list, write_once

POOL_NAME = re.compile(r"^dynamic_[a-z0-9_]+$")


class DynamicPoolMembershipArgs(Inputs):
    """The inputs of a DynamicPoolMembership."""

    pool: str = Field(description="The dynamic pool: dynamic_good, dynamic_poor, dynamic_new.")
    ips: list[str] = Field(description="Every IP of the pool; at least one must not be warming.")
    adopt: bool = Field(False, description="Take over a pool that already has IPs.")

    @field_validator("pool")
    @classmethod
    def _pool_name(cls, value: str) -> str:
        if not POOL_NAME.match(value):
            raise ValueError(
                f"'{value}' is not a dynamic pool name (dynamic_good, dynamic_poor, dynamic_new)")
        return value

    @field_validator("ips")
    @classmethod
    def _ips_valid(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("a dynamic pool needs at least one IP that is not warming")
        return validate_ip_list(values)


class DynamicPoolMembershipProvider(MailgunProvider):
    inputs_model = DynamicPoolMembershipArgs
    output_fields = frozenset({"warming_ips"})
    replace_on = frozenset({"pool"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: DynamicPoolMembershipArgs = self.parse(props)
        live = _live_ips(self.client, args.pool)
        if live is None:
            raise RuntimeError(f"the account has no dynamic pool named '{args.pool}'")
        extra = sorted(set(live) - set(args.ips))
        if extra and not self.adopting(args):
            raise RuntimeError(
                f"dynamic pool {args.pool} already has IPs ({', '.join(extra)}) that are not "
                "declared: list them, or set adopt=True to take over the pool's IP set")
        _converge(self.client, args)
        return CreateResult(args.pool, self._outputs(args.model_dump()))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        live = _live_ips(self.client, id_)
        if live is None:
            return ReadResult("", {})
        inputs = {"pool": id_, "ips": canonical_ips(live), "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, self._outputs(inputs), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: DynamicPoolMembershipArgs = self.parse(news)
        _converge(self.client, args)
        return UpdateResult(self._outputs(args.model_dump()))

    def _outputs(self, inputs: dict[str, Any]) -> dict[str, Any]:
        warming = sorted(set(inputs["ips"]) & self.client.warming_ips())
        return {**inputs, "warming_ips": warming}

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        live = _live_ips(self.client, id_)
        if live:
            write_once(lambda: self.client.update_dynamic_pool(id_, remove_ips=live),
                       lambda: not _live_ips(self.client, id_))


def _live_ips(client: MailgunClient, pool: str) -> list[str] | None:
    return client.list_dynamic_pools().get(pool)


def _converge(client: MailgunClient, args: DynamicPoolMembershipArgs) -> None:
    """One PATCH that makes the live pool match ``args``; none when it already does."""
    live = set(_live_ips(client, args.pool) or [])
    add = [ip for ip in args.ips if ip not in live]
    remove = sorted(live - set(args.ips))
    if not add and not remove:
        return
    write_once(
        lambda: client.update_dynamic_pool(args.pool, add_ips=add, remove_ips=remove),
        lambda: set(_live_ips(client, args.pool) or []) == set(args.ips))


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
        props = {"pool": pool, "ips": ips, "adopt": adopt, "warming_ips": None}
        super().__init__(DynamicPoolMembershipProvider(), resource_name, props, opts)
