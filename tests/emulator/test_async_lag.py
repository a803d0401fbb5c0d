"""The lag of DIPP writes Mailgun answers "started", on the backend (no HTTP): with
``async_lag_reads`` = N, N reads show the DIPP as it was before the write."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.emulator import Backend
from tests.emulator.conftest import rejects


@pytest.fixture
def pool_id(backend: Backend) -> str:
    created: str = backend.create_pool("p", "d", ["192.0.2.10"])["pool_id"]
    return created


def ips_read(backend: Backend, pool_id: str) -> list[str]:
    ips: list[str] = backend.get_pool(pool_id)["details"]["ips"]
    return ips


def listed(backend: Backend) -> dict[str, Any]:
    return {p["pool_id"]: p["ips"] for p in backend.list_pools()["ip_pools"]}


def add_ip(backend: Backend, pool_id: str, ip: str) -> None:
    answer = backend.update_pool(pool_id, name=None, description=None, add_ips=[ip],
                                 remove_ips=[], link_domains=[], unlink_domains=[])
    assert answer["message"] == "started"


def test_n_reads_show_the_view_from_before_the_write(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]
    assert backend.snapshot()["ip_pools"][0]["ips"] == ["192.0.2.10", "192.0.2.11"]


def test_every_started_write_lags(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 1
    backend.add_pool_ips(pool_id, ["192.0.2.11"])
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]
    backend.remove_pool_ip(pool_id, "192.0.2.10")
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]
    assert ips_read(backend, pool_id) == ["192.0.2.11"]


def test_a_write_answered_success_does_not_lag(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    renamed = backend.update_pool(pool_id, name="q", description=None, add_ips=[],
                                  remove_ips=[], link_domains=[], unlink_domains=[])
    assert renamed == {"message": "success"}
    assert backend.get_pool(pool_id)["details"]["name"] == "q"


def test_zero_reads_is_no_lag(backend: Backend, pool_id: str) -> None:
    assert backend.async_lag_reads == 0
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]


def test_a_write_while_lagging_keeps_the_oldest_view_and_restarts_the_count(
        backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    add_ip(backend, pool_id, "192.0.2.12")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11", "192.0.2.12"]


def test_a_deleted_dipp_is_served_for_n_reads_then_not_found(
        backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    assert backend.delete_pool(pool_id, "shared", None)["message"] == "started"
    assert pool_id not in backend.account.pools
    assert backend.get_pool(pool_id)["details"]["name"] == "p"
    assert listed(backend) == {pool_id: ["192.0.2.10"]}
    with rejects(404, "IP pool not found"):
        backend.get_pool(pool_id)
    assert listed(backend) == {}


def test_a_list_counts_one_read_for_each_lagging_dipp_it_lists(
        backend: Backend, pool_id: str) -> None:
    other = backend.create_pool("other", "d", ["192.0.2.12"])["pool_id"]
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert listed(backend) == {pool_id: ["192.0.2.10"], other: ["192.0.2.12"]}
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert listed(backend) == {pool_id: ["192.0.2.10", "192.0.2.11"], other: ["192.0.2.12"]}


def test_a_lagging_view_is_the_response_body_of_its_endpoint(
        backend: Backend, pool_id: str) -> None:
    details, listing = backend.get_pool(pool_id), backend.list_pools()
    backend.async_lag_reads = 1
    backend.add_pool_ips(pool_id, ["192.0.2.11"])
    assert backend.get_pool(pool_id) == details
    details, listing = backend.get_pool(pool_id), backend.list_pools()
    backend.add_pool_ips(pool_id, ["192.0.2.12"])
    assert backend.list_pools() == listing
    assert backend.get_pool(pool_id) != details


def test_reset_clears_the_setting_and_every_lag(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 3
    backend.delete_pool(pool_id, "shared", None)
    backend.reset()
    assert backend.async_lag_reads == 0
    assert listed(backend) == {}
    with rejects(404, "IP pool not found"):
        backend.get_pool(pool_id)


def test_pending_writes_can_be_landed_at_once(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    backend.apply_pending_writes()
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]


def test_a_dipp_is_not_deleted_before_its_ip_removals_land(backend: Backend,
                                                          pool_id: str) -> None:
    """Removals answer "started": until they land the DIPP still holds its IPs, and Mailgun
    refuses to delete a DIPP with IPs without a replacement."""
    backend.async_lag_reads = 2
    backend.remove_pool_ip(pool_id, "192.0.2.10")
    with rejects(400, "the DIPP contains IPs"):
        backend.delete_pool(pool_id, None, None)
    assert [ips_read(backend, pool_id) for _ in range(3)] == [["192.0.2.10"],
                                                               ["192.0.2.10"], []]
    assert backend.delete_pool(pool_id, None, None)["message"] == "started"
