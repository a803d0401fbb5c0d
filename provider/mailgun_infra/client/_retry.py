"""Retry policy: urllib3's Retry, taught Mailgun's three ways of saying "come back later".

Mailgun may answer 429 with a ``Retry-After`` header, with an ``X-RateLimit-Reset`` header
(epoch seconds, as mailgun-go reads it) or with a ``{"retry-seconds": 60}`` body. The wait is
taken from the first of these that is present; without any, exponential backoff applies.
Every wait, hinted or backoff, goes through one ``sleep`` function, which a test can replace.

A 429 means the request was not processed, so every method is retried. A 5xx may come
after the change was applied, so only idempotent methods (GET, PUT, DELETE) are retried on
those; a POST or PATCH that meets one is reported, and the resource code decides.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

from urllib3.connectionpool import ConnectionPool
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from ._ratelimit import RateLimits

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# A server hint longer than this is cut short: a CI job should rather fail than hang.
MAX_HINTED_WAIT = 120.0


class MailgunRetry(Retry):
    """Retry that honours Retry-After, X-RateLimit-Reset and a retry-seconds body."""

    def __init__(self, *args: Any, body_retry_seconds: float | None = None,
                 sleep: Callable[[float], None] = time.sleep, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body_retry_seconds = body_retry_seconds
        # Not ``self.sleep``: that name is Retry's method, which urllib3 calls between tries.
        self.sleep_function = sleep
        # Set by the client: a retry is a request too, and counts against the rate limit.
        self.rate_limits: RateLimits | None = None
        self.retry_path = ""

    def new(self, **kw: Any) -> MailgunRetry:
        # A hint read from one 429 body applies to the wait after that response only.
        body_retry_seconds = kw.pop("body_retry_seconds", None)
        kw.setdefault("sleep", self.sleep_function)
        new = super().new(**kw)
        assert isinstance(new, MailgunRetry)
        new.body_retry_seconds = body_retry_seconds
        new.rate_limits = self.rate_limits
        new.retry_path = self.retry_path
        return new

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if status_code == 429:
            # Nothing was processed: safe for every method while the budget lasts.
            return bool(self.total)
        return super().is_retry(method, status_code, has_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> MailgunRetry:
        new = super().increment(method, url, response, error, _pool, _stacktrace)
        assert isinstance(new, MailgunRetry)
        new.retry_path = urlparse(url or "").path
        # Reached only when another try will be made: the body may be read now, because
        # urllib3 drains this response before retrying anyway.
        if response is not None and response.status == 429:
            new.body_retry_seconds = _retry_seconds_from_body(response)
        return new

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        hinted = super().get_retry_after(response)
        if hinted is None:
            reset = response.headers.get("X-RateLimit-Reset")
            if reset:
                try:
                    hinted = max(0.0, float(reset) - time.time())
                except ValueError:
                    hinted = None
        if hinted is None:
            hinted = self.body_retry_seconds
        return None if hinted is None else min(hinted, MAX_HINTED_WAIT)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        super().sleep(response)
        if self.rate_limits is not None:
            self.rate_limits.acquire(self.retry_path)

    # urllib3 2.x waits in exactly these two methods, both with time.sleep: ``sleep`` and
    # the redirect path call them, so overriding them routes every wait to sleep_function.

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        wait = self.get_retry_after(response)
        if wait is None:
            return False
        self.sleep_function(wait)
        return True

    def _sleep_backoff(self) -> None:
        backoff = self.get_backoff_time()
        if backoff > 0:
            self.sleep_function(backoff)


def _retry_seconds_from_body(response: BaseHTTPResponse) -> float | None:
    try:
        body = json.loads(response.data or b"{}")
        value = body.get("retry-seconds") if isinstance(body, dict) else None
        return None if value is None else float(value)
    except (ValueError, TypeError):
        return None


def default_retry(total: int = 6, backoff_factor: float = 0.5,
                  sleep: Callable[[float], None] = time.sleep) -> MailgunRetry:
    """The retry policy the client uses unless given another; ``sleep`` does its waiting."""
    return MailgunRetry(
        total=total,
        connect=total,
        read=total,
        status=total,
        redirect=0,
        allowed_methods=IDEMPOTENT_METHODS,
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        backoff_max=20.0,
        raise_on_status=False,
        respect_retry_after_header=True,
        sleep=sleep,
    )
