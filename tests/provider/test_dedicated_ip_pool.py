"""DedicatedIpPool's provider: check and diff without HTTP, CRUD against the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from mailgun_infra.client import RouteNotFound
from mailgun_infra.resources.dedicated_ip_pool import DedicatedIpPoolProvider
from tests.conftest import Emulator


def props(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"__provider": "blob", "name": "transactional", "description": "tx",
                            "ips": ["192.0.2.10"], "pool_id": None}
    base.update(overrides)
    return base


@pytest.fixture
def provider(emulator: Emulator) -> DedicatedIpPoolProvider:
    return emulator.provider(DedicatedIpPoolProvider)


# -- check ----------------------------------------------------------------------------

def test_check_normalises_ips_and_keeps_the_provider_blob() -> None:
    result = DedicatedIpPoolProvider().check({}, props(ips=[" 192.0.2.11", "192.0.2.10"]))
    assert result.failures == []
    assert result.inputs["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert result.inputs["__provider"] == "blob"
    assert result.inputs["adopt"] is False


def test_check_reports_one_failure_per_bad_property() -> None:
    result = DedicatedIpPoolProvider().check({}, props(
        name="  ", ips=["192.0.2.10", "300.1.1.1", "192.0.2.10"], colour="red"))
    by_property = {f.property: f.reason for f in result.failures}
    assert set(by_property) == {"name", "ips", "colour"}
    assert by_property["name"] == "name: must not be empty"
    assert by_property["ips"] == "ips: item 1: '300.1.1.1' is not a valid IPv4 or IPv6 address"
    assert by_property["colour"] == "colour: is not a property of this resource"


def test_check_reports_duplicates_and_exclusive_replacements() -> None:
    result = DedicatedIpPoolProvider().check({}, props(
        ips=["192.0.2.10", "192.0.2.10"],
        replacement_ip="shared", replacement_pool_id="abc"))
    reasons = [f.reason for f in result.failures]
    assert "ips: item 1: 192.0.2.10 is listed twice" in reasons
    assert len(reasons) == 1  # the model check runs only once the fields are valid
    result = DedicatedIpPoolProvider().check({}, props(replacement_ip="shared",
                                                       replacement_pool_id="abc"))
    assert [f.reason for f in result.failures] == [
        ": replacement_ip and replacement_pool_id exclude each other: set one at most"]


@pytest.mark.parametrize("unknown", [UNKNOWN, Unknown()], ids=["wire", "object"])
def test_check_tolerates_unknown_values_in_preview(unknown: object) -> None:
    result = DedicatedIpPoolProvider().check(
        {}, props(name=unknown, ips=[unknown, "192.0.2.10"], replacement_pool_id=unknown))
    assert result.failures == []
    assert result.inputs["ips"] == [unknown, "192.0.2.10"]


def test_check_requires_a_name() -> None:
    bare = props()
    del bare["name"]
    failures = DedicatedIpPoolProvider().check({}, bare).failures
    assert [(f.property, f.reason) for f in failures] == [("name", "name: is required")]


# -- diff -----------------------------------------------------------------------------

def test_diff_compares_ip_lists_as_sets() -> None:
    olds = props(ips=["192.0.2.11", "192.0.2.10"], pool_id="p1", adopt=False)
    news = props(ips=["192.0.2.10", "192.0.2.11"])
    assert DedicatedIpPoolProvider().diff("p1", olds, news).changes is False


def test_diff_reports_changes_in_place() -> None:
    olds = props(pool_id="p1")
    diff = DedicatedIpPoolProvider().diff("p1", olds, props(ips=["192.0.2.12"]))
    assert diff.changes is True and diff.replaces == []
    assert DedicatedIpPoolProvider().diff("p1", olds, props(name="renamed")).changes is True


def test_diff_sees_unknowns_as_changes() -> None:
    assert DedicatedIpPoolProvider().diff("p1", props(), props(ips=UNKNOWN)).changes is True


# -- CRUD against the emulator --------------------------------------------------------

def test_create_read_update_delete(provider: DedicatedIpPoolProvider, emulator: Emulator) -> None:
    created = provider.create(provider.check({}, props(ips=["192.0.2.11", "192.0.2.10"])).inputs)
    pool = emulator.pools_by_name()["transactional"]
    assert created.id == pool["pool_id"]
    assert pool["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert created.outs["pool_id"] == pool["pool_id"] and created.outs["linked_domains"] == []

    read = provider.read(created.id, created.outs)
    assert read.outs == created.outs
    assert read.inputs is not None and read.inputs["ips"] == ["192.0.2.10", "192.0.2.11"]

    emulator.admin("DELETE", "/requests")
    news = provider.check({}, props(name="tx", description="new", ips=["192.0.2.12"])).inputs
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["ips"] == ["192.0.2.12"]
    pool = emulator.pools_by_name()["tx"]
    assert (pool["description"], pool["ips"]) == ("new", ["192.0.2.12"])
    patches = [r for r in emulator.requests_log() if r["method"] == "PATCH"]
    assert len(patches) == 1

    provider.delete(created.id, updated.outs)
    assert emulator.pools_by_name() == {}
    provider.delete(created.id, updated.outs)  # idempotent
    assert provider.read(created.id, updated.outs).id == ""


def test_update_that_matches_live_sends_no_patch(provider: DedicatedIpPoolProvider,
                                                 emulator: Emulator) -> None:
    inputs = provider.check({}, props()).inputs
    created = provider.create(inputs)
    emulator.admin("DELETE", "/requests")
    provider.update(created.id, created.outs, {**inputs, "replacement_ip": "shared"})
    assert [r["method"] for r in emulator.requests_log()] == ["GET"]


STRICT = {"async_lag_scope": "every_started_write"}


def test_read_waits_for_a_write_mailgun_finishes_later(
        provider: DedicatedIpPoolProvider, emulator: Emulator) -> None:
    created = provider.create(provider.check({}, props(ips=["192.0.2.10"])).inputs)
    # The last `up` changed the IPs and stopped; a Mailgun slower than documented shows
    # the DIPP as it was for the next two reads.
    emulator.admin("POST", "/settings", json={"async_lag_reads": 2, **STRICT})
    provider.client.update_ip_pool(created.id, add_ips=["192.0.2.11"])
    known = {**created.outs, "ips": ["192.0.2.10", "192.0.2.11"]}
    emulator.admin("DELETE", "/requests")
    read = provider.read(created.id, known)
    assert read.outs["ips"] == ["192.0.2.10", "192.0.2.11"]
    # The refresh's shared list of DIPPs is the first stale answer; the DIPP's own reads
    # then retry past the second.
    reads = [r["path"] for r in emulator.requests_log() if r["method"] == "GET"
             and r["path"] in ("/v3/ip_pools", f"/v3/ip_pools/{created.id}")]
    assert reads == ["/v3/ip_pools"] + [f"/v3/ip_pools/{created.id}"] * 2, \
        "the read should retry past the two stale answers"


def pool_calls(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path'].rsplit('/', 1)[0]}" for r in emulator.requests_log()
            if r["path"].startswith("/v3/ip_pools/")]


@pytest.mark.parametrize("scope", ["documented", "every_started_write"])
def test_an_update_reads_nothing_after_its_patch(provider: DedicatedIpPoolProvider,
                                                 emulator: Emulator, scope: str) -> None:
    """Mailgun changes the DIPP's own record when it answers; a slower one is caught by
    the next read (above), not by a wait in every update."""
    created = provider.create(provider.check({}, props(ips=["192.0.2.10"])).inputs)
    emulator.admin("POST", "/settings", json={"async_lag_reads": 2, "async_lag_scope": scope})
    emulator.admin("DELETE", "/requests")
    news = provider.check({}, props(ips=["192.0.2.10", "192.0.2.11"])).inputs
    updated = provider.update(created.id, created.outs, news)
    assert pool_calls(emulator) == ["GET /v3/ip_pools", "PATCH /v3/ip_pools"]
    assert emulator.pools_by_name()["transactional"]["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert provider.read(created.id, updated.outs).outs["ips"] == ["192.0.2.10", "192.0.2.11"]


@pytest.mark.parametrize(("scope", "calls"), [
    ("documented", ["GET", "PATCH", "DELETE"]),
    # The delete is refused until the removals land: three stale reads, then a fresh one.
    ("every_started_write", ["GET", "PATCH", "DELETE", "GET", "GET", "GET", "GET", "DELETE"]),
])
def test_delete_empties_the_dipp_then_deletes_it(provider: DedicatedIpPoolProvider,
                                                 emulator: Emulator, scope: str,
                                                 calls: list[str]) -> None:
    """An unlinked DIPP is emptied, then deleted: Mailgun refuses to delete one that still
    holds IPs."""
    created = provider.create(provider.check({}, props(ips=["192.0.2.10"])).inputs)
    news = provider.check({}, props(ips=["192.0.2.12", "192.0.2.13"])).inputs
    updated = provider.update(created.id, created.outs, news)
    emulator.admin("POST", "/settings", json={"async_lag_reads": 3, "async_lag_scope": scope})
    emulator.admin("DELETE", "/requests")
    provider.delete(created.id, updated.outs)
    assert [call.split()[0] for call in pool_calls(emulator)] == calls
    assert emulator.pools_by_name() == {}
    emulator.backend.apply_pending_writes()
    assert provider.read(created.id, updated.outs).id == ""


def test_read_shows_drift(provider: DedicatedIpPoolProvider, emulator: Emulator) -> None:
    created = provider.create(provider.check({}, props(ips=["192.0.2.10", "192.0.2.11"])).inputs)
    provider.client.remove_ip_from_pool(created.id, "192.0.2.11")
    emulator.backend.apply_pending_writes()  # an out-of-band change, landed long before
    read = provider.read(created.id, created.outs)
    assert read.outs["ips"] == ["192.0.2.10"]
    diff = provider.diff(created.id, read.outs, created.outs)
    assert diff.changes is True


def test_create_refuses_a_second_pool_of_the_same_name_unless_adopting(
        provider: DedicatedIpPoolProvider, emulator: Emulator) -> None:
    existing = provider.client.create_ip_pool("transactional", "by hand", ["192.0.2.13"])
    with pytest.raises(RuntimeError, match=r"already exists .*set adopt=True"):
        provider.create(provider.check({}, props()).inputs)
    adopted = provider.create(provider.check({}, props(adopt=True)).inputs)
    assert adopted.id == existing
    pool = emulator.pools_by_name()["transactional"]
    assert (pool["ips"], pool["description"]) == (["192.0.2.10"], "tx")
    assert len(emulator.state()["ip_pools"]) == 1


def test_many_creates_list_the_pools_once(provider: DedicatedIpPoolProvider,
                                          emulator: Emulator) -> None:
    # The checks come first, as in a deployment (they read the account for the pack).
    checked = [provider.check({}, props(name=f"p{n}", ips=[ip])).inputs
               for n, ip in enumerate(["192.0.2.10", "192.0.2.11", "192.0.2.12"])]
    emulator.admin("DELETE", "/requests")
    for inputs in checked:
        provider.create(inputs)
    lists = [r for r in emulator.requests_log() if r["path"] == "/v3/ip_pools"
             and r["method"] == "GET"]
    # One look-up shared by the creates, and each create's check for a twin made at the
    # same moment by another stack (test_twins.py).
    assert len(lists) == 1 + 3
    with pytest.raises(RuntimeError, match="a DIPP named 'p1' already exists"):
        provider.create(provider.check({}, props(name="p1", ips=[])).inputs)


def test_create_retries_a_lost_answer_safely(provider: DedicatedIpPoolProvider,
                                             emulator: Emulator) -> None:
    """A 502 after Mailgun applied the PATCH: the provider looks before failing."""
    inputs = provider.check({}, props()).inputs
    created = provider.create(inputs)
    emulator.faults({"status": 502, "after_apply": True, "methods": ["PATCH"]})
    news = provider.check({}, props(ips=["192.0.2.11"])).inputs
    updated = provider.update(created.id, created.outs, news)
    assert updated.outs["ips"] == ["192.0.2.11"]


def test_delete_empties_an_unlinked_pool_then_deletes_it(provider: DedicatedIpPoolProvider,
                                                         emulator: Emulator) -> None:
    created = provider.create(provider.check({}, props(ips=["192.0.2.10", "192.0.2.11"])).inputs)
    emulator.admin("DELETE", "/requests")
    provider.delete(created.id, created.outs)
    assert emulator.pools_by_name() == {}
    writes = [(r["method"], r["path"]) for r in emulator.requests_log() if r["method"] != "GET"]
    # Both IPs in one PATCH, then the DELETE.
    assert writes == [("PATCH", f"/v3/ip_pools/{created.id}"),
                      ("DELETE", f"/v3/ip_pools/{created.id}")]


def test_delete_of_a_linked_pool_needs_a_replacement(provider: DedicatedIpPoolProvider,
                                                     emulator: Emulator) -> None:
    created = provider.create(provider.check({}, props()).inputs)
    domain_id = emulator.backend.account.domains["mail.example.com"].id
    provider.client.update_ip_pool(created.id, link_domains=[domain_id])
    emulator.backend.apply_pending_writes()  # an out-of-band change, landed long before
    with pytest.raises(RuntimeError, match=r"linked to mail.example.com: set replacement_ip"):
        provider.delete(created.id, created.outs)
    assert "transactional" in emulator.pools_by_name()
    provider.delete(created.id, {**created.outs, "replacement_ip": "192.0.2.14"})
    assert emulator.pools_by_name() == {}
    assert emulator.backend.account.domains["mail.example.com"].ips == ["192.0.2.14"]


def test_provider_pickles_small_and_without_settings(provider: DedicatedIpPoolProvider) -> None:
    import dill

    _ = provider.client
    blob = dill.dumps(provider, recurse=True)
    assert len(blob) < 1024
    assert b"key-emulator" not in blob and b"127.0.0.1" not in blob


def test_a_404_that_is_not_mailguns_is_an_error_not_gone(
        provider: DedicatedIpPoolProvider, emulator: Emulator) -> None:
    """A proxy, a wrong API URL or a retired endpoint answers 404 too, in plain text: only
    Mailgun's own not-found answer means the DIPP is gone."""
    created = provider.create(provider.check({}, props()).inputs)
    emulator.faults({"status": 404, "text": "404 page not found", "times": 100,
                     "path_prefix": "/v3/ip_pools"})
    with pytest.raises(RouteNotFound, match=r"404 Not Found on GET /v3/ip_pools"):
        provider.read(created.id, created.outs)
    with pytest.raises(RouteNotFound):
        provider.delete(created.id, created.outs)
    emulator.admin("DELETE", "/faults")
    assert provider.read(created.id, created.outs).id == created.id
