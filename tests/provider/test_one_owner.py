"""One owner per Mailgun object in the stack spec, and IPs in one form: two spellings of
one IP (or of one domain) are one object to every check."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.resources import DedicatedIpPoolProvider
from mailgun_infra.resources._base import MailgunProvider
from mailgun_infra.resources.ip_band import IpBandProvider
from mailgun_infra.resources.ip_warmup import IpWarmupProvider
from mailgun_infra.spec import SpecError, parse_spec

SUBACCOUNT = "${subaccounts.acme.subaccount_id}"


def problems(raw: dict[str, Any]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        parse_spec(raw)
    return caught.value.problems


@pytest.mark.parametrize(("kind", "first", "again", "problem"), [
    ("dynamic_pool_memberships", {"pool": "dynamic_good", "ips": ["192.0.2.10"]},
     {"pool": "dynamic_good", "ips": ["192.0.2.11"]},
     "spec.dynamic_pool_memberships.again.pool: 'dynamic_good' is also the pool of first; "
     "each must be unique"),
    ("dynamic_pool_enrollments", {"domain": "news.example.com", "replacement_ip": "shared"},
     {"domain": "News.Example.COM", "replacement_ip": "shared"},
     "spec.dynamic_pool_enrollments.again.domain: 'news.example.com' is also the domain of "
     "first; each must be unique"),
    ("ip_warmups", {"ip": "192.0.2.10"}, {"ip": "::ffff:192.0.2.10"},
     "spec.ip_warmups.again.ip: '192.0.2.10' is also the ip of first; each must be unique"),
    ("ip_warmups", {"ip": "2001:db8::a"}, {"ip": "2001:0DB8:0000::000A"},
     "spec.ip_warmups.again.ip: '2001:db8::a' is also the ip of first; each must be unique"),
    ("ip_bands", {"ip": "192.0.2.10", "ip_band": "a"}, {"ip": "::ffff:c000:20a",
                                                        "ip_band": "b"},
     "spec.ip_bands.again.ip: '192.0.2.10' is also the ip of first; each must be unique"),
    ("subaccount_ip_links", {"subaccount_id": SUBACCOUNT, "ips": ["192.0.2.10"]},
     {"subaccount_id": SUBACCOUNT, "ips": ["192.0.2.11"]},
     f"spec.subaccount_ip_links.again.subaccount_id: '{SUBACCOUNT}' is also the "
     "subaccount_id of first; each must be unique"),
    ("subaccount_ip_links", {"subaccount_id": "sub-1", "ips": ["192.0.2.10"]},
     {"subaccount_id": "sub-1", "ips": ["192.0.2.11"]},
     "spec.subaccount_ip_links.again.subaccount_id: 'sub-1' is also the subaccount_id of "
     "first; each must be unique"),
])
def test_two_entries_owning_one_object_are_refused(kind: str, first: dict[str, Any],
                                                   again: dict[str, Any],
                                                   problem: str) -> None:
    subaccounts = {"acme": {"name": "Acme"}}
    assert problems({"subaccounts": subaccounts,
                     kind: {"first": first, "again": again}}) == [problem]
    # One of them alone is fine.
    parse_spec({"subaccounts": subaccounts, kind: {"first": first}})


def test_other_objects_of_a_kind_each_have_their_owner() -> None:
    parse_spec({
        "subaccounts": {"acme": {"name": "Acme"}, "beta": {"name": "Beta"}},
        "dynamic_pool_memberships": {
            "good": {"pool": "dynamic_good", "ips": ["192.0.2.10"]},
            "poor": {"pool": "dynamic_poor", "ips": ["192.0.2.11"]}},
        "dynamic_pool_enrollments": {
            "a": {"domain": "a.example.com", "replacement_ip": "shared"},
            "b": {"domain": "b.example.com", "replacement_ip": "shared"}},
        "ip_warmups": {"a": {"ip": "192.0.2.20"}, "b": {"ip": "::ffff:192.0.2.21"}},
        "subaccount_ip_links": {
            "acme": {"subaccount_id": SUBACCOUNT, "ips": ["192.0.2.12"]},
            "beta": {"subaccount_id": "${subaccounts.beta.subaccount_id}",
                     "ips": ["192.0.2.13"]}},
    })


def test_a_trailing_dot_is_refused_in_a_domain_name() -> None:
    assert problems({"dynamic_pool_enrollments": {
        "a": {"domain": "news.example.com.", "replacement_ip": "shared"}}}) == [
        "spec.dynamic_pool_enrollments.a.domain: 'news.example.com.' is not a domain name: "
        "it has an empty label (two dots in a row, or a dot at an end)"]


def check(provider: MailgunProvider[Any], **props: Any) -> tuple[dict[str, Any], list[str]]:
    result = provider.check({}, {"__provider": "blob", **props})
    return dict(result.inputs), [f.reason for f in result.failures]


@pytest.mark.parametrize(("written", "canonical"), [
    ("::ffff:192.0.2.10", "192.0.2.10"),
    ("::FFFF:C000:020A", "192.0.2.10"),
    ("2001:0DB8:0000:0000:0000:0000:0000:000A", "2001:db8::a"),
    (" 192.0.2.10 ", "192.0.2.10"),
])
def test_an_ip_is_kept_in_one_form(written: str, canonical: str) -> None:
    inputs, failures = check(IpWarmupProvider(), ip=written)
    assert failures == [] and inputs["ip"] == canonical


@pytest.mark.parametrize(("written", "reason"), [
    ("fe80::1%eth0", "ip: 'fe80::1%eth0' is not a valid IPv4 or IPv6 address: it has a zone "
                     "index (%)"),
    ("192.0.2.010", "ip: '192.0.2.010' is not a valid IPv4 or IPv6 address: a part has a "
                    "leading zero, which some read as octal; write each part without "
                    "leading zeros"),
    ("010.0.2.10", "ip: '010.0.2.10' is not a valid IPv4 or IPv6 address: a part has a "
                   "leading zero, which some read as octal; write each part without "
                   "leading zeros"),
])
def test_an_ip_with_a_zone_or_leading_zeros_is_refused(written: str, reason: str) -> None:
    assert check(IpBandProvider(), ip=written, ip_band="b")[1] == [reason]


def test_one_ip_in_two_forms_is_listed_twice() -> None:
    _, failures = check(DedicatedIpPoolProvider(), name="p", description="d",
                        ips=["192.0.2.10", "::ffff:192.0.2.10"])
    assert failures == ["ips: item 1: 192.0.2.10 is listed twice"]


@pytest.mark.parametrize("ip", ["192.0.2.10", "2001:db8::a"])
def test_an_ip_already_in_its_one_form_changes_nothing_in_a_stack(ip: str) -> None:
    """State written before keeps its value: a canonical IP checks to itself, no diff."""
    old = {"ip": ip, "adopt": False}
    inputs, failures = check(IpWarmupProvider(), ip=ip)
    assert failures == [] and inputs["ip"] == ip
    assert IpWarmupProvider().diff(ip, old, inputs).changes is False
