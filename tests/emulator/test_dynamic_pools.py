"""Dynamic IP pool rules on the backend: one pool per IP, a non-warming IP per pool."""

from __future__ import annotations

import pytest

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.errors import InvalidParameter
from tests.emulator.conftest import rejects


def test_an_ip_is_in_one_dynamic_pool_at_most(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_good", ["192.0.2.10"], [])
    with rejects(400, "already in dynamic pool") as caught:
        backend.update_dynamic_pool("dynamic_poor", ["192.0.2.10"], [])
    assert caught.value.message == "IP 192.0.2.10 is already in dynamic pool dynamic_good"
    with rejects(400, "is in both"):
        backend.set_all_dynamic_pools(
            {"dynamic_good": ["192.0.2.11"], "dynamic_poor": ["192.0.2.11"],
             "dynamic_new": ["192.0.2.12"]})


def test_every_pool_keeps_an_ip_that_is_not_warming(backend: Backend) -> None:
    with rejects(400, "not warming") as caught:
        backend.update_dynamic_pool("dynamic_new", ["192.0.2.20"], [])
    assert caught.value.message == ("dynamic pool dynamic_new must contain at least 1 IP "
                                    "that is not warming")
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.20", "192.0.2.10"], [])
    with rejects(400, "at least 1 IP that is not warming"):
        backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"])
    with rejects(400, "dynamic_poor must contain at least 1 IP"):
        backend.set_all_dynamic_pools(
            {"dynamic_good": ["192.0.2.11"], "dynamic_poor": ["192.0.2.21"],
             "dynamic_new": ["192.0.2.12"]})


def test_a_warmup_cannot_take_a_pools_last_ip_that_is_not_warming(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.20", "192.0.2.10"], [])
    with rejects(400, "dynamic_new must contain at least 1 IP that is not warming"):
        backend.create_warmup("192.0.2.10")
    assert not backend.account.ips["192.0.2.10"].is_on_warmup
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.11"], [])
    assert backend.create_warmup("192.0.2.10") == {"message": "success"}


def test_only_dedicated_account_ips_and_known_pools(backend: Backend) -> None:
    with rejects(400, "not a dedicated IP"):
        backend.update_dynamic_pool("dynamic_good", ["198.51.100.1"], [])
    with rejects(400, "invalid pool name"):
        backend.update_dynamic_pool("dynamic_best", ["192.0.2.10"], [])


def test_a_pool_in_use_cannot_be_emptied(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    backend.enroll_domain("news.example.com", "shared")
    with rejects(400, "has enrolled domains"):
        backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"])
    with rejects(400, "removed from dynamic pools first"):
        backend.delete_all_dynamic_pools()
    backend.unenroll_domain("news.example.com", ["shared"], None)
    backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"])
    assert backend.account.dynamic_pools["dynamic_new"] == []


def test_enrollment_rules(backend: Backend) -> None:
    with rejects(400, "dynamic_new has no IPs"):
        backend.enroll_domain("news.example.com", "shared")
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    with rejects(400, "Missing parameter 'replacement_ip'"):
        backend.enroll_domain("news.example.com", None)
    backend.enroll_domain("news.example.com", "shared")
    with rejects(400, "already enrolled"):
        backend.enroll_domain("news.example.com", "shared")
    with rejects(400, "exactly one of"):
        backend.unenroll_domain("news.example.com", [], None)
    with rejects(400, "already in a dedicated or dynamic IP pool"):
        backend.unenroll_domain("news.example.com", ["192.0.2.10"], None)
    with pytest.raises(InvalidParameter) as caught:
        backend.set_dynamic_pool_override("news.example.com", "invalid_name")
    assert caught.value.body() == {"Field": "pool", "Value": "invalid_name"}
    backend.set_dynamic_pool_override("news.example.com", "dynamic_good")
    listed = backend.list_dynamic_pool_domains(100, None)["items"]
    assert [(d["name"], d["pool"], d["override"]) for d in listed] == [
        ("news.example.com", "dynamic_good", True)]


def test_enrolling_with_shared_needs_shared_ip_eligibility(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    backend.account.shared_ips_eligible = False
    with rejects(400, "not eligible for shared IPs"):
        backend.enroll_domain("news.example.com", "shared")
    with rejects(400, "is not a dedicated IP"):
        backend.enroll_domain("news.example.com", "198.51.100.1")
    backend.enroll_domain("news.example.com", "192.0.2.11")
    assert backend.account.domains["news.example.com"].dynamic_pool == "dynamic_new"
