"""Reads of the account for Pulumi programs: its dedicated IPs and how many more its plan
allows, a DIPP by name (as the account or one of its subaccounts sees it), and the dynamic
IP pools' assignable domains, health-check preview and history.

A program can then say what it means instead of listing addresses::

    from mailgun_infra.lookups import get_dedicated_ip_pool, get_dedicated_ips

    spare = [ip.ip for ip in get_dedicated_ips() if not ip.in_a_pool and not ip.is_on_warmup]
    transactional = get_dedicated_ip_pool("transactional")
    # What subaccount S sees of a DIPP delegated to it (X-Mailgun-On-Behalf-Of: S).
    inherited = get_dedicated_ip_pool("transactional", subaccount_id=S).is_inherited

They run in the program's process, not the provider's, and read the account when the
program runs, with GETs only: at ``pulumi preview`` as at ``up``. Their settings are the
provider's (``mailgun:apiKey``, ``mailgun:region``, ``mailgun:apiUrl`` from the stack
config, else ``MAILGUN_API_KEY``, ``MAILGUN_REGION``, ``MAILGUN_API_URL``), read by
``ProviderSettings``; Mailgun's refusals arrive as the client's exceptions. The answers are
plain values, not Outputs: nothing here is secret. Each function takes a ``client`` (or
``settings``) for tests and scripts, and builds one from the stack config otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .client import MISSING_API_KEY, MailgunClient, NotFound, Unauthorized
from .config import ProviderSettings

T = TypeVar("T")


class DedicatedIpPoolLookupError(LookupError):
    """No DIPP has the name asked for, or more than one has."""


@dataclass(frozen=True)
class DedicatedIp:
    """A dedicated IP of the account, and the pools it is in."""

    ip: str
    # Whether a warmup plan throttles it (``is_on_warmup`` of ``GET /v3/ips``).
    is_on_warmup: bool
    enabled: bool
    # The DIPPs it is in, by id (the account's own and inherited ones).
    pool_ids: tuple[str, ...]
    # The dynamic pool it is in (``dynamic_good``, ``dynamic_poor``, ``dynamic_new``), if any.
    dynamic_pool: str | None

    @property
    def in_a_pool(self) -> bool:
        """In a DIPP or a dynamic pool."""
        return bool(self.pool_ids) or self.dynamic_pool is not None


@dataclass(frozen=True)
class DedicatedIpPoolInfo:
    """One DIPP as Mailgun has it now."""

    pool_id: str
    name: str
    description: str
    ips: tuple[str, ...]
    is_linked: bool
    linked_domains: tuple[str, ...]
    # Delegated by a parent account: only the parent can change it.
    is_inherited: bool


def get_dedicated_ips(*, client: MailgunClient | None = None,
                      settings: ProviderSettings | None = None) -> list[DedicatedIp]:
    """Every dedicated IP of the account, with its warmup state and pools."""
    client = client or client_for(settings or program_settings())
    details = client.list_ips(dedicated=True).get("details") or []
    no_pools: list[dict[str, Any]] = []
    no_dynamic_pools: dict[str, list[str]] = {}
    pools = _or_none_without_feature(client.list_ip_pools, no_pools)
    dynamic = _or_none_without_feature(client.list_dynamic_pools, no_dynamic_pools)
    found = []
    for detail in details:
        ip = str(detail["ip"])
        found.append(DedicatedIp(
            ip=ip,
            is_on_warmup=bool(detail.get("is_on_warmup")),
            enabled=bool(detail.get("enabled", True)),
            pool_ids=tuple(str(p["pool_id"]) for p in pools if ip in (p.get("ips") or [])),
            dynamic_pool=next((name for name, ips in dynamic.items() if ip in ips), None),
        ))
    return found


def get_dedicated_ip_pool(name: str, *, subaccount_id: str | None = None,
                          client: MailgunClient | None = None,
                          settings: ProviderSettings | None = None) -> DedicatedIpPoolInfo:
    """The DIPP named ``name``; DedicatedIpPoolLookupError when none is, or several are
    (Mailgun does not keep DIPP names unique). With ``subaccount_id``, among the DIPPs that
    subaccount sees, read on its behalf: those delegated to it, ``is_inherited``."""
    client = client or client_for(settings or program_settings())
    pools = (client.list_ip_pools_of_subaccount(subaccount_id) if subaccount_id
             else client.list_ip_pools())
    named = [p for p in pools if p.get("name") == name]
    if not named:
        have = ", ".join(sorted(f"'{p.get('name')}'" for p in pools)) or "none"
        raise DedicatedIpPoolLookupError(f"no DIPP is named '{name}' (the account has {have})")
    if len(named) > 1:
        ids = ", ".join(str(p["pool_id"]) for p in named)
        raise DedicatedIpPoolLookupError(
            f"{len(named)} DIPPs are named '{name}' ({ids}): rename all but one")
    listed = named[0]
    # Only the details name the linked domains; only the list says whether it is inherited.
    details = client.get_ip_pool(str(listed["pool_id"]))
    return DedicatedIpPoolInfo(
        pool_id=str(listed["pool_id"]),
        name=name,
        description=str(details.get("description") or ""),
        ips=tuple(str(ip) for ip in details.get("ips") or []),
        is_linked=bool(details.get("is_linked")),
        linked_domains=tuple(str(d) for d in details.get("linked_domains") or []),
        is_inherited=bool(listed.get("is_inherited")),
    )


@dataclass(frozen=True)
class IpAllowance:
    """How many more IPs the account's billing plan allows (``GET /v3/ips/request/new``).

    Requesting one is billed, so no function here does: ask in Mailgun's control panel, or
    send ``POST /v3/ips/request/new`` yourself (README, "Reading the account from a
    program")."""

    dedicated: int
    # Deprecated by Mailgun: kept for backwards compatibility, not to be relied on.
    shared: int


def get_ip_allowance(*, client: MailgunClient | None = None,
                     settings: ProviderSettings | None = None) -> IpAllowance:
    """How many more dedicated IPs the account may have."""
    client = client or client_for(settings or program_settings())
    allowed = client.get_ip_allowance()
    return IpAllowance(dedicated=allowed.get("dedicated", 0), shared=allowed.get("shared", 0))


@dataclass(frozen=True)
class AssignableDomain:
    """A domain not enrolled in dynamic IP pools yet."""

    name: str
    domain_id: str
    # The account (the parent's id, or a subaccount's) that owns the domain.
    account_id: str


def get_assignable_domains(*, subaccount_id: str | None = None, pattern: str | None = None,
                           client: MailgunClient | None = None,
                           settings: ProviderSettings | None = None) -> list[AssignableDomain]:
    """The domains of the account, or of ``subaccount_id``, that dynamic IP pools could
    take; ``pattern`` a regular expression their names match."""
    client = client or client_for(settings or program_settings())
    return [AssignableDomain(name=str(d["name"]), domain_id=str(d.get("id") or ""),
                             account_id=str(d.get("account_id") or ""))
            for d in client.list_assignable_domains(subaccount_id=subaccount_id,
                                                    domain=pattern)]


@dataclass(frozen=True)
class DynamicPoolPreview:
    """The pool a health check would put a domain in now, without enrolling it."""

    pool: str
    # Each metric (``bounce_rate``, ``complaint_rate``, ...): its value and the pool it
    # points to.
    results: dict[str, tuple[float, str]]


def preview_dynamic_pool(domain: str, *, client: MailgunClient | None = None,
                         settings: ProviderSettings | None = None) -> DynamicPoolPreview:
    """Where dynamic IP pools would put ``domain``, before enrolling it."""
    client = client or client_for(settings or program_settings())
    body = client.preview_dynamic_pool(domain)
    # The documents show the metrics under ``results`` and, in one example, beside ``pool``.
    metrics = body.get("results") or {k: v for k, v in body.items() if isinstance(v, dict)}
    return DynamicPoolPreview(
        pool=str(body.get("pool") or ""),
        results={str(name): (float(m.get("value") or 0), str(m.get("band") or ""))
                 for name, m in metrics.items()})


@dataclass(frozen=True)
class DynamicPoolMove:
    """A domain's move between dynamic IP pools (Mailgun's history record)."""

    domain_name: str
    new_pool: str
    # "" for a domain's first pool.
    previous_pool: str
    reason: str
    # The account (the parent's id, or a subaccount's) that owns the domain.
    account_id: str
    timestamp: str


def get_dynamic_pool_history(*, domain: str | None = None, include_subaccounts: bool = False,
                             limit: int = 100, client: MailgunClient | None = None,
                             settings: ProviderSettings | None = None) -> list[DynamicPoolMove]:
    """The latest moves between dynamic IP pools (at most ``limit``, 1 to 100), the
    account's domains' or only ``domain``'s, the subaccounts' too when asked."""
    client = client or client_for(settings or program_settings())
    body = client.list_dynamic_pool_history(limit=limit, domain=domain,
                                            include_subaccounts=include_subaccounts)
    return [_move(record) for record in body.get("items") or []]


def get_latest_dynamic_pool_move(domain: str, *, client: MailgunClient | None = None,
                                 settings: ProviderSettings | None = None,
                                 ) -> DynamicPoolMove | None:
    """The domain's latest move between dynamic IP pools, from its own history call; None
    when Mailgun has none for it."""
    client = client or client_for(settings or program_settings())
    try:
        return _move(client.get_dynamic_pool_domain_history(domain))
    except NotFound:
        return None


def _move(record: dict[str, Any]) -> DynamicPoolMove:
    return DynamicPoolMove(
        domain_name=str(record.get("domain_name") or ""),
        new_pool=str(record.get("new_band") or ""),
        previous_pool=str(record.get("prev_band") or ""),
        reason=str(record.get("reason") or ""),
        account_id=str(record.get("account_id") or ""),
        timestamp=str(record.get("timestamp") or ""))


def program_settings() -> ProviderSettings:
    """The provider's settings as the running Pulumi program sees them: its stack config
    (``mailgun:*``), else the environment."""
    import pulumi  # here: the client and settings work without Pulumi

    def get(key: str) -> Any:
        namespace, name = key.split(":", 1)
        return pulumi.Config(namespace).get(name)

    return ProviderSettings.from_config(get)


def client_for(settings: ProviderSettings) -> MailgunClient:
    """A client of the account ``settings`` name; RuntimeError without a key. Lookups only
    read, so the read key (``mailgun:readApiKey``) serves them when it is set."""
    if not settings.api_key and not settings.read_api_key:
        raise RuntimeError(MISSING_API_KEY)
    return MailgunClient(settings.api_key, region=settings.region, api_url=settings.api_url,
                         read_api_key=settings.read_api_key or None)


def _or_none_without_feature(load: Callable[[], T], none: T) -> T:
    """``load()``, or ``none`` when Mailgun answers 403: the account lacks the feature (DIPPs,
    dynamic pools), so no IP is in such a pool. A wrong key fails earlier, on the IPs."""
    try:
        return load()
    except Unauthorized as error:
        if error.status != 403:
            raise
        return none
