"""What every rules module shares: the account, its lock, common lookups."""

from __future__ import annotations

import copy
import ipaddress
import threading
from dataclasses import dataclass
from typing import Any

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


@dataclass
class Lag:
    """A DIPP whose reads still show it as it was before a write answered ``started``."""

    view: DippView
    reads_left: int


# Reads of a DIPP that still show it as before a write answered "started".
DEFAULT_ASYNC_LAG_READS = 2


class RulesBase:
    """One emulated Mailgun account. All state changes happen under ``lock``."""

    def __init__(self, seed: dict[str, Any],
                 async_lag_reads: int = DEFAULT_ASYNC_LAG_READS) -> None:
        self._seed = copy.deepcopy(seed)
        self.lock = threading.RLock()
        self.account = Account.from_json(self._seed)
        # Mailgun applies some DIPP writes after answering "started". With N > 0, the next
        # N reads of a DIPP after such a write show it as it was before (see ``ip_rules``);
        # counting reads rather than seconds keeps tests of that window deterministic. On
        # by default, as Mailgun is: a client that reads its own write too early must see
        # the old state here first, not in a user's account.
        self._default_lag_reads = async_lag_reads
        self.async_lag_reads = async_lag_reads
        self._lagging: dict[str, Lag] = {}

    def restore(self, data: dict[str, Any]) -> None:
        """Take over a saved state (the seed stays what ``reset`` returns to)."""
        with self.lock:
            self._lagging.clear()
            self.account = Account.from_json(copy.deepcopy(data))

    def reset(self) -> None:
        with self.lock:
            self.async_lag_reads = self._default_lag_reads
            self._lagging.clear()
            self.account = Account.from_json(copy.deepcopy(self._seed))

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.account.to_json()

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

    def _dedicated_ip(self, ip: str) -> Ip:
        found = self._ip_of_account(ip, IpNotOfAccount(ip))
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
