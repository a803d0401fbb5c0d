"""Domains and the IPs they send from: ``/v4/domains/{name}``, ``/v3/domains/{name}/ips``
(and ``/v3/domains/{name}/pool/{ip}``, Mailgun's second path for removing one), and the
other side of the same relation, an IP's domains: ``GET /v3/ips/{ip}/domains``.

Each method returns the domains or IPs it read; ``domain_responses`` renders them. A
domain sends from its own IPs, or from its linked DIPP's while one is linked; linking a
DIPP needs the DIPPs feature.
"""

from __future__ import annotations

import re

from .errors import (
    DomainIpsFollowPool,
    InvalidDomainState,
    InvalidSort,
    IpDomainsPaging,
    IpNotAssignedToDomain,
    IpNotFound,
    IpOrPoolRequired,
    LastIpNotRemovable,
    LimitOutOfRange,
    NoPoolLinked,
    PoolWithoutDedicatedIps,
    ReplacementIpOrPoolRequired,
    ReplacementPoolEmpty,
    SharedIpsNotEligible,
    SkipNegative,
)
from .models import Domain
from .rules_base import RulesBase


class DomainRules(RulesBase):
    """A domain's IPs and the DIPP linked to it."""

    def get_domain(self, name: str) -> Domain:
        with self.lock:
            return self._domain(name)

    def list_domains(self, *, limit: int = 100, skip: int = 0, state: str | None = None,
                     sort: str | None = None, authority: str | None = None,
                     search: str | None = None,
                     include_subaccounts: bool = False) -> list[Domain]:
        """``GET /v4/domains``: at most 1,000 a page (OpenAPI), newest first unless sorted
        by name. Every emulated domain is its own DKIM authority, and, as documented, a
        ``state`` filter makes the ``authority`` one ignored. Every match: the answer takes
        its page."""
        with self.lock:
            if not 1 <= limit <= 1000:
                raise LimitOutOfRange(1, 1000)
            if skip < 0:
                raise SkipNegative()
            if sort not in SORTS:
                raise InvalidSort(sort, "name, name:asc or name:desc")
            if state is not None and state not in DOMAIN_STATES:
                raise InvalidDomainState(state)
            # Domains come from the seed in the order they were made.
            found = list(reversed(self.account.domains.values()))
            if sort is not None:
                found.sort(key=lambda d: d.name, reverse=sort == "name:desc")
            if not include_subaccounts:
                found = [d for d in found if d.subaccount_id is None]
            if state is not None:
                found = [d for d in found if d.state == state]
            elif authority:
                found = [d for d in found if d.name == authority]
            if search:
                found = [d for d in found if search.lower() in d.name.lower()]
            return found

    def list_ip_domains(self, ip: str, limit: int, skip: int,
                        search: str | None) -> list[tuple[Domain, list[str]]]:
        """The domains sending from ``ip``, by domain id, each with its IPs as read;
        ``search`` keeps the names holding any of its words. Every match: the answer takes
        its page."""
        with self.lock:
            if ip not in self.account.ips:
                raise IpNotFound()
            # The documents bound neither (integers): these are the ones any list keeps.
            if limit < 1 or skip < 0:
                raise IpDomainsPaging()
            words = [w for w in re.split(r"[^A-Za-z0-9]+", search or "") if w]
            # Ordered by domain id, as documented.
            searched = [d for d in sorted(self.account.domains.values(), key=lambda d: d.id)
                        if not words or any(w.lower() in d.name.lower() for w in words)]
            read = [(d, self.read_sending_ips(d)) for d in searched]
            return [(d, ips) for d, ips in read if ip in ips]

    def list_domain_ips(self, name: str) -> list[str]:
        with self.lock:
            return self.read_sending_ips(self._domain(name))

    def assign_domain_ip(self, name: str, ip: str | None, pool_id: str | None) -> None:
        with self.lock:
            domain = self._domain(name)
            self._land_domain(domain)
            if bool(ip) == bool(pool_id):
                raise IpOrPoolRequired()
            if pool_id:
                self._require_dipps()
                pool = self._pool(pool_id)
                if not pool.ips:
                    raise PoolWithoutDedicatedIps()
                domain.pool_id = pool.pool_id
                return
            if domain.pool_id:
                raise DomainIpsFollowPool()
            self._dedicated_ip(str(ip))
            if ip not in domain.ips:
                domain.ips.append(str(ip))

    def remove_domain_ip(self, name: str, ip: str, replacement_ip: str | None,
                         replacement_pool_id: str | None) -> None:
        with self.lock:
            domain = self._domain(name)
            self._land_domain(domain)
            if ip == "all":
                domain.ips = []
                domain.pool_id = None
                return
            if ip == "ip_pool":
                self._unlink_domain_pool(domain, replacement_ip, replacement_pool_id)
                return
            if domain.pool_id:
                raise DomainIpsFollowPool()
            if ip not in domain.ips:
                raise IpNotAssignedToDomain(ip)
            if len(domain.ips) == 1 and not self.account.shared_ips_eligible:
                raise LastIpNotRemovable()
            domain.ips.remove(ip)

    def _unlink_domain_pool(self, domain: Domain, replacement_ip: str | None,
                            replacement_pool_id: str | None) -> None:
        self._require_dipps()
        if bool(replacement_ip) == bool(replacement_pool_id):
            raise ReplacementIpOrPoolRequired()
        if not domain.pool_id:
            raise NoPoolLinked()
        if replacement_pool_id:
            replacement = self._pool(replacement_pool_id)
            if not replacement.ips:
                raise ReplacementPoolEmpty()
            domain.pool_id = replacement.pool_id
            return
        if replacement_ip == "shared":
            if not self.account.shared_ips_eligible:
                raise SharedIpsNotEligible()
        else:
            self._dedicated_ip(str(replacement_ip))
            domain.ips = [str(replacement_ip)]
        domain.pool_id = None


# The list's documented choices of ``sort`` (None: newest first) and ``state``.
SORTS = (None, "name", "name:asc", "name:desc")
DOMAIN_STATES = ("active", "unverified", "disabled")
