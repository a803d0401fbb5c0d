"""Client-side rate limits: stay under Mailgun's documented limits from every thread.

Mailgun allows 300 requests a minute per account to the domains and webhooks APIs, and
500 per 10 seconds to the metrics API (which the resources do not call yet). One limiter per
account and API family is shared by every client and thread of the process, so the
provider's worker threads together stay under the limit. Retries count too.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..facts import DOCUMENTED_LIMITS, family_of

# Requests reach Mailgun later than they leave, and not all equally late: widen each
# window by 10% plus a quarter second so that Mailgun's window never holds more.
WINDOW_SCALE = 1.1
WINDOW_SLACK = 0.25


@dataclass
class SlidingWindow:
    """At most ``limit`` acquisitions in any ``period`` seconds; ``acquire`` waits.

    ``monotonic`` and ``sleep`` are the clock it reads and waits on: a test passes a fake
    clock, to check a wait of seconds without spending them.
    """

    limit: int
    period: float
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.window = self.period * WINDOW_SCALE + WINDOW_SLACK
        self._lock = threading.Lock()
        self._sent: deque[float] = deque()

    def acquire(self) -> float:
        """Wait for a slot; return how long that took."""
        started = self.monotonic()
        while True:
            with self._lock:
                now = self.monotonic()
                while self._sent and now - self._sent[0] >= self.window:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return now - started
                wait = self._sent[0] + self.window - now
            self.sleep(max(wait, 0.001))


class RateLimits:
    """The limiters of one account, by API family, all on the clock given."""

    def __init__(
        self,
        limits: dict[str, tuple[int, float]] | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._windows = {family: SlidingWindow(limit, period, monotonic, sleep)
                         for family, (limit, period) in (limits or DOCUMENTED_LIMITS).items()}

    def acquire(self, path: str) -> float:
        family = family_of(path)
        window = self._windows.get(family) if family else None
        return window.acquire() if window else 0.0


_shared: dict[str, RateLimits] = {}
_shared_lock = threading.Lock()


def shared_limits(base_url: str, api_key: str) -> RateLimits:
    """The process-wide limiters of one account (the key is hashed, never kept)."""
    account = hashlib.sha256(f"{base_url}\0{api_key}".encode()).hexdigest()
    with _shared_lock:
        if account not in _shared:
            _shared[account] = RateLimits()
        return _shared[account]


def forget_every_account() -> None:
    """Drop every account's limiters (for tests, whose emulator resets between them)."""
    with _shared_lock:
        _shared.clear()
