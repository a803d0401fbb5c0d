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
- Delete: when the DIPP still has IPs Mailgun needs a replacement for the domains linked to
  it: ``replacement_ip`` (a dedicated IP, or ``shared``) or ``replacement_pool_id``. Without
  one, a DIPP that no domain uses is emptied IP by IP and then deleted; a linked one is
  refused with a message naming its domains. A DIPP already gone counts as deleted.
- Asynchrony: IP and link changes answer ``started``; reads retry briefly when Mailgun has
  not caught up.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, ValidationError, field_validator, model_validator

from ..client import MailgunClient, NotFound
from ._base import (
    Inputs,
    MailgunProvider,
    canonical_ip,
    canonical_ips,
    create_once,
    not_blank,
    settle,
    validate_ip_list,
)


class DedicatedIpPoolArgs(Inputs):
    """The inputs of a DedicatedIpPool."""

    name: str = Field(description="The DIPP's short name (its adopt key).")
    description: str = Field("", description="A longer description.")
    ips: list[str] = Field(
        default_factory=list,
        description="Dedicated IPs of the account; an IP is in one DIPP at most.")
    adopt: bool = Field(False, description="Take over an existing DIPP of the same name.")
    replacement_ip: str | None = Field(
        None, description="On delete: the IP (or `shared`) that linked domains get instead.")
    replacement_pool_id: str | None = Field(
        None, description="On delete: the DIPP that linked domains are relinked to.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return not_blank(value)

    @field_validator("ips")
    @classmethod
    def _ips_valid(cls, values: list[str]) -> list[str]:
        return validate_ip_list(values)

    @field_validator("replacement_ip")
    @classmethod
    def _replacement_ip_valid(cls, value: str | None) -> str | None:
        if value in (None, "", "shared"):
            return value or None
        return canonical_ip(value)

    @model_validator(mode="after")
    def _one_replacement(self) -> DedicatedIpPoolArgs:
        if self.replacement_ip and self.replacement_pool_id:
            raise ValueError(
                "replacement_ip and replacement_pool_id exclude each other: set one at most")
        return self


class DedicatedIpPoolProvider(MailgunProvider):
    inputs_model = DedicatedIpPoolArgs
    output_fields = frozenset({"pool_id", "is_linked", "linked_domains", "warming_ips"})
    replace_on = frozenset()

    # check and diff: MailgunProvider's (IP lists compare as sets).

    # An `up` that creates many DIPPs lists the account's DIPPs once, not once per DIPP:
    # the list is reused for this long, with the names this process creates added to it.
    POOL_LIST_MAX_AGE = 30.0

    def __init__(self) -> None:
        super().__init__()
        self._pools_lock = threading.Lock()
        self._pools: list[dict[str, Any]] | None = None
        self._pools_listed_at = 0.0
        self._claimed: set[str] = set()

    def _claim(self, name: str) -> list[dict[str, Any]]:
        """The DIPPs named ``name``; claims the name while one create of it is in flight."""
        with self._pools_lock:
            if (self._pools is None
                    or time.monotonic() - self._pools_listed_at > self.POOL_LIST_MAX_AGE):
                self._pools = self.client.list_ip_pools()
                self._pools_listed_at = time.monotonic()
            if name in self._claimed:
                raise RuntimeError(f"two DedicatedIpPools of this stack are named '{name}'")
            self._claimed.add(name)
            return [p for p in self._pools if p.get("name") == name]

    def _created(self, pool: dict[str, Any] | None, name: str) -> None:
        with self._pools_lock:
            known = {p.get("pool_id") for p in self._pools or []}
            if pool is not None and self._pools is not None and pool["pool_id"] not in known:
                self._pools.append(pool)
            self._claimed.discard(name)

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: DedicatedIpPoolArgs = self.parse(props)
        existing = self._claim(args.name)
        try:
            result = self._create(args, existing)
        except BaseException:
            self._created(None, args.name)
            raise
        self._created({"pool_id": result.id, "name": args.name}, args.name)
        return result

    def _create(self, args: DedicatedIpPoolArgs, existing: list[dict[str, Any]]) -> CreateResult:
        client = self.client
        if existing and not self.adopting(args):
            ids = ", ".join(str(p["pool_id"]) for p in existing)
            raise RuntimeError(
                f"a DIPP named '{args.name}' already exists ({ids}): set adopt=True to manage "
                "it, or choose another name")
        if len(existing) > 1:
            ids = ", ".join(str(p["pool_id"]) for p in existing)
            raise RuntimeError(
                f"adopt: {len(existing)} DIPPs are named '{args.name}' ({ids}); "
                "rename all but one in Mailgun first")
        if existing:
            found = existing[0]
            if found.get("is_inherited"):
                raise RuntimeError(
                    f"adopt: DIPP '{args.name}' is inherited from the parent account and "
                    "cannot be edited")
            pool_id = str(found["pool_id"])
            live = _converge(client, pool_id, args)
            return CreateResult(pool_id, _outputs(client, args, pool_id, live))
        pool_id = create_once(
            lambda: client.create_ip_pool(args.name, args.description, args.ips),
            lambda: _pool_id_named(client, args.name))
        # A new DIPP is linked to no domain: its outputs follow from the inputs.
        return CreateResult(pool_id, _outputs(client, args, pool_id, None))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        def fetch() -> dict[str, Any] | None:
            try:
                return self.client.get_ip_pool(id_)
            except NotFound:
                return None

        try:
            known: DedicatedIpPoolArgs | None = self.parse(props)
        except ValidationError:
            known = None

        def as_known(live: dict[str, Any] | None) -> bool:
            return live is not None and (known is None or not _patch_for(live, known))

        live = settle(fetch, as_known)
        if live is None:
            return ReadResult("", {})
        inputs = {
            "name": live.get("name", ""),
            "description": live.get("description", ""),
            "ips": canonical_ips(live.get("ips") or []),
            "adopt": bool(props.get("adopt", False)),
            "replacement_ip": props.get("replacement_ip"),
            "replacement_pool_id": props.get("replacement_pool_id"),
        }
        outs = {**inputs, **_linked(live), "pool_id": id_,
                "warming_ips": _warming(self.client, inputs["ips"])}
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: DedicatedIpPoolArgs = self.parse(news)
        live = _converge(self.client, id_, args)
        return UpdateResult(_outputs(self.client, args, id_, live))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self.client
        try:
            live = client.get_ip_pool(id_)
        except NotFound:
            return
        replacement_ip = props.get("replacement_ip")
        replacement_pool_id = props.get("replacement_pool_id")
        try:
            if live.get("ips") and not (replacement_ip or replacement_pool_id):
                linked = live.get("linked_domains") or []
                if live.get("is_linked") or linked:
                    raise RuntimeError(
                        f"DIPP {id_} is linked to {', '.join(linked) or 'domains'}: set "
                        "replacement_ip (a dedicated IP or 'shared') or replacement_pool_id, "
                        "then run again")
                for ip in live["ips"]:
                    with contextlib.suppress(NotFound):
                        client.remove_ip_from_pool(id_, ip)
            client.delete_ip_pool(id_, replacement_ip=replacement_ip,
                                  replacement_pool_id=replacement_pool_id)
        except NotFound:
            return


def _converge(client: MailgunClient, pool_id: str, args: DedicatedIpPoolArgs) -> dict[str, Any]:
    """Make the live DIPP match ``args`` with at most one PATCH; return the live details.

    The PATCH is computed against the live DIPP, not the last state, so it is never empty
    (Mailgun rejects a no-op PATCH) and stays right after drift or a lost answer.
    """
    live = client.get_ip_pool(pool_id)
    change = _patch_for(live, args)
    if not change:
        return live

    def send() -> dict[str, Any]:
        client.update_ip_pool(pool_id, **change)
        return {**live, "name": args.name, "description": args.description,
                "ips": list(args.ips)}

    def lookup() -> dict[str, Any] | None:
        again = client.get_ip_pool(pool_id)
        return None if _patch_for(again, args) else again

    return create_once(send, lookup)


def _pool_id_named(client: MailgunClient, name: str) -> str | None:
    found = [p for p in client.list_ip_pools() if p.get("name") == name]
    return str(found[0]["pool_id"]) if len(found) == 1 else None


def _patch_for(live: dict[str, Any], args: DedicatedIpPoolArgs) -> dict[str, Any]:
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


def _linked(live: dict[str, Any] | None) -> dict[str, Any]:
    domains = sorted((live or {}).get("linked_domains") or [])
    return {"is_linked": bool((live or {}).get("is_linked") or domains),
            "linked_domains": domains}


def _warming(client: MailgunClient, ips: list[str]) -> list[str]:
    return sorted(set(ips) & client.warming_ips())


def _outputs(
    client: MailgunClient, args: DedicatedIpPoolArgs, pool_id: str, live: dict[str, Any] | None,
) -> dict[str, Any]:
    return {**args.model_dump(), **_linked(live), "pool_id": pool_id,
            "warming_ips": _warming(client, args.ips)}


class DedicatedIpPool(Resource, module="mailgun", name="DedicatedIpPool"):
    """A dedicated IP pool (DIPP): a named set of the account's dedicated IPs."""

    pool_id: pulumi.Output[str]
    """The id Mailgun gave the DIPP."""
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
        ips: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        description: pulumi.Input[str] = "",
        adopt: bool = False,
        replacement_ip: pulumi.Input[str] | None = None,
        replacement_pool_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "name": name,
            "description": description,
            "ips": ips or [],
            "adopt": adopt,
            "replacement_ip": replacement_ip,
            "replacement_pool_id": replacement_pool_id,
            "pool_id": None,
            "is_linked": None,
            "linked_domains": None,
            "warming_ips": None,
        }
        super().__init__(DedicatedIpPoolProvider(), resource_name, props, opts)
