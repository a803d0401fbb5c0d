"""check() of every resource but DedicatedIpPool: one failure per bad property."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.resources._base import MailgunProvider
from mailgun_infra.resources.dynamic_pool_enrollment import DynamicPoolEnrollmentProvider
from mailgun_infra.resources.dynamic_pool_membership import DynamicPoolMembershipProvider
from mailgun_infra.resources.ip_warmup import IpWarmupProvider


def reasons(provider: MailgunProvider, **props: Any) -> dict[str, str]:
    result = provider.check({}, {"__provider": "blob", **props})
    return {f.property: f.reason for f in result.failures}


@pytest.mark.parametrize(
    ("provider", "props", "expected"),
    [
        (DynamicPoolMembershipProvider(), {"pool": "good", "ips": []}, {
            "pool": "pool: 'good' is not a dynamic pool name (dynamic_good, dynamic_poor, "
                    "dynamic_new)",
            "ips": "ips: a dynamic pool needs at least one IP that is not warming"}),
        (DynamicPoolMembershipProvider(), {"pool": "dynamic_good", "ips": ["1.2.3.4.5"]}, {
            "ips": "ips: item 0: '1.2.3.4.5' is not a valid IPv4 or IPv6 address"}),
        (IpWarmupProvider(), {"ip": "nope"}, {
            "ip": "ip: 'nope' is not a valid IPv4 or IPv6 address"}),
        (DynamicPoolEnrollmentProvider(), {"domain": "a.example.com"}, {
            "": ": set replacement_ip (a dedicated IP or 'shared') or replacement_pool_id: "
                "Mailgun needs one to remove the domain from dynamic pools"}),
        (DynamicPoolEnrollmentProvider(),
         {"domain": "a.example.com", "replacement_ip": "shared", "replacement_pool_id": "p"},
         {"": ": replacement_ip and replacement_pool_id exclude each other"}),
        (DynamicPoolEnrollmentProvider(),
         {"domain": " ", "replacement_ip": "x", "override_pool": "best"}, {
             "domain": "domain: must not be empty",
             "replacement_ip": "replacement_ip: 'x' is not a valid IPv4 or IPv6 address",
             "override_pool": "override_pool: 'best' is not a dynamic pool name "
                              "(dynamic_good, dynamic_poor, dynamic_new)"}),
    ],
)
def test_bad_inputs_are_named(provider: MailgunProvider, props: dict[str, Any],
                              expected: dict[str, str]) -> None:
    assert reasons(provider, **props) == expected


def test_good_inputs_are_normalised() -> None:
    result = DynamicPoolMembershipProvider().check(
        {}, {"__provider": "b", "pool": "dynamic_good", "ips": ["192.0.2.11", "192.0.2.10"]})
    assert result.failures == [] and result.inputs["ips"] == ["192.0.2.10", "192.0.2.11"]
    diff = DynamicPoolMembershipProvider().diff(
        "dynamic_good", {"pool": "dynamic_good", "ips": ["192.0.2.10"], "adopt": False},
        {"pool": "dynamic_poor", "ips": ["192.0.2.10"], "adopt": False})
    assert diff.replaces == ["pool"]
