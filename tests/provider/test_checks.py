"""check() and diff() of every resource but DedicatedIpPool: one failure per bad property,
replacement only where the API cannot update in place."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.resources import (
    AccountWebhookProvider,
    DedicatedIpPoolDelegationProvider,
    DedicatedIpPoolProvider,
    DomainIpAssignmentProvider,
    SubaccountIpLinkProvider,
    SubaccountProvider,
    WebhookProvider,
)
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
            "replacement_ip": "replacement_ip: set a dedicated IP or 'shared': Mailgun "
                              "enrolls a domain in dynamic pools only with one"}),
        (DedicatedIpPoolProvider(),
         {"name": "p", "description": "d", "replacement_ip": "shared",
          "replacement_pool_id": "p"},
         {"": ": replacement_ip and replacement_pool_id exclude each other: "
                    "set one at most"}),
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


@pytest.mark.parametrize(
    ("provider", "props", "expected"),
    [
        (WebhookProvider(), {"domain": "a.example.com", "event": "bounce", "urls": []}, {
            "event": "event: 'bounce' is not a webhook event (accepted, clicked, complained, "
                     "delivered, opened, permanent_fail, temporary_fail, unsubscribed)",
            "urls": "urls: an event takes 1 to 3 URLs, not 0"}),
        (WebhookProvider(), {"domain": "a.example.com", "event": "delivered",
                             "urls": ["https://a", "https://b", "https://c", "https://d"]},
         {"urls": "urls: an event takes 1 to 3 URLs, not 4"}),
        (WebhookProvider(), {"domain": "a.example.com", "event": "delivered",
                             "urls": ["mailto:x@example.com"]},
         {"urls": "urls[0]: 'mailto:x@example.com' is not an http(s) URL with a host"}),
        (AccountWebhookProvider(), {"url": "https://a.example", "event_types": []},
         {"event_types": "event_types: list at least one event"}),
        (AccountWebhookProvider(), {"url": "https://a.example",
                                    "event_types": ["opened", "opened"]},
         {"event_types": "event_types: an event is listed twice"}),
        (SubaccountProvider(), {"name": "", "enabled": "maybe"}, {
            "name": "name: must not be empty",
            "enabled": "enabled: must be true or false, not 'maybe'"}),
        (SubaccountIpLinkProvider(), {"subaccount_id": "s", "ips": []},
         {"ips": "ips: link at least one IP (destroy the resource to unlink all)"}),
        (DomainIpAssignmentProvider(), {"domain": "a.example.com", "ip": "192.0.2.1",
                                        "pool_id": "p"},
         {"": ": set exactly one of ip or pool_id"}),
        (DomainIpAssignmentProvider(), {"domain": "a.example.com", "pool_id": "p"},
         {"": ": with pool_id, set exactly one of replacement_ip or replacement_pool_id: "
              "Mailgun needs one to unlink the DIPP"}),
        (DomainIpAssignmentProvider(), {"domain": "a.example.com", "ip": "192.0.2.1",
                                        "replacement_ip": "shared"},
         {"": ": replacement_ip and replacement_pool_id apply only with pool_id"}),
        (DedicatedIpPoolDelegationProvider(), {"pool_id": " ", "subaccount_id": ""}, {
            "pool_id": "pool_id: must not be empty",
            "subaccount_id": "subaccount_id: must not be empty"}),
    ],
)
def test_more_bad_inputs_are_named(provider: MailgunProvider, props: dict[str, Any],
                                   expected: dict[str, str]) -> None:
    assert reasons(provider, **props) == expected


def test_diff_replaces_only_what_the_api_cannot_change() -> None:
    olds = {"name": "Acme", "enabled": True, "adopt": False}
    assert SubaccountProvider().diff("s", olds, {**olds, "enabled": False}).replaces == []
    assert SubaccountProvider().diff("s", olds, {**olds, "name": "Acme 2"}).replaces == ["name"]
    hook = {"domain": "a.example.com", "event": "delivered", "urls": ["https://a"],
            "adopt": False}
    assert WebhookProvider().diff("i", hook, {**hook, "urls": ["https://b"]}).replaces == []
    assert WebhookProvider().diff("i", hook, {**hook, "event": "opened"}).replaces == ["event"]
