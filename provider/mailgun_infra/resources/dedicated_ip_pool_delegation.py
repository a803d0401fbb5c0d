"""DedicatedIpPoolDelegation: a DIPP of the parent account delegated to a subaccount.

A resource of its own rather than a DedicatedIpPool input: it joins two objects, either
may be managed elsewhere, and a DIPP may be delegated to several subaccounts.

Mailgun endpoints: ``PUT /v3/ip_pools/{pool_id}/delegate`` (create, form ``subaccount_id``),
``DELETE /v3/ip_pools/{pool_id}/delegate`` (delete, form body on a DELETE),
``GET /v5/accounts/subaccounts/ip_pools/all`` (read: every delegation of the account,
several DIPPs per subaccount included; its 404 "account not found" means gone only when
the subaccount is gone, ``GET /v5/accounts/subaccounts/{id}``).

- ID: ``{pool_id}/{subaccount_id}``.
- Adopt key: the ID. An existing delegation is taken over only with ``adopt=True``.
- Replacement: a new ``pool_id`` or ``subaccount_id``.
- Delete: revokes the delegation; one already revoked counts as done. The subaccount sees
  the DIPP as inherited while it is delegated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from .. import answers
from ..client import NotFound
from ._base import (
    Found,
    Inputs,
    Live,
    MailgunProvider,
    NotYetKnown,
    or_gone,
    resource_props,
)
from ._fields import Id
from ._ids import IdFormat


class DedicatedIpPoolDelegationArgs(Inputs):
    """The inputs of a DedicatedIpPoolDelegation."""

    pool_id: Id = Field(description="The DIPP (e.g. a DedicatedIpPool's pool_id).")
    subaccount_id: Id = Field(description="The subaccount (e.g. a Subaccount's id).")


class DedicatedIpPoolDelegationProvider(MailgunProvider[DedicatedIpPoolDelegationArgs]):
    inputs_model = DedicatedIpPoolDelegationArgs
    id_format = IdFormat("DedicatedIpPoolDelegation", "{pool_id}/{subaccount_id}")
    output_fields = ()
    replace_on = frozenset({"pool_id", "subaccount_id"})

    def existing(self, args: DedicatedIpPoolDelegationArgs) -> Found | None:
        if not self._delegated(args.pool_id, args.subaccount_id):
            return None
        id_ = self.id_format.join(pool_id=args.pool_id, subaccount_id=args.subaccount_id)
        return Found(id_, f"the delegation of DIPP {args.pool_id} to {args.subaccount_id}", id_)

    def write(self, args: DedicatedIpPoolDelegationArgs) -> tuple[str, Live | None]:
        self.client.delegate_ip_pool(args.pool_id, args.subaccount_id)
        # Delegation is processed after Mailgun answers: wait until a read shows it.
        self.waits.settle(lambda: self._delegated(args.pool_id, args.subaccount_id), bool)
        return self.id_format.join(pool_id=args.pool_id, subaccount_id=args.subaccount_id), None

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        key = self.id_format.split(id_)

        def delegated(items: list[dict[str, Any]]) -> Live | None:
            return key if any(item.get("pool_id") == key["pool_id"]
                              and item.get("subaccount_id") == key["subaccount_id"]
                              for item in items) else None

        def alone() -> Live | None:
            # Delegation is applied after Mailgun answers: give a recent one time to show.
            if self.waits.settle(
                    lambda: self._delegated(key["pool_id"], key["subaccount_id"]), bool):
                return key
            return None

        # The list's 404 ("account not found") says nothing of this delegation: read alone.
        return self.from_listing(
            ("delegated_ip_pools",),
            lambda: or_gone(self.client.list_delegated_ip_pools, []), delegated, alone)

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"pool_id": live["pool_id"], "subaccount_id": live["subaccount_id"]}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only adopt changes in place: state only.
        return UpdateResult(self.outputs(id_, self.parse(news), None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        key = self.id_format.split(id_)
        self.client.revoke_ip_pool(key["pool_id"], key["subaccount_id"])
        # Revoking answers "started" too: done once a read no longer shows the delegation.
        self.waits.settle(lambda: self._delegated(key["pool_id"], key["subaccount_id"]),
                          lambda delegated: not delegated)

    def _delegated(self, pool_id: str, subaccount_id: str) -> bool:
        client = self.client
        try:
            items = client.list_delegated_ip_pools()
        except NotFound as error:
            if not answers.DELEGATIONS_ACCOUNT_NOT_FOUND.matches(error):
                raise
            if or_gone(lambda: client.get_subaccount(subaccount_id), None) is None:
                return False
            raise NotYetKnown(f"{error}: cannot tell whether DIPP {pool_id} is still "
                              f"delegated to subaccount {subaccount_id}") from None
        return any(item.get("pool_id") == pool_id and item.get("subaccount_id") == subaccount_id
                   for item in items)


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
        super().__init__(DedicatedIpPoolDelegationProvider(), resource_name,
                         resource_props(DedicatedIpPoolDelegationProvider, locals()), opts)
