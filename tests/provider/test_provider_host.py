"""The provider host's worker pool, widened from ``configure`` (resources/_provider_host.py)."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mailgun_infra.resources import _provider_host

BLOCKED = 8


@pytest.fixture
def fresh_module_state() -> Iterator[None]:
    saved = _provider_host._widened
    _provider_host._widened = None
    yield
    _provider_host._widened = saved


def test_a_thread_of_no_pool_changes_nothing(fresh_module_state: None) -> None:
    with ThreadPoolExecutor(max_workers=4) as bystander:
        assert _provider_host.widen(16) is None
        assert bystander._max_workers == 4


def test_the_first_call_of_a_new_worker_finds_its_pool(fresh_module_state: None) -> None:
    """The host's first call (the first configure) runs on a thread the pool has started
    but not yet recorded in its ``_threads``."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert pool.submit(_provider_host.widen, 8).result(10) is pool
        assert pool._max_workers == 8


def test_calls_queued_before_the_widening_get_the_new_threads(fresh_module_state: None) -> None:
    """As in the host: the engine has sent many calls before the first configure. Eight
    calls that only finish together need eight threads at once; the pool has four, three of
    them busy with those calls and one waiting to widen."""
    meet = threading.Barrier(BLOCKED, timeout=10)
    go = threading.Event()

    def configure() -> ThreadPoolExecutor | None:
        go.wait(10)
        return _provider_host.widen(12)

    with ThreadPoolExecutor(max_workers=4) as pool:
        widened = pool.submit(configure)
        met = [pool.submit(meet.wait) for _ in range(BLOCKED)]
        go.set()
        assert widened.result(10) is pool
        assert pool._max_workers == 12
        for call in met:
            call.result(10)  # BrokenBarrierError if fewer than eight ran at once
        # Once per process: a later configure on the same pool changes nothing more.
        assert pool.submit(_provider_host.widen, 40).result(10) is pool
        assert pool._max_workers == 12


def test_the_sdk_still_serves_dynamic_providers_from_four_threads() -> None:
    """Canary: the day the SDK sizes its pool otherwise, _provider_host may go."""
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).read_text()
    assert "futures.ThreadPoolExecutor(max_workers=4)" in source
