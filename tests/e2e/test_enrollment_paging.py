"""150 domains enrolled in dynamic pools: more than one page of
``GET /v1/dynamic_pools/domains``. Refresh keeps every one of them, and nothing is left to
change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailgun_infra import facts
from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

DOMAINS = [f"d{n:03}.example.com" for n in range(150)]


@pytest.fixture
def many_domains() -> Iterator[Emulator]:
    seed = default_seed()
    seed["domains"] += [{"name": name, "ips": ["198.51.100.1"]} for name in DOMAINS]
    backend = Backend(seed)
    server = EmulatorServer(create_app(backend)).start()
    yield Emulator(server, backend)
    server.stop()


def test_refresh_keeps_enrollments_past_the_first_page(tmp_path: Path,
                                                        many_domains: Emulator) -> None:
    ws = Workspace(tmp_path, many_domains.url, many_domains.api_key)
    ws.set_spec({
        "dynamic_pool_memberships": {"new": {"pool": "dynamic_new", "ips": ["192.0.2.11"]}},
        "dynamic_pool_enrollments": {name.split(".")[0]: {"domain": name,
                                                          "replacement_ip": "shared"}
                                     for name in DOMAINS},
    })
    ws.up()
    enrolled = {d["name"] for d in many_domains.state()["domains"] if d["dynamic_pool"]}
    assert enrolled == set(DOMAINS)

    ws.run("refresh", "--yes", check=True)
    assert sorted(ws.ids(facts.DYNAMIC_POOL_ENROLLMENT).values()) == DOMAINS
    ws.run("preview", "--expect-no-changes", check=True)
    ws.run("destroy", "--yes", check=True)
    assert not any(d["dynamic_pool"] for d in many_domains.state()["domains"])
