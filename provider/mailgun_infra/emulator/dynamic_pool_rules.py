"""Dynamic IP pools and domain enrollment: ``/v3/dynamic_pools``,
``/v3/domains/{name}/dynamic_pools``, ``/v1/dynamic_pools/domains``.

Each method returns what it read or changed; ``dynamic_pool_responses`` renders it."""

from __future__ import annotations

from ..facts import DYNAMIC_POOL_FORM_KEYS
from .errors import (
    AddOrRemoveIpRequired,
    DomainAlreadyEnrolled,
    DomainNotEnrolled,
    DomainsStillEnrolled,
    DynamicPoolAllWarming,
    DynamicPoolHasEnrolledDomains,
    DynamicPoolsNotConfigured,
    DynamicPoolsNotEnabled,
    InvalidChoice,
    InvalidDynamicPoolName,
    InvalidOverridePool,
    IpInAnotherDynamicPool,
    IpInTwoDynamicPools,
    IpListedTwice,
    IpNotInDynamicPool,
    LimitOutOfRange,
    MissingParameter,
    OneReplacementRequired,
    OverrideOfUnenrolledDomain,
    ReplacementIpInPool,
    ReplacementPoolNotFound,
    SharedIpsNotEligible,
    SharedWithDedicatedIps,
)
from .models import FEATURE_DYNAMIC_POOLS, Domain, now
from .rules_base import RulesBase

# ``GET /v1/dynamic_pools/domains``'s documented choices of order.
DOMAIN_SORT_KEYS = ("name", "bounce_rate", "complaint_rate")
SORT_ORDERS = ("ascending", "descending")


class DynamicPoolRules(RulesBase):
    """Dynamic IP pools (``/v3/dynamic_pools``) and domain enrollment in them."""

    def _require_dynamic_pools(self) -> None:
        if FEATURE_DYNAMIC_POOLS not in self.account.features:
            raise DynamicPoolsNotEnabled()

    def _dynamic_pool(self, name: str) -> list[str]:
        self._require_dynamic_pools()
        if name not in self.account.dynamic_pools:
            raise InvalidDynamicPoolName(name)
        return self.account.dynamic_pools[name]

    def _check_dynamic_pool_ips(self, name: str, ips: list[str]) -> None:
        """The rules a pool's new IP list must keep."""
        for ip in ips:
            self._dedicated_ip(ip)
            owner = self._dynamic_pool_of_ip(ip)
            if owner is not None and owner != name:
                raise IpInAnotherDynamicPool(ip, owner)
        if len(set(ips)) != len(ips):
            raise IpListedTwice()
        if ips and all(self.account.ips[ip].is_on_warmup for ip in ips):
            raise DynamicPoolAllWarming(name)
        if not ips and any(d.dynamic_pool == name for d in self.account.domains.values()):
            raise DynamicPoolHasEnrolledDomains(name)

    def list_dynamic_pools(self) -> dict[str, list[str]]:
        """Each dynamic pool's IPs, by the pool's name."""
        with self.lock:
            self._require_dynamic_pools()
            return self.account.dynamic_pools

    def set_all_dynamic_pools(self, by_pool: dict[str, list[str]]) -> dict[str, list[str]]:
        with self.lock:
            self._require_dynamic_pools()
            for name, ips in by_pool.items():
                if not ips:
                    # Each pool's form key is required (OpenAPI).
                    raise MissingParameter(DYNAMIC_POOL_FORM_KEYS[name])
            seen: dict[str, str] = {}
            for name, ips in by_pool.items():
                for ip in ips:
                    if ip in seen:
                        raise IpInTwoDynamicPools(ip, seen[ip], name)
                    seen[ip] = name
            for name, ips in by_pool.items():
                for ip in ips:
                    self._dedicated_ip(ip)
                if all(self.account.ips[ip].is_on_warmup for ip in ips):
                    raise DynamicPoolAllWarming(name)
            for name, ips in by_pool.items():
                self.account.dynamic_pools[name] = list(ips)
            return self.account.dynamic_pools

    def delete_all_dynamic_pools(self) -> None:
        with self.lock:
            self._require_dynamic_pools()
            enrolled = [d.name for d in self.account.domains.values() if d.dynamic_pool]
            if enrolled:
                raise DomainsStillEnrolled()
            for name in self.account.dynamic_pools:
                self.account.dynamic_pools[name] = []

    def add_dynamic_pool_ip(self, name: str, ip: str) -> None:
        with self.lock:
            ips = self._dynamic_pool(name)
            if ip in ips:
                return
            self._check_dynamic_pool_ips(name, [*ips, ip])
            ips.append(ip)

    def update_dynamic_pool(self, name: str, add_ips: list[str], remove_ips: list[str]) -> None:
        with self.lock:
            ips = self._dynamic_pool(name)
            if not add_ips and not remove_ips:
                raise AddOrRemoveIpRequired()
            for ip in remove_ips:
                if ip not in ips:
                    raise IpNotInDynamicPool(ip, name)
            new = [ip for ip in ips if ip not in remove_ips]
            new += [ip for ip in dict.fromkeys(add_ips) if ip not in new]
            self._check_dynamic_pool_ips(name, new)
            self.account.dynamic_pools[name] = new

    # -- domain enrollment -------------------------------------------------------------

    def enroll_domain(self, name: str, replacement_ip: str | None) -> None:
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            if not replacement_ip:
                raise MissingParameter("replacement_ip")
            if replacement_ip == "shared":
                if not self.account.shared_ips_eligible:
                    raise SharedIpsNotEligible()
            else:
                self._dedicated_ip(replacement_ip)
            if domain.dynamic_pool:
                raise DomainAlreadyEnrolled(name)
            if not self.account.dynamic_pools.get("dynamic_new"):
                raise DynamicPoolsNotConfigured()
            # New domains start in dynamic_new until health checks move them.
            domain.dynamic_pool = "dynamic_new"
            domain.dynamic_override = False
            domain.dynamic_registered_at = now()

    def unenroll_domain(self, name: str, replacement_ips: list[str],
                        replacement_pool_id: str | None) -> None:
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            if bool(replacement_ips) == bool(replacement_pool_id):
                raise OneReplacementRequired()
            if not domain.dynamic_pool:
                raise DomainNotEnrolled(name)
            if replacement_pool_id:
                pool = self.account.pools.get(replacement_pool_id)
                if pool is None:
                    raise ReplacementPoolNotFound()
                domain.pool_id = pool.pool_id
            elif replacement_ips != ["shared"]:
                if "shared" in replacement_ips:
                    raise SharedWithDedicatedIps()
                for ip in replacement_ips:
                    self._dedicated_ip(ip)
                    if self._pool_of_ip(ip) or self._dynamic_pool_of_ip(ip):
                        raise ReplacementIpInPool(ip)
                domain.ips = list(replacement_ips)
            elif not self.account.shared_ips_eligible:
                raise SharedIpsNotEligible()
            domain.dynamic_pool = None
            domain.dynamic_override = False
            domain.dynamic_registered_at = None

    def list_dynamic_pool_domains(
        self, limit: int, *, pools: tuple[str, ...] | list[str] = (),
        sort_by: str = "name", sort_order: str = "ascending",
    ) -> list[Domain]:
        """The domains enrolled in ``pools`` (all when empty); ``sort_by`` and
        ``sort_order`` are checked here and applied by the answer, which holds the rates."""
        with self.lock:
            self._require_dynamic_pools()
            if not 1 <= limit <= 100:
                raise LimitOutOfRange(1, 100)
            if sort_by not in DOMAIN_SORT_KEYS:
                raise InvalidChoice("sort_by", sort_by, ", ".join(DOMAIN_SORT_KEYS))
            if sort_order not in SORT_ORDERS:
                raise InvalidChoice("sort_order", sort_order, "ascending or descending")
            return [d for d in self.account.domains.values()
                    if d.dynamic_pool and (not pools or d.dynamic_pool in pools)]

    def set_dynamic_pool_override(self, name: str, pool: str | None) -> None:
        with self.lock:
            self._require_dynamic_pools()
            if pool not in self.account.dynamic_pools:
                raise InvalidOverridePool(pool)
            domain = self._domain(name)
            if not domain.dynamic_pool:
                raise OverrideOfUnenrolledDomain(name)
            domain.dynamic_pool = pool
            domain.dynamic_override = True

    def remove_dynamic_pool_override(self, name: str) -> None:
        with self.lock:
            self._require_dynamic_pools()
            # Documented as removing "any" override, with a 200 only: none is no error.
            self._domain(name).dynamic_override = False
