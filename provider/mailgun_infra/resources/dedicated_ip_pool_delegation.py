"""DedicatedIpPoolDelegation: a DIPP of the parent account delegated to a subaccount.

A resource of its own rather than a DedicatedIpPool input: it joins two objects, either
may be managed elsewhere, and a DIPP may be delegated to several subaccounts.

Mailgun endpoints: ``PUT /v3/ip_pools/{pool_id}/delegate`` (create, form ``subaccount_id``),
``DELETE /v3/ip_pools/{pool_id}/delegate`` (delete, form body on a DELETE),
``GET /v5/accounts/subaccounts/ip_pools/all`` (read).

- ID: ``{pool_id}/{subaccount_id}``.
- Adopt key: the ID. An existing delegation is taken over only with ``adopt=True``.
- Replacement: a new ``pool_id`` or ``subaccount_id``.
- Delete: revokes the delegation; one already revoked counts as done. The subaccount sees
  the DIPP as inherited while it is delegated.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import MailgunClient, NotFound
from ._base import Inputs, MailgunProvider, not_blank, settle


class DedicatedIpPoolDelegationArgs(Inputs):
    """The inputs of a DedicatedIpPoolDelegation."""

    pool_id: str = Field(description="The DIPP (e.g. a DedicatedIpPool's pool_id).")
    subaccount_id: str = Field(description="The subaccount (e.g. a Subaccount's id).")
    adopt: bool = Field(False, description="Take over an existing delegation.")

    @field_validator("pool_id", "subaccount_id")
    @classmethod
    def _ids(cls, value: str) -> str:
        return not_blank(value)


class DedicatedIpPoolDelegationProvider(MailgunProvider):
    inputs_model = DedicatedIpPoolDelegationArgs
    output_fields = frozenset()
    replace_on = frozenset({"pool_id", "subaccount_id"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: DedicatedIpPoolDelegationArgs = self.parse(props)
        if _delegated(self.client, args.pool_id, args.subaccount_id):
            if not self.adopting(args):
                raise RuntimeError(
                    f"DIPP {args.pool_id} is already delegated to {args.subaccount_id}: set "
                    "adopt=True to manage that delegation")
        else:
            self.client.delegate_ip_pool(args.pool_id, args.subaccount_id)
        return CreateResult(f"{args.pool_id}/{args.subaccount_id}", args.model_dump())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        pool_id, _, subaccount_id = id_.partition("/")
        # Delegation is applied after Mailgun answers: give a recent one time to show.
        if not settle(lambda: _delegated(self.client, pool_id, subaccount_id), bool):
            return ReadResult("", {})
        inputs = {"pool_id": pool_id, "subaccount_id": subaccount_id,
                  "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, dict(inputs), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: DedicatedIpPoolDelegationArgs = self.parse(news)
        return UpdateResult(args.model_dump())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        pool_id, _, subaccount_id = id_.partition("/")
        try:
            self.client.revoke_ip_pool(pool_id, subaccount_id)
        except NotFound:
            return


def _delegated(client: MailgunClient, pool_id: str, subaccount_id: str) -> bool:
    return any(item.get("pool_id") == pool_id and item.get("subaccount_id") == subaccount_id
               for item in client.list_delegated_ip_pools())


class DedicatedIpPoolDelegation(Resource, module="mailgun", name="DedicatedIpPoolDelegation"):
    """A DIPP delegated to a subaccount."""

    pool_id: pulumi.Output[str]
    subaccount_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        pool_id: pulumi.Input[str],
        subaccount_id: pulumi.Input[str],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"pool_id": pool_id, "subaccount_id": subaccount_id, "adopt": adopt}
        super().__init__(DedicatedIpPoolDelegationProvider(), resource_name, props, opts)
