"""The policy pack through the real CLI: every mandatory rule stops a preview, the config
changes levels and settings, and the demo stack passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_policy import EnforcementLevel

from mailgun_infra.facts import WEBHOOK
from mailgun_policies import POLICIES as RULES
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Result, Workspace

pytestmark = pytest.mark.e2e

POLICIES = str(ROOT / "policies")

# One stack that breaks every mandatory rule at once; each entry is valid on its own, so
# only the policy pack can see what is wrong.
BREAKS_EVERYTHING: dict[str, Any] = {
    "subaccounts": {"acme": {"name": "Acme"}},
    "ip_warmups": {"w": {"ip": "192.0.2.21"}},
    "dedicated_ip_pools": {
        "warm": {"name": "warm", "description": "d", "ips": ["192.0.2.21"]},
        "a": {"name": "a", "description": "d", "ips": ["192.0.2.10"]},
        "b": {"name": "b", "description": "d", "ips": ["192.0.2.10", "192.0.2.11"]},
        "empty": {"name": "empty", "description": "d", "ips": []},
    },
    "dynamic_pool_memberships": {
        "good": {"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.12"]},
        "poor": {"pool": "dynamic_poor", "ips": ["192.0.2.12", "192.0.2.13"]},
        "new": {"pool": "dynamic_new", "ips": ["192.0.2.21"]},
    },
    "subaccount_ip_links": {
        "acme": {"subaccount_id": "${subaccounts.acme.subaccount_id}", "ips": ["192.0.2.13"]},
    },
    "dipp_spillovers": {
        # Into the DIPP the domain sends from (its DomainIpAssignment "mail" links "a").
        "mail": {"domain": "mail.example.com", "pool_id": "${dedicated_ip_pools.a.pool_id}"},
        "account": {"pool_id": "${dedicated_ip_pools.warm.pool_id}"},
    },
    "domain_ip_assignments": {
        "mail": {"domain": "mail.example.com", "pool_id": "${dedicated_ip_pools.a.pool_id}",
                 "replacement_ip": "shared"},
        "news": {"domain": "news.example.com",
                 "pool_id": "${dedicated_ip_pools.empty.pool_id}", "replacement_ip": "shared"},
    },
    "dynamic_pool_enrollments": {
        "mail": {"domain": "mail.example.com", "replacement_ip": "shared"},
    },
    "webhooks": {
        "plain": {"domain": "mail.example.com", "event": "delivered",
                  "urls": ["http://hooks.example.com/delivered"]},
        # The same event of the same domain: two owners of its URL list. (The spec refuses
        # a URL that is also a domain_webhook_urls entry's; a program is tested below.)
        "plain-again": {"domain": "mail.example.com", "event": "delivered",
                        "urls": ["http://hooks.example.com/delivered"]},
    },
    "account_webhooks": {
        f"h{n}": {"url": f"https://h{n}.example.com/", "event_types": ["delivered"]}
        for n in range(4)
    },
}

MANDATORY = [
    "dedicated-ip-pool-has-non-warming-ip",
    "dynamic-pool-has-non-warming-ip",
    "ip-in-one-dipp",
    "ip-in-one-dynamic-pool",
    "ip-in-dipp-or-dynamic-pool",
    "domain-has-one-ip-source",
    "linked-dipp-has-ips",
    "spillover-dipp-is-not-the-domains-own",
    "spillover-dipp-has-non-warming-ip",
    "webhook-urls-use-https",
    "webhook-urls-per-event",
    "webhook-url-has-one-owner",
]
# Mandatory rules whose breach the spec refuses itself: a program breaks them below.
PROGRAM_ONLY_RULES = ["one-ip-band-per-ip", "one-membership-per-dynamic-pool",
                      "one-enrollment-per-domain", "one-warmup-per-ip",
                      "one-ip-link-per-subaccount"]


def flagged(level: str, rule: str) -> str:
    """How the CLI lists a violation of ``rule``: its level, then the rule's severity."""
    [severity] = [p.severity.value for p in RULES if p.name == rule and p.severity]
    return f"[{level}] [severity: {severity}]  {rule}"


def preview(ws: Workspace, tmp_path: Path, config: dict[str, Any] | None = None) -> Result:
    args = ["preview", "--policy-pack", POLICIES]
    if config is not None:
        path = tmp_path / "policy-config.json"
        path.write_text(json.dumps(config))
        args += ["--policy-pack-config", str(path)]
    return ws.run(*args)


def test_every_mandatory_rule_has_a_real_preview_case() -> None:
    mandatory = {p.name for p in RULES if p.enforcement_level == EnforcementLevel.MANDATORY}
    assert mandatory == {*MANDATORY, *PROGRAM_ONLY_RULES}


@pytest.mark.parametrize("read_only", [False, True], ids=["admin key", "read-only key"])
def test_every_mandatory_rule_stops_the_preview(tmp_path: Path, emulator: Emulator,
                                                read_only: bool) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    if read_only:
        ws.read_only(emulator.new_key("basic"))
        emulator.admin("DELETE", "/requests")
    ws.set_spec(BREAKS_EVERYTHING)
    result = preview(ws, tmp_path)
    assert result.code != 0
    missing = [rule for rule in MANDATORY if flagged("mandatory", rule) not in result.output]
    assert missing == [], result.output
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []


def test_a_one_resource_rule_by_config_and_in_an_up_without_preview(
        tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"webhooks": {"local": {
        "domain": "mail.example.com", "event": "opened",
        "urls": ["http://localhost:8080/mailgun"]}}})
    rule = "webhook-urls-use-https"

    blocked = preview(ws, tmp_path)
    assert blocked.code != 0 and flagged("mandatory", rule) in blocked.output

    advisory = preview(ws, tmp_path, {rule: {"enforcementLevel": "advisory"}})
    assert advisory.code == 0, advisory.output
    assert flagged("advisory", rule) in advisory.output

    disabled = preview(ws, tmp_path, {rule: "disabled"})
    assert disabled.code == 0 and rule not in disabled.output

    allowed = preview(ws, tmp_path, {rule: {"allowHttpHosts": ["localhost"]}})
    assert allowed.code == 0 and rule not in allowed.output

    # A resource policy: the engine judges the Webhook before writing it, so an update
    # that skips the preview stops too, with nothing written to Mailgun or the state.
    up = ws.run("up", "--yes", "--skip-preview", "--policy-pack", POLICIES)
    assert up.code != 0 and flagged("mandatory", rule) in up.output, up.output
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []
    assert ws.ids(WEBHOOK) == {}


def test_the_demo_stack_passes_the_pack(tmp_path: Path, emulator: Emulator) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(config["mailgun-infra:spec"])
    result = preview(ws, tmp_path, json.loads(
        (ROOT / "policies" / "examples" / "dev.json").read_text()))
    assert result.code == 0, result.output
    assert "[mandatory]" not in result.output and "[advisory]" not in result.output


def test_warming_reported_by_mailgun_reaches_the_policy(tmp_path: Path,
                                                        emulator: Emulator) -> None:
    """192.0.2.20 is on warmup in the seed: neither the config nor an IpWarmup says so. The
    preview reads it from the account; once the pool exists (made without the pack), its
    outputs carry Mailgun's flag, so a later preview stops though the pool is unchanged."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {"late": {"name": "late", "description": "d",
                                                 "ips": ["192.0.2.20"]}}})
    first = preview(ws, tmp_path)
    assert first.code != 0
    assert ("DIPP 'late' has only warming IPs (192.0.2.20; on warmup in the account: "
            "192.0.2.20)") in first.output, first.output
    ws.up()
    result = preview(ws, tmp_path)
    assert result.code != 0
    assert "DIPP 'late' has only warming IPs (192.0.2.20)" in result.output


def test_a_production_stack_is_told_to_protect_its_pools(tmp_path: Path,
                                                         emulator: Emulator) -> None:
    """The pack learns the stack's name from the URNs: the engine gives it no PULUMI_STACK."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key, stack="prod")
    ws.set_spec({"dedicated_ip_pools": {"tx": {"name": "tx", "description": "d",
                                               "ips": ["192.0.2.10"]}}})
    rule = "production-resources-protected"
    result = preview(ws, tmp_path, {rule: {"productionStacks": ["prod"]}})
    assert result.code == 0, result.output
    assert flagged("advisory", rule) in result.output
    assert "DedicatedIpPool 'tx' is not protected in production stack 'prod'" in result.output
    elsewhere = preview(ws, tmp_path, {rule: {"productionStacks": ["prod-eu"]}})
    assert rule not in elsewhere.output


def test_a_subaccount_without_a_monthly_limit_is_advised(tmp_path: Path,
                                                         emulator: Emulator) -> None:
    """Advisory by default; the limit is found by its dependency on a subaccount that is
    new, so its id is unknown at preview."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    subaccounts = {"acme": {"name": "Acme"}}
    ws.set_spec({"subaccounts": subaccounts})
    rule = "subaccount-has-monthly-limit"
    result = preview(ws, tmp_path)
    assert result.code == 0, result.output
    assert flagged("advisory", rule) in result.output
    assert "Subaccount 'Acme' has no SubaccountSendingLimit" in result.output
    assert preview(ws, tmp_path, {rule: "mandatory"}).code != 0

    ws.set_spec({"subaccounts": subaccounts, "subaccount_sending_limits": {"acme": {
        "subaccount_id": "${subaccounts.acme.subaccount_id}", "limit": 1000}}})
    limited = preview(ws, tmp_path, {rule: "mandatory"})
    assert limited.code == 0, limited.output
    assert rule not in limited.output


# What the spec refuses but a program may declare: one URL through both webhook APIs, a
# v4 URL that the event's v3 Webhook does not keep, and two owners of one object (one IP in
# two IpBands, one dynamic pool, domain, warmup, subaccount's links), written in two forms.
PROGRAM_ONLY = """\
from mailgun_infra.resources import (
    DomainWebhookUrl, DynamicPoolEnrollment, DynamicPoolMembership, IpBand, IpWarmup,
    Subaccount, SubaccountIpLink, Webhook)

Webhook("v3", domain="mail.example.com", event="delivered",
        urls=["https://hooks.example.com/a"])
DomainWebhookUrl("v4", domain="mail.example.com", url="https://hooks.example.com/a",
                 event_types=["delivered", "opened"])
DomainWebhookUrl("v4-only", domain="mail.example.com", url="https://hooks.example.com/b",
                 event_types=["delivered"])
IpBand("first", ip="192.0.2.10", ip_band="band-a")
IpBand("again", ip="::ffff:192.0.2.10", ip_band="band-b")
DynamicPoolMembership("good", pool="dynamic_good", ips=["192.0.2.11"])
DynamicPoolMembership("good-again", pool="dynamic_good", ips=["192.0.2.12"])
DynamicPoolEnrollment("news", domain="news.example.com", replacement_ip="shared")
DynamicPoolEnrollment("news-again", domain="News.Example.COM", replacement_ip="shared")
IpWarmup("warm", ip="192.0.2.14")
IpWarmup("warm-again", ip="::ffff:192.0.2.14")
IpWarmup("warm-v6", ip="2001:db8::a")
IpWarmup("warm-v6-again", ip="2001:0DB8:0000::000A")
acme = Subaccount("acme", name="Acme")
SubaccountIpLink("acme", subaccount_id=acme.subaccount_id, ips=["192.0.2.15"])
SubaccountIpLink("acme-again", subaccount_id=acme.id, ips=["192.0.2.16"])
"""
# Each duplicate owner of PROGRAM_ONLY, as the pack names it.
TWO_OWNERS = [
    "IP 192.0.2.10 is placed in a band by IpBand 'again' and IpBand 'first'",
    "dynamic pool dynamic_good is managed by DynamicPoolMembership 'good' and "
    "DynamicPoolMembership 'good-again'",
    "domain news.example.com is managed by DynamicPoolEnrollment 'news' and "
    "DynamicPoolEnrollment 'news-again'",
    "IP 192.0.2.14 is managed by IpWarmup 'warm' and IpWarmup 'warm-again'",
    "IP 2001:db8::a is managed by IpWarmup 'warm-v6' and IpWarmup 'warm-v6-again'",
    "subaccount 'Acme' is managed by SubaccountIpLink 'acme' and SubaccountIpLink "
    "'acme-again'",
]


@pytest.mark.parametrize("read_only", [False, True], ids=["admin key", "read-only key"])
def test_what_only_a_program_can_declare_stops_the_preview(tmp_path: Path, emulator: Emulator,
                                                           read_only: bool) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    if read_only:
        ws.read_only(emulator.new_key("basic"))
        emulator.admin("DELETE", "/requests")
    (ws.dir / "stacks" / "__main__.py").write_text(PROGRAM_ONLY)
    result = preview(ws, tmp_path)
    assert result.code != 0
    output = " ".join(result.output.split())
    assert " ".join(flagged("mandatory", "webhook-url-has-one-owner").split()) in output, \
        result.output
    assert ("delivered events of mail.example.com to https://hooks.example.com/a are managed "
            "by DomainWebhookUrl 'v4' and Webhook 'v3'") in output, result.output
    assert ("to https://hooks.example.com/b are managed by DomainWebhookUrl 'v4-only', but "
            "Webhook 'v3' writes every URL of that event") in output, result.output
    assert all(" ".join(flagged("mandatory", rule).split()) in output
               for rule in PROGRAM_ONLY_RULES), result.output
    assert [owners for owners in TWO_OWNERS if owners not in output] == [], result.output
    # The account is read for the pack (GETs), never written.
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []
