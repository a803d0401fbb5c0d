"""SharedReads without HTTP: kept, expired, invalidated by writes, one load at a time,
bounded, per account."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from mailgun_infra.client import SharedReads
from mailgun_infra.client._shared_reads import shared_reads


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Source:
    """A list that counts its loads and can change between them."""

    def __init__(self) -> None:
        self.version = 0
        self.loads = 0

    def load(self) -> int:
        self.loads += 1
        return self.version


def test_a_listing_is_kept_for_its_window_then_loaded_again() -> None:
    clock, source = Clock(), Source()
    reads = SharedReads(fresh_for=10, monotonic=clock)
    first = reads.get("pools", source.load)
    assert (first.value, first.loaded_now) == (0, True)
    source.version = 1
    clock.now += 9.9
    kept = reads.get("pools", source.load)
    assert (kept.value, kept.loaded_now, source.loads) == (0, False, 1)
    clock.now += 0.2
    assert reads.get("pools", source.load).value == 1
    assert source.loads == 2


def test_any_write_ends_every_listing_that_names_no_paths() -> None:
    source = Source()
    reads = SharedReads(monotonic=Clock())
    reads.get(("webhooks", "a.example.com"), source.load)
    source.version = 1
    reads.wrote("/v3/domains/b.example.com/webhooks")
    assert reads.get(("webhooks", "a.example.com"), source.load).value == 1


def test_a_listing_that_names_its_writes_outlives_the_others() -> None:
    source = Source()
    reads = SharedReads(monotonic=Clock())
    reads.get("warming", source.load, ("/v3/ip_warmups",))
    source.version = 1
    reads.wrote("/v3/ip_pools")
    assert reads.get("warming", source.load, ("/v3/ip_warmups",)).value == 0
    reads.wrote("/v3/ip_warmups/192.0.2.10")
    assert reads.get("warming", source.load, ("/v3/ip_warmups",)).value == 1


def test_a_load_that_overlapped_a_write_is_not_kept() -> None:
    """The list may have been read before the write landed: the next read loads again."""
    source = Source()
    reads = SharedReads(monotonic=Clock())

    def load_during_a_write() -> int:
        value = source.load()
        reads.wrote("/v3/ip_pools")  # another thread's write, answered meanwhile
        source.version = 1
        return value

    assert reads.get("pools", load_during_a_write).value == 0
    assert reads.get("pools", source.load).value == 1
    assert len(reads) == 1


def test_threads_that_want_the_same_list_share_one_load() -> None:
    reads = SharedReads(monotonic=Clock())
    started, release = threading.Event(), threading.Event()
    loads = []

    def slow_load() -> str:
        loads.append(1)
        started.set()
        release.wait(5)
        return "pools"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(reads.get("k", slow_load).value))
               for _ in range(4)]
    threads[0].start()
    assert started.wait(5)
    for thread in threads[1:]:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == ["pools"] * 4
    assert len(loads) == 1


def test_a_thread_waiting_on_a_load_from_before_a_write_loads_its_own() -> None:
    reads = SharedReads(monotonic=Clock())
    started, release = threading.Event(), threading.Event()

    def old_load() -> str:
        started.set()
        release.wait(5)
        return "before the write"

    first = threading.Thread(target=lambda: reads.get("k", old_load))
    first.start()
    assert started.wait(5)
    reads.wrote("/v3/ip_pools")
    # The load in flight began before the write: this read must not wait for it.
    assert reads.get("k", lambda: "after the write").value == "after the write"
    release.set()
    first.join(5)


def test_a_failed_load_is_not_kept_and_fails_only_its_own_read() -> None:
    reads = SharedReads(monotonic=Clock())

    def broken() -> int:
        raise RuntimeError("503")

    with pytest.raises(RuntimeError):
        reads.get("k", broken)
    assert len(reads) == 0
    assert reads.get("k", lambda: 7).value == 7


def test_memory_is_bounded_least_recently_used_first() -> None:
    reads = SharedReads(max_listings=3, monotonic=Clock())
    for domain in "abcd":
        reads.get(("webhooks", domain), lambda: {})
    assert len(reads) == 3
    calls: list[str] = []

    def counted(name: str) -> Callable[[], dict[str, str]]:
        return lambda: calls.append(name) or {}  # type: ignore[func-returns-value]

    reads.get(("webhooks", "a"), counted("a"))  # dropped first: loaded again
    reads.get(("webhooks", "d"), counted("d"))  # kept
    assert calls == ["a"]


def test_each_account_has_its_own_listings() -> None:
    us = shared_reads("https://api.mailgun.net", "key-1")
    assert shared_reads("https://api.mailgun.net", "key-1") is us
    assert shared_reads("https://api.mailgun.net", "key-2") is not us
    assert shared_reads("https://api.eu.mailgun.net", "key-1") is not us
