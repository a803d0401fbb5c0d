"""Every rule of the policy pack, called as the engine calls it: passing and failing."""

from __future__ import annotations

import pytest

from mailgun_policies import POLICIES
from mailgun_policies.domains import domain_has_one_ip_source, linked_dipp_has_ips
from mailgun_policies.ip_exclusivity import (
    ip_in_dipp_or_dynamic_pool,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
)
from mailgun_policies.protection import production_resources_protected
from mailgun_policies.warming import (
    dedicated_ip_pool_has_non_warming_ip,
    dynamic_pool_has_non_warming_ip,
)
from mailgun_policies.webhooks import (
    webhook_hosts_allowed,
    webhook_urls_per_event,
    webhook_urls_use_https,
)
from tests.policies.helpers import resource, violations

POOL = "DedicatedIpPool"
DYNAMIC = "DynamicPoolMembership"


def test_every_rule_has_a_stable_name_description_and_level() -> None:
    names = [p.name for p in POLICIES]
    assert len(names) == len(set(names)) == 11
    assert all(p.description and p.enforcement_level for p in POLICIES)


# -- warming ------------------------------------------------------------------------------

def test_dipp_with_a_non_warming_ip_passes() -> None:
    assert violations(dedicated_ip_pool_has_non_warming_ip,
                      resource(POOL, "p", name="p", ips=["192.0.2.10", "192.0.2.20"]),
                      warmingIps=["192.0.2.20"]) == []


def test_dipp_of_warming_ips_fails_with_warming_from_config_and_warmups() -> None:
    found = violations(dedicated_ip_pool_has_non_warming_ip,
                       resource(POOL, "p", name="p", ips=["192.0.2.20", "192.0.2.21"]),
                       resource("IpWarmup", "w", ip="192.0.2.21"),
                       warmingIps=["192.0.2.20"])
    assert found == ["DIPP 'p' has only warming IPs (192.0.2.20, 192.0.2.21): add at least "
                     "one IP that is not on warmup, or the pool's traffic is throttled to the "
                     "warmup plan."]
    assert violations(dedicated_ip_pool_has_non_warming_ip,
                      resource(POOL, "p", name="p", ips=[])) == [
        "DIPP 'p' has no IPs: add at least one IP that is not warming."]


def test_warming_flags_reported_by_pools_count() -> None:
    pool = resource(POOL, "p", name="p", ips=["192.0.2.20"], warming_ips=["192.0.2.20"])
    assert len(violations(dedicated_ip_pool_has_non_warming_ip, pool)) == 1
    other = resource(DYNAMIC, "g", pool="dynamic_good", ips=["192.0.2.21"],
                     warming_ips=["192.0.2.21"])
    assert len(violations(dedicated_ip_pool_has_non_warming_ip, other,
                          resource(POOL, "q", name="q", ips=["192.0.2.21"]))) == 1


def test_dynamic_pool_of_warming_ips_fails() -> None:
    pool = resource(DYNAMIC, "new", pool="dynamic_new", ips=["192.0.2.20"])
    assert violations(dynamic_pool_has_non_warming_ip, pool, warmingIps=["192.0.2.20"]) == [
        "dynamic pool dynamic_new has only warming IPs (192.0.2.20): Mailgun requires at "
        "least one IP that is not warming."]
    assert violations(dynamic_pool_has_non_warming_ip, pool) == []


# -- IP exclusivity -----------------------------------------------------------------------

def test_an_ip_in_two_dipps_fails() -> None:
    a = resource(POOL, "a", name="a", ips=["192.0.2.10"])
    b = resource(POOL, "b", name="b", ips=["192.0.2.10", "192.0.2.11"])
    assert violations(ip_in_one_dipp, a, b) == [
        "IP 192.0.2.10 is in 2 DIPPs ('a', 'b'); Mailgun allows one."]
    assert violations(ip_in_one_dipp, a) == []


def test_an_ip_in_two_dynamic_pools_fails() -> None:
    good = resource(DYNAMIC, "g", pool="dynamic_good", ips=["192.0.2.10"])
    poor = resource(DYNAMIC, "p", pool="dynamic_poor", ips=["192.0.2.10"])
    assert violations(ip_in_one_dynamic_pool, good, poor) == [
        "IP 192.0.2.10 is in 2 dynamic pools (dynamic_good, dynamic_poor); Mailgun allows one."]
    assert violations(ip_in_one_dynamic_pool, good) == []


def test_an_ip_in_a_dipp_and_a_dynamic_pool_or_linked_and_dynamic_fails() -> None:
    dipp = resource(POOL, "a", name="a", ips=["192.0.2.10"])
    good = resource(DYNAMIC, "g", pool="dynamic_good", ips=["192.0.2.10", "192.0.2.11"])
    link = resource("SubaccountIpLink", "l", subaccount_id="s", ips=["192.0.2.11"])
    found = violations(ip_in_dipp_or_dynamic_pool, dipp, good, link)
    assert found == [
        "IP 192.0.2.10 is in DIPP 'a' and in dynamic pool dynamic_good: a dedicated pool's "
        "IPs must not also carry dynamic pool traffic.",
        "IP 192.0.2.11 is linked to a subaccount and in dynamic pool dynamic_good of the "
        "parent: Mailgun refuses such links."]
    assert violations(ip_in_dipp_or_dynamic_pool, dipp, link) == []


# -- domains ------------------------------------------------------------------------------

def test_a_domain_with_two_ip_sources_fails() -> None:
    linked = resource("DomainIpAssignment", "a", domain="a.example.com", pool_id="p1")
    direct = resource("DomainIpAssignment", "b", domain="a.example.com", ip="192.0.2.10")
    enrolled = resource("DynamicPoolEnrollment", "c", domain="a.example.com")
    assert violations(domain_has_one_ip_source, linked, enrolled) == [
        "domain a.example.com takes IPs from a linked DIPP and dynamic pools: choose one of a "
        "linked DIPP, dynamic pools or direct IPs."]
    assert len(violations(domain_has_one_ip_source, direct, linked)) == 1
    two_dipps = resource("DomainIpAssignment", "d", domain="a.example.com", pool_id="p2")
    assert violations(domain_has_one_ip_source, linked, two_dipps) == [
        "domain a.example.com is linked to 2 DIPPs; a domain has one."]
    assert violations(domain_has_one_ip_source, linked,
                      resource("DomainIpAssignment", "e", domain="b.example.com",
                               ip="192.0.2.10")) == []


def test_linking_an_empty_dipp_fails() -> None:
    empty = resource(POOL, "empty", name="empty", ips=[], pool_id="p1")
    full = resource(POOL, "full", name="full", ips=["192.0.2.10"], pool_id="p2")
    assert violations(linked_dipp_has_ips, empty, full, resource(
        "DomainIpAssignment", "a", domain="a.example.com", pool_id="p1")) == [
        "domain a.example.com links DIPP 'empty', which has no IPs: Mailgun refuses to link "
        "an empty DIPP."]
    assert violations(linked_dipp_has_ips, empty, full, resource(
        "DomainIpAssignment", "a", domain="a.example.com", pool_id="p2")) == []


# -- webhooks -----------------------------------------------------------------------------

def test_webhook_urls_use_https_unless_the_host_is_allowed() -> None:
    hook = resource("Webhook", "h", domain="a.example.com", event="delivered",
                    urls=["http://localhost:8080/hook", "https://hooks.example.com/"])
    account = resource("AccountWebhook", "a", url="http://receiver.example.com/",
                       event_types=["opened"])
    found = violations(webhook_urls_use_https, hook, account)
    assert [m.split(" does not")[0] for m in found] == [
        "webhook URL http://localhost:8080/hook", "webhook URL http://receiver.example.com/"]
    assert violations(webhook_urls_use_https, hook, account,
                      allowHttpHosts=["localhost", "receiver.example.com"]) == []


def test_webhook_url_limit_and_known_events() -> None:
    hooks = [resource("AccountWebhook", f"a{n}", url=f"https://{n}.example.com/",
                      event_types=["delivered"]) for n in range(4)]
    assert violations(webhook_urls_per_event, *hooks) == [
        "4 URLs for delivered on the account: Mailgun allows 3 per event."]
    assert violations(webhook_urls_per_event, *hooks[:3]) == []
    bad = resource("Webhook", "b", domain="a.example.com", event="bounce",
                   urls=["https://x.example.com/"])
    assert violations(webhook_urls_per_event, bad)[0].startswith(
        "'bounce' is not a webhook event Mailgun knows")


def test_webhook_hosts_come_from_the_allowed_list() -> None:
    hook = resource("Webhook", "h", domain="a.example.com", event="delivered",
                    urls=["https://hooks.example.com/", "https://evil.example.net/"])
    assert violations(webhook_hosts_allowed, hook) == []
    assert violations(webhook_hosts_allowed, hook, allowedHosts=["example.com"]) == [
        "webhook host evil.example.net is not in allowedHosts: events would go to a receiver "
        "nobody approved."]


# -- protection ---------------------------------------------------------------------------

def test_production_stacks_protect_pools_subaccounts_and_assignments(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The stack's name comes from the URNs: the engine sets no PULUMI_STACK for the pack.
    monkeypatch.delenv("PULUMI_STACK", raising=False)
    pool = resource(POOL, "p", stack="prod", name="p", ips=["192.0.2.10"])
    sub = resource("Subaccount", "s", protect=True, stack="prod", name="s")
    assert violations(production_resources_protected, pool, sub,
                      productionStacks=["prod"]) == [
        "DedicatedIpPool 'p' is not protected in production stack 'prod': set protect=True so "
        "a destroy cannot remove it."]
    assert violations(production_resources_protected, pool, sub,
                      productionStacks=["live"]) == []
