"""What every rules module shares: the account, its lock, common lookups."""

from __future__ import annotations

import copy
import ipaddress
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .errors import (
    DippsNotEnabled,
    DomainNotFound,
    EmulatorError,
    InheritedPoolNotModifiable,
    InvalidIpAddress,
    IpInAnotherPool,
    IpNotDedicated,
    IpNotFound,
    IpNotOfAccount,
    PoolNotFound,
)
from .models import FEATURE_DIPPS, Account, DippView, Domain, Ip, IpPool

V = TypeVar("V")


@dataclass
class Lag(Generic[V]):
    """What reads still show of something a write answered ``started`` has not reached."""

    view: V
    reads_left: int


# Reads that still show the state from before a write answered "started".
DEFAULT_ASYNC_LAG_READS = 2
# What lags. The documents put the lag on a write's effects: linked domains' IPs,
# delegations, a deleted DIPP's domains and IP-to-all-domains; the DIPP's own record
# (name, IPs, links) changes with the answer.
ASYNC_LAG_DOCUMENTED = "documented"
# Stricter than the documents: the DIPP's own record lags too, for clients that must
# survive a Mailgun slower than documented.
ASYNC_LAG_EVERY_STARTED_WRITE = "every_started_write"
ASYNC_LAG_SCOPES = (ASYNC_LAG_DOCUMENTED, ASYNC_LAG_EVERY_STARTED_WRITE)


class RulesBase:
    """One emulated Mailgun account. All state changes happen under ``lock``."""

    def __init__(self, seed: dict[str, Any],
                 async_lag_reads: int = DEFAULT_ASYNC_LAG_READS,
                 async_lag_scope: str = ASYNC_LAG_DOCUMENTED) -> None:
        self._seed = copy.deepcopy(seed)
        self.lock = threading.RLock()
        self.account = Account.from_json(self._seed)
        # Mailgun applies the effects of some writes after answering "started". With N > 0,
        # the next N reads of what such a write reaches show it as it was before (what
        # that is: ``async_lag_scope``, see ``ip_rules``); counting reads rather than
        # seconds keeps tests of that window deterministic. On by default, as Mailgun is:
        # a client that reads too early must see the old state here first, not in a
        # user's account.
        self._default_lag_reads = async_lag_reads
        self.async_lag_reads = async_lag_reads
        self._default_lag_scope = async_lag_scope
        self.async_lag_scope = async_lag_scope
        self._lagging: dict[str, Lag[DippView]] = {}
        # Domain name -> the IPs it was sending from before a write reached it.
        self._lagging_domains: dict[str, Lag[list[str]]] = {}
        # Every (DIPP id, subaccount id) delegation, as before a write reached them.
        self._lagging_delegations: Lag[list[tuple[str, str]]] | None = None

    def restore(self, data: dict[str, Any]) -> None:
        """Take over a saved state (the seed stays what ``reset`` returns to)."""
        with self.lock:
            self._land_every_write()
            self.account = Account.from_json(copy.deepcopy(data))

    def reset(self) -> None:
        with self.lock:
            self.async_lag_reads = self._default_lag_reads
            self.async_lag_scope = self._default_lag_scope
            self._land_every_write()
            self.account = Account.from_json(copy.deepcopy(self._seed))

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.account.to_json()

    # -- the lag of writes answered "started" ------------------------------------------

    def _land_every_write(self) -> None:
        self._lagging.clear()
        self._lagging_domains.clear()
        self._lagging_delegations = None

    def sending_ips(self, domain: Domain) -> list[str]:
        """The IPs ``domain`` sends from now: its linked DIPP's while one is linked."""
        if domain.pool_id and domain.pool_id in self.account.pools:
            return list(self.account.pools[domain.pool_id].ips)
        return list(domain.ips)

    def _before_domains_change(self, domains: Iterable[Domain]) -> None:
        """Start (or restart) the lag of each domain's IPs before a write answered
        ``started`` reaches them; a domain already lagging keeps its oldest view."""
        if self.async_lag_reads <= 0:
            return
        for domain in domains:
            lag = self._lagging_domains.get(domain.name)
            if lag is None:
                self._lagging_domains[domain.name] = Lag(self.sending_ips(domain),
                                                         self.async_lag_reads)
            else:
                lag.reads_left = self.async_lag_reads

    def _land_domain(self, domain: Domain) -> None:
        """Before a write of the domain's IPs answered ``success``: its next read shows
        that write, so whatever was still on its way to the domain has landed."""
        self._lagging_domains.pop(domain.name, None)

    def read_sending_ips(self, domain: Domain) -> list[str]:
        """``sending_ips`` as a reader sees it: counts one read of a lagging domain."""
        lag = self._lagging_domains.get(domain.name)
        if lag is None:
            return self.sending_ips(domain)
        lag.reads_left -= 1
        if lag.reads_left <= 0:
            del self._lagging_domains[domain.name]
        return list(lag.view)

    def _delegations(self) -> list[tuple[str, str]]:
        return [(pool.pool_id, sub)
                for pool in self.account.pools.values() for sub in pool.delegated_to]

    def _before_delegations_change(self) -> None:
        if self.async_lag_reads <= 0:
            return
        if self._lagging_delegations is None:
            self._lagging_delegations = Lag(self._delegations(), self.async_lag_reads)
        else:
            self._lagging_delegations.reads_left = self.async_lag_reads

    def read_delegations(self) -> list[tuple[str, str]]:
        """Every delegation as a reader sees it: counts one read while they lag."""
        lag = self._lagging_delegations
        if lag is None:
            return self._delegations()
        lag.reads_left -= 1
        if lag.reads_left <= 0:
            self._lagging_delegations = None
        return list(lag.view)

    # -- checks shared by many operations ---------------------------------------------

    def _require_dipps(self) -> None:
        if FEATURE_DIPPS not in self.account.features:
            raise DippsNotEnabled()

    def _pool(self, pool_id: str) -> IpPool:
        pool = self.account.pools.get(pool_id)
        if pool is None:
            raise PoolNotFound()
        return pool

    def _editable_pool(self, pool_id: str) -> IpPool:
        self._require_dipps()
        pool = self._pool(pool_id)
        if pool.is_inherited:
            raise InheritedPoolNotModifiable()
        return pool

    def _ip_of_account(self, ip: str, unknown: EmulatorError | None = None) -> Ip:
        """The account's IP ``ip``; ``unknown`` is what an IP of no account raises (a 404 on
        the IP's own paths, a 400 where it is a parameter)."""
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise InvalidIpAddress(ip) from None
        found = self.account.ips.get(ip)
        if found is None:
            raise unknown or IpNotFound()
        return found

    def _dedicated_ip(self, ip: str, unknown: EmulatorError | None = None) -> Ip:
        """A dedicated IP of the account; ``unknown`` as in ``_ip_of_account``, by default
        the 400 of an IP given as a parameter."""
        found = self._ip_of_account(ip, unknown or IpNotOfAccount(ip))
        if not found.dedicated:
            raise IpNotDedicated(ip)
        return found

    def _pool_of_ip(self, ip: str) -> IpPool | None:
        for pool in self.account.pools.values():
            if ip in pool.ips:
                return pool
        return None

    def _check_poolable(self, ip: str, into: IpPool | None) -> None:
        self._dedicated_ip(ip)
        owner = self._pool_of_ip(ip)
        if owner is not None and owner is not into:
            raise IpInAnotherPool(ip, owner.pool_id)

    def _dynamic_pool_of_ip(self, ip: str) -> str | None:
        for name, ips in self.account.dynamic_pools.items():
            if ip in ips:
                return name
        return None

    def _domain(self, name: str) -> Domain:
        domain = self.account.domains.get(name)
        if domain is None:
            raise DomainNotFound()
        return domain
