"""The account facts a resource's ``check`` adds for the policy pack: GETs only, shared
by the resources of a process, read only for a resource that changes, what could not be read
said, never a change in ``diff``. The pack's side is tests/e2e/test_account_facts.py."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from mailgun_infra.facts import ACCOUNT_FACTS
from mailgun_infra.resources import MailgunProvider
from mailgun_infra.resources.dedicated_ip_pool import DedicatedIpPoolProvider
from mailgun_infra.resources.dipp_spillover import DippSpilloverProvider
from mailgun_infra.resources.webhook import WebhookProvider
from tests.conftest import Emulator

WARMING_IP = "192.0.2.20"  # on warmup in the seed


def pool(**overrides: Any) -> dict[str, Any]:
    return {"name": "tx", "description": "d", "ips": ["192.0.2.10"], **overrides}


def gets(emulator: Emulator) -> list[str]:
    log = emulator.requests_log()
    assert all(r["method"] == "GET" for r in log), log
    return [r["path"] for r in log]


def configured(provider: MailgunProvider[Any], emulator: Emulator,
               api_key: str | None) -> MailgunProvider[Any]:
    config = {"mailgun:apiUrl": emulator.url, "mailgun:waitScale": "0"}
    if api_key is not None:
        config["mailgun:apiKey"] = api_key
    provider.configure(ConfigureRequest(Config(config, "mailgun-infra")))
    return provider


def test_a_new_pool_learns_its_ips_with_three_shared_gets(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    emulator.admin("DELETE", "/requests")
    first = provider.check({}, pool(ips=[WARMING_IP, "192.0.2.10"])).inputs[ACCOUNT_FACTS]
    assert first == {"ips": {
        "192.0.2.10": {"warming": False, "dipps": [], "dynamic_pool": None},
        WARMING_IP: {"warming": True, "dipps": [], "dynamic_pool": None},
    }}
    assert sorted(gets(emulator)) == ["/v3/dynamic_pools", "/v3/ip_pools", "/v3/ips"]
    # Another resource of the process: the same listings, no call.
    emulator.admin("DELETE", "/requests")
    other = emulator.provider(DedicatedIpPoolProvider)
    assert other.check({}, pool(name="mx", ips=["192.0.2.11"])).inputs[ACCOUNT_FACTS]
    assert gets(emulator) == []


def test_an_unchanged_resource_reads_nothing_and_carries_no_facts(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    olds = provider.check({}, pool()).inputs
    emulator.admin("DELETE", "/requests")
    again = provider.check(olds, pool()).inputs
    assert ACCOUNT_FACTS not in again
    assert emulator.requests_log() == []
    assert provider.diff("id", {**olds, "pool_id": "id"}, again).changes is False


def test_a_pool_knows_which_of_the_accounts_it_is_and_who_else_holds_its_ips(
        emulator: Emulator) -> None:
    client = emulator.client()
    ours = client.create_ip_pool("tx", "d", ["192.0.2.10"])
    theirs = client.create_ip_pool("theirs", "d", ["192.0.2.11"])
    provider = emulator.provider(DedicatedIpPoolProvider)
    olds = provider.check({}, pool()).inputs
    # Renamed, and given an IP another DIPP holds: found by its old name.
    facts = provider.check(olds, pool(name="renamed", ips=["192.0.2.10", "192.0.2.11"])
                           ).inputs[ACCOUNT_FACTS]
    assert facts["self"] == ours
    assert facts["ips"]["192.0.2.11"]["dipps"] == [{"id": theirs, "name": "theirs"}]
    assert facts["ips"]["192.0.2.10"]["dipps"] == [{"id": ours, "name": "tx"}]


def test_an_adopting_pool_is_the_one_it_adopts(emulator: Emulator) -> None:
    ours = emulator.client().create_ip_pool("tx", "d", ["192.0.2.10"])
    provider = emulator.provider(DedicatedIpPoolProvider)
    assert provider.check({}, pool(adopt=True)).inputs[ACCOUNT_FACTS]["self"] == ours
    assert "self" not in provider.check({}, pool()).inputs[ACCOUNT_FACTS]


def test_a_spillover_learns_the_dipp_it_names(emulator: Emulator) -> None:
    pool_id = emulator.client().create_ip_pool("warm", "d", [WARMING_IP, "192.0.2.10"])
    provider = emulator.provider(DippSpilloverProvider)
    facts = provider.check({}, {"pool_id": pool_id}).inputs[ACCOUNT_FACTS]
    assert facts["dipps"] == {pool_id: {"name": "warm", "ips": ["192.0.2.10", WARMING_IP],
                                        "warming_ips": [WARMING_IP]}}


def test_a_kind_that_names_no_ip_reads_nothing(emulator: Emulator) -> None:
    provider = emulator.provider(WebhookProvider)
    emulator.admin("DELETE", "/requests")
    checked = provider.check({}, {"domain": "mail.example.com", "event": "opened",
                                  "urls": ["https://hooks.example.com/o"]})
    assert checked.failures == [] and ACCOUNT_FACTS not in checked.inputs
    assert emulator.requests_log() == []


def test_without_a_key_the_account_is_unread_and_nothing_is_sent(emulator: Emulator) -> None:
    provider = configured(DedicatedIpPoolProvider(), emulator, None)
    emulator.admin("DELETE", "/requests")
    assert provider.check({}, pool()).inputs[ACCOUNT_FACTS] == {"unread": [
        "no Mailgun API key (mailgun:apiKey or mailgun:readApiKey)"]}
    assert emulator.requests_log() == []


def test_a_key_mailgun_refuses_is_said_once_per_listing(emulator: Emulator) -> None:
    provider = configured(DedicatedIpPoolProvider(), emulator, "key-not-this-accounts")
    emulator.admin("DELETE", "/requests")
    facts = provider.check({}, pool()).inputs[ACCOUNT_FACTS]
    assert "ips" not in facts
    assert [u.split(":")[0] for u in facts["unread"]] == [
        "IPs on warmup (GET /v3/ips)", "DIPPs (GET /v3/ip_pools)",
        "dynamic pools (GET /v3/dynamic_pools)"]
    assert all("401" in u for u in facts["unread"]), facts["unread"]
    assert all("key-not-this-accounts" not in u for u in facts["unread"])
    sent = len(emulator.requests_log())
    # The next resource does not wait out the same refusals again.
    other = configured(DedicatedIpPoolProvider(), emulator, "key-not-this-accounts")
    assert other.check({}, pool(name="mx")).inputs[ACCOUNT_FACTS]["unread"]
    assert len(emulator.requests_log()) == sent


def test_facts_are_no_input_of_a_create_or_a_diff(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    checked = provider.check({}, pool()).inputs
    created = provider.create(checked)
    assert ACCOUNT_FACTS not in created.outs
    later = provider.check(checked, pool(description="new")).inputs
    assert ACCOUNT_FACTS in later
    diff = provider.diff(str(created.id), dict(created.outs), later)
    assert diff.changes is True and diff.replaces == []
