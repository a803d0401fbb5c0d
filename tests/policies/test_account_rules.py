"""The rules that read the account, called as the engine calls them: facts that a resource
of the stack carries (``account_facts``, written by its ``check``) judged with the stack's
declarations, and an account that could not be read reported, never passed. Through the real
CLI: tests/e2e/test_account_facts.py."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_policy import StackValidationArgs

from mailgun_policies._account import AccountUnread
from mailgun_policies.domains import linked_dipp_has_ips
from mailgun_policies.ip_exclusivity import (
    ip_in_dipp_or_dynamic_pool,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
)
from mailgun_policies.warming import dedicated_ip_pool_has_non_warming_ip
from tests.policies.helpers import UNKNOWN, resource, violations

POOL, DYNAMIC, LINK = "DedicatedIpPool", "DynamicPoolMembership", "SubaccountIpLink"


def ip(warming: bool = False, dipps: tuple[tuple[str, str], ...] = (),
       dynamic_pool: str | None = None) -> dict[str, Any]:
    return {"warming": warming, "dipps": [{"id": i, "name": n} for i, n in dipps],
            "dynamic_pool": dynamic_pool}


def test_an_ip_of_a_dipp_the_stack_manages_is_judged_by_the_stack() -> None:
    # "a" moves 192.0.2.10 to "b" in this update: the account still shows it in "a".
    a = resource(POOL, "a", name="a", ips=["192.0.2.11"], pool_id=UNKNOWN,
                 account_facts={"self": "id-a", "ips": {"192.0.2.11": ip(dipps=(("id-a", "a"),))}})
    b = resource(POOL, "b", name="b", ips=["192.0.2.10"], pool_id=UNKNOWN,
                 account_facts={"self": "id-b", "ips": {"192.0.2.10": ip(dipps=(("id-a", "a"),))}})
    assert violations(ip_in_one_dipp, a, b) == []
    # Without "a" in the stack, its DIPP is someone else's.
    assert violations(ip_in_one_dipp, b) == [
        "IP 192.0.2.10 of DIPP 'b' is in DIPP 'a' (id-a) of the account, which this stack "
        "does not manage: Mailgun allows one DIPP per IP."]


def test_an_unchanged_dipp_of_the_stack_is_known_by_its_pool_id() -> None:
    kept = resource(POOL, "kept", name="kept", ips=["192.0.2.10"], pool_id="id-kept")
    new = resource(POOL, "new", name="new", ips=["192.0.2.10"],
                   account_facts={"ips": {"192.0.2.10": ip(dipps=(("id-kept", "kept"),))}})
    # The stack itself then holds the IP twice: the declared rule says so, once.
    assert violations(ip_in_one_dipp, kept, new) == [
        "IP 192.0.2.10 is in 2 DIPPs ('kept', 'new'); Mailgun allows one."]


def test_an_ip_in_a_dynamic_pool_outside_the_stack() -> None:
    membership = resource(DYNAMIC, "good", pool="dynamic_good", ips=["192.0.2.10"],
                          account_facts={"ips": {"192.0.2.10": ip(dynamic_pool="dynamic_poor")}})
    assert violations(ip_in_one_dynamic_pool, membership) == [
        "IP 192.0.2.10 of dynamic pool dynamic_good is in dynamic pool dynamic_poor of the "
        "account, which this stack does not manage: Mailgun allows one."]
    poor = resource(DYNAMIC, "poor", pool="dynamic_poor", ips=["192.0.2.11"])
    assert violations(ip_in_one_dynamic_pool, membership, poor) == []


@pytest.mark.parametrize(("kind", "props", "message"), [
    (POOL, {"name": "tx"}, "IP 192.0.2.10 is in DIPP 'tx' and in dynamic pool dynamic_new "
     "of the account, which this stack does not manage: take it out of the dynamic pool "
     "first."),
    (LINK, {"subaccount_id": "sub-1"}, "IP 192.0.2.10 is linked to a subaccount and in "
     "dynamic pool dynamic_new of the account, which this stack does not manage: take it out "
     "of the dynamic pool first."),
])
def test_a_dipp_or_link_ip_in_a_dynamic_pool_outside_the_stack(
        kind: str, props: dict[str, Any], message: str) -> None:
    held = resource(kind, "r", ips=["192.0.2.10"], **props,
                    account_facts={"ips": {"192.0.2.10": ip(dynamic_pool="dynamic_new")}})
    assert violations(ip_in_dipp_or_dynamic_pool, held) == [message]


def test_a_dynamic_pool_ip_in_a_dipp_outside_the_stack() -> None:
    membership = resource(DYNAMIC, "good", pool="dynamic_good", ips=["192.0.2.10"],
                          account_facts={"ips": {"192.0.2.10": ip(dipps=(("id-x", "x"),))}})
    assert violations(ip_in_dipp_or_dynamic_pool, membership) == [
        "IP 192.0.2.10 of dynamic pool dynamic_good is in DIPP 'x' (id-x) of the account, "
        "which this stack does not manage: a dedicated pool's IPs must not also carry "
        "dynamic pool traffic."]


def test_a_domain_linked_to_an_empty_dipp_outside_the_stack() -> None:
    assignment = resource("DomainIpAssignment", "mail", domain="mail.example.com",
                          pool_id="id-x", account_facts={"dipps": {"id-x": {
                              "name": "x", "ips": [], "warming_ips": []}}})
    assert violations(linked_dipp_has_ips, assignment) == [
        "domain mail.example.com links DIPP 'x' (id-x) of the account, which has no IPs: "
        "Mailgun refuses to link an empty DIPP."]


def test_an_unread_account_is_reported_after_what_the_stack_shows() -> None:
    unread = {"unread": ["IPs on warmup (GET /v3/ips): 503 Service Unavailable"]}
    empty = resource(POOL, "empty", name="empty", ips=[], account_facts=unread)
    ok = resource(POOL, "ok", name="ok", ips=["192.0.2.10"], account_facts=unread)
    found: list[str] = []
    args = StackValidationArgs(resources=[empty, ok], config={})
    with pytest.raises(AccountUnread) as raised:
        dedicated_ip_pool_has_non_warming_ip.validate(args, lambda m, urn=None: found.append(m))
    # What the stack alone shows is reported first; then what could not be checked.
    assert found == ["DIPP 'empty' has no IPs: add at least one IP that is not warming."]
    assert raised.value.message == (
        "could not read the account: IPs on warmup (GET /v3/ips): 503 Service Unavailable, "
        "for DedicatedIpPool 'empty', DedicatedIpPool 'ok'. Judged on the stack's "
        "declarations only.")


def test_resources_without_facts_are_not_unverified() -> None:
    unchanged = resource(POOL, "kept", name="kept", ips=["192.0.2.10"], pool_id="id-kept")
    assert violations(dedicated_ip_pool_has_non_warming_ip, unchanged) == []
