"""Enrolled domains past the first page of ``GET /v1/dynamic_pools/domains`` (at most 100
a page) are found: a refresh must not drop them, an adopt must not miss them."""

from __future__ import annotations

from typing import Any

from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from mailgun_infra.resources import DynamicPoolEnrollmentProvider
from tests.conftest import Emulator

ENROLLED = 150


def enrolled_seed() -> dict[str, Any]:
    seed = default_seed()
    seed["dynamic_pools"] = {"dynamic_good": ["192.0.2.10"], "dynamic_poor": [],
                             "dynamic_new": ["192.0.2.11"]}
    seed["domains"] += [{"name": f"d{n:03}.example.com", "ips": ["198.51.100.1"],
                         "dynamic_pool": "dynamic_new"} for n in range(ENROLLED)]
    return seed


def test_every_enrolled_domain_reads_back_past_the_first_page() -> None:
    backend = Backend(enrolled_seed())
    server = EmulatorServer(create_app(backend)).start()
    try:
        provider = Emulator(server, backend).provider(DynamicPoolEnrollmentProvider)
        found = [provider.read(f"d{n:03}.example.com",
                               {"domain": f"d{n:03}.example.com", "replacement_ip": "shared"}).id
                 for n in (0, 99, 100, 149)]
        assert found == ["d000.example.com", "d099.example.com", "d100.example.com",
                         "d149.example.com"]
        inputs = provider.check({}, {"domain": "d120.example.com",
                                     "replacement_ip": "shared"}).inputs
        try:
            provider.create(inputs)
        except RuntimeError as refused:
            assert "already exists (in dynamic_new): set adopt=True" in str(refused)
        else:
            raise AssertionError("create did not see the domain enrolled on the second page")
    finally:
        server.stop()
