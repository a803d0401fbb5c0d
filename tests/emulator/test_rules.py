"""The emulator's rules, on the backend directly (no HTTP), as Mailgun documents them."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.emulator import Backend
from tests.emulator.conftest import rejects


@pytest.fixture
def seed(seed: dict[str, Any]) -> dict[str, Any]:
    """The demo seed with a DIPP inherited from a parent account."""
    seed["ip_pools"] = [{"pool_id": "inherited1", "name": "from-parent", "ips": ["192.0.2.15"],
                         "is_inherited": True}]
    return seed


def test_only_dedicated_ips_of_the_account_go_into_a_dipp(backend: Backend) -> None:
    with rejects(400, "does not belong to the account"):
        backend.create_pool("p", "d", ["203.0.113.1"])
    with rejects(400, "is not a dedicated IP"):
        backend.create_pool("p", "d", ["198.51.100.1"])
    with rejects(400, "is not a valid IP address"):
        backend.create_pool("p", "d", ["not-an-ip"])
    assert backend.list_pools()["ip_pools"][0]["name"] == "from-parent"
    assert len(backend.list_pools()["ip_pools"]) == 1


def test_an_ip_is_in_one_dipp_at_most(backend: Backend) -> None:
    first = backend.create_pool("a", "d", ["192.0.2.10"])["pool_id"]
    second = backend.create_pool("b", "d", [])["pool_id"]
    with rejects(400, f"already belongs to another DIPP ({first})"):
        backend.create_pool("c", "d", ["192.0.2.10"])
    with rejects(400, "already belongs to another DIPP"):
        backend.update_pool(second, name=None, description=None, add_ips=["192.0.2.10"],
                            remove_ips=[], link_domains=[], unlink_domains=[])
    with rejects(400, "already belongs to another DIPP"):
        backend.add_pool_ips(second, ["192.0.2.10"])


def test_inherited_dipps_cannot_be_edited_or_deleted(backend: Backend) -> None:
    with rejects(403, "inherited from the parent account cannot be modified"):
        backend.update_pool("inherited1", name="x", description=None, add_ips=[],
                            remove_ips=[], link_domains=[], unlink_domains=[])
    with rejects(403, "cannot be modified"):
        backend.add_pool_ips("inherited1", ["192.0.2.11"])
    with rejects(403, "cannot be modified"):
        backend.remove_pool_ip("inherited1", "192.0.2.15")
    with rejects(403, "cannot be deleted"):
        backend.delete_pool("inherited1", "shared", None)
    assert backend.list_pools()["ip_pools"][0]["is_inherited"] is True


def test_a_patch_that_changes_nothing_is_an_error(backend: Backend) -> None:
    pool_id = backend.create_pool("p", "d", ["192.0.2.10"])["pool_id"]
    with rejects(400, "no changes"):
        backend.update_pool(pool_id, name="p", description="d", add_ips=["192.0.2.10"],
                            remove_ips=[], link_domains=[], unlink_domains=[])
    renamed = backend.update_pool(pool_id, name="q", description=None, add_ips=[],
                                  remove_ips=[], link_domains=[], unlink_domains=[])
    assert renamed == {"message": "success"}
    moved = backend.update_pool(pool_id, name=None, description=None, add_ips=["192.0.2.11"],
                                remove_ips=["192.0.2.10"], link_domains=[], unlink_domains=[])
    assert moved["message"] == "started" and moved["reference_id"]
    assert backend.get_pool(pool_id)["details"]["ips"] == ["192.0.2.11"]


def test_delete_of_a_pool_with_ips_needs_a_replacement(backend: Backend) -> None:
    pool_id = backend.create_pool("p", "d", ["192.0.2.10"])["pool_id"]
    empty = backend.create_pool("empty", "d", [])["pool_id"]
    with rejects(400, "a replacement IP (ip) or DIPP (pool_id) is required"):
        backend.delete_pool(pool_id, None, None)
    with rejects(400, "either ip or pool_id, not both"):
        backend.delete_pool(pool_id, "shared", empty)
    with rejects(400, "must contain at least one IP"):
        backend.delete_pool(pool_id, None, empty)
    assert backend.delete_pool(empty, None, None)["message"] == "started"
    assert backend.delete_pool(pool_id, "shared", None)["message"] == "started"
    assert backend.list_pools()["ip_pools"] == [
        p for p in backend.list_pools()["ip_pools"] if p["pool_id"] == "inherited1"]


def test_delete_relinks_domains_to_the_replacement(backend: Backend) -> None:
    old = backend.create_pool("old", "d", ["192.0.2.10"])["pool_id"]
    new = backend.create_pool("new", "d", ["192.0.2.11"])["pool_id"]
    domain_id = backend.account.domains["mail.example.com"].id
    backend.update_pool(old, name=None, description=None, add_ips=[], remove_ips=[],
                        link_domains=[domain_id], unlink_domains=[])
    assert backend.get_pool(old)["details"]["linked_domains"] == ["mail.example.com"]
    backend.delete_pool(old, None, new)
    assert backend.get_pool(new)["details"]["linked_domains"] == ["mail.example.com"]


def test_shared_replacement_needs_shared_ip_eligibility(seed: dict[str, Any]) -> None:
    seed["shared_ips_eligible"] = False
    backend = Backend(seed)
    pool_id = backend.create_pool("p", "d", ["192.0.2.10"])["pool_id"]
    with rejects(400, "not eligible for shared IPs"):
        backend.delete_pool(pool_id, "shared", None)


def test_dipps_need_the_feature(seed: dict[str, Any]) -> None:
    seed["features"] = []
    backend = Backend(seed)
    with rejects(403, "'DIPPs' feature is not enabled"):
        backend.create_pool("p", "d", [])
    with rejects(403, "'DIPPs' feature"):
        backend.list_pools()
    assert "assignable_to_pools" not in backend.list_ips(None, None)


def test_ips_report_warmup_and_assignability(backend: Backend) -> None:
    backend.create_pool("p", "d", ["192.0.2.10"])
    listing = backend.list_ips(dedicated=True, enabled=None)
    assert listing["total_count"] == 8
    details = {d["ip"]: d for d in listing["details"]}
    assert details["192.0.2.20"]["is_on_warmup"] is True
    assert details["192.0.2.10"]["is_on_warmup"] is False
    assert "192.0.2.10" not in listing["assignable_to_pools"]
    assert "192.0.2.15" not in listing["assignable_to_pools"]  # in the inherited DIPP
    assert "192.0.2.11" in listing["assignable_to_pools"]


def test_warmup_lifecycle(backend: Backend) -> None:
    backend.create_warmup("192.0.2.11")
    with rejects(400, "already on warmup"):
        backend.create_warmup("192.0.2.11")
    assert backend.get_warmup("192.0.2.11")["details"]["stage_number"] == 1
    assert backend.cancel_warmup("192.0.2.11") == {"message": "success"}
    with rejects(404, "is not on warmup"):
        backend.get_warmup("192.0.2.11")
    with rejects(400, "is not a dedicated IP"):
        backend.create_warmup("198.51.100.1")


def test_reset_returns_to_the_seed(backend: Backend, seed: dict[str, Any]) -> None:
    backend.create_pool("p", "d", ["192.0.2.10"])
    backend.reset()
    assert backend.snapshot() == Backend(seed).snapshot()


def test_a_dipp_is_created_with_a_description(backend: Backend) -> None:
    for missing in ("", "  "):
        with rejects(400, "Missing parameter 'description'"):
            backend.create_pool("p", missing, ["192.0.2.10"])
    assert [p.name for p in backend.account.pools.values()] == ["from-parent"]
