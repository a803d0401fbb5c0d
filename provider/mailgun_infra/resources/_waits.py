"""How the provider waits for Mailgun: re-reads after asynchronous writes, and writes whose
answer was lost.

Mailgun answers ``started`` to DIPP, link and IP moves and applies their effects (linked
domains, delegations) afterwards, so a read of those right after such a write may show the
old state; the DIPP's own record changes with the answer, and no write waits for it, but
reads still re-read briefly in case Mailgun is slower than documented. And after a 5xx or
no answer at all, a POST or PATCH may or may not have been applied. ``Waits`` owns both
policies; every wait is scaled by ``mailgun:waitScale`` (0 in tests, so nothing sleeps).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..client import ServerError, TransportError

T = TypeVar("T")

# Waits between re-reads of something Mailgun has not caught up with: about 3 s in all.
SETTLE_WAITS = (0.2, 0.4, 0.8, 1.6)
# Tries of a write whose answer was lost or failed on the server side, and the first
# back-off between them (doubled each time).
UNCLEAR_WRITE_TRIES = 5
UNCLEAR_WRITE_BACKOFF = 0.2


@dataclass(frozen=True)
class Waits:
    """The provider's waiting policy; ``scale`` multiplies every wait."""

    scale: float = 1.0
    sleep: Callable[[float], None] = time.sleep

    def settle(self, fetch: Callable[[], T], settled: Callable[[T], bool]) -> T:
        """Read until ``settled`` accepts the value or the waits run out; return the last
        read. A read that disagrees with the last known state is repeated for a few
        seconds before it is taken as drift."""
        value = fetch()
        for wait in SETTLE_WAITS:
            if settled(value):
                break
            self.sleep(wait * self.scale)
            value = fetch()
        return value

    def write_or_find(self, send: Callable[[], T], find: Callable[[], T | None]) -> T:
        """Send a write that Mailgun may not take twice (a POST or PATCH), surviving faults.

        After a 5xx or no answer, ``find`` says whether the write landed (returning what
        ``send`` would have returned) before it is sent again.
        """
        for attempt in range(1, UNCLEAR_WRITE_TRIES + 1):
            try:
                return send()
            except (ServerError, TransportError):
                found = self.settle(find, lambda value: value is not None)
                if found is not None:
                    return found
                if attempt == UNCLEAR_WRITE_TRIES:
                    raise
                self.sleep(UNCLEAR_WRITE_BACKOFF * 2 ** attempt * self.scale)
        raise AssertionError("unreachable")

    def write_or_check(self, send: Callable[[], object], landed: Callable[[], bool]) -> None:
        """``write_or_find`` for a write without a result: ``landed`` tells whether it did."""

        def sent() -> bool:
            send()
            return True

        self.write_or_find(sent, lambda: True if landed() else None)

    def converge_set(self, read: Callable[[], list[str]], wanted: list[str],
                     patch: Callable[[list[str], list[str]], object]) -> None:
        """Make a live set (a pool's IPs, a subaccount's linked IPs) equal ``wanted`` with
        one ``patch(add, remove)``, or none when it is already; ``wanted=[]`` empties it."""
        live = read()
        add = [value for value in wanted if value not in live]
        remove = sorted(set(live) - set(wanted))
        if add or remove:
            self.write_or_check(lambda: patch(add, remove), lambda: set(read()) == set(wanted))
