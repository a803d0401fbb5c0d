"""A corpus of bad inputs: (spec kind, entry, the property at fault, words of the rule).

Each entry is wrong in one way. The stack spec must reject it with a message naming the
property and the rule, and so must the resource's own check.
"""

from __future__ import annotations

from typing import Any

Case = tuple[str, dict[str, Any], str, str]

POOL = "dedicated_ip_pools"
DYN = "dynamic_pool_memberships"
ENROLL = "dynamic_pool_enrollments"
ASSIGN = "domain_ip_assignments"
WARM = "ip_warmups"
HOOK = "webhooks"
HOOK_URL = "domain_webhook_urls"
ACCOUNT_HOOK = "account_webhooks"
SUB = "subaccounts"
LINK = "subaccount_ip_links"
DELEGATION = "dedicated_ip_pool_delegations"
SPILLOVER = "dipp_spillovers"
BAND = "ip_bands"
SIGNING_KEY = "http_signing_keys"
SENDING_LIMIT = "subaccount_sending_limits"

URL = "https://hooks.example.com/x"

def dipp(**props: Any) -> dict[str, Any]:
    """DedicatedIpPool inputs with the description Mailgun requires."""
    return {"description": "d", **props}


CASES: list[Case] = [
    # DedicatedIpPool
    (POOL, dipp(name="", ips=[]), "name", "must not be empty"),
    (POOL, dipp(name="   "), "name", "must not be empty"),
    (POOL, dipp(ips=["192.0.2.10"]), "name", "is required"),
    (POOL, dipp(name=42), "name", "valid string"),
    (POOL, dipp(name="p", ips=["192.0.2.256"]), "ips", "not a valid IPv4 or IPv6 address"),
    (POOL, dipp(name="p", ips=["not-an-ip"]), "ips", "not a valid IPv4 or IPv6 address"),
    (POOL, dipp(name="p", ips=["192.0.2.10", "192.0.2.10"]), "ips", "listed twice"),
    (POOL, dipp(name="p", ips="192.0.2.10"), "ips", "valid list"),
    (POOL, dipp(name="p", ips=[["192.0.2.10"]]), "ips", "valid string"),
    (POOL, dipp(name="p", replacement_ip="banana"), "replacement_ip", "not a valid IPv4"),
    (POOL, dipp(name="p", replacement_ip="shared", replacement_pool_id="x"), "",
     "exclude each other"),
    (POOL, dipp(name="p", adopt="perhaps"), "adopt", "valid boolean"),
    (POOL, dipp(name="p", colour="red"), "colour", "unknown key"),
    (POOL, {"name": "p", "description": ["a"]}, "description", "valid string"),
    (POOL, {"name": "p"}, "description", "is required"),
    (POOL, dipp(name="p", description=" "), "description", "must not be empty"),
    # DynamicPoolMembership
    (DYN, {"pool": "Dynamic_Good", "ips": ["192.0.2.10"]}, "pool", "not a dynamic pool name"),
    (DYN, {"pool": "good", "ips": ["192.0.2.10"]}, "pool", "not a dynamic pool name"),
    (DYN, {"pool": "dynamic_good", "ips": []}, "ips", "at least one IP that is not warming"),
    (DYN, {"pool": "dynamic_good"}, "ips", "is required"),
    (DYN, {"ips": ["192.0.2.10"]}, "pool", "is required"),
    (DYN, {"pool": "dynamic_good", "ips": ["192.0.2.1/24"]}, "ips", "not a valid IPv4"),
    (DYN, {"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.10"]}, "ips",
     "listed twice"),
    (DYN, {"pool": "dynamic_good", "ips": ["192.0.2.10"], "extra": 1}, "extra",
     "unknown key"),
    # DynamicPoolEnrollment
    (ENROLL, {"domain": "a.example.com", "replacement_pool_id": "p"}, "replacement_ip",
     "Mailgun enrolls a domain in dynamic pools only with one"),
    (ENROLL, {"domain": "a.example.com", "replacement_ip": " "}, "replacement_ip",
     "must not be empty"),
    (ENROLL, {"domain": "", "replacement_ip": "shared"}, "domain", "must not be empty"),
    (ENROLL, {"replacement_ip": "shared"}, "domain", "is required"),
    (ENROLL, {"domain": "a.example.com", "replacement_ip": "300.0.0.1"}, "replacement_ip",
     "not a valid IPv4"),
    (ENROLL, {"domain": "a.example.com", "replacement_ip": "shared",
              "override_pool": "great"}, "override_pool", "not a dynamic pool name"),
    (ENROLL, {"domain": "a.example.com", "replacement_ip": "shared", "pools": "x"}, "pools",
     "unknown key"),
    # DomainIpAssignment
    (ASSIGN, {"domain": "a.example.com"}, "", "set exactly one of ip or pool_id"),
    (ASSIGN, {"domain": "a.example.com", "ip": "192.0.2.10", "pool_id": "p"}, "",
     "set exactly one of ip or pool_id"),
    (ASSIGN, {"domain": "a.example.com", "pool_id": "p"}, "",
     "Mailgun needs one to unlink the DIPP"),
    (ASSIGN, {"domain": "a.example.com", "ip": "192.0.2.10", "replacement_ip": "shared"},
     "", "apply only with pool_id"),
    (ASSIGN, {"domain": "a.example.com", "ip": "192.0.2"}, "ip", "not a valid IPv4"),
    (ASSIGN, {"domain": " ", "ip": "192.0.2.10"}, "domain", "must not be empty"),
    (ASSIGN, {"ip": "192.0.2.10"}, "domain", "is required"),
    (ASSIGN, {"domain": "a.example.com", "pool_id": "p", "replacement_ip": "x"},
     "replacement_ip", "not a valid IPv4"),
    # IpWarmup
    (WARM, {"ip": "192.0.2.999"}, "ip", "not a valid IPv4"),
    (WARM, {}, "ip", "is required"),
    (WARM, {"ip": 12}, "ip", "valid string"),
    (WARM, {"ip": "192.0.2.10", "plan": "fast"}, "plan", "unknown key"),
    # Webhook
    (HOOK, {"domain": "a.example.com", "event": "bounce", "urls": [URL]}, "event",
     "not a webhook event"),
    (HOOK, {"domain": "a.example.com", "event": "Delivered", "urls": [URL]}, "event",
     "not a webhook event"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": []}, "urls",
     "1 to 3 URLs"),
    (HOOK, {"domain": "a.example.com", "event": "delivered",
            "urls": [f"https://{n}.example.com/" for n in range(4)]}, "urls", "1 to 3 URLs"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": [URL, URL]}, "urls",
     "listed twice"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": ["ftp://x.example.com/"]},
     "urls", "not an http(s) URL"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": ["https://"]}, "urls",
     "not an http(s) URL"),
    (HOOK, {"domain": "", "event": "delivered", "urls": [URL]}, "domain", "must not be empty"),
    (HOOK, {"event": "delivered", "urls": [URL]}, "domain", "is required"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "url": URL}, "url",
     "unknown key"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": [URL],
            "foreign_urls": [URL]}, "foreign_urls", "a URL has one owner"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": [URL, URL + "2"],
            "foreign_urls": [URL + "3", URL + "4"]}, "foreign_urls", "at most 3 URLs"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": [URL],
            "foreign_urls": ["mailto:x@example.com"]}, "foreign_urls", "not an http(s) URL"),
    (HOOK, {"domain": "a.example.com", "event": "delivered", "urls": [URL],
            "foreign_urls": URL}, "foreign_urls", "valid list"),
    # DomainWebhookUrl
    (HOOK_URL, {"domain": "a.example.com", "url": URL, "event_types": []}, "event_types",
     "list at least one event"),
    (HOOK_URL, {"domain": "a.example.com", "url": URL, "event_types": ["opened", "opened"]},
     "event_types", "listed twice"),
    (HOOK_URL, {"domain": "a.example.com", "url": URL, "event_types": ["bounce"]},
     "event_types", "not a webhook event"),
    (HOOK_URL, {"domain": "a.example.com", "url": "ftp://x.example.com/",
                "event_types": ["opened"]}, "url", "not an http(s) URL"),
    (HOOK_URL, {"domain": "a.example.com", "url": URL + "?a=1,2", "event_types": ["opened"]},
     "url", "could not be deleted"),
    (HOOK_URL, {"domain": "a.example.com", "event_types": ["opened"]}, "url", "is required"),
    (HOOK_URL, {"url": URL, "event_types": ["opened"]}, "domain", "is required"),
    (HOOK_URL, {"domain": " ", "url": URL, "event_types": ["opened"]}, "domain",
     "must not be empty"),
    (HOOK_URL, {"domain": "a.example.com", "url": URL, "event_types": "opened"},
     "event_types", "valid list"),
    (HOOK_URL, {"domain": "a.example.com", "urls": [URL], "event_types": ["opened"]}, "urls",
     "unknown key"),
    # AccountWebhook
    (ACCOUNT_HOOK, {"url": URL, "event_types": []}, "event_types", "at least one event"),
    (ACCOUNT_HOOK, {"url": URL, "event_types": ["opened", "opened"]}, "event_types",
     "listed twice"),
    (ACCOUNT_HOOK, {"url": URL, "event_types": ["invalid_type"]}, "event_types",
     "not a webhook event"),
    (ACCOUNT_HOOK, {"url": "hooks.example.com", "event_types": ["opened"]}, "url",
     "not an http(s) URL"),
    (ACCOUNT_HOOK, {"event_types": ["opened"]}, "url", "is required"),
    (ACCOUNT_HOOK, {"url": URL, "event_types": "opened"}, "event_types", "valid list"),
    # Subaccount
    (SUB, {"name": ""}, "name", "must not be empty"),
    (SUB, {}, "name", "is required"),
    (SUB, {"name": "s", "enabled": "sometimes"}, "enabled", "valid boolean"),
    (SUB, {"name": "s", "plan": "gold"}, "plan", "unknown key"),
    (SUB, {"name": "s", "features": {"billing": True}}, "features",
     "'billing' is not a subaccount feature"),
    (SUB, {"name": "s", "features": {}}, "features", "must name at least one feature"),
    (SUB, {"name": "s", "features": {"sending": "maybe"}}, "features", "valid boolean"),
    (SUB, {"name": "s", "features": ["sending"]}, "features", "valid dictionary"),
    # HttpSigningKey
    (SIGNING_KEY, {"rotation": ""}, "rotation", "must not be empty"),
    (SIGNING_KEY, {"rotation": 1.5}, "rotation", "a string or a whole number"),
    (SIGNING_KEY, {"rotation": True}, "rotation", "a whole number, not true or false"),
    (SIGNING_KEY, {"rotation": ["2026-01"]}, "rotation", "a string or a whole number"),
    (SIGNING_KEY, {"rotation": 1, "key": "key-x"}, "key", "unknown key"),
    # SubaccountSendingLimit
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": -1}, "limit", "must be 0 or more"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": 2.5}, "limit", "valid integer"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": "lots"}, "limit", "valid integer"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": True}, "limit", "not true or false"),
    (SENDING_LIMIT, {"subaccount_id": "s"}, "limit", "is required"),
    (SENDING_LIMIT, {"limit": 5}, "subaccount_id", "is required"),
    (SENDING_LIMIT, {"subaccount_id": " ", "limit": 5}, "subaccount_id", "must not be empty"),
    # SubaccountIpLink
    (LINK, {"subaccount_id": "s", "ips": []}, "ips", "link at least one IP"),
    (LINK, {"subaccount_id": "s", "ips": ["192.0.2.10", "192.0.2.10"]}, "ips", "listed twice"),
    (LINK, {"subaccount_id": "", "ips": ["192.0.2.10"]}, "subaccount_id", "must not be empty"),
    (LINK, {"ips": ["192.0.2.10"]}, "subaccount_id", "is required"),
    (LINK, {"subaccount_id": "s", "ips": ["2001:db8::zz"]}, "ips", "not a valid IPv4"),
    # DedicatedIpPoolDelegation
    (DELEGATION, {"pool_id": "", "subaccount_id": "s"}, "pool_id", "must not be empty"),
    (DELEGATION, {"pool_id": "p"}, "subaccount_id", "is required"),
    (DELEGATION, {"pool_id": "p", "subaccount_id": "s", "until": "2027"}, "until",
     "unknown key"),
    # DippSpillover
    (SPILLOVER, {"pool_id": ""}, "pool_id", "must not be empty"),
    (SPILLOVER, {"domain": "mail.example.com"}, "pool_id", "is required"),
    (SPILLOVER, {"pool_id": "p", "domain": ""}, "domain",
     "must not be empty: omit the field to leave it unset"),
    (SPILLOVER, {"pool_id": "p", "domain": "account"}, "domain",
     "omit domain for the account's setting"),
    (SPILLOVER, {"pool_id": ["p"]}, "pool_id", "valid string"),
    (SPILLOVER, {"pool_id": "p", "domains": ["mail.example.com"]}, "domains", "unknown key"),
    # IpBand
    (BAND, {"ip": "192.0.2.300", "ip_band": "b"}, "ip", "not a valid IPv4"),
    (BAND, {"ip_band": "b"}, "ip", "is required"),
    (BAND, {"ip": "192.0.2.10"}, "ip_band", "is required"),
    (BAND, {"ip": "192.0.2.10", "ip_band": " "}, "ip_band", "must not be empty"),
    (BAND, {"ip": "192.0.2.10", "ip_band": 2}, "ip_band", "valid string"),
    (BAND, {"ip": "192.0.2.10", "band": "b"}, "band", "unknown key"),
]

# Spec-level mistakes: (spec, the path at fault, words of the rule).
SPEC_CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"dedicated_ip_pool": {}}, "spec.dedicated_ip_pool", "unknown key"),
    ({"dedicated_ip_pools": ["p"]}, "spec.dedicated_ip_pools", "valid dictionary"),
    ({"dedicated_ip_pools": {"p": "192.0.2.10"}}, "spec.dedicated_ip_pools.p",
     "valid dictionary"),
    ({"domain_ip_assignments": {"a": {"domain": "a.example.com",
                                      "pool_id": "${dedicated_ip_pools.nope.pool_id}",
                                      "replacement_ip": "shared"}}},
     "spec.domain_ip_assignments.a.pool_id", "no dedicated_ip_pools named 'nope'"),
    ({"dedicated_ip_pools": {"p": {"name": "p", "description": "d"}},
      "domain_ip_assignments": {"a": {"domain": "a.example.com",
                                      "pool_id": "${dedicated_ip_pools.p.pool_idd}",
                                      "replacement_ip": "shared"}}},
     "spec.domain_ip_assignments.a.pool_id", "has no output 'pool_idd'"),
    ({"dedicated_ip_pools": {"a": dipp(name="same"), "b": dipp(name="same")}},
     "spec.dedicated_ip_pools.b.name", "is also the name of a"),
    ({"domain_webhook_urls": {
        "a": {"domain": "a.example.com", "url": URL, "event_types": ["opened"]},
        "b": {"domain": "a.example.com", "url": URL, "event_types": ["clicked"]}}},
     "spec.domain_webhook_urls.b.url", "each must be unique"),
    ({"domain_webhook_urls": {
        "a": {"domain": "a.example.com", "url": URL, "event_types": ["opened"]}},
      "webhooks": {"w": {"domain": "a.example.com", "event": "clicked", "urls": [URL]}}},
     "spec.webhooks.w.urls", "is managed by domain_webhook_urls.a"),
    ({"account_webhooks": {"a": {"url": "https://h.example.com/", "event_types": ["opened"]},
                           "b": {"url": "https://h.example.com/", "event_types": ["clicked"]}}},
     "spec.account_webhooks.b.url", "each must be unique"),
    ({"subaccounts": {"s": {"name": "s",
                            "enabled": True}},
      "dedicated_ip_pools": {"p": {"name": "${subaccounts.s.name}", "description": "d"}}},
     "", ""),  # a valid reference: the control case
]
