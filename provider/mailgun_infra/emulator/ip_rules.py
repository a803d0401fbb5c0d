"""IPs, IP warmups and dedicated IP pools (DIPPs): ``/v3/ips``, ``/v3/ip_warmups``,
``/v3/ip_pools``.

Each method returns the entities it read or changed; ``ip_responses`` renders them.
Mailgun answers ``{"message": "started"}`` to a DIPP's IP and link changes, its delete and
the IP-to-all-domains calls, and processes their effects afterwards: the documents put
that lag on the linked domains and the delegated subaccounts, not on the DIPP's own record.
With ``async_lag_reads`` set to N, the next N reads of each domain such a write reaches
(its IPs) and of the delegations still show them as they were before; with
``async_lag_scope`` ``every_started_write`` the next N reads of the DIPP itself (by
``get_pool``, or ``list_pools`` while it lists it) do too, a deleted one included. A
further such write while something lags keeps the oldest view and starts the N reads
again. Writes always see the current state.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterable

from .errors import (
    AlternativeIpIsTheIp,
    AlternativeIpNotOfAccount,
    DomainNotLinkedToPool,
    DynamicPoolAllWarming,
    EmptyPoolNotLinkable,
    InheritedPoolNotDeletable,
    IpAddedAndRemoved,
    IpAlreadyOnWarmup,
    IpBandsNotEnabled,
    IpNotDedicated,
    IpNotFound,
    IpNotFoundInPool,
    IpNotOfPool,
    IpNotOnWarmup,
    LastIpNotRemovable,
    LimitOutOfRange,
    LinkedDomainNotFound,
    MissingParameter,
    PoolHoldsIps,
    PoolNameEmpty,
    PoolUnchanged,
    ReplacementIpAndPool,
    ReplacementIpInAnotherPool,
    ReplacementIsTheDeletedPool,
    ReplacementPoolEmpty,
    ReplacementPoolNotFound,
    SharedIpsNotEligible,
)
from .models import FEATURE_DEDICATED_IP_BANDS, FEATURE_DIPPS, DippView, Domain, Ip, IpPool, Warmup
from .rules_base import ASYNC_LAG_EVERY_STARTED_WRITE, Lag, RulesBase


class IpRules(RulesBase):
    # -- IPs --------------------------------------------------------------------------

    def list_ips(self, dedicated: bool | None, enabled: bool | None) -> list[Ip]:
        with self.lock:
            return [
                ip for ip in self.account.ips.values()
                if (dedicated is None or ip.dedicated == dedicated)
                and (enabled is None or ip.enabled == enabled)
            ]

    def assignable_to_pools(self, ips: list[Ip]) -> list[str] | None:
        """Which of ``ips`` a DIPP may take; None for an account without DIPPs."""
        with self.lock:
            if FEATURE_DIPPS not in self.account.features:
                return None
            return [ip.ip for ip in ips if ip.dedicated and self._pool_of_ip(ip.ip) is None]

    def get_ip(self, address: str) -> Ip:
        with self.lock:
            ip = self.account.ips.get(address)
            if ip is None:
                raise IpNotFound()
            return ip

    def place_ip_in_band(self, ip: str, ip_band: str | None) -> None:
        """``POST /v3/ips/{addr}/ip_band``: the feature and a dedicated IP of the account
        are documented. The documents name no bands, so any non-blank name is taken
        (inferred), and nothing reads a band back: no documented answer carries it."""
        with self.lock:
            if FEATURE_DEDICATED_IP_BANDS not in self.account.features:
                raise IpBandsNotEnabled()
            address = self._ip_of_account(ip)
            if not address.dedicated:
                raise IpNotDedicated(ip)
            if not ip_band or not ip_band.strip():
                raise MissingParameter("ip_band")
            address.ip_band = ip_band

    # -- one IP on every domain of the account: POST/DELETE /v3/ips/{ip}/domains -----------


    def _domains_with_own_ips(self) -> list[Domain]:
        """The account's domains whose IPs these calls change: a subaccount's domains are
        not the account's, and a domain linked to a DIPP sends from the DIPP's IPs, which
        Mailgun does not let domain IP changes touch (REFERENCE 4.3)."""
        return [d for d in self.account.domains.values()
                if d.subaccount_id is None and not d.pool_id]

    def assign_ip_to_all_domains(self, ip: str) -> None:
        """Adds ``ip`` to every domain of the account; Mailgun answers ``started`` and
        finishes later."""
        with self.lock:
            self._ip_of_account(ip)
            self._before_domains_change(self._domains_with_own_ips())
            for domain in self._domains_with_own_ips():
                if ip not in domain.ips:
                    domain.ips.append(ip)

    def remove_ip_from_all_domains(self, ip: str, alternative: str | None) -> None:
        """Takes ``ip`` off every domain of the account, putting ``alternative`` in its
        place when given. The OpenAPI file flags ``alternative`` required but describes it
        as used "if present"; the description wins, as REFERENCE section 0 advises."""
        with self.lock:
            self._ip_of_account(ip)
            if alternative:
                if alternative == ip:
                    raise AlternativeIpIsTheIp()
                self._ip_of_account(alternative, AlternativeIpNotOfAccount(alternative))
            affected = [d for d in self._domains_with_own_ips() if ip in d.ips]
            if not alternative and not self.account.shared_ips_eligible:
                # The rule of removing one IP from one domain (REFERENCE 4.3) holds for each.
                stranded = [d.name for d in affected if d.ips == [ip]]
                if stranded:
                    raise LastIpNotRemovable(stranded)
            self._before_domains_change(affected)
            for domain in affected:
                at = domain.ips.index(ip)
                domain.ips.remove(ip)
                if alternative and alternative not in domain.ips:
                    domain.ips.insert(at, alternative)

    # -- IP warmups -------------------------------------------------------------------

    def _warmup_ip(self, ip: str) -> Ip:
        # The path names the IP it addresses, as /v3/ips/{ip} does: an unknown one is
        # the same 404 there (the documents give neither path an error).
        return self._dedicated_ip(ip, IpNotFound())

    def list_warmups(self) -> list[Warmup]:
        with self.lock:
            return list(self.account.warmups.values())

    def get_warmup(self, ip: str) -> Warmup:
        with self.lock:
            self._warmup_ip(ip)
            warmup = self.account.warmups.get(ip)
            if warmup is None:
                raise IpNotOnWarmup(ip)
            return warmup

    def create_warmup(self, ip: str) -> Warmup:
        with self.lock:
            address = self._warmup_ip(ip)
            if ip in self.account.warmups:
                raise IpAlreadyOnWarmup(ip)
            # The rule a dynamic pool's edits keep (``dynamic_pool_rules``) holds here too:
            # warming its last other IP up would leave the pool nothing to send from.
            dynamic = self._dynamic_pool_of_ip(ip)
            if dynamic is not None and all(
                    self.account.ips[other].is_on_warmup
                    for other in self.account.dynamic_pools[dynamic] if other != ip):
                raise DynamicPoolAllWarming(dynamic)
            warmup = self.account.warmups[ip] = Warmup(ip=ip)
            address.is_on_warmup = True
            return warmup

    def cancel_warmup(self, ip: str) -> None:
        with self.lock:
            address = self._warmup_ip(ip)
            if self.account.warmups.pop(ip, None) is None:
                raise IpNotOnWarmup(ip)
            address.is_on_warmup = False

    # -- Dedicated IP pools (DIPPs) ---------------------------------------------------

    def _linked_domains(self, pool: IpPool) -> list[Domain]:
        return [d for d in self.account.domains.values() if d.pool_id == pool.pool_id]

    def _view(self, pool: IpPool) -> DippView:
        return DippView(pool, [d.name for d in self._linked_domains(pool)])

    def _before_async_write(self, pool: IpPool, domains: Iterable[Domain] = ()) -> None:
        """Start (or restart) the lag of what a write answered ``started`` reaches later:
        the domains linked to ``pool`` and ``domains``; with ``every_started_write``, the
        DIPP's own record too."""
        self._before_domains_change([*self._linked_domains(pool), *domains])
        if self.async_lag_reads <= 0 or self.async_lag_scope != ASYNC_LAG_EVERY_STARTED_WRITE:
            return
        lag = self._lagging.get(pool.pool_id)
        if lag is None:
            before = self._view(pool)
            self._lagging[pool.pool_id] = Lag(
                DippView(copy.deepcopy(before.pool), before.linked_domains), self.async_lag_reads)
        else:
            # Mailgun may still be applying the first write: readers can see the DIPP as it
            # was before any of them, for as long as the newest write takes to land.
            lag.reads_left = self.async_lag_reads

    def apply_pending_writes(self) -> None:
        """Land every write still lagging, as Mailgun has some time after it answered: for
        tests whose out-of-band change happened, in a user's account, long before."""
        with self.lock:
            self._land_every_write()

    def _lagging_view(self, pool_id: str) -> DippView | None:
        """The pre-write view of a lagging DIPP, counting this read; None once current."""
        lag = self._lagging.get(pool_id)
        if lag is None:
            return None
        lag.reads_left -= 1
        if lag.reads_left <= 0:
            del self._lagging[pool_id]
        return lag.view

    def list_pools(self) -> list[DippView]:
        with self.lock:
            self._require_dipps()
            # A DIPP deleted while lagging is listed (after the others) until it catches up.
            ids = list(dict.fromkeys([*self.account.pools, *self._lagging]))
            return [self._lagging_view(pool_id) or self._view(self.account.pools[pool_id])
                    for pool_id in ids]

    def get_pool(self, pool_id: str) -> DippView:
        with self.lock:
            self._require_dipps()
            return self._lagging_view(pool_id) or self._view(self._pool(pool_id))

    def create_pool(self, name: str, description: str, ips: list[str]) -> IpPool:
        with self.lock:
            self._require_dipps()
            if not name.strip():
                raise MissingParameter("name")
            if not description.strip():
                raise MissingParameter("description")
            unique = list(dict.fromkeys(ips))
            for ip in unique:
                self._check_poolable(ip, into=None)
            pool = IpPool(pool_id=secrets.token_hex(12), name=name, description=description,
                          ips=unique)
            self.account.pools[pool.pool_id] = pool
            return pool

    def update_pool(
        self, pool_id: str, *, name: str | None, description: str | None,
        add_ips: list[str], remove_ips: list[str],
        link_domains: list[str], unlink_domains: list[str],
    ) -> bool:
        """Whether Mailgun applies the change after answering (IPs or links changed)."""
        with self.lock:
            pool = self._editable_pool(pool_id)
            if name is not None and not name.strip():
                raise PoolNameEmpty()
            for ip in add_ips:
                self._check_poolable(ip, into=pool)
            for ip in remove_ips:
                if ip not in pool.ips:
                    raise IpNotOfPool(ip)
            if set(add_ips) & set(remove_ips):
                raise IpAddedAndRemoved()
            domains_by_id = {d.id: d for d in self.account.domains.values()}
            for domain_id in [*link_domains, *unlink_domains]:
                if domain_id not in domains_by_id:
                    raise LinkedDomainNotFound(domain_id)
            for domain_id in unlink_domains:
                if domains_by_id[domain_id].pool_id != pool.pool_id:
                    raise DomainNotLinkedToPool(domain_id)
            new_ips = [ip for ip in pool.ips if ip not in remove_ips]
            new_ips += [ip for ip in dict.fromkeys(add_ips) if ip not in new_ips]
            to_link = [i for i in link_domains if domains_by_id[i].pool_id != pool.pool_id]
            if link_domains and not new_ips:
                raise EmptyPoolNotLinkable()
            renamed = name is not None and name != pool.name
            redescribed = description is not None and description != pool.description
            ips_changed = new_ips != pool.ips
            if not (renamed or redescribed or ips_changed or to_link or unlink_domains):
                raise PoolUnchanged()
            applied_later = bool(ips_changed or to_link or unlink_domains)
            if applied_later:
                self._before_async_write(pool, [domains_by_id[i] for i in to_link])
            if renamed:
                pool.name = name  # type: ignore[assignment]
            if redescribed:
                pool.description = description  # type: ignore[assignment]
            pool.ips = new_ips
            for domain_id in to_link:
                domains_by_id[domain_id].pool_id = pool.pool_id
            for domain_id in unlink_domains:
                domains_by_id[domain_id].pool_id = None
            return applied_later

    def delete_pool(self, pool_id: str, replacement_ip: str | None,
                    replacement_pool_id: str | None) -> None:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if pool.is_inherited:
                raise InheritedPoolNotDeletable()
            if replacement_ip and replacement_pool_id:
                raise ReplacementIpAndPool()
            # Removals answered "started" have not landed while the DIPP lags: it still
            # holds the IPs its readers see.
            lag = self._lagging.get(pool.pool_id)
            holds_ips = bool(pool.ips) or (lag is not None and bool(lag.view.pool.ips))
            if holds_ips and not (replacement_ip or replacement_pool_id):
                raise PoolHoldsIps()
            replacement: IpPool | None = None
            if replacement_pool_id:
                if replacement_pool_id == pool.pool_id:
                    raise ReplacementIsTheDeletedPool()
                replacement = self.account.pools.get(replacement_pool_id)
                if replacement is None:
                    raise ReplacementPoolNotFound()
                if not replacement.ips:
                    raise ReplacementPoolEmpty()
            if replacement_ip == "shared":
                if not self.account.shared_ips_eligible:
                    raise SharedIpsNotEligible()
            elif replacement_ip:
                self._dedicated_ip(replacement_ip)
                owner = self._pool_of_ip(replacement_ip)
                if owner is not None and owner is not pool:
                    raise ReplacementIpInAnotherPool(replacement_ip, owner.pool_id)
            self._before_async_write(pool)
            for domain in self._linked_domains(pool):
                if replacement is not None:
                    domain.pool_id = replacement.pool_id
                else:
                    domain.pool_id = None
                    if replacement_ip and replacement_ip != "shared":
                        domain.ips = [replacement_ip]
            if pool.delegated_to:
                self._before_delegations_change()
            # Subaccounts the DIPP was delegated to lose it with the DIPP: the delegation
            # lives on the pool.
            del self.account.pools[pool.pool_id]
            # Inferred (the documents say nothing): a spillover setting naming the DIPP is
            # cleared with it, rather than left naming a DIPP the account no longer has.
            if self.account.spillover_pool_id == pool.pool_id:
                self.account.spillover_pool_id = None
            for domain in self.account.domains.values():
                if domain.spillover_pool_id == pool.pool_id:
                    domain.spillover_pool_id = None

    def add_pool_ips(self, pool_id: str, ips: Iterable[str]) -> None:
        with self.lock:
            pool = self._editable_pool(pool_id)
            wanted = list(dict.fromkeys(ips))
            if not wanted:
                raise MissingParameter("ips")
            for ip in wanted:
                self._check_poolable(ip, into=pool)
            self._before_async_write(pool)
            pool.ips += [ip for ip in wanted if ip not in pool.ips]

    def remove_pool_ip(self, pool_id: str, ip: str) -> None:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if ip not in pool.ips:
                raise IpNotFoundInPool(ip)
            self._before_async_write(pool)
            pool.ips.remove(ip)

    def pool_domains(self, pool_id: str, limit: int) -> list[Domain]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if not 10 <= limit <= 500:
                raise LimitOutOfRange(10, 500)
            return self._linked_domains(pool)
