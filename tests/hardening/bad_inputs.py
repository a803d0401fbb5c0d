"""A corpus of bad inputs: (spec kind, entry, the property at fault, words of the rule).

Each entry is wrong in one way. The stack spec must reject it with a message naming the
property and the rule, and so must the resource's own check. The hand-written cases come
first; then the classes of issue 19, generated across every input they apply to: bad domain
names, text too long or holding control characters, numbers out of bounds, booleans that
are not true or false, and bad resource names.
"""

from __future__ import annotations

from typing import Any

from mailgun_infra.spec import KINDS

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
ACCOUNT_LIMIT = "account_sending_limits"

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
    (POOL, dipp(name="p", adopt="perhaps"), "adopt", "must be true or false"),
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
    (WARM, {"ip": "192.0.2.010"}, "ip", "a part has a leading zero"),
    (WARM, {"ip": "fe80::1%eth0"}, "ip", "it has a zone index (%)"),
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
    (SUB, {"name": "s", "enabled": "sometimes"}, "enabled", "must be true or false"),
    (SUB, {"name": "s", "plan": "gold"}, "plan", "unknown key"),
    (SUB, {"name": "s", "features": {"billing": True}}, "features",
     "'billing' is not a subaccount feature"),
    (SUB, {"name": "s", "features": {}}, "features", "must name at least one feature"),
    (SUB, {"name": "s", "features": {"sending": "maybe"}}, "features", "must be true or false"),
    (SUB, {"name": "s", "features": ["sending"]}, "features", "valid dictionary"),
    # HttpSigningKey
    (SIGNING_KEY, {"rotation": ""}, "rotation", "must not be empty"),
    (SIGNING_KEY, {"rotation": 1.5}, "rotation", "a string or a whole number"),
    (SIGNING_KEY, {"rotation": True}, "rotation", "a whole number, not true or false"),
    (SIGNING_KEY, {"rotation": ["2026-01"]}, "rotation", "a string or a whole number"),
    (SIGNING_KEY, {"rotation": 1, "key": "key-x"}, "key", "unknown key"),
    # SubaccountSendingLimit
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": -1}, "limit", "must be 0 or more"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": 2.5}, "limit", "must be a whole number"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": "lots"}, "limit", "must be a whole number"),
    (SENDING_LIMIT, {"subaccount_id": "s", "limit": True}, "limit", "not true or false"),
    (SENDING_LIMIT, {"subaccount_id": "s"}, "limit", "is required"),
    (SENDING_LIMIT, {"limit": 5}, "subaccount_id", "is required"),
    (SENDING_LIMIT, {"subaccount_id": " ", "limit": 5}, "subaccount_id", "must not be empty"),
    # AccountSendingLimit
    (ACCOUNT_LIMIT, {"limit": 999}, "limit", "must be at least 1,000"),
    (ACCOUNT_LIMIT, {"limit": 0}, "limit", "must be at least 1,000"),
    (ACCOUNT_LIMIT, {"limit": 1500.5}, "limit", "must be a whole number"),
    (ACCOUNT_LIMIT, {"limit": True}, "limit", "not true or false"),
    (ACCOUNT_LIMIT, {}, "limit", "is required"),
    (ACCOUNT_LIMIT, {"limit": 5000, "subaccount_id": "s"}, "subaccount_id", "unknown key"),
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

# -- the classes of issue 19, across every input they apply to ------------------------------

# A valid entry of each kind: each generated case breaks one input of it.
VALID: dict[str, dict[str, Any]] = {
    SUB: {"name": "s"},
    SENDING_LIMIT: {"subaccount_id": "s", "limit": 5},
    POOL: dipp(name="p"),
    SPILLOVER: {"pool_id": "p"},
    WARM: {"ip": "192.0.2.10"},
    BAND: {"ip": "192.0.2.10", "ip_band": "b"},
    DYN: {"pool": "dynamic_good", "ips": ["192.0.2.10"]},
    ENROLL: {"domain": "a.example.com", "replacement_ip": "shared"},
    ASSIGN: {"domain": "a.example.com", "ip": "192.0.2.10"},
    LINK: {"subaccount_id": "s", "ips": ["192.0.2.10"]},
    DELEGATION: {"pool_id": "p", "subaccount_id": "s"},
    HOOK: {"domain": "a.example.com", "event": "delivered", "urls": [URL]},
    HOOK_URL: {"domain": "a.example.com", "url": URL, "event_types": ["opened"]},
    ACCOUNT_HOOK: {"url": URL, "event_types": ["opened"]},
    SIGNING_KEY: {},
    ACCOUNT_LIMIT: {"limit": 5000},
}

LONG = 100_000
"""The length of the name in issue 19 that came back from Mailgun as a 414 page."""
CONTROL_CHARACTERS = ("\x00", "\n", "\t", "\x1b", "\x7f", "\x85", "\u2028")
"""C0 (NUL, line feed, tab, escape), DEL, C1 (next line) and Unicode's line separator."""
CONTROL = "must not contain control characters"


def at_most(limit: int) -> str:
    return f"must be at most {limit} characters long"


# Each string input, by name: its bound (None where the value is one of a few, or an IP),
# what a value over it is told, and what a control character in it is told.
IP_RULE = "not a valid IPv4 or IPv6 address"
TEXT_RULES: dict[str, tuple[int | None, str, str]] = {
    "name": (255, at_most(255), CONTROL),
    "ip_band": (255, at_most(255), CONTROL),
    "rotation": (255, at_most(255), CONTROL),
    "description": (1024, at_most(1024), CONTROL),
    "pool_id": (256, at_most(256), CONTROL),
    "subaccount_id": (256, at_most(256), CONTROL),
    "replacement_pool_id": (256, at_most(256), CONTROL),
    "domain": (253, "a domain name is at most 253 characters long", CONTROL),
    "url": (2048, at_most(2048), CONTROL),
    "urls": (2048, at_most(2048), CONTROL),
    "foreign_urls": (2048, at_most(2048), CONTROL),
    "ip": (None, IP_RULE, IP_RULE),
    "ips": (None, IP_RULE, IP_RULE),
    "replacement_ip": (None, IP_RULE, IP_RULE),
    "pool": (None, "not a dynamic pool name", "not a dynamic pool name"),
    "override_pool": (None, "not a dynamic pool name", "not a dynamic pool name"),
    "event": (None, "not a webhook event", "not a webhook event"),
    "event_types": (None, "not a webhook event", "not a webhook event"),
    "features": (None, "not a subaccount feature", "not a subaccount feature"),
}
LISTS = frozenset({"urls", "foreign_urls", "ips", "event_types"})


def text_inputs(kind: str) -> list[str]:
    """The string inputs of a kind (in lists and dict keys too), as the spec's model has
    them; the corpus must know a rule for each."""
    entry = next(k.entry for k in KINDS if k.key == kind)
    return [name for name, field in entry.model_fields.items()
            if "str" in repr(field.annotation)]


def number_inputs(kind: str) -> list[str]:
    """The number inputs of a kind, as the spec's model has them."""
    entry = next(k.entry for k in KINDS if k.key == kind)
    return [name for name, field in entry.model_fields.items()
            if "int" in repr(field.annotation)]


def _shaped(field: str, value: Any) -> Any:
    if field in LISTS:
        return [value]
    return {value: True} if field == "features" else value


def _longer_than(field: str, length: int) -> str:
    """A value of ``length`` characters that breaks nothing but its length."""
    if field in ("url", "urls", "foreign_urls"):
        return URL + "x" * (length - len(URL))
    return "a" * length


def domain_cases() -> list[Case]:
    label = "a" * 63
    bad = [
        ("a/b.example.com", "may hold only letters, digits and '-'"),
        ("a b.example.com", "may hold only letters, digits and '-'"),
        ("a?.example.com", "may hold only letters, digits and '-'"),
        ("a#b.example.com", "may hold only letters, digits and '-'"),
        ("user@example.com", "may hold only letters, digits and '-'"),
        ("a_b.example.com", "may hold only letters, digits and '-'"),
        ("a:8080.example.com", "may hold only letters, digits and '-'"),
        ("-a.example.com", "not start or end with '-'"),
        ("a-.example.com", "not start or end with '-'"),
        ("a..b.example.com", "empty label"),
        (".example.com", "empty label"),
        ("example.com.", "empty label"),
        ("a" * 64 + ".example.com", "a label is at most 63 characters long, not 64"),
        (f"{label}.{label}.{label}.{label}", "a domain name is at most 253"),
        ("bücher.example.com", "give the name's IDNA form"),
        ("mail.example.123", "its last label is a number"),
    ]
    return [(kind, {**VALID[kind], "domain": domain}, "domain", rule)
            for kind in (ENROLL, ASSIGN, HOOK, HOOK_URL, SPILLOVER) for domain, rule in bad]


def text_cases() -> list[Case]:
    cases: list[Case] = []
    for kind in VALID:
        for field in text_inputs(kind):
            bound, long_rule, control_rule = TEXT_RULES[field]
            lengths = [LONG] if bound is None else [bound + 1, LONG]
            for length in lengths:
                value = _shaped(field, _longer_than(field, length))
                cases.append((kind, {**VALID[kind], field: value}, field, long_rule))
            for char in CONTROL_CHARACTERS:
                value = _shaped(field, _with_control(field, char))
                cases.append((kind, {**VALID[kind], field: value}, field, control_rule))
    return cases


def _with_control(field: str, char: str) -> str:
    plain = {"url": URL, "urls": URL, "foreign_urls": URL, "domain": "a.example.com",
             "ip": "192.0.2.10", "ips": "192.0.2.10", "replacement_ip": "192.0.2.10",
             "pool": "dynamic_good", "override_pool": "dynamic_good", "event": "delivered",
             "event_types": "opened", "features": "sending"}.get(field, "ab")
    # Inside the value: white space at either end is trimmed, as YAML folding leaves it.
    return plain[:1] + char + plain[1:]


NOT_FINITE = (float("nan"), float("inf"), float("-inf"))
"""Numbers Pulumi's config refuses on its own (a program can still pass them)."""


def number_cases() -> list[Case]:
    limit = {"subaccount_id": "s"}
    cases: list[Case] = [
        (SENDING_LIMIT, {**limit, "limit": 1e30}, "limit", "must be at most 1,000,000,000,000"),
        (SENDING_LIMIT, {**limit, "limit": 10**12 + 1}, "limit", "must be at most"),
        (SENDING_LIMIT, {**limit, "limit": -1.0}, "limit", "must be 0 or more"),
        (SENDING_LIMIT, {**limit, "limit": "5"}, "limit", "must be a whole number, not '5'"),
        (SENDING_LIMIT, {**limit, "limit": [5]}, "limit", "must be a whole number"),
        (SENDING_LIMIT, {**limit, "limit": None}, "limit", "must be a whole number"),
        (SIGNING_KEY, {"rotation": 1e30}, "rotation", "must be at most 9,007,199,254,740,992"),
        (SIGNING_KEY, {"rotation": 2**53 + 2}, "rotation", "must be at most"),
        (SIGNING_KEY, {"rotation": -1}, "rotation", "must be 0 or more"),
        (SIGNING_KEY, {"rotation": {"a": 1}}, "rotation", "a string or a whole number"),
        (ACCOUNT_LIMIT, {"limit": 1e30}, "limit", "must be at most 1,000,000,000,000"),
        (ACCOUNT_LIMIT, {"limit": -1}, "limit", "must be 0 or more"),
    ]
    for number in NOT_FINITE:
        cases += [
            (ACCOUNT_LIMIT, {"limit": number}, "limit", f"must be a whole number, not {number}"),
            (SENDING_LIMIT, {**limit, "limit": number}, "limit",
             f"must be a whole number, not {number}"),
            (SIGNING_KEY, {"rotation": number}, "rotation",
             f"must be a string or a whole number, not {number}"),
        ]
    return cases


NOT_BOOLEANS: tuple[Any, ...] = ("yes", "no", "on", "true", "1", 1, 0, 1.0, None)
"""What pydantic's lax bool would read as true or false, and a missing value."""
TRUE_OR_FALSE = "must be true or false"


def bool_cases() -> list[Case]:
    cases: list[Case] = [(kind, {**VALID[kind], "adopt": value}, "adopt", TRUE_OR_FALSE)
                         for kind in VALID for value in NOT_BOOLEANS]
    for value in NOT_BOOLEANS:
        cases += [(SUB, {"name": "s", "enabled": value}, "enabled", TRUE_OR_FALSE),
                  (SUB, {"name": "s", "features": {"sending": value}}, "features",
                   TRUE_OR_FALSE)]
    return cases


CASES += [*domain_cases(), *text_cases(), *number_cases(), *bool_cases()]

# Options are the spec's: (kind, entry, the option, words of the rule); no check sees them.
OPTION_CASES: list[Case] = [(kind, {**VALID[kind], "protect": value}, "protect",
                             TRUE_OR_FALSE) for kind in VALID for value in NOT_BOOLEANS]

# Resource names, the keys of the spec: (kind, name, words of the rule). 1 and True are
# YAML's `1:` and `true:`, which Pulumi's config hands over as the text "1" and "true".
NAME_CASES: list[tuple[str, Any, str]] = [
    (SUB, "", "must not be empty"),
    (POOL, "a::b", "may hold only ASCII letters, digits, '-' and '_'"),
    (WARM, "a/b", "may hold only ASCII letters"),
    (BAND, "a b", "may hold only ASCII letters"),
    (DYN, "a.b", "may hold only ASCII letters"),
    (ENROLL, "équipe", "may hold only ASCII letters"),
    (ASSIGN, "a\x00b", "may hold only ASCII letters"),
    (LINK, "$x", "may hold only ASCII letters"),
    (DELEGATION, "x" * 129, "must be at most 128 characters long"),
    (HOOK, "x" * LONG, "must be at most 128 characters long"),
    (HOOK_URL, 1, "YAML"),
    (ACCOUNT_HOOK, True, "YAML"),
    (SPILLOVER, "false", "YAML"),
    (SENDING_LIMIT, "null", "YAML"),
    (SIGNING_KEY, "-12", "YAML"),
]
