"""Every rule of the policy pack, called as the engine calls it: passing and failing."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from mailgun_policies import POLICIES
from mailgun_policies.domains import domain_has_one_ip_source, linked_dipp_has_ips
from mailgun_policies.ip_exclusivity import (
    ip_in_dipp_or_dynamic_pool,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
    one_ip_band_per_ip,
)
from mailgun_policies.protection import production_resources_protected
from mailgun_policies.spillover import (
    spillover_dipp_has_non_warming_ip,
    spillover_dipp_is_not_the_domains_own,
)
from mailgun_policies.subaccounts import subaccount_has_monthly_limit
from mailgun_policies.warming import (
    dedicated_ip_pool_has_non_warming_ip,
    dynamic_pool_has_non_warming_ip,
)
from mailgun_policies.webhooks import (
    webhook_hosts_allowed,
    webhook_url_has_one_owner,
    webhook_urls_per_event,
    webhook_urls_use_https,
)
from tests.policies.helpers import UNKNOWN, resource, violations

POOL = "DedicatedIpPool"
DYNAMIC = "DynamicPoolMembership"


def test_every_rule_has_a_stable_name_description_and_level() -> None:
    names = [p.name for p in POLICIES]
    assert len(names) == len(set(names)) == 20
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


def test_an_ip_placed_in_a_band_twice_fails() -> None:
    first = resource("IpBand", "first", ip="192.0.2.10", ip_band="band-a")
    again = resource("IpBand", "again", ip="192.0.2.10", ip_band="band-b")
    other = resource("IpBand", "other", ip="192.0.2.11", ip_band="band-a")
    assert violations(one_ip_band_per_ip, first, again, other) == [
        "IP 192.0.2.10 is placed in a band by IpBand 'again' and IpBand 'first': the last "
        "write wins and no refresh shows it. Declare one IpBand per IP."]
    assert violations(one_ip_band_per_ip, first, other) == []


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


# -- spillover ----------------------------------------------------------------------------

def spillover(resource_name: str, pool_id: str, domain: str | None = None,
              pool: PolicyResource | None = None) -> PolicyResource:
    """``pool``: the DIPP that ``pool_id`` was computed from, as in ``pool.pool_id``."""
    props: dict[str, Any] = {"pool_id": pool_id}
    if domain is not None:
        props["domain"] = domain
    return resource("DippSpillover", resource_name, deps={"pool_id": [pool]} if pool else {},
                    **props)


def linked(resource_name: str, domain: str, pool_id: str,
           pool: PolicyResource | None = None) -> PolicyResource:
    return resource("DomainIpAssignment", resource_name,
                    deps={"pool_id": [pool]} if pool else {}, domain=domain, pool_id=pool_id,
                    replacement_ip="shared")


def test_a_domain_spilling_into_its_own_dipp_fails() -> None:
    own = linked("mail", "mail.example.com", "p1")
    assert violations(spillover_dipp_is_not_the_domains_own, own,
                      spillover("spill", "p1", "Mail.example.com")) == [
        "DippSpillover 'spill' sends the overflow of domain mail.example.com to the DIPP the "
        "domain already sends from (DomainIpAssignment 'mail'): that adds no IPs. Name "
        "another DIPP."]
    assert violations(spillover_dipp_is_not_the_domains_own, own,
                      spillover("spill", "p2", "mail.example.com")) == []
    assert violations(spillover_dipp_is_not_the_domains_own, own,
                      spillover("other", "p1", "news.example.com")) == []
    # The account's setting serves every domain: it may name any of their DIPPs.
    assert violations(spillover_dipp_is_not_the_domains_own, own, spillover("acct", "p1")) == []


def test_spilling_into_its_own_dipp_is_seen_while_the_dipp_is_new() -> None:
    new = resource(POOL, "new", name="new", ips=["192.0.2.10"], pool_id=UNKNOWN)
    other = resource(POOL, "other", name="other", ips=["192.0.2.11"], pool_id=UNKNOWN)
    own = linked("mail", "mail.example.com", UNKNOWN, pool=new)
    assert len(violations(spillover_dipp_is_not_the_domains_own, new, other, own,
                          spillover("s", UNKNOWN, "mail.example.com", pool=new))) == 1
    assert violations(spillover_dipp_is_not_the_domains_own, new, other, own,
                      spillover("s", UNKNOWN, "mail.example.com", pool=other)) == []
    # A new DIPP's id is new: it cannot be a DIPP that exists already.
    assert violations(spillover_dipp_is_not_the_domains_own, new, own,
                      spillover("s", "p1", "mail.example.com")) == []


def test_an_unknown_pool_id_that_names_no_dipp_of_the_stack_cannot_pass() -> None:
    own = linked("mail", "mail.example.com", "p1")
    with pytest.raises(UnknownValueError):
        violations(spillover_dipp_is_not_the_domains_own, own,
                   spillover("s", UNKNOWN, "mail.example.com"))


def test_a_spillover_dipp_of_warming_ips_fails() -> None:
    warm = resource(POOL, "warm", name="warm", ips=["192.0.2.20"], pool_id="p1")
    mixed = resource(POOL, "mixed", name="mixed", ips=["192.0.2.10", "192.0.2.20"],
                     pool_id="p2")
    empty = resource(POOL, "empty", name="empty", ips=[], pool_id="p3")
    pools = (warm, mixed, empty)
    assert violations(spillover_dipp_has_non_warming_ip, *pools, spillover("acct", "p1"),
                      warmingIps=["192.0.2.20"]) == [
        "DippSpillover 'acct' sends the overflow of the account to DIPP 'warm', which has "
        "only warming IPs (192.0.2.20): the overflow would be deferred as before. Name a DIPP "
        "with at least one IP that is not on warmup."]
    assert violations(spillover_dipp_has_non_warming_ip, *pools, spillover("acct", "p1")) == []
    assert violations(spillover_dipp_has_non_warming_ip, *pools,
                      spillover("s", "p2", "mail.example.com"),
                      warmingIps=["192.0.2.20"]) == []
    assert "of domain mail.example.com to DIPP 'empty', which has no IPs" in violations(
        spillover_dipp_has_non_warming_ip, *pools, spillover("s", "p3", "mail.example.com"))[0]
    # A DIPP the stack does not declare cannot be judged.
    assert violations(spillover_dipp_has_non_warming_ip, *pools, spillover("s", "p9"),
                      warmingIps=["192.0.2.10", "192.0.2.20"]) == []


def test_a_new_spillover_dipp_is_found_by_its_dependency() -> None:
    new = resource(POOL, "new", name="new", ips=["192.0.2.21"], pool_id=UNKNOWN)
    warmup = resource("IpWarmup", "w", ip="192.0.2.21")
    assert len(violations(spillover_dipp_has_non_warming_ip, new, warmup,
                          spillover("s", UNKNOWN, pool=new))) == 1
    # Updated in place, the DIPP shows its id as unknown; the reference by id stays known.
    updated = resource(POOL, "upd", name="upd", ips=["192.0.2.21"], pool_id=UNKNOWN)
    assert len(violations(spillover_dipp_has_non_warming_ip, updated, warmup,
                          spillover("s", "p1", pool=updated))) == 1


# -- subaccounts --------------------------------------------------------------------------

def test_a_subaccount_without_a_monthly_limit_is_reported() -> None:
    acme = resource("Subaccount", "acme", name="Acme", subaccount_id="s1", enabled=True)
    assert violations(subaccount_has_monthly_limit, acme) == [
        "Subaccount 'Acme' has no SubaccountSendingLimit: nothing caps what it sends in a "
        "month on the parent's IPs. Declare one, or list the subaccount in exemptSubaccounts."]
    limit = resource("SubaccountSendingLimit", "l", subaccount_id="s1", limit=1000)
    assert violations(subaccount_has_monthly_limit, acme, limit) == []
    elsewhere = resource("SubaccountSendingLimit", "l", subaccount_id="s2", limit=1000)
    assert len(violations(subaccount_has_monthly_limit, acme, elsewhere)) == 1
    assert violations(subaccount_has_monthly_limit, acme, exemptSubaccounts=["Acme"]) == []
    assert violations(subaccount_has_monthly_limit, acme, exemptSubaccounts=["acme"]) == []
    disabled = resource("Subaccount", "off", name="Off", subaccount_id="s3", enabled=False)
    assert violations(subaccount_has_monthly_limit, disabled) == []


def test_a_new_subaccount_is_matched_to_its_limit_by_dependency() -> None:
    new = resource("Subaccount", "acme", name="Acme", subaccount_id=UNKNOWN)
    other = resource("Subaccount", "beta", name="Beta", subaccount_id=UNKNOWN)
    limit = resource("SubaccountSendingLimit", "l", deps={"subaccount_id": [new]},
                     subaccount_id=UNKNOWN, limit=1000)
    assert [m.split(" has")[0] for m in violations(subaccount_has_monthly_limit, new, other,
                                                   limit)] == ["Subaccount 'Beta'"]
    orphan = resource("SubaccountSendingLimit", "o", subaccount_id=UNKNOWN, limit=1000)
    with pytest.raises(UnknownValueError):
        violations(subaccount_has_monthly_limit, new, orphan)


# -- webhook owners -----------------------------------------------------------------------

def domain_webhook_url(resource_name: str, url: str, *events: str,
                       domain: str = "mail.example.com") -> PolicyResource:
    return resource("DomainWebhookUrl", resource_name, domain=domain, url=url,
                    event_types=list(events))


def test_a_webhook_url_managed_twice_fails() -> None:
    v3 = resource("Webhook", "v3", domain="mail.example.com", event="delivered",
                  urls=["https://hooks.example.com/a", "https://hooks.example.com/b"])
    v4 = domain_webhook_url("v4", "https://hooks.example.com/a", "delivered", "opened")
    assert violations(webhook_url_has_one_owner, v3, v4) == [
        "delivered events of mail.example.com to https://hooks.example.com/a are managed by "
        "DomainWebhookUrl 'v4' and Webhook 'v3': a DomainWebhookUrl sets its URL's events on "
        "every event of the domain, so each would undo the other's changes. Keep the URL in "
        "one of them."]
    # Its PUT takes the URL off the events it does not list: delivered here.
    elsewhere = domain_webhook_url("v4", "https://hooks.example.com/a", "opened")
    assert len(violations(webhook_url_has_one_owner, v3, elsewhere)) == 1
    twin = domain_webhook_url("twin", "https://hooks.example.com/a", "clicked")
    assert violations(webhook_url_has_one_owner, elsewhere, twin) == [
        "URL https://hooks.example.com/a of mail.example.com is managed by DomainWebhookUrl "
        "'twin' and DomainWebhookUrl 'v4': each sets the URL's events and would undo the "
        "other's. Declare it once."]
    again = resource("Webhook", "again", domain="Mail.example.com", event="delivered",
                     urls=["https://hooks.example.com/c"])
    assert violations(webhook_url_has_one_owner, v3, again) == [
        "the delivered URLs of mail.example.com are managed by Webhook 'again' and Webhook "
        "'v3': each writes the event's whole URL list and would undo the other's. Declare it "
        "once."]
    v3_sharing = resource("Webhook", "v3", domain="mail.example.com", event="delivered",
                          urls=["https://hooks.example.com/a", "https://hooks.example.com/b"],
                          foreign_urls=["https://hooks.example.com/c"])
    assert violations(webhook_url_has_one_owner, v3_sharing,
                      resource("Webhook", "o", domain="mail.example.com", event="opened",
                               urls=["https://hooks.example.com/a"]),
                      domain_webhook_url("n", "https://hooks.example.com/a", "delivered",
                                         domain="news.example.com"),
                      domain_webhook_url("d", "https://hooks.example.com/c", "delivered",
                                         "delivered")) == []


def test_a_webhook_that_would_drop_a_v4_url_of_its_event_fails() -> None:
    v3 = resource("Webhook", "v3", domain="mail.example.com", event="delivered",
                  urls=["https://hooks.example.com/a"])
    v4 = domain_webhook_url("v4", "https://hooks.example.com/c", "delivered", "opened")
    assert violations(webhook_url_has_one_owner, v3, v4) == [
        "delivered events of mail.example.com to https://hooks.example.com/c are managed by "
        "DomainWebhookUrl 'v4', but Webhook 'v3' writes every URL of that event and does not "
        "list it in foreign_urls: its next write removes the URL. Add it to the Webhook's "
        "foreign_urls."]


def test_domain_webhook_urls_count_with_webhooks_and_use_https() -> None:
    v3 = resource("Webhook", "v3", domain="a.example.com", event="delivered",
                  urls=[f"https://{n}.example.com/" for n in range(2)],
                  foreign_urls=["http://3.example.com/"])
    v4 = domain_webhook_url("v4", "http://3.example.com/", "delivered", domain="a.example.com")
    assert violations(webhook_urls_per_event, v3, v4) == []
    more = domain_webhook_url("more", "https://4.example.com/", "delivered",
                              domain="a.example.com")
    assert violations(webhook_urls_per_event, v3, v4, more) == [
        "4 URLs for delivered on a.example.com: Mailgun allows 3 per event."]
    assert [m.split(" does not")[0] for m in violations(webhook_urls_use_https, v3, v4)] == [
        "webhook URL http://3.example.com/"]
