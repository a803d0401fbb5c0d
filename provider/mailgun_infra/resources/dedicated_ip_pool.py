"""DedicatedIpPool: a dedicated IP pool (DIPP) of the account.

Mailgun endpoints: ``POST /v3/ip_pools`` (create), ``GET /v3/ip_pools/{id}`` (read),
``PATCH /v3/ip_pools/{id}`` (update: name, description, add_ip, remove_ip),
``DELETE /v3/ip_pools/{id}`` (delete, with ``ip`` or ``pool_id`` as the replacement),
``GET /v3/ip_pools`` (adopt by name, inherited flag).

- ID: the pool id Mailgun assigns (``pool_id``).
- Adopt key: ``name``. With ``adopt=True``, create takes over the one existing DIPP of that
  name and makes it match the inputs; without it, create refuses to make a second DIPP of
  a name that exists.
- Replacement: none; every input changes in place.
- Rules Mailgun enforces: an IP is in one DIPP at most; a DIPP inherited from the parent
  account cannot be edited.
- Delete: when the DIPP still has IPs Mailgun needs a replacement for the domains linked to
  it: ``replacement_ip`` (a dedicated IP, or ``shared``) or ``replacement_pool_id``. Without
  one, a DIPP that no domain uses is emptied (one PATCH) and then deleted; a linked one is
  refused with a message naming its domains. A DIPP already gone counts as deleted.
- Asynchrony: IP and link changes and the delete answer ``started``. As documented, the
  DIPP's own record changes with the answer and only the linked domains and subaccounts
  follow later, so no write waits for a read; reads (and a delete refused because
  removals have not landed) still retry briefly when Mailgun has not caught up.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, UpdateResult
from pydantic import Field, ValidationError

from .. import answers
from ..client import BadRequest, MailgunClient
from ._base import Found, Live, MailgunProvider, ReplacementChoice, or_gone, resource_props
from ._fields import Description, IpList, Name, canonical_ips
from ._ids import IdFormat
from ._pool_names import PoolNames


class DedicatedIpPoolArgs(ReplacementChoice):
    """The inputs of a DedicatedIpPool."""

    name: Name = Field(description="The DIPP's short name (its adopt key).")
    description: Description = Field(
        description="A longer description; Mailgun requires one to create a DIPP.")
    ips: IpList = Field(
        default_factory=list,
        description="Dedicated IPs of the account; an IP is in one DIPP at most.")


class DedicatedIpPoolProvider(MailgunProvider[DedicatedIpPoolArgs]):
    inputs_model = DedicatedIpPoolArgs
    id_format = IdFormat("DedicatedIpPool", "{pool_id}")
    output_fields = ("pool_id", "is_linked", "linked_domains", "warming_ips")
    id_output = "pool_id"
    replace_on = frozenset()
    reads_account = True
    kept_on_read = frozenset({"replacement_ip", "replacement_pool_id"})

    # check and diff: MailgunProvider's (IP lists compare as sets).

    def __init__(self) -> None:
        super().__init__()
        self._pool_names = PoolNames()

    def create(self, props: dict[str, Any]) -> CreateResult:
        # Claimed, the name is this create's while it looks and writes (see _pool_names).
        name = self.parse(props).name
        self._pool_names.claim(name, self.client.list_ip_pools)
        created_id = None
        try:
            result = super().create(props)
            created_id = str(result.id)
            return result
        finally:
            self._pool_names.release(name, created_id)

    def existing(self, args: DedicatedIpPoolArgs) -> Found | None:
        named = self._pool_names.named(args.name)
        if not named:
            return None
        ids = tuple(str(p["pool_id"]) for p in named)
        return Found(ids[0], f"a DIPP named '{args.name}'", ", ".join(ids), live=named[0],
                     matches=ids)

    def write(self, args: DedicatedIpPoolArgs) -> tuple[str, Live | None]:
        client = self.client
        pool_id = self.waits.write_or_find(
            lambda: client.create_ip_pool(args.name, args.description, args.ips),
            lambda: _pool_id_named(client, args.name))
        # Mailgun does not make DIPP names unique: another stack may have made one too.
        twins = [str(p["pool_id"]) for p in client.list_ip_pools()
                 if p.get("name") == args.name and str(p["pool_id"]) != pool_id]
        self.refuse_twins(f"a DIPP named '{args.name}'", pool_id, twins,
                          lambda: self.remove(pool_id, {}))
        # A new DIPP is linked to no domain: its outputs follow from the inputs.
        return pool_id, None

    def adopt(self, found: Found, args: DedicatedIpPoolArgs) -> Live | None:
        if (found.live or {}).get("is_inherited"):
            raise RuntimeError(f"adopt: DIPP '{args.name}' is inherited from the parent "
                               "account and cannot be edited")
        return self._converge(found.id, args)

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        try:
            known: DedicatedIpPoolArgs | None = self.parse(props)
        except ValidationError:
            known = None

        def as_known(live: dict[str, Any] | None) -> bool:
            return live is not None and (known is None or not _patch_for(live, known))

        def unlinked(pools: list[dict[str, Any]]) -> Live | None:
            # The list has everything but the linked domains' names: a DIPP linked to
            # none, as its state knows it, needs no read of its own.
            listed = next((p for p in pools if p.get("pool_id") == id_), None)
            if listed is not None and not listed.get("is_linked") and as_known(listed):
                return {**listed, "linked_domains": []}
            return None

        # Alone: a difference from the last state may be Mailgun still applying our write.
        return self.from_listing(("ip_pools",), self.client.list_ip_pools, unlinked,
                                 lambda: self.waits.settle(lambda: self._get_or_none(id_),
                                                           as_known))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"name": live.get("name", ""), "description": live.get("description", ""),
                "ips": canonical_ips(live.get("ips") or [])}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        domains = sorted((live or {}).get("linked_domains") or [])
        warming = sorted(set(inputs["ips"]) & self.client.warming_ips())
        return {"pool_id": id_, "is_linked": bool((live or {}).get("is_linked") or domains),
                "linked_domains": domains, "warming_ips": warming}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args, self._converge(id_, args)))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        super().delete(id_, props)
        # Deleted, now or before: a DIPP of this name may be created again.
        self._pool_names.forget(id_)

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        client = self.client
        # Read as find does: a write of ours may still be landing, and emptying the DIPP
        # by a stale view would miss IPs it has now.
        live = self.find(id_, props)
        if live is None:
            return
        replacement_ip = props.get("replacement_ip")
        replacement_pool_id = props.get("replacement_pool_id")
        if replacement_ip or replacement_pool_id or not live.get("ips"):
            client.delete_ip_pool(id_, replacement_ip=replacement_ip,
                                  replacement_pool_id=replacement_pool_id)
            return
        linked = live.get("linked_domains") or []
        if live.get("is_linked") or linked:
            raise RuntimeError(
                f"DIPP {id_} is linked to {', '.join(linked) or 'domains'}: set "
                "replacement_ip (a dedicated IP or 'shared') or replacement_pool_id, "
                "then run again")
        self._empty(id_, canonical_ips(live["ips"]))
        # Mailgun changes the DIPP's own record when it answers, so no read comes between
        # the removals and the delete. A Mailgun slower than documented refuses the delete
        # of a DIPP whose removals have not landed: read until they have, then once more.
        try:
            client.delete_ip_pool(id_)
        except BadRequest as error:
            if (not answers.DIPP_REMOVALS_PENDING.matches(error)
                    or self.waits.settle(self._ips_now(id_), lambda now: not now)):
                raise
            client.delete_ip_pool(id_)

    def _ips_now(self, id_: str) -> Callable[[], list[str]]:
        return lambda: canonical_ips(self.client.get_ip_pool(id_).get("ips") or [])

    def _empty(self, id_: str, ips: list[str]) -> None:
        """Take ``ips``, every IP the DIPP was last read with, out of it in one PATCH.

        The PATCH goes through ``write_or_check``, so a lost answer is read back before
        anything is sent again. A 400 may come from a read older than a removal that has
        landed since (one whose answer an earlier run lost): the IPs are read again once
        Mailgun has caught up, and only those still there are removed. A NotFound: the
        DIPP is gone, which is done.
        """
        ips_now = self._ips_now(id_)
        for attempt in (1, 2):
            if not ips:
                return
            try:
                self.waits.write_or_check(functools.partial(self.client.update_ip_pool, id_,
                                                            remove_ips=ips),
                                          lambda: not ips_now())
                return
            except BadRequest as error:
                if attempt == 2 or not answers.DIPP_REMOVALS_PENDING.matches(error):
                    raise
            ips = self.waits.settle(ips_now, lambda now: not now)

    def _converge(self, id_: str, args: DedicatedIpPoolArgs) -> dict[str, Any]:
        """Make the live DIPP match ``args`` with at most one PATCH; return the live details.

        The PATCH is computed against the live DIPP, not the last state, so it is never
        empty (Mailgun rejects a no-op PATCH) and stays right after drift or a lost answer.
        """
        client = self.client
        live = client.get_ip_pool(id_)
        change = _patch_for(live, args)
        if not change:
            return live

        def send() -> dict[str, Any]:
            client.update_ip_pool(id_, **change)
            return {**live, "name": args.name, "description": args.description,
                    "ips": list(args.ips)}

        def find() -> dict[str, Any] | None:
            again = client.get_ip_pool(id_)
            return None if _patch_for(again, args) else again

        # Mailgun changes the DIPP's own record when it answers (the linked domains follow
        # later), so no read is needed after the PATCH; a read that finds it otherwise
        # (find, in a refresh) re-reads before it calls it drift.
        return self.waits.write_or_find(send, find)

    def _get_or_none(self, id_: str) -> dict[str, Any] | None:
        return or_gone(lambda: self.client.get_ip_pool(id_), None)


def _pool_id_named(client: MailgunClient, name: str) -> str | None:
    found = [p for p in client.list_ip_pools() if p.get("name") == name]
    return str(found[0]["pool_id"]) if len(found) == 1 else None


def _patch_for(live: Live, args: DedicatedIpPoolArgs) -> dict[str, Any]:
    live_ips = set(canonical_ips(live.get("ips") or []))
    change: dict[str, Any] = {}
    if live.get("name") != args.name:
        change["name"] = args.name
    if (live.get("description") or "") != args.description:
        change["description"] = args.description
    if add := [ip for ip in args.ips if ip not in live_ips]:
        change["add_ips"] = add
    if remove := sorted(live_ips - set(args.ips)):
        change["remove_ips"] = remove
    return change


class DedicatedIpPool(Resource, module="mailgun", name="DedicatedIpPool"):
    """A dedicated IP pool (DIPP): a named set of the account's dedicated IPs."""

    name: pulumi.Output[str]
    description: pulumi.Output[str]
    ips: pulumi.Output[list[str]]
    """The DIPP's IPs, sorted."""
    is_linked: pulumi.Output[bool]
    """Whether any domain sends from this DIPP."""
    linked_domains: pulumi.Output[list[str]]
    """The names of the domains linked to this DIPP."""
    warming_ips: pulumi.Output[list[str]]
    """The DIPP's IPs that Mailgun reports on warmup (the policy pack reads them)."""

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        description: pulumi.Input[str],
        ips: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        adopt: bool = False,
        replacement_ip: pulumi.Input[str] | None = None,
        replacement_pool_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(DedicatedIpPoolProvider(), resource_name,
                         resource_props(DedicatedIpPoolProvider, locals()), opts)

    @property
    def pool_id(self) -> pulumi.Output[str]:
        """The id Mailgun gave the DIPP: the resource's ``id``, known in the preview
        of an in-place update (see ``MailgunProvider.id_output``)."""
        return self.id
