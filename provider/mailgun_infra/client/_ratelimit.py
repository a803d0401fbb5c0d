"""Client-side rate limits: stay under Mailgun's documented limits from every thread and
every process of the machine.

Mailgun allows 300 requests a minute per account to the domains and webhooks APIs, and
500 per 10 seconds to the metrics API (which the resources do not call yet). One limiter per
account and API family is shared by every client and thread of the process, so the
provider's worker threads together stay under the limit. Retries count too.

Mailgun counts an account's calls whoever sends them: the stacks that ``ci up`` runs one
after another (each its own provider process), or two jobs on one runner. So a limiter
keeps its send times in a ledger file that every process of the machine shares, under a
file lock: a process starts on what the one before it left, not on an empty window. The
ledger holds times only, named by a hash of the account; where it cannot be kept (no
writable temporary folder), the limiter keeps the times in the process alone.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from ..facts import DOCUMENTED_LIMITS, family_of

# Requests reach Mailgun later than they leave, and not all equally late: widen each
# window by 10% plus a quarter second so that Mailgun's window never holds more.
WINDOW_SCALE = 1.1
WINDOW_SLACK = 0.25
# Where the ledgers are kept, if not in the temporary folder's mailgun-infra-<user>.
LEDGER_DIR_ENV = "MAILGUN_INFRA_RATE_LIMIT_DIR"


@dataclass
class SlidingWindow:
    """At most ``limit`` acquisitions in any ``period`` seconds; ``acquire`` waits.

    ``monotonic`` and ``sleep`` are the clock it reads and waits on: a test passes a fake
    clock, to check a wait of seconds without spending them. With a ``ledger`` file the
    send times are shared with every process that names the same file, on the wall clock
    (the one clock processes share).
    """

    limit: int
    period: float
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    ledger: Path | None = None

    def __post_init__(self) -> None:
        self.window = self.period * WINDOW_SCALE + WINDOW_SLACK
        self._lock = threading.Lock()
        self._sent: deque[float] = deque()
        self._file_lock = FileLock(f"{self.ledger}.lock") if self.ledger else None
        if self.ledger is not None:
            self.monotonic = time.time

    def acquire(self) -> float:
        """Wait for a slot; return how long that took."""
        started = self.monotonic()
        while True:
            with self._lock, self._shared() as sent:
                now = self.monotonic()
                while sent and now - sent[0] >= self.window:
                    sent.popleft()
                if len(sent) < self.limit:
                    sent.append(now)
                    return now - started
                wait = sent[0] + self.window - now
            self.sleep(max(wait, 0.001))

    @contextlib.contextmanager
    def _shared(self) -> Iterator[deque[float]]:
        """The send times: the ledger's, locked and written back, or the process's own."""
        if self.ledger is None or self._file_lock is None:
            yield self._sent
            return
        try:
            self._file_lock.acquire()
        except OSError:
            self.ledger = None  # no ledger here: this process counts alone
            self.monotonic = time.monotonic
            yield self._sent
            return
        try:
            # A time ahead of the clock (set back since) would hold its slot for as long.
            now = time.time()
            sent = deque(sorted(t for t in _times_in(self.ledger) if t <= now))
            yield sent
            _write_times(self.ledger, sent)
        finally:
            self._file_lock.release()


def _times_in(ledger: Path) -> list[float]:
    try:
        text = ledger.read_text()
    except OSError:
        return []
    times = []
    for line in text.split():
        with contextlib.suppress(ValueError):
            times.append(float(line))
    return times


def _write_times(ledger: Path, sent: deque[float]) -> None:
    with contextlib.suppress(OSError):
        ledger.write_text("".join(f"{t:.6f}\n" for t in sent))


def ledger_dir() -> Path | None:
    """The folder of the ledgers, made private to the user; None where it cannot be."""
    folder = os.environ.get(LEDGER_DIR_ENV) or os.path.join(
        tempfile.gettempdir(), f"mailgun-infra-{_user()}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return Path(folder)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "user"


class RateLimits:
    """The limiters of one account, by API family, all on the clock given."""

    def __init__(
        self,
        limits: dict[str, tuple[int, float]] | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        ledgers: Path | None = None,
        account: str = "",
    ) -> None:
        """``limits``: by API family, the documented ones by default, ``{}`` for none.
        ``ledgers``: the folder where the windows share their send times with other
        processes (see ``SlidingWindow``), by ``account`` and family; None keeps them in
        the process."""
        if limits is None:
            limits = DOCUMENTED_LIMITS
        self._windows = {
            family: SlidingWindow(limit, period, monotonic, sleep,
                                  ledgers / f"{account}-{family}" if ledgers else None)
            for family, (limit, period) in limits.items()}

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
            _shared[account] = RateLimits(ledgers=ledger_dir(), account=account[:32])
        return _shared[account]


def forget_every_account() -> None:
    """Drop every account's limiters and ledgers (for tests, whose emulator resets between
    them)."""
    with _shared_lock:
        _shared.clear()
        folder = ledger_dir()
        for ledger in folder.glob("*") if folder else ():
            with contextlib.suppress(OSError):
                ledger.unlink()
