"""Faults the emulator injects on demand, set through ``POST /_emulator/faults``.

A fault rule matches requests by method and path prefix and fires ``times`` times:

    {"status": 429, "times": 2, "retry_after": 1}           answer 429 with Retry-After
    {"status": 429, "ratelimit_reset": 1, "times": 1}       ... with X-RateLimit-Reset (now + 1 s)
    {"status": 429, "retry_seconds": 1, "times": 1}         ... with a {"retry-seconds": 1} body
    {"status": 503, "times": 3, "methods": ["GET"]}         a server error before any change
    {"status": 502, "after_apply": true, "times": 1}        apply the change, then lose the answer
    {"delay": 0.5, "times": 10}                             a slow answer
    {"status": 503, "probability": 0.2, "times": 1000}       a share of requests, at random
    {"status": 400, "message": "url is unreachable"}        Mailgun's JSON body, this message
    {"status": 404, "text": "404 page not found"}           a plain-text answer, as a proxy
                                                            or a router gives it
    {"hold": true, "after": 5, "methods": ["POST"]}         let 5 POSTs through, then hold
                                                            every later one unanswered and
                                                            unapplied until the faults are
                                                            cleared (then a 503): a client
                                                            killed at a chosen point

``POST /_emulator/faults`` takes ``{"rules": [...], "seed": 7}``; the seed makes a random
run repeatable. Whether a request meets a fault depends on the seed, the rule, the request
(method, path, query) and how many times that same request came before, never on the
order in which concurrent requests arrive: a run whose requests interleave differently
still meets the same faults on the same requests.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FaultRule:
    status: int | None = None
    times: int = 1
    methods: list[str] = field(default_factory=list)
    path_prefix: str = "/v"
    retry_after: float | None = None
    ratelimit_reset: float | None = None
    retry_seconds: float | None = None
    after_apply: bool = False
    delay: float = 0.0
    probability: float = 1.0
    # The message of Mailgun's JSON body; or a plain-text body instead, as a proxy in
    # between answers.
    message: str | None = None
    text: str | None = None
    # Matching requests let through before the rule fires; then, with ``hold``, each one
    # waits unanswered until the faults are cleared.
    after: int = 0
    hold: bool = False

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and path.startswith(self.path_prefix)
                and (not self.methods or method in self.methods))

    def passes_first(self) -> bool:
        """Whether this matching request is one of the first ``after``, let through."""
        if self.after > 0:
            self.after -= 1
            return True
        return False

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(int(self.retry_after))
        if self.ratelimit_reset is not None:
            headers["X-RateLimit-Reset"] = f"{time.time() + self.ratelimit_reset:.3f}"
        return headers

    def body(self) -> dict[str, Any]:
        if self.message is not None:
            return {"message": self.message}
        if self.retry_seconds is not None:
            return {"retry-seconds": self.retry_seconds}
        if self.status == 429:
            return {"message": "Too Many Requests"}
        return {"message": "Internal Server Error" if self.status == 500 else "Bad Gateway"}


class Faults:
    """The active fault rules; the first matching rule fires and counts down."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._seed = 0
        self._seen: dict[tuple[str, str], int] = {}
        self._released = threading.Event()
        self.fired = 0
        self.held = 0

    def set(self, rules: list[dict[str, Any]], seed: int = 0) -> None:
        with self._lock:
            self._rules = [FaultRule(**rule) for rule in rules]
            self._seed = seed
            self._seen = {}
            self._released.set()
            self._released = threading.Event()
            self.fired = 0
            self.held = 0

    def clear(self) -> None:
        with self._lock:
            self._rules = []
            self._released.set()

    def hold(self) -> None:
        """Keep the calling request waiting until the faults are cleared or set anew."""
        with self._lock:
            released = self._released
            self.held += 1
        released.wait()

    def take(self, method: str, path: str, query: str = "") -> FaultRule | None:
        with self._lock:
            if not self._rules:
                return None
            request = (method, f"{path}?{query}")
            nth = self._seen.get(request, 0)
            self._seen[request] = nth + 1
            for index, rule in enumerate(self._rules):
                if rule.matches(method, path) and not rule.passes_first() and \
                        self._draw(index, request, nth) < rule.probability:
                    rule.times -= 1
                    self.fired += 1
                    return rule
            return None

    def _draw(self, rule: int, request: tuple[str, str], nth: int) -> float:
        """A number in [0, 1) fixed by the seed, the rule and the request's occurrence."""
        key = f"{self._seed}|{rule}|{request[0]}|{request[1]}|{nth}".encode()
        return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64
