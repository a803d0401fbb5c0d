"""One limiter per account, shared by every thread, keeps the provider under Mailgun's
limits; the emulator enforces the same limits to prove it."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from mailgun_infra.client import MailgunClient, RateLimited
from mailgun_infra.client._ratelimit import RateLimits, SlidingWindow, family_of, shared_limits
from tests.conftest import Emulator, fast_retry

LIMIT = {"domains": (10, 1.0)}


def hammer(client: MailgunClient, requests: int, threads: int = 8) -> None:
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: client.get_domain_ips("mail.example.com"), range(requests)))


def test_threads_sharing_the_limiter_never_meet_a_429(emulator: Emulator) -> None:
    emulator.admin("POST", "/settings", json={"rate_limits": LIMIT})
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(total=0),
                           rate_limits=RateLimits(LIMIT))
    started = time.monotonic()
    hammer(client, 30)
    assert time.monotonic() - started >= 2.0  # 30 requests at 10 a second
    statuses = {r["status"] for r in emulator.requests_log()}
    assert statuses == {200}


def test_without_the_limiter_the_emulator_answers_429(emulator: Emulator) -> None:
    emulator.admin("POST", "/settings", json={"rate_limits": LIMIT})
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(total=0),
                           rate_limits=RateLimits({}))
    with pytest.raises(RateLimited, match="retry in 1 s"):
        hammer(client, 30)


def test_retries_wait_for_the_limiter_too(emulator: Emulator) -> None:
    emulator.faults({"status": 503, "times": 3, "methods": ["GET"]})
    limits = RateLimits({"domains": (2, 0.5)})
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(),
                           rate_limits=limits)
    started = time.monotonic()
    client.get_domain_ips("mail.example.com")  # 4 tries through a limit of 2 per 0.5 s
    assert time.monotonic() - started >= 0.5  # without counting retries: about 0 s


def test_families_and_sharing() -> None:
    assert family_of("/v3/domains/a.example.com/webhooks") == "domains"
    assert family_of("/v1/webhooks") == "domains"
    assert family_of("/v1/analytics/metrics") == "metrics"
    assert family_of("/v3/ip_pools") is None
    assert shared_limits("u", "k") is shared_limits("u", "k")
    assert shared_limits("u", "k") is not shared_limits("u", "other")
    window = SlidingWindow(3, 0.1)
    assert [window.acquire() for _ in range(4)][-1] >= 0.1
