"""A fake clock for the client's waits: the tests check seconds of waiting without spending
them, and see exactly how long each wait was."""

from __future__ import annotations

import threading


class FakeClock:
    """``monotonic`` and ``sleep`` on a time that moves only when someone sleeps.

    Threads sleep side by side, as they do on a real clock: each thread keeps its own time
    (its last reading, or when its last sleep ended), a sleep ends ``seconds`` after that,
    and the clock shows the latest time any thread has reached. Adding every sleep to one
    time instead would make eight threads that each wait one second take eight.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.slept: list[float] = []
        self._lock = threading.Lock()
        self._local = threading.local()

    def monotonic(self) -> float:
        with self._lock:
            self._local.time = self.now
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            woke = getattr(self._local, "time", self.now) + seconds
            self._local.time = woke
            self.now = max(self.now, woke)

    def last_reading(self) -> float:
        """The time this thread last read or woke at."""
        with self._lock:
            value: float = getattr(self._local, "time", self.now)
            return value
