"""Shared list reads: the reads of one provider process share Mailgun's list calls.

A refresh reads every resource on its own. Most of Mailgun's objects come in lists (the
account's DIPPs, a domain's webhooks, the dynamic-pool enrollments, the subaccounts), so one
list call can answer the reads of many resources. ``SharedReads`` keeps each list a short
while (``FRESH_FOR`` seconds) for every client of the same account in the process:

- **No stale answer across a write.** Every write through a client of the account bumps a
  generation, before it is sent and after it is answered. A listing is served only in the
  generation it was loaded in, and a load that overlapped a write is not kept, so a read
  that starts after our own write never sees the list from before it. A listing that only
  some writes can change names them (``invalidated_by``: path prefixes); the IPs on warmup,
  for one, change with a warmup's writes and not with a pool's.
- **One load at a time per list.** Threads that want a list being loaded wait for that load
  (in the same generation) instead of sending the same call again.
- **Bounded.** At most ``MAX_LISTINGS`` listings are kept, the least recently used dropped
  first, and none outlives ``FRESH_FOR``.
- **One account.** Listings are shared by account (base URL and API key, the key hashed),
  never across two keys or regions.

A listing can still lag Mailgun (another writer, Mailgun's own asynchronous writes): the
resources re-read an object on its own before they call it gone or changed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Long enough for one refresh of a few thousand resources to share each list, short enough
# that a second command a minute later reads Mailgun again.
FRESH_FOR = 10.0
MAX_LISTINGS = 2048


@dataclass(frozen=True)
class Listing(Generic[T]):
    """A list as read from Mailgun; ``loaded_now`` when this very call loaded it."""

    value: T
    loaded_now: bool


@dataclass
class _Load:
    generation: tuple[int, ...]
    done: threading.Event = field(default_factory=threading.Event)
    value: Any = None
    failed: bool = False


@dataclass
class _Entry:
    value: Any
    generation: tuple[int, ...]
    loaded_at: float


class SharedReads:
    """The listings of one account, shared by every thread and client of the process."""

    def __init__(self, fresh_for: float = FRESH_FOR, max_listings: int = MAX_LISTINGS,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.fresh_for = fresh_for
        self.max_listings = max_listings
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._writes = 0
        # Writes counted per path prefix, for the listings that name theirs.
        self._writes_under: dict[str, int] = {}
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._loads: dict[Hashable, _Load] = {}

    def wrote(self, path: str) -> None:
        """A write to ``path`` was sent or answered: the listings it may change are old."""
        with self._lock:
            self._writes += 1
            for prefix in self._writes_under:
                if path.startswith(prefix):
                    self._writes_under[prefix] += 1

    def _generation(self, invalidated_by: tuple[str, ...] | None) -> tuple[int, ...]:
        if invalidated_by is None:
            return (self._writes,)
        return tuple(self._writes_under.setdefault(prefix, 0) for prefix in invalidated_by)

    def get(self, key: Hashable, load: Callable[[], T],
            invalidated_by: tuple[str, ...] | None = None,
            fresh_for: float | None = None) -> Listing[T]:
        """The listing ``key``: kept, being loaded by another thread, or loaded now.

        ``invalidated_by``: the path prefixes of the writes that can change this listing;
        by default every write does. ``fresh_for``: how long it is kept, if not the
        default ``FRESH_FOR``.
        """
        keep_for = self.fresh_for if fresh_for is None else fresh_for
        while True:
            with self._lock:
                generation = self._generation(invalidated_by)
                entry = self._entries.get(key)
                if (entry is not None and entry.generation == generation
                        and self._monotonic() - entry.loaded_at < keep_for):
                    self._entries.move_to_end(key)
                    return Listing(entry.value, loaded_now=False)
                pending = self._loads.get(key)
                if pending is None or pending.generation != generation:
                    mine = _Load(generation)
                    self._loads[key] = mine
                    break
            pending.done.wait()
            if not pending.failed:
                return Listing(pending.value, loaded_now=False)
            # The other thread's load failed: try it ourselves, and fail on our own error.
        try:
            mine.value = load()
        except BaseException:
            mine.failed = True
            raise
        finally:
            with self._lock:
                if self._loads.get(key) is mine:
                    del self._loads[key]
                if not mine.failed and mine.generation == self._generation(invalidated_by):
                    self._entries[key] = _Entry(mine.value, mine.generation, self._monotonic())
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.max_listings:
                        self._entries.popitem(last=False)
            mine.done.set()
        return Listing(mine.value, loaded_now=True)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


_shared: dict[str, SharedReads] = {}
_shared_lock = threading.Lock()


def shared_reads(base_url: str, api_key: str) -> SharedReads:
    """The process-wide listings of one account (the key is hashed, never kept)."""
    account = hashlib.sha256(f"{base_url}\0{api_key}".encode()).hexdigest()
    with _shared_lock:
        if account not in _shared:
            _shared[account] = SharedReads()
        return _shared[account]


def forget_every_account() -> None:
    """Drop every account's listings (for tests, whose emulator resets between them)."""
    with _shared_lock:
        _shared.clear()
