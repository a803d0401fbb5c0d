"""One owner per Mailgun object, in the pack: for programs that declare the resources
themselves, where no spec check runs."""

from __future__ import annotations

import pytest
from pulumi_policy import PolicyResource, StackValidationPolicy
from pulumi_policy.proxy import UnknownValueError

from mailgun_policies.ip_exclusivity import ip_in_one_dipp, one_ip_band_per_ip
from mailgun_policies.owners import (
    one_enrollment_per_domain,
    one_ip_link_per_subaccount,
    one_membership_per_dynamic_pool,
    one_warmup_per_ip,
)
from tests.policies.helpers import UNKNOWN, resource, violations

ENROLL, LINK, SUB, WARMUP = ("DynamicPoolEnrollment", "SubaccountIpLink", "Subaccount",
                             "IpWarmup")


@pytest.mark.parametrize(("policy", "first", "again", "other", "message"), [
    (one_membership_per_dynamic_pool,
     resource("DynamicPoolMembership", "first", pool="dynamic_good", ips=["192.0.2.10"]),
     resource("DynamicPoolMembership", "again", pool="dynamic_good", ips=["192.0.2.11"]),
     resource("DynamicPoolMembership", "other", pool="dynamic_poor", ips=["192.0.2.12"]),
     "dynamic pool dynamic_good is managed by DynamicPoolMembership 'again' and "
     "DynamicPoolMembership 'first': each writes the pool's whole IP list and would undo "
     "the other's, and refresh would flip them. Declare one."),
    (one_enrollment_per_domain,
     resource(ENROLL, "first", domain="news.example.com", replacement_ip="shared"),
     resource(ENROLL, "again", domain="News.Example.COM.", replacement_ip="shared"),
     resource(ENROLL, "other", domain="mail.example.com", replacement_ip="shared"),
     "domain news.example.com is managed by DynamicPoolEnrollment 'again' and "
     "DynamicPoolEnrollment 'first': each writes the domain's enrollment and would undo "
     "the other's, and refresh would flip them. Declare one."),
    (one_warmup_per_ip,
     resource(WARMUP, "first", ip="192.0.2.10"),
     resource(WARMUP, "again", ip="::ffff:192.0.2.10"),
     resource(WARMUP, "other", ip="192.0.2.11"),
     "IP 192.0.2.10 is managed by IpWarmup 'again' and IpWarmup 'first': each writes the "
     "IP's warmup and would undo the other's, and refresh would flip them. Declare one."),
    (one_warmup_per_ip,
     resource(WARMUP, "first", ip="fe80::1%eth0"),
     resource(WARMUP, "again", ip="FE80:0000::0001"),
     resource(WARMUP, "other", ip="fe80::2"),
     "IP fe80::1 is managed by IpWarmup 'again' and IpWarmup 'first': each writes the "
     "IP's warmup and would undo the other's, and refresh would flip them. Declare one."),
    (one_ip_link_per_subaccount,
     resource(LINK, "first", subaccount_id="sub-1", ips=["192.0.2.10"]),
     resource(LINK, "again", subaccount_id="sub-1", ips=["192.0.2.11"]),
     resource(LINK, "other", subaccount_id="sub-2", ips=["192.0.2.12"]),
     "subaccount sub-1 is managed by SubaccountIpLink 'again' and SubaccountIpLink "
     "'first': each writes all the subaccount's IP links and would undo the other's, and "
     "refresh would flip them. Declare one."),
])
def test_two_owners_of_one_object_fail(policy: StackValidationPolicy, first: PolicyResource,
                                       again: PolicyResource, other: PolicyResource,
                                       message: str) -> None:
    assert violations(policy, first, again, other) == [message]
    assert violations(policy, first, other) == []


def test_an_ip_band_counts_an_ip_in_any_form() -> None:
    first = resource("IpBand", "first", ip="192.0.2.10", ip_band="band-a")
    again = resource("IpBand", "again", ip="::ffff:c000:20a", ip_band="band-b")
    assert violations(one_ip_band_per_ip, first, again) == [
        "IP 192.0.2.10 is placed in a band by IpBand 'again' and IpBand 'first': the last "
        "write wins and no refresh shows it. Declare one IpBand per IP."]


def test_an_ip_in_two_dipps_counts_in_any_form() -> None:
    assert len(violations(
        ip_in_one_dipp,
        resource("DedicatedIpPool", "a", name="a", ips=["192.0.2.10"]),
        resource("DedicatedIpPool", "b", name="b", ips=["::ffff:192.0.2.10"]))) == 1


def test_links_of_a_new_subaccount_are_matched_by_dependency() -> None:
    """At preview a new subaccount's id is unknown: the links depend on it all the same."""
    sub = resource(SUB, "acme", name="Acme", subaccount_id=UNKNOWN)
    other = resource(SUB, "beta", name="Beta", subaccount_id=UNKNOWN)
    first = resource(LINK, "first", deps={"subaccount_id": [sub]}, subaccount_id=UNKNOWN,
                     ips=["192.0.2.10"])
    again = resource(LINK, "again", deps={"subaccount_id": [sub]}, subaccount_id=UNKNOWN,
                     ips=["192.0.2.11"])
    beta = resource(LINK, "beta", deps={"subaccount_id": [other]}, subaccount_id=UNKNOWN,
                    ips=["192.0.2.12"])
    assert violations(one_ip_link_per_subaccount, sub, other, first, again, beta) == [
        "subaccount 'Acme' is managed by SubaccountIpLink 'again' and SubaccountIpLink "
        "'first': each writes all the subaccount's IP links and would undo the other's, and "
        "refresh would flip them. Declare one."]
    assert violations(one_ip_link_per_subaccount, sub, other, first, beta) == []


def test_a_link_by_id_and_a_link_by_reference_to_one_subaccount_fail() -> None:
    """A subaccount updated in place: its id output is unknown, references to it are not;
    a link that writes the id itself is matched to the same subaccount once ids are known."""
    updating = resource(SUB, "acme", name="Acme", subaccount_id=UNKNOWN)
    by_reference = resource(LINK, "ref", deps={"subaccount_id": [updating]},
                            subaccount_id="sub-1", ips=["192.0.2.10"])
    by_id = resource(LINK, "literal", subaccount_id="sub-1", ips=["192.0.2.11"])
    assert violations(one_ip_link_per_subaccount, updating, by_reference, by_id) == [
        "subaccount 'Acme' is managed by SubaccountIpLink 'literal' and SubaccountIpLink "
        "'ref': each writes all the subaccount's IP links and would undo the other's, and "
        "refresh would flip them. Declare one."]
    known = resource(SUB, "acme", name="Acme", subaccount_id="sub-1")
    assert len(violations(one_ip_link_per_subaccount, known, by_reference, by_id)) == 1
    assert violations(one_ip_link_per_subaccount, updating, by_reference) == []


def test_an_unknown_subaccount_id_that_names_no_subaccount_cannot_pass() -> None:
    link = resource(LINK, "l", subaccount_id=UNKNOWN, ips=["192.0.2.10"])
    with pytest.raises(UnknownValueError):
        violations(one_ip_link_per_subaccount, link)
