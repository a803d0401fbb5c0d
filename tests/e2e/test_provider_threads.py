"""The provider host serves more than the SDK's 4 calls at once (resources/_provider_host.py),
measured where it matters: requests in flight at the emulator during a real `pulumi up`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

DOMAINS = [f"t{n:02}.example.com" for n in range(24)]
SDK_WORKERS = 4


class InFlight:
    """WSGI middleware: the most requests the emulator was answering at one time.

    Each request waits until more than the SDK's 4 are in flight at once (or ``PATIENCE``
    seconds pass, which only a host limited to 4 ever waits out), and from then on none
    waits. So the count is the host's limit, not the luck of how calls overlapped on a busy
    machine."""

    PATIENCE = 10.0

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.now = 0
        self.most = 0
        self._overlap = threading.Condition()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self._overlap:
            self.now += 1
            self.most = max(self.most, self.now)
            self._overlap.notify_all()
            self._overlap.wait_for(lambda: self.most > SDK_WORKERS, timeout=self.PATIENCE)
        try:
            return list(self.app(environ, start_response))
        finally:
            with self._overlap:
                self.now -= 1


@pytest.fixture
def slow_emulator() -> Iterator[tuple[Emulator, InFlight]]:
    seed = default_seed()
    seed["domains"] += [{"name": name} for name in DOMAINS]
    backend = Backend(seed)
    app = create_app(backend)
    counter = InFlight(app.wsgi_app)
    app.wsgi_app = counter  # type: ignore[method-assign]
    server = EmulatorServer(app).start()
    emulator = Emulator(server, backend)
    yield emulator, counter
    server.stop()


def test_up_runs_more_calls_at_once_than_the_sdks_four_threads(
        tmp_path: Path, slow_emulator: tuple[Emulator, InFlight]) -> None:
    emulator, counter = slow_emulator
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"webhooks": {name.split(".")[0]: {
        "domain": name, "event": "delivered", "urls": [f"https://hooks.example.com/{name}"]}
        for name in DOMAINS}})
    # Explicit: the engine's default is 4 calls per CPU, which on one CPU would be the SDK's
    # 4 whatever the host can serve.
    ws.up("--parallel", "16")
    hooks = {d["name"]: d["webhooks"] for d in emulator.state()["domains"]
             if d["name"] in DOMAINS}
    assert all("delivered" in hooks[name] for name in DOMAINS), hooks
    assert counter.most > SDK_WORKERS, counter.most
