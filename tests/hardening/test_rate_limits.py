"""One limiter per account, shared by every thread, keeps the provider under Mailgun's
limits; the emulator enforces the same limits, and answers 429 to a client without one.

The limiter waits on a fake clock here: the tests check how long it waited, not spend it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mailgun_infra.client import MailgunClient, RateLimited
from mailgun_infra.client._ratelimit import RateLimits, SlidingWindow, shared_limits
from mailgun_infra.facts import family_of
from tests.client.clock import FakeClock
from tests.conftest import Emulator, fast_retry

LIMIT = {"domains": (10, 1.0)}


class RecordingLimits(RateLimits):
    """Rate limits on ``clock`` that note when each request was let through."""

    def __init__(self, limits: dict[str, tuple[int, float]], clock: FakeClock) -> None:
        super().__init__(limits, monotonic=clock.monotonic, sleep=clock.sleep)
        self.clock = clock
        self.sent: list[float] = []
        self._sent_lock = threading.Lock()

    def acquire(self, path: str) -> float:
        waited = super().acquire(path)
        # The limiter's last reading in this thread is the time it let the request go at;
        # the clock's time now may be later, moved on by another thread's sleep.
        sent = self.clock.last_reading()
        with self._sent_lock:
            self.sent.append(sent)
        return waited


def hammer(client: MailgunClient, requests: int, threads: int = 8) -> None:
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: client.get_domain("mail.example.com"), range(requests)))


def test_threads_sharing_the_limiter_stay_under_the_limit(emulator: Emulator) -> None:
    # The emulator counts on the real clock, which the fake one does not move: its rule is
    # checked below against the fake times the requests were let through at.
    clock = FakeClock()
    limits = RecordingLimits(LIMIT, clock)
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(total=0),
                           rate_limits=limits)
    started = clock.monotonic()
    hammer(client, 30)
    assert clock.now - started >= 2.0  # 30 requests at 10 a second
    limit, period = LIMIT["domains"]
    sent = sorted(limits.sent)
    assert len(sent) == 30
    # The emulator's rule: a request that finds `limit` others in the last `period` gets a 429.
    assert all(sent[n + limit] - sent[n] >= period for n in range(len(sent) - limit))
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
    clock = FakeClock()
    limits = RateLimits({"domains": (2, 0.5)}, monotonic=clock.monotonic, sleep=clock.sleep)
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(),
                           rate_limits=limits)
    started = clock.monotonic()
    client.get_domain("mail.example.com")  # 4 tries through a limit of 2 per 0.5 s
    assert clock.now - started >= 0.5  # without counting retries: 0 s
    assert [r["status"] for r in emulator.requests_log()] == [503, 503, 503, 200]


def test_families_and_sharing() -> None:
    assert family_of("/v3/domains/a.example.com/webhooks") == "domains"
    assert family_of("/v1/webhooks") == "domains"
    assert family_of("/v1/analytics/metrics") == "metrics"
    assert family_of("/v3/ip_pools") is None
    assert shared_limits("u", "k") is shared_limits("u", "k")
    assert shared_limits("u", "k") is not shared_limits("u", "other")
    clock = FakeClock()
    window = SlidingWindow(3, 0.1, monotonic=clock.monotonic, sleep=clock.sleep)
    assert [window.acquire() for _ in range(4)][-1] >= 0.1


class Waited(Exception):
    """Raised by a limiter's sleep: the test reads the wait instead of spending it."""


def refuse_to_wait(seconds: float) -> None:
    raise Waited(seconds)


FILL_THE_LEDGER = """
import sys
from pathlib import Path
from mailgun_infra.client._ratelimit import RateLimits
limits = RateLimits({"domains": (3, 60.0)}, ledgers=Path(sys.argv[1]), account="a")
for _ in range(3):
    limits.acquire("/v3/domains")
"""


def test_a_process_starts_on_what_the_one_before_it_left(tmp_path: Path) -> None:
    # Mailgun counts the account's calls, not a process's: ci up's stacks run one after
    # another, each in its own provider process.
    subprocess.run([sys.executable, "-c", FILL_THE_LEDGER, str(tmp_path)], check=True,
                   timeout=60)
    limits = RateLimits({"domains": (3, 60.0)}, sleep=refuse_to_wait, ledgers=tmp_path,
                        account="a")
    with pytest.raises(Waited) as waited:
        limits.acquire("/v3/domains/a.example.com")
    # The whole minute (widened), less the moments since the other process sent.
    assert 55.0 < waited.value.args[0] <= 60.0 * 1.1 + 0.25
    other_account = RateLimits({"domains": (3, 60.0)}, sleep=refuse_to_wait,
                               ledgers=tmp_path, account="b")
    other_account.acquire("/v3/domains/a.example.com")  # another account: no wait


def test_without_a_folder_for_the_ledger_a_process_counts_alone(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    limits = RateLimits({"domains": (2, 60.0)}, sleep=refuse_to_wait,
                        ledgers=not_a_folder, account="a")
    limits.acquire("/v3/domains")
    limits.acquire("/v3/domains")
    with pytest.raises(Waited):
        limits.acquire("/v3/domains")
