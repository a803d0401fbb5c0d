"""Dynamic IP pool rules on the backend: one pool per IP, a non-warming IP per pool."""

from __future__ import annotations

import copy

import pytest

from mailgun_infra.emulator import Backend, EmulatorError, default_seed
from mailgun_infra.emulator.models import InvalidParameter


@pytest.fixture
def backend() -> Backend:
    return Backend(copy.deepcopy(default_seed()))


def error_of(call: object) -> EmulatorError:
    with pytest.raises(EmulatorError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_an_ip_is_in_one_dynamic_pool_at_most(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_good", ["192.0.2.10"], [])
    error = error_of(lambda: backend.update_dynamic_pool("dynamic_poor", ["192.0.2.10"], []))
    assert (error.status, error.message) == (400, "IP 192.0.2.10 is already in dynamic pool "
                                                  "dynamic_good")
    error = error_of(lambda: backend.set_all_dynamic_pools(
        {"dynamic_good": ["192.0.2.11"], "dynamic_poor": ["192.0.2.11"],
         "dynamic_new": ["192.0.2.12"]}))
    assert "is in both" in error.message


def test_every_pool_keeps_an_ip_that_is_not_warming(backend: Backend) -> None:
    error = error_of(lambda: backend.update_dynamic_pool("dynamic_new", ["192.0.2.20"], []))
    assert error.message == ("dynamic pool dynamic_new must contain at least 1 IP that is "
                             "not warming")
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.20", "192.0.2.10"], [])
    error = error_of(lambda: backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"]))
    assert "at least 1 IP that is not warming" in error.message
    error = error_of(lambda: backend.set_all_dynamic_pools(
        {"dynamic_good": ["192.0.2.11"], "dynamic_poor": ["192.0.2.21"],
         "dynamic_new": ["192.0.2.12"]}))
    assert "dynamic_poor must contain at least 1 IP" in error.message


def test_only_dedicated_account_ips_and_known_pools(backend: Backend) -> None:
    assert "not a dedicated IP" in error_of(
        lambda: backend.update_dynamic_pool("dynamic_good", ["198.51.100.1"], [])).message
    assert "invalid pool name" in error_of(
        lambda: backend.update_dynamic_pool("dynamic_best", ["192.0.2.10"], [])).message


def test_a_pool_in_use_cannot_be_emptied(backend: Backend) -> None:
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    backend.enroll_domain("news.example.com", "shared")
    error = error_of(lambda: backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"]))
    assert "has enrolled domains" in error.message
    assert "removed from dynamic pools first" in error_of(
        backend.delete_all_dynamic_pools).message
    backend.unenroll_domain("news.example.com", ["shared"], None)
    backend.update_dynamic_pool("dynamic_new", [], ["192.0.2.10"])
    assert backend.account.dynamic_pools["dynamic_new"] == []


def test_enrollment_rules(backend: Backend) -> None:
    assert "dynamic_new has no IPs" in error_of(
        lambda: backend.enroll_domain("news.example.com", "shared")).message
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    assert "Missing parameter 'replacement_ip'" in error_of(
        lambda: backend.enroll_domain("news.example.com", None)).message
    backend.enroll_domain("news.example.com", "shared")
    assert "already enrolled" in error_of(
        lambda: backend.enroll_domain("news.example.com", "shared")).message
    assert "exactly one of" in error_of(
        lambda: backend.unenroll_domain("news.example.com", [], None)).message
    assert "already in a dedicated or dynamic IP pool" in error_of(
        lambda: backend.unenroll_domain("news.example.com", ["192.0.2.10"], None)).message
    with pytest.raises(InvalidParameter) as caught:
        backend.set_dynamic_pool_override("news.example.com", "invalid_name")
    assert caught.value.body() == {"Field": "pool", "Value": "invalid_name"}
    backend.set_dynamic_pool_override("news.example.com", "dynamic_good")
    listed = backend.list_dynamic_pool_domains(100)["items"]
    assert [(d["name"], d["pool"], d["override"]) for d in listed] == [
        ("news.example.com", "dynamic_good", True)]
