"""The emulated account's entities: IPs, domains, DIPPs, warmups, webhooks, subaccounts.

Plain data that round-trips through the seed and state-file format (``Account.to_json``
and ``from_json``). Nothing here knows about HTTP or enforces a rule: the rules live in
the ``*_rules`` modules, one per part of the API, and ``backend.Backend`` puts them
together.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..facts import DYNAMIC_POOLS

# Account features, as a seed's "features" lists them; each gates a part of the API.
FEATURE_DIPPS = "dipps"
FEATURE_DYNAMIC_POOLS = "dynamic_pools"
FEATURE_SUBACCOUNTS = "subaccounts"
FEATURE_CENTRALIZED_IP_ASSIGNMENT = "centralized_ip_assignment"
FEATURE_DETAILED_IP_VIEW = "detailed_ip_view"
# Gates POST /v3/ips/{addr}/ip_band; off in the demo seed, as on most accounts.
FEATURE_DEDICATED_IP_BANDS = "dedicated_ip_bands"

# A seed that names no IP allowance: one more dedicated IP, as Mailgun's example answer
# has (its ``shared`` is deprecated and stays 0 here).
DEFAULT_IP_ALLOWANCE = {"dedicated": 1, "shared": 0}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date() -> str:
    """RFC 1123 in GMT, as the subaccounts API writes timestamps."""
    return datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")


def reference_id() -> str:
    return secrets.token_hex(12)


def signing_key() -> str:
    """A new webhook signing key, in the documented shape (``key-`` and 32 hex digits)."""
    return "key-" + secrets.token_hex(16)


def derived_signing_key(api_key: str) -> str:
    """The signing key of an account whose seed names none: fixed by its API key."""
    return "key-" + hashlib.sha256(f"http-signing-key:{api_key}".encode()).hexdigest()[:32]


@dataclass
class Ip:
    ip: str
    dedicated: bool = True
    enabled: bool = True
    is_on_warmup: bool = False
    rdns: str = ""
    # Set by POST /v3/ips/{addr}/ip_band; no documented answer shows it.
    ip_band: str | None = None


@dataclass
class Domain:
    name: str
    id: str = field(default_factory=lambda: secrets.token_hex(12))
    # Direct IPs; while a DIPP is linked the domain sends from the DIPP's IPs instead.
    ips: list[str] = field(default_factory=list)
    pool_id: str | None = None
    # Dynamic IP pools: the pool health checks put the domain in, and a manual override.
    dynamic_pool: str | None = None
    dynamic_override: bool = False
    # Domain webhooks (v3): event name -> its URLs.
    webhooks: dict[str, list[str]] = field(default_factory=dict)
    # The subaccount that owns the domain; None for the parent account.
    subaccount_id: str | None = None
    # Seeds give no creation time: a fixed one keeps two accounts built from one seed equal
    # (tests compare a state with the seed it started from). RFC 1123, as domains answer.
    created_at: str = "Mon, 01 Jan 2024 00:00:00 GMT"
    state: str = "active"
    # When the domain entered dynamic IP pools (RFC 3339); None while it is not in them.
    dynamic_registered_at: str | None = None
    # The DIPP taking the domain's spillover (``extra_dedicated_ips.pool_id``); None: unset.
    spillover_pool_id: str | None = None


@dataclass
class IpPool:
    pool_id: str
    name: str
    description: str = ""
    ips: list[str] = field(default_factory=list)
    is_inherited: bool = False
    delegated_to: list[str] = field(default_factory=list)


@dataclass
class DippView:
    """A DIPP as its readers see it: the pool and the names of the domains linked to it.
    While a write lags (``ip_rules``) it is a copy from before the write."""

    pool: IpPool
    linked_domains: list[str]


@dataclass
class Warmup:
    ip: str
    plan_started_at: str = field(default_factory=now)
    stage: int = 1
    total_stages: int = 15


@dataclass
class AccountWebhook:
    webhook_id: str
    url: str
    event_types: list[str]
    description: str = ""
    created_at: str = field(default_factory=now)


@dataclass
class Subaccount:
    id: str
    name: str
    status: str = "open"
    created_at: str = field(default_factory=http_date)
    updated_at: str = field(default_factory=http_date)
    # Dedicated parent IPs linked to this subaccount (PATCH /v3/ips/subaccounts).
    ips: list[str] = field(default_factory=list)
    # Feature overrides, {"validations": {"enabled": true}, ...}, as the API shows them.
    features: dict[str, dict[str, bool]] = field(default_factory=dict)
    # The custom monthly sending limit; None when none is set.
    monthly_limit: int | float | None = None


# API key roles (``/v1/keys``), in Mailgun's words; what each may do is ``key_rules``.
ROLE_ADMIN = "admin"
ROLE_BASIC = "basic"
ROLE_SENDING = "sending"
ROLE_DEVELOPER = "developer"
KEY_ROLES = (ROLE_ADMIN, ROLE_BASIC, ROLE_SENDING, ROLE_DEVELOPER)
KEY_KINDS = ("domain", "user", "web")
# The account's own key, the one seeds and ``--api-key`` name: an admin key that the keys
# API lists under an id fixed by its secret, from a fixed time (seeds carry no time).
PRIMARY_KEY_CREATED_AT = "2024-01-01T00:00:00"


def key_time(moment: datetime | None = None) -> str:
    """ISO 8601 without an offset (UTC), as the keys API writes its times."""
    return (moment or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%S")


def key_id() -> str:
    """A new key's id, in the documented shape (``e2153fd0-e0277777``)."""
    return f"{secrets.token_hex(4)}-{secrets.token_hex(4)}"


def key_secret() -> str:
    """A new key's secret: 32 hex digits, then two groups of 8, as Mailgun's keys read."""
    return f"{secrets.token_hex(16)}-{secrets.token_hex(4)}-{secrets.token_hex(4)}"


def primary_key_id(api_key: str) -> str:
    """The id the keys API lists the account's own key under: fixed by its secret, so that
    two accounts built from one seed are equal."""
    digest = hashlib.sha256(f"primary-key:{api_key}".encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:16]}"


@dataclass
class ApiKey:
    """A key made through ``POST /v1/keys``. ``secret`` is shown once, in the answer to
    that POST, and never by a read."""

    id: str
    secret: str
    role: str
    kind: str = "user"
    description: str = ""
    created_at: str = field(default_factory=key_time)
    updated_at: str = ""
    # None: never expires.
    expires_at: str | None = None
    domain_name: str | None = None
    requestor: str | None = None
    user_name: str | None = None
    is_disabled: bool = False
    disabled_reason: str | None = None

    def __post_init__(self) -> None:
        self.updated_at = self.updated_at or self.created_at


@dataclass
class DynamicPoolMove:
    """A domain's move between dynamic pools (Mailgun's ``HistoryRecord``)."""

    domain_id: str
    domain_name: str
    new_band: str
    # "" for the domain's first band, when it was enrolled.
    prev_band: str
    reason: str
    # The subaccount that owns the domain; None for the parent account.
    subaccount_id: str | None = None
    id: str = field(default_factory=reference_id)
    timestamp: str = field(default_factory=now)


@dataclass
class Account:
    # The account's own key: an admin key, outside ``api_keys`` (seeds name it alone).
    api_key: str
    features: list[str] = field(default_factory=lambda: [FEATURE_DIPPS])
    shared_ips_eligible: bool = True
    ips: dict[str, Ip] = field(default_factory=dict)
    dynamic_pools: dict[str, list[str]] = field(
        default_factory=lambda: {name: [] for name in DYNAMIC_POOLS})
    domains: dict[str, Domain] = field(default_factory=dict)
    pools: dict[str, IpPool] = field(default_factory=dict)
    warmups: dict[str, Warmup] = field(default_factory=dict)
    account_webhooks: dict[str, AccountWebhook] = field(default_factory=dict)
    subaccounts: dict[str, Subaccount] = field(default_factory=dict)
    # The DIPP taking the whole account's spillover; None: unset.
    spillover_pool_id: str | None = None
    # The webhook signing key (``/v5/accounts/http_signing_key``); None: never made.
    http_signing_key: str | None = None
    # The keys made through the keys API, by id; a seed or state from before them has none.
    api_keys: dict[str, ApiKey] = field(default_factory=dict)
    # The account's custom monthly sending limit; None when none is set.
    monthly_limit: int | float | None = None
    # How many more IPs its billing plan allows (``GET /v3/ips/request/new``).
    ip_allowance: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_IP_ALLOWANCE))
    # Every move of a domain between dynamic pools, oldest first. A log, as the request log
    # is, and no object of the account: outside ``to_json``, so that a destroy that undoes
    # every object leaves the state as seeded (Mailgun keeps the history all the same).
    dynamic_pool_history: list[DynamicPoolMove] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "api_key": self.api_key,
            "features": list(self.features),
            "shared_ips_eligible": self.shared_ips_eligible,
            "ips": [asdict(ip) for ip in self.ips.values()],
            "domains": [asdict(d) for d in self.domains.values()],
            "ip_pools": [asdict(p) for p in self.pools.values()],
            "ip_warmups": [asdict(w) for w in self.warmups.values()],
            "dynamic_pools": {name: list(ips) for name, ips in self.dynamic_pools.items()},
            "account_webhooks": [asdict(w) for w in self.account_webhooks.values()],
            "subaccounts": [asdict(s) for s in self.subaccounts.values()],
            "spillover_pool_id": self.spillover_pool_id,
            "http_signing_key": self.http_signing_key,
            "api_keys": [asdict(k) for k in self.api_keys.values()],
            "monthly_limit": self.monthly_limit,
            "ip_allowance": dict(self.ip_allowance),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        """Build an account from a seed or a saved state (the same format)."""
        account = cls(
            api_key=str(data.get("api_key") or "key-emulator"),
            features=list(data.get("features", [FEATURE_DIPPS])),
            shared_ips_eligible=bool(data.get("shared_ips_eligible", True)),
            spillover_pool_id=data.get("spillover_pool_id"),
            monthly_limit=data.get("monthly_limit"),
            ip_allowance=dict(data.get("ip_allowance") or DEFAULT_IP_ALLOWANCE),
        )
        # Mailgun accounts come with a signing key. A seed (or a state saved before the
        # key was emulated) that names none gets one fixed by its API key, so that two
        # accounts built from one seed are equal; an explicit null means "none yet".
        account.http_signing_key = (data["http_signing_key"] if "http_signing_key" in data
                                    else derived_signing_key(account.api_key))
        for raw in data.get("ips", []):
            ip = Ip(**raw) if isinstance(raw, dict) else Ip(ip=str(raw))
            ipaddress.ip_address(ip.ip)
            account.ips[ip.ip] = ip
        for raw in data.get("domains", []):
            domain = Domain(**raw) if isinstance(raw, dict) else Domain(name=str(raw))
            account.domains[domain.name] = domain
        for raw in data.get("ip_pools", []):
            pool = IpPool(**raw)
            account.pools[pool.pool_id] = pool
        for name, ips in (data.get("dynamic_pools") or {}).items():
            account.dynamic_pools[name] = list(ips)
        for raw in data.get("account_webhooks", []):
            hook = AccountWebhook(**raw)
            account.account_webhooks[hook.webhook_id] = hook
        for raw in data.get("subaccounts", []):
            subaccount = Subaccount(**raw)
            account.subaccounts[subaccount.id] = subaccount
        for raw in data.get("ip_warmups", []):
            warmup = Warmup(**raw)
            account.warmups[warmup.ip] = warmup
            if warmup.ip in account.ips:
                account.ips[warmup.ip].is_on_warmup = True
        for raw in data.get("api_keys", []):
            key = ApiKey(**raw)
            account.api_keys[key.id] = key
        return account
