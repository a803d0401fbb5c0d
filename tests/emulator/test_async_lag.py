"""The lag of writes Mailgun answers "started", on the backend (no HTTP): with
``async_lag_reads`` = N, N reads show what the write reaches later as it was before. As
documented, that is the linked domains' IPs and the delegations; with
``every_started_write``, the DIPP's own record too."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.rules_base import ASYNC_LAG_DOCUMENTED, ASYNC_LAG_EVERY_STARTED_WRITE
from tests.emulator.conftest import rejects


@pytest.fixture
def pool_id(backend: Backend) -> str:
    created: str = backend.create_pool("p", "d", ["192.0.2.10"])["pool_id"]
    return created


@pytest.fixture
def strict(backend: Backend) -> Backend:
    backend.async_lag_scope = ASYNC_LAG_EVERY_STARTED_WRITE
    return backend


def ips_read(backend: Backend, pool_id: str) -> list[str]:
    ips: list[str] = backend.get_pool(pool_id)["details"]["ips"]
    return ips


def listed(backend: Backend) -> dict[str, Any]:
    return {p["pool_id"]: p["ips"] for p in backend.list_pools()["ip_pools"]}


def add_ip(backend: Backend, pool_id: str, ip: str) -> None:
    answer = backend.update_pool(pool_id, name=None, description=None, add_ips=[ip],
                                 remove_ips=[], link_domains=[], unlink_domains=[])
    assert answer["message"] == "started"


@pytest.mark.usefixtures("strict")
def test_n_reads_show_the_view_from_before_the_write(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]
    assert backend.snapshot()["ip_pools"][0]["ips"] == ["192.0.2.10", "192.0.2.11"]


@pytest.mark.usefixtures("strict")
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


@pytest.mark.usefixtures("strict")
def test_a_write_while_lagging_keeps_the_oldest_view_and_restarts_the_count(
        backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    add_ip(backend, pool_id, "192.0.2.12")
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11", "192.0.2.12"]


@pytest.mark.usefixtures("strict")
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


@pytest.mark.usefixtures("strict")
def test_a_list_counts_one_read_for_each_lagging_dipp_it_lists(
        backend: Backend, pool_id: str) -> None:
    other = backend.create_pool("other", "d", ["192.0.2.12"])["pool_id"]
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert listed(backend) == {pool_id: ["192.0.2.10"], other: ["192.0.2.12"]}
    assert ips_read(backend, pool_id) == ["192.0.2.10"]
    assert listed(backend) == {pool_id: ["192.0.2.10", "192.0.2.11"], other: ["192.0.2.12"]}


@pytest.mark.usefixtures("strict")
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


@pytest.mark.usefixtures("strict")
def test_reset_clears_the_setting_and_every_lag(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 3
    backend.delete_pool(pool_id, "shared", None)
    backend.reset()
    assert (backend.async_lag_reads, backend.async_lag_scope) == (0, ASYNC_LAG_DOCUMENTED)
    assert listed(backend) == {}
    with rejects(404, "IP pool not found"):
        backend.get_pool(pool_id)


@pytest.mark.usefixtures("strict")
def test_pending_writes_can_be_landed_at_once(backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    backend.apply_pending_writes()
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]


@pytest.mark.usefixtures("strict")
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


# -- as documented: the DIPP's own record at once, its effects later ---------------------


def domain_ips(backend: Backend, name: str) -> list[str]:
    ips: list[str] = backend.list_domain_ips(name)["items"]
    return ips


def link(backend: Backend, pool_id: str, domain: str) -> None:
    domain_id = backend.get_domain(domain)["domain"]["id"]
    backend.update_pool(pool_id, name=None, description=None, add_ips=[], remove_ips=[],
                        link_domains=[domain_id], unlink_domains=[])


def test_a_dipp_reads_back_its_own_write_at_once(backend: Backend, pool_id: str) -> None:
    """What a user of Mailgun's clients does: add an IP, rename, then get."""
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    backend.update_pool(pool_id, name="q", description=None, add_ips=[], remove_ips=[],
                        link_domains=[], unlink_domains=[])
    details = backend.get_pool(pool_id)["details"]
    assert (details["name"], details["ips"]) == ("q", ["192.0.2.10", "192.0.2.11"])
    assert listed(backend) == {pool_id: ["192.0.2.10", "192.0.2.11"]}


def test_linked_domains_take_a_dipp_ip_change_after_n_reads(backend: Backend,
                                                            pool_id: str) -> None:
    link(backend, pool_id, "mail.example.com")
    backend.async_lag_reads = 2
    add_ip(backend, pool_id, "192.0.2.11")
    assert ips_read(backend, pool_id) == ["192.0.2.10", "192.0.2.11"]
    assert [domain_ips(backend, "mail.example.com") for _ in range(3)] == [
        ["192.0.2.10"], ["192.0.2.10"], ["192.0.2.10", "192.0.2.11"]]


def test_a_link_shows_on_the_dipp_at_once_and_on_the_domain_later(
        backend: Backend, pool_id: str) -> None:
    backend.async_lag_reads = 1
    link(backend, pool_id, "news.example.com")
    assert backend.get_pool(pool_id)["details"]["linked_domains"] == ["news.example.com"]
    assert domain_ips(backend, "news.example.com") == ["198.51.100.1"]
    assert domain_ips(backend, "news.example.com") == ["192.0.2.10"]


def test_an_ips_domains_count_one_read_of_each_lagging_domain(backend: Backend,
                                                             pool_id: str) -> None:
    link(backend, pool_id, "mail.example.com")
    backend.async_lag_reads = 1
    add_ip(backend, pool_id, "192.0.2.11")

    def sending(ip: str) -> list[str]:
        return [i["domain"] for i in backend.list_ip_domains(ip, 10, 0, None)["items"]]

    assert sending("192.0.2.11") == []
    assert sending("192.0.2.11") == ["mail.example.com"]


def test_a_deleted_dipp_is_gone_at_once_and_its_domains_move_later(
        backend: Backend, pool_id: str) -> None:
    link(backend, pool_id, "mail.example.com")
    backend.async_lag_reads = 2
    assert backend.delete_pool(pool_id, "192.0.2.12", None)["message"] == "started"
    assert listed(backend) == {}
    with rejects(404, "IP pool not found"):
        backend.get_pool(pool_id)
    assert [domain_ips(backend, "mail.example.com") for _ in range(3)] == [
        ["192.0.2.10"], ["192.0.2.10"], ["192.0.2.12"]]


def test_an_ip_for_every_domain_lands_after_n_reads(backend: Backend) -> None:
    backend.async_lag_reads = 1
    assert backend.assign_ip_to_all_domains("192.0.2.13")["message"] == "started"
    assert domain_ips(backend, "promo.example.com") == ["198.51.100.2"]
    assert domain_ips(backend, "promo.example.com") == ["198.51.100.2", "192.0.2.13"]
    backend.remove_ip_from_all_domains("192.0.2.13", None)
    assert domain_ips(backend, "promo.example.com") == ["198.51.100.2", "192.0.2.13"]
    assert domain_ips(backend, "promo.example.com") == ["198.51.100.2"]


def test_delegations_change_after_n_reads(backend: Backend, pool_id: str) -> None:
    subaccount = backend.create_subaccount("sub")["subaccount"]["id"]
    backend.async_lag_reads = 1

    def delegations() -> list[tuple[str, str]]:
        return [(i["pool_id"], i["subaccount_id"])
                for i in backend.delegated_pools()["items"]]

    assert backend.delegate_pool_legacy(subaccount, pool_id)["message"] == "started"
    assert delegations() == []
    assert delegations() == [(pool_id, subaccount)]
    backend.delete_pool(pool_id, "shared", None)
    assert delegations() == [(pool_id, subaccount)]
    assert delegations() == []


def test_a_domain_write_answered_success_lands_what_lagged_for_it(backend: Backend,
                                                                   pool_id: str) -> None:
    backend.async_lag_reads = 2
    link(backend, pool_id, "mail.example.com")  # the domain's IPs follow after 2 reads
    backend.remove_domain_ip("mail.example.com", "ip_pool", "192.0.2.12", None)
    assert domain_ips(backend, "mail.example.com") == ["192.0.2.12"]
