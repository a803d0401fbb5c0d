"""Account facts: what the policy pack needs to know of the account beyond the stack.

A rule such as "no DIPP of warming IPs only" is about Mailgun as it is, not only about
the stack: a warmup started in the control panel, an IP held by a DIPP that another team
manages. So a resource that names IPs, a DIPP or a subaccount adds, in ``check``, what the
account says of them now, under the input ``facts.ACCOUNT_FACTS`` (``account_facts``),
which no user sets:

    {"unread": ["DIPPs (GET /v3/ip_pools): 401 ..."],  # what could not be read, and why
     "ips": {"192.0.2.10": {"warming": true, "dipps": [{"id": .., "name": ..}],
                            "dynamic_pool": "dynamic_good"}},
     "dipps": {"<pool id>": {"name": .., "ips": [..], "warming_ips": [..]}},
     "subaccounts": {"<id>": {"status": "open"}},
     "self": "<pool id>"}                              # a DIPP: which of the account's it is

Only a resource that is created or whose inputs change reads them: the pack judges
changes, and an unchanged resource costs no call. The reads are GETs through the listings
the process shares (``MailgunClient.listed``), so a preview costs a few list calls
whatever the stack's size. The resources' ``diff`` and ``read`` ignore the key, and ``diff``
names the engine the properties that changed (``_detailed_diff``), so facts never show as
a change, nor make a refresh or a no-change preview report anything. (The engine keeps a
``__`` key from the pack, so the key is a plain one.)

What could not be read is said, never guessed: the pack's rules report it as unverified.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar

from ..client import MailgunClient, MailgunError
from ..config import ProviderSettings
from ..facts import canonical_ip

T = TypeVar("T")


class Reader(Protocol):
    """What of a resource's provider the facts need (``MailgunProvider`` has it)."""

    @property
    def client(self) -> MailgunClient: ...

    @property
    def settings(self) -> ProviderSettings: ...

    # The output that repeats the resource's id: "pool_id" for a DIPP.
    id_output: ClassVar[str | None]


NO_KEY = "no Mailgun API key (mailgun:apiKey or mailgun:readApiKey)"
# Kept for the life of a preview's provider process (a write through it renews them).
FRESH_FOR = 300.0
# The writes that can change what each listing says.
_IP_WRITES = ("/v3/ips", "/v3/ip_warmups", "/v3/ip_pools", "/v1/ip_pools", "/v3/dynamic_pools",
              "/v1/dynamic_pools")
_SUBACCOUNT_WRITES = ("/v5/accounts/subaccounts",)


class _Unread(Exception):
    """One listing could not be read; its text says which and why."""


def account_facts(provider: Reader, inputs: Mapping[str, Any],
                  olds: Mapping[str, Any]) -> dict[str, Any]:
    """What the account says now of the IPs, DIPP and subaccount ``inputs`` (the known
    ones) name; ``olds``: the inputs before the change, empty for a create."""
    facts: dict[str, Any] = {"unread": []}
    if not (provider.settings.api_key or provider.settings.read_api_key):
        return {"unread": [NO_KEY]}
    ips = _named_ips(inputs)
    pool_id = _known_text(inputs.get("pool_id"))
    # A resource whose id is a DIPP's is that DIPP: it learns which of the account's it is.
    own_pool = provider.id_output == "pool_id"
    if ips or pool_id or own_pool:
        listings = _ip_listings(provider, facts)
        if listings is not None:
            warming, pools, dynamic = listings
            facts["ips"] = {ip: _ip_facts(ip, warming, pools, dynamic) for ip in ips}
            if pool_id:
                facts["dipps"] = {
                    str(p["pool_id"]): _dipp_facts(p, warming)
                    for p in pools if str(p.get("pool_id")) == pool_id}
            # The DIPP it was before this change, or the one it adopts.
            before = olds or (inputs if inputs.get("adopt") or provider.settings.adopt_existing
                              else None)
            if own_pool and before:
                facts["self"] = _own_pool(before, pools)
    subaccount_id = _known_text(inputs.get("subaccount_id"))
    if subaccount_id:
        subaccounts = _read(provider, facts, "subaccounts (GET /v5/accounts/subaccounts)",
                            ("account-facts", "subaccounts"), _subaccounts_loader(provider),
                            _SUBACCOUNT_WRITES)
        if subaccounts is not None:
            facts["subaccounts"] = {subaccount_id: subaccounts.get(subaccount_id)}
    if not facts["unread"]:
        del facts["unread"]
    return facts


def _ip_listings(provider: Reader, facts: dict[str, Any],
                 ) -> tuple[frozenset[str], list[dict[str, Any]], dict[str, str]] | None:
    """The IPs on warmup, the DIPPs, and the dynamic pool of each IP; None when any of
    them could not be read (then ``facts["unread"]`` says which)."""
    warming = _read(provider, facts, "IPs on warmup (GET /v3/ips)",
                    ("account-facts", "warming"), lambda: _warming(provider), _IP_WRITES)
    pools = _read(provider, facts, "DIPPs (GET /v3/ip_pools)", ("account-facts", "dipps"),
                  lambda: _pools(provider), _IP_WRITES)
    dynamic = _read(provider, facts, "dynamic pools (GET /v3/dynamic_pools)",
                    ("account-facts", "dynamic-pools"), lambda: _dynamic(provider), _IP_WRITES)
    if warming is None or pools is None or dynamic is None:
        return None
    return warming, pools, dynamic


def _read(provider: Reader, facts: dict[str, Any], what: str,
          key: tuple[str, ...], load: Callable[[], T],
          invalidated_by: tuple[str, ...]) -> T | None:
    """One listing, shared by the process; None, with ``what`` and why in
    ``facts["unread"]``, when it cannot be read."""
    client = provider.client

    def loaded() -> T | _Unread:
        # A failure is kept like a listing, so that the stack's other resources do not
        # each wait out the retries of an account that cannot be read.
        try:
            return load()
        except MailgunError as error:
            return _Unread(str(error))

    value = client.listed(key, loaded, invalidated_by, fresh_for=FRESH_FOR).value
    if isinstance(value, _Unread):
        facts["unread"].append(f"{what}: {value}")
        return None
    return value


def _warming(provider: Reader) -> frozenset[str]:
    details = provider.client.list_ips().get("details") or []
    return frozenset(_ip(d.get("ip")) for d in details if d.get("is_on_warmup"))


def _pools(provider: Reader) -> list[dict[str, Any]]:
    return provider.client.list_ip_pools()


def _dynamic(provider: Reader) -> dict[str, str]:
    return {_ip(ip): pool for pool, ips in provider.client.list_dynamic_pools().items()
            for ip in ips}


def _subaccounts_loader(provider: Reader) -> Callable[[], dict[str, Any]]:
    def load() -> dict[str, Any]:
        return {str(s.get("id")): {"name": s.get("name"), "status": s.get("status")}
                for s in provider.client.list_subaccounts()}
    return load


def _ip_facts(ip: str, warming: frozenset[str], pools: list[dict[str, Any]],
              dynamic: dict[str, str]) -> dict[str, Any]:
    return {
        "warming": ip in warming,
        "dipps": [{"id": str(p.get("pool_id")), "name": str(p.get("name") or "")}
                  for p in pools if ip in {_ip(i) for i in p.get("ips") or []}],
        "dynamic_pool": dynamic.get(ip),
    }


def _dipp_facts(pool: Mapping[str, Any], warming: frozenset[str]) -> dict[str, Any]:
    ips = sorted(_ip(i) for i in pool.get("ips") or [])
    return {"name": str(pool.get("name") or ""), "ips": ips,
            "warming_ips": [ip for ip in ips if ip in warming]}


def _own_pool(olds: Mapping[str, Any], pools: list[dict[str, Any]]) -> str | None:
    """Which of the account's DIPPs this resource is, from its inputs before the change
    (the engine gives ``check`` no id): the one DIPP of its old name, else the one DIPP
    with its old IPs; None when no DIPP, or more than one, fits."""
    name = olds.get("name")
    named = [p for p in pools if p.get("name") == name]
    if len(named) == 1:
        return str(named[0].get("pool_id"))
    old_ips = {_ip(i) for i in olds.get("ips") or []}
    candidates = named or pools
    same_ips = [p for p in candidates if {_ip(i) for i in p.get("ips") or []} == old_ips]
    return str(same_ips[0].get("pool_id")) if len(same_ips) == 1 else None


def _named_ips(inputs: Mapping[str, Any]) -> list[str]:
    found = [inputs.get("ip"), *(inputs.get("ips") or [])]
    return sorted({_ip(v) for v in found if _known_text(v)})


def _known_text(value: Any) -> str | None:
    """A text value; None for anything else (``check`` leaves unknown values out)."""
    return value if isinstance(value, str) and value else None


def _ip(value: Any) -> str:
    try:
        return canonical_ip(str(value))
    except ValueError:
        return str(value)
