"""The account's DIPP names as one provider process knows them, shared by its creates.

Mailgun does not make DIPP names unique, but the provider adopts by name, so each create
must know the names taken. An `up` that creates many DIPPs lists the account's DIPPs once,
not once per DIPP: the list is reused for ``MAX_AGE`` seconds, kept current with what this
process creates and deletes, and a name is claimed while its create is in flight.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

Pool = dict[str, Any]


class PoolNames:
    """DIPP names known to this process: ``claim`` before a create, ``release`` after it,
    ``forget`` after a delete."""

    MAX_AGE = 30.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._pools: list[Pool] | None = None
        self._listed_at = 0.0
        self._claimed: set[str] = set()

    def claim(self, name: str, list_pools: Callable[[], list[Pool]]) -> None:
        """Make ``name`` this caller's until ``release``."""
        with self._lock:
            if self._pools is None or self._clock() - self._listed_at > self.MAX_AGE:
                self._pools = list_pools()
                self._listed_at = self._clock()
            if name in self._claimed:
                raise RuntimeError(f"two DedicatedIpPools of this stack are named '{name}'")
            self._claimed.add(name)

    def named(self, name: str) -> list[Pool]:
        """The DIPPs named ``name``, as the last ``claim`` listed them."""
        with self._lock:
            return [p for p in self._pools or [] if p.get("name") == name]

    def release(self, name: str, created_id: str | None = None) -> None:
        """End the claim on ``name``; ``created_id`` is the DIPP the create made or adopted."""
        with self._lock:
            self._claimed.discard(name)
            if created_id is None or self._pools is None:
                return
            if all(p.get("pool_id") != created_id for p in self._pools):
                self._pools.append({"pool_id": created_id, "name": name})

    def forget(self, pool_id: str) -> None:
        """A DIPP this process deleted: its name is free again."""
        with self._lock:
            if self._pools is not None:
                self._pools = [p for p in self._pools if p.get("pool_id") != pool_id]
