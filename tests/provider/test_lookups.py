"""The read helpers for programs, against the emulator: the dedicated IPs with their warmup
and pools, a DIPP by name, the program's stack config as their settings, GETs only."""

from __future__ import annotations

import json

import pytest

from mailgun_infra.client import MISSING_API_KEY, Unauthorized
from mailgun_infra.config import ProviderSettings
from mailgun_infra.emulator.models import FEATURE_DIPPS, FEATURE_DYNAMIC_POOLS
from mailgun_infra.lookups import (
    DedicatedIp,
    DedicatedIpPoolInfo,
    DedicatedIpPoolLookupError,
    get_dedicated_ip_pool,
    get_dedicated_ips,
)
from tests.conftest import Emulator

# The seed's dedicated IPs; 192.0.2.20 and .21 are on warmup, the 198.51.100.x are shared.
DEDICATED = ["192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14",
             "192.0.2.15", "192.0.2.20", "192.0.2.21"]


def non_gets(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def test_every_dedicated_ip_with_its_warmup_and_pools(emulator: Emulator) -> None:
    client = emulator.client()
    tx = client.create_ip_pool("transactional", "receipts", ["192.0.2.10", "192.0.2.11"])
    client.update_dynamic_pool("dynamic_good", add_ips=["192.0.2.12"])
    emulator.backend.apply_pending_writes()
    emulator.admin("DELETE", "/requests")

    ips = {ip.ip: ip for ip in get_dedicated_ips(client=client)}
    assert sorted(ips) == DEDICATED
    assert ips["192.0.2.10"] == DedicatedIp("192.0.2.10", is_on_warmup=False, enabled=True,
                                            pool_ids=(tx,), dynamic_pool=None)
    assert ips["192.0.2.12"].dynamic_pool == "dynamic_good" and ips["192.0.2.12"].in_a_pool
    assert ips["192.0.2.20"].is_on_warmup and not ips["192.0.2.13"].is_on_warmup
    # What a program asks: every dedicated IP in no pool, warming or not.
    assert [ip.ip for ip in ips.values() if not ip.in_a_pool] == [
        "192.0.2.13", "192.0.2.14", "192.0.2.15", "192.0.2.20", "192.0.2.21"]
    assert non_gets(emulator) == []


def test_an_account_without_pool_features_has_its_ips_in_none(emulator: Emulator) -> None:
    features = emulator.backend.account.features
    features.remove(FEATURE_DIPPS)
    features.remove(FEATURE_DYNAMIC_POOLS)
    ips = get_dedicated_ips(client=emulator.client())
    assert sorted(ip.ip for ip in ips) == DEDICATED
    assert not any(ip.in_a_pool for ip in ips)


def test_a_dipp_by_name(emulator: Emulator) -> None:
    client = emulator.client()
    pool_id = client.create_ip_pool("transactional", "receipts", ["192.0.2.10"])
    client.update_ip_pool(pool_id, link_domains=[client.get_domain("mail.example.com")["id"]])
    emulator.backend.apply_pending_writes()
    emulator.admin("DELETE", "/requests")
    assert get_dedicated_ip_pool("transactional", client=client) == DedicatedIpPoolInfo(
        pool_id=pool_id, name="transactional", description="receipts", ips=("192.0.2.10",),
        is_linked=True, linked_domains=("mail.example.com",), is_inherited=False)
    assert non_gets(emulator) == []


def test_a_dipp_absent_or_ambiguous_is_a_clear_error(emulator: Emulator) -> None:
    client = emulator.client()
    with pytest.raises(DedicatedIpPoolLookupError,
                       match=r"no DIPP is named 'transactional' \(the account has none\)"):
        get_dedicated_ip_pool("transactional", client=client)
    first = client.create_ip_pool("marketing", "d", ["192.0.2.10"])
    with pytest.raises(DedicatedIpPoolLookupError, match=r"\(the account has 'marketing'\)"):
        get_dedicated_ip_pool("Marketing", client=client)
    second = client.create_ip_pool("marketing", "d", ["192.0.2.11"])
    with pytest.raises(DedicatedIpPoolLookupError,
                       match=rf"2 DIPPs are named 'marketing' \({first}, {second}\)"):
        get_dedicated_ip_pool("marketing", client=client)


def test_the_programs_stack_config_is_the_default(emulator: Emulator,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MAILGUN_API_KEY", "MAILGUN_API_URL", "MAILGUN_REGION"):
        monkeypatch.delenv(name, raising=False)
    # How the engine hands a program its stack config.
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(
        {"mailgun:apiKey": emulator.api_key, "mailgun:apiUrl": emulator.url}))
    assert sorted(ip.ip for ip in get_dedicated_ips()) == DEDICATED
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"mailgun:apiUrl": emulator.url}))
    with pytest.raises(RuntimeError, match="no Mailgun API key") as caught:
        get_dedicated_ips()
    assert str(caught.value) == MISSING_API_KEY
    # The environment, as for the provider, when the stack config says nothing.
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    assert len(get_dedicated_ips()) == len(DEDICATED)
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"mailgun:region": "mars"}))
    with pytest.raises(ValueError, match="mailgun:region must be one of eu, us, not 'mars'"):
        get_dedicated_ips()


def test_explicit_settings_and_mailguns_errors(emulator: Emulator) -> None:
    wrong = ProviderSettings(api_key="key-wrong", api_url=emulator.url)
    with pytest.raises(Unauthorized, match="401 Unauthorized on GET /v3/ips"):
        get_dedicated_ips(settings=wrong)
    right = ProviderSettings(api_key=emulator.api_key, api_url=emulator.url)
    assert len(get_dedicated_ips(settings=right)) == len(DEDICATED)
