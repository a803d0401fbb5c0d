"""The read helpers added for issue 23, against the emulator: the IP allowance, the dynamic
pools' assignable domains, preview and history, and a DIPP as a subaccount sees it; GETs
only, never the billed ``POST /v3/ips/request/new``."""

from __future__ import annotations

import pytest

from mailgun_infra.client import NotFound
from mailgun_infra.emulator.models import Domain, Subaccount
from mailgun_infra.lookups import (
    AssignableDomain,
    DedicatedIpPoolLookupError,
    DynamicPoolPreview,
    IpAllowance,
    get_assignable_domains,
    get_dedicated_ip_pool,
    get_dynamic_pool_history,
    get_ip_allowance,
    get_latest_dynamic_pool_move,
    preview_dynamic_pool,
)
from tests.conftest import Emulator

SUB = "5" * 24


def non_gets(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def with_a_subaccount_domain(emulator: Emulator) -> None:
    with emulator.backend.lock:
        emulator.backend.account.subaccounts[SUB] = Subaccount(id=SUB, name="Sub")
        emulator.backend.account.domains["sub.example.com"] = Domain(
            name="sub.example.com", id="6" * 24, subaccount_id=SUB)


def test_the_ip_allowance_is_read_and_nothing_requested(emulator: Emulator) -> None:
    client = emulator.client()
    assert get_ip_allowance(client=client) == IpAllowance(dedicated=1, shared=0)
    with emulator.backend.lock:
        emulator.backend.account.ip_allowance = {"dedicated": 4, "shared": 0}
    assert get_ip_allowance(client=client).dedicated == 4
    assert non_gets(emulator) == []


def test_assignable_domains_enroll_all_and_their_history(emulator: Emulator) -> None:
    client = emulator.client()
    with_a_subaccount_domain(emulator)
    client.update_dynamic_pool("dynamic_new", add_ips=["192.0.2.12"])
    assert [d.name for d in get_assignable_domains(client=client)] == [
        "mail.example.com", "news.example.com", "promo.example.com"]
    assert get_assignable_domains(subaccount_id=SUB, client=client) == [
        AssignableDomain(name="sub.example.com", domain_id="6" * 24, account_id=SUB)]
    assert [d.name for d in get_assignable_domains(pattern="^news", client=client)] == \
        ["news.example.com"]
    assert get_latest_dynamic_pool_move("news.example.com", client=client) is None

    client.enroll_domain_in_dynamic_pools("news.example.com", "shared")
    client.set_dynamic_pool_override("news.example.com", "dynamic_good")
    client.enroll_all_domains_in_dynamic_pools(include_subaccounts=False)
    assert [d.name for d in get_assignable_domains(client=client)] == []
    assert [d.name for d in get_assignable_domains(subaccount_id=SUB, client=client)] == \
        ["sub.example.com"]

    latest = get_latest_dynamic_pool_move("news.example.com", client=client)
    assert latest is not None
    assert (latest.previous_pool, latest.new_pool) == ("dynamic_new", "dynamic_good")
    news = get_dynamic_pool_history(domain="news.example.com", client=client)
    assert [(m.previous_pool, m.new_pool) for m in news] == [
        ("dynamic_new", "dynamic_good"), ("", "dynamic_new")]
    assert len(get_dynamic_pool_history(client=client)) == 4
    assert len(get_dynamic_pool_history(limit=1, client=client)) == 1

    client.enroll_all_domains_in_dynamic_pools(include_subaccounts=True)
    [mine] = get_dynamic_pool_history(domain="sub.example.com", include_subaccounts=True,
                                      client=client)
    assert (mine.account_id, mine.new_pool) == (SUB, "dynamic_new")
    assert get_dynamic_pool_history(domain="sub.example.com", client=client) == []


def test_a_preview_enrolls_nothing(emulator: Emulator) -> None:
    client = emulator.client()
    emulator.admin("DELETE", "/requests")
    preview = preview_dynamic_pool("mail.example.com", client=client)
    assert preview == DynamicPoolPreview(pool="dynamic_new", results={
        "bounce_rate": (0.0, "dynamic_good"), "complaint_rate": (0.0, "dynamic_good"),
        "processed_count": (0.0, "dynamic_new")})
    assert non_gets(emulator) == []
    with pytest.raises(NotFound):
        preview_dynamic_pool("nope.example.com", client=client)


def test_a_dipp_as_the_subaccount_it_is_delegated_to_sees_it(emulator: Emulator) -> None:
    client = emulator.client()
    with_a_subaccount_domain(emulator)
    pool_id = client.create_ip_pool("shared-out", "Delegated", ["192.0.2.13"])
    with pytest.raises(DedicatedIpPoolLookupError, match="none"):
        get_dedicated_ip_pool("shared-out", subaccount_id=SUB, client=client)
    client.delegate_ip_pool(pool_id, SUB)
    emulator.backend.apply_pending_writes()
    seen = get_dedicated_ip_pool("shared-out", subaccount_id=SUB, client=client)
    assert (seen.pool_id, seen.is_inherited, seen.ips) == (pool_id, True, ("192.0.2.13",))
    # The parent's own view of its DIPP: not inherited.
    assert not get_dedicated_ip_pool("shared-out", client=client).is_inherited
