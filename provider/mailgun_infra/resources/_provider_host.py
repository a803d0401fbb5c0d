"""More worker threads for the dynamic provider host than the SDK gives it.

Pulumi's Python SDK (3.259.0) serves the engine's Create, Read, Update and Delete calls to a
dynamic provider from ``grpc.server(ThreadPoolExecutor(max_workers=4))`` in
``pulumi/dynamic/__main__.py``, whatever ``--parallel`` says. Four is too few for us: a
webhook call that waits for a slot under Mailgun's documented rate limit (300 a minute)
keeps its thread, so four of them stop every other resource's calls, DIPP creates included,
which that limit does not cover; and at a realistic round trip a DIPP's create, which waits
for Mailgun to settle, keeps its thread for several round trips.

:func:`widen` raises the limit of the pool that runs the calling thread. Called from a
provider's ``configure``, which the host runs on one of its workers, it finds the host's
pool; called anywhere else (tests, scripts, the program) the calling thread belongs to no
pool and nothing changes. ``ThreadPoolExecutor`` starts a thread for a submitted call only
when none is idle and it has fewer than ``_max_workers``; calls the engine sent before are
already queued and would wait for the four, so :func:`widen` also starts the new threads
itself, which then take the queued calls. Our providers are safe to call from many threads
at once (their clients, rate limiter and shared reads lock what they share).

Delete this module and its call in ``_base`` once the SDK sizes the pool by itself; the
canary ``test_the_sdk_still_serves_dynamic_providers_from_four_threads`` fails then.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Final

# Enough for the webhook calls that wait on the rate limit and for the rest to go on; few
# enough that a burst of uncovered calls (IPs, DIPPs) stays polite to Mailgun, and our
# client retries any 429 in any case.
WORKER_THREADS: Final = 16

_lock = threading.Lock()
_widened: ThreadPoolExecutor | None = None


def pool_of_current_thread() -> ThreadPoolExecutor | None:
    """The ThreadPoolExecutor whose worker is running this call, if any."""
    current = threading.current_thread()
    for candidate in gc.get_objects():
        if not isinstance(candidate, ThreadPoolExecutor):
            continue
        # A new worker runs its first call before the pool adds it to ``_threads``; its
        # name, "<the pool's prefix>_<n>", says whose it is from the start.
        prefix = f"{candidate._thread_name_prefix}_"
        if current in candidate._threads or current.name.startswith(prefix):
            return candidate
    return None


def widen(workers: int = WORKER_THREADS) -> ThreadPoolExecutor | None:
    """Let the pool running this call use up to ``workers`` threads; returns that pool, or
    None when this thread is no pool's worker. Once per process: the first call that finds
    a pool decides (the host has one)."""
    global _widened
    with _lock:
        if _widened is None:
            pool = pool_of_current_thread()
            if pool is None:
                return None
            pool._max_workers = max(pool._max_workers, workers)
            # Each adjustment starts one thread, or uses up one count of idle workers.
            for _ in range(4 * workers):
                if len(pool._threads) >= pool._max_workers:
                    break
                pool._adjust_thread_count()
            _widened = pool
        return _widened
