"""Mailgun's documented request limits, enforced when a test or the CLI asks for it.

Off by default. ``POST /_emulator/settings {"rate_limits": {"domains": [300, 60]}}`` (or
``--enforce-rate-limits`` for ``facts.DOCUMENTED_LIMITS``) makes the emulator answer 429 with
``{"retry-seconds": N}`` once a family of endpoints gets more requests in its window.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from ..facts import family_of


class RateLimiter:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._limits: dict[str, tuple[int, float]] = {}
        self._seen: dict[str, deque[float]] = {}
        self.rejected = 0

    def configure(self, limits: dict[str, tuple[int, float]]) -> None:
        with self._lock:
            self._limits = {k: (int(v[0]), float(v[1])) for k, v in limits.items()}
            self._seen = {k: deque() for k in self._limits}
            self.rejected = 0

    def check(self, path: str) -> float | None:
        """None when the request may go on; else the seconds until it could."""
        family = family_of(path)
        with self._lock:
            if family not in self._limits:
                return None
            limit, period = self._limits[family]
            seen = self._seen[family]
            now = time.monotonic()
            while seen and now - seen[0] >= period:
                seen.popleft()
            if len(seen) >= limit:
                self.rejected += 1
                return seen[0] + period - now
            seen.append(now)
            return None


def retry_seconds(wait: float) -> int:
    return max(1, math.ceil(wait))
