"""Read-only checks (``--live``): every read the provider makes, through MailgunClient,
against the live account, asserting that each answer has what the provider reads off it.

The client is a ReadOnlyClient, in this mode and in ``--live-writes`` alike: a write raises
before anything is sent, so these tests cannot change, bill or send anything.

- A feature the account lacks (403) skips, naming the feature.
- Nothing to read (no DIPP, no subaccount, no warming IP) skips the read that needs one.
- A failure names the call, the field and what the provider does with it.
- A warning (LiveFinding) is a field the provider reads with a fallback that was absent.

Each section names the resources whose reads it covers.
"""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.client import NotFound
from mailgun_infra.facts import DYNAMIC_POOLS, WEBHOOK_EVENTS
from tests.live.support import (
    NO_SUCH_ID,
    NO_SUCH_NAME,
    ReadOnlyClient,
    feature,
    note,
    require,
    unwrapped,
)

NONE = type(None)

# -- IPs and warmups: DedicatedIpPool / DynamicPoolMembership warming_ips, IpWarmup ---------

IPS = "/v3/ips"


def _ip_details(reader: ReadOnlyClient) -> list[dict[str, Any]]:
    with feature("the IPs API (GET /v3/ips)"):
        reader.list_ips()
    raw = reader.last(IPS)
    require(raw, {"items": list}, f"GET {IPS}", "it is the account's list of IPs")
    if raw["items"]:
        require(raw, {"details": list}, f"GET {IPS}",
                "warming_ips reads is_on_warmup from 'details' alone: without it no IP ever "
                "reads as warming, and the policy pack lets warming IPs into pools")
    details: list[dict[str, Any]] = raw.get("details") or []
    return details


def test_list_ips_reports_warmup_for_every_ip(reader: ReadOnlyClient) -> None:
    details = _ip_details(reader)
    items = reader.last(IPS)["items"]
    if not items:
        pytest.skip("the account has no IPs")
    for detail in details:
        require(detail, {"ip": str}, f"GET {IPS} details[]", "warming_ips keys by 'ip'")
        # Mailgun's reference leaves is_on_warmup out for an IP not on warmup.
        require(detail, {"is_on_warmup": bool}, f"GET {IPS} details[{detail['ip']}]",
                "warming_ips takes a true value as warming", if_present=True)
    uncovered = sorted(set(items) - {d["ip"] for d in details})
    assert not uncovered, (f"GET {IPS}: no 'details' entry for {uncovered}: warming_ips never "
                           "sees them warming")
    warming = reader.warming_ips()
    assert warming == {d["ip"] for d in details if d.get("is_on_warmup")}


def test_warming_ips_agree_with_the_warmup_plans(reader: ReadOnlyClient) -> None:
    # Not a provider read: a cross-check of the one it makes. The provider (and the policy
    # pack after it) learns which IPs warm up from GET /v3/ips alone.
    with feature("the IPs API (GET /v3/ips)"):
        warming = reader.warming_ips()
    with feature("IP warmups (GET /v3/ip_warmups)"):
        planned = {str(item.get("ip")) for page in
                   reader._token_pages("/v3/ip_warmups", {}, "items") for item in page}
    assert warming == planned, (
        f"GET {IPS} marks {sorted(warming)} on warmup, GET /v3/ip_warmups lists plans for "
        f"{sorted(planned)}: the provider's warming_ips (and the policy pack's warming rules) "
        "follow the first")


def test_ip_warmup_details(reader: ReadOnlyClient) -> None:
    with feature("the IPs API (GET /v3/ips)"):
        warming = sorted(reader.warming_ips())
    if not warming:
        pytest.skip("no IP of the account is on warmup: GET /v3/ip_warmups/{ip} not exercised")
    path = f"/v3/ip_warmups/{warming[0]}"
    why = "IpWarmup reads its outputs from 'details'"
    with feature("IP warmups"):
        details = unwrapped(reader, path, "details", why,
                            lambda: reader.get_ip_warmup(warming[0]))
    # They are only outputs: one missing leaves its output null, which is worth a note.
    outputs: dict[str, type | tuple[type, ...]] = {
        "total_stages": int, "sent_within_stage": str, "throttle": (int, float),
        "plan_started_at": str}
    require(details, outputs, f"GET {path} details", "they are IpWarmup's outputs",
            if_present=True)
    missing = [name for name in outputs if name not in details]
    if "stage" not in details and "stage_number" not in details:
        missing.append("stage (or stage_number)")
    if missing:
        note(f"GET {path} details: no {', '.join(missing)}: IpWarmup's outputs stay null")


def test_ip_not_on_warmup_reads_as_gone(reader: ReadOnlyClient) -> None:
    details = _ip_details(reader)
    with feature("the IPs API (GET /v3/ips)"):
        dedicated = reader.list_ips(dedicated=True).get("items") or []
    calm = sorted(ip for ip in dedicated
                  if not any(d.get("ip") == ip and d.get("is_on_warmup") for d in details))
    if not calm:
        pytest.skip("no dedicated IP of the account is off warmup")
    with feature("IP warmups"), pytest.raises(NotFound):
        # IpWarmup reads a plan that finished as gone only on Mailgun's own 404.
        reader.get_ip_warmup(calm[0])


# -- DIPPs: DedicatedIpPool, DomainIpAssignment (pool_id), DedicatedIpPoolDelegation -------

POOLS = "/v3/ip_pools"


def _pools(reader: ReadOnlyClient) -> list[dict[str, Any]]:
    with feature("DIPPs (GET /v3/ip_pools)"):
        pools = reader.list_ip_pools()
    require(reader.last(POOLS), {"ip_pools": list}, f"GET {POOLS}",
            "create finds DIPPs of the same name (adopt, duplicates) in 'ip_pools'")
    return pools


def test_list_ip_pools(reader: ReadOnlyClient) -> None:
    pools = _pools(reader)
    for pool in pools:
        require(pool, {"pool_id": str, "name": str}, f"GET {POOLS} ip_pools[]",
                "adopt and the duplicate-name check match on 'name' and keep 'pool_id'")
    if pools and not any("is_inherited" in pool for pool in pools):
        note(f"GET {POOLS}: no DIPP carries 'is_inherited': adopting a DIPP inherited from "
             "a parent account is then refused only by Mailgun's 403 on the edit")


def test_get_ip_pool(reader: ReadOnlyClient) -> None:
    pools = _pools(reader)
    if not pools:
        pytest.skip("the account has no DIPP: GET /v3/ip_pools/{id} not exercised")
    own = [p for p in pools if not p.get("is_inherited")] or pools
    pool_id = str(own[0]["pool_id"])
    path = f"{POOLS}/{pool_id}"
    details = unwrapped(reader, path, "details", "DedicatedIpPool reads the DIPP from 'details'",
                        lambda: reader.get_ip_pool(pool_id))
    require(details, {"name": str, "description": str, "ips": list, "is_linked": bool},
            f"GET {path} details",
            "read compares name, description and ips with the stack (a missing one is drift "
            "on every refresh); is_linked is an output and guards delete")
    if details["is_linked"]:
        require(details, {"linked_domains": list}, f"GET {path} details",
                "linked_domains is an output, names the domains in delete's refusal, and "
                "DomainIpAssignment(pool_id) reads its link from it")


def test_ip_pool_gone(reader: ReadOnlyClient) -> None:
    with feature("DIPPs"), pytest.raises(NotFound):
        # DedicatedIpPool (and DomainIpAssignment) read a deleted DIPP as gone only on
        # Mailgun's own 404.
        reader.get_ip_pool(NO_SUCH_ID)


def test_delegated_ip_pools(reader: ReadOnlyClient) -> None:
    path = "/v5/accounts/subaccounts/ip_pools/all"
    with feature("DIPP delegation to subaccounts"):
        try:
            items = reader.list_delegated_ip_pools()
        except NotFound as error:
            # Mailgun documents a 404 "account not found" here without saying when; the
            # provider then reads a delegation as gone only when its subaccount is.
            pytest.skip(f"GET {path} answered 404 ({error.message}): no subaccounts?")
    require(reader.last(path), {"items": list}, f"GET {path}",
            "DedicatedIpPoolDelegation finds its delegation in 'items'")
    for item in items:
        require(item, {"pool_id": str, "subaccount_id": str}, f"GET {path} items[]",
                "a delegation is matched on both")


# -- dynamic pools: DynamicPoolMembership, DynamicPoolEnrollment -------------------------

ENROLLMENTS = "/v1/dynamic_pools/domains"


def test_list_dynamic_pools(reader: ReadOnlyClient) -> None:
    path = "/v3/dynamic_pools"
    with feature("Dynamic IP Pools"):
        pools = reader.list_dynamic_pools()
    raw = reader.last(path)
    require(raw, {"pools": list}, f"GET {path}",
            "DynamicPoolMembership reads each pool's IPs from 'pools'")
    for pool in raw["pools"]:
        require(pool, {"name": str, "ips": (list, NONE)}, f"GET {path} pools[]",
                "a pool is found by 'name' and owns 'ips'")
    unknown = sorted(set(pools) - set(DYNAMIC_POOLS))
    assert not unknown, (f"GET {path}: pools {unknown} are none of {DYNAMIC_POOLS}, the names "
                         "the provider accepts")


def test_dynamic_pool_enrollment_reads_every_page(reader: ReadOnlyClient) -> None:
    mark = reader.mark()
    with feature("Dynamic IP Pools"):
        # A name that is never enrolled makes the client read the whole list.
        assert reader.get_dynamic_pool_enrollment(NO_SUCH_NAME) is None
    pages = [exchange.body for exchange in reader.since(mark, ENROLLMENTS)]
    why = "DynamicPoolEnrollment finds a domain by reading every page"
    for number, body in enumerate(pages, 1):
        require(body, {"items": list}, f"GET {ENROLLMENTS} page {number}", why)
        for item in body["items"]:
            require(item, {"name": str, "pool": str, "override": bool},
                    f"GET {ENROLLMENTS} page {number} items[]",
                    "an enrollment is found by 'name'; pool and override are outputs")
    seen = sum(len(body["items"]) for body in pages)
    total = pages[0].get("total_items")
    if pages[-1]["items"]:
        # The client stopped on a page with items: it had no new paging next/Next to follow.
        assert isinstance(total, int) and seen >= total, (
            f"GET {ENROLLMENTS}: the client stopped after page {len(pages)} with {seen} "
            f"enrollments read (total_items={total!r}) and no new paging 'next'/'Next': "
            f"enrollments past it are never found. Last paging: {pages[-1].get('paging')}")
    elif isinstance(total, int):
        assert seen == total, f"GET {ENROLLMENTS}: read {seen} enrollments, total_items={total}"


def test_dynamic_pool_enrollment_of_the_domain(reader: ReadOnlyClient, domain: str) -> None:
    with feature("Dynamic IP Pools"):
        enrollment = reader.get_dynamic_pool_enrollment(domain)
    if enrollment is None:
        pytest.skip(f"{domain} is not enrolled in dynamic pools")
    assert enrollment.get("pool") in DYNAMIC_POOLS, enrollment
    assert isinstance(enrollment.get("override"), bool), enrollment


# -- domains: DomainIpAssignment ----------------------------------------------------------

def test_get_domain(reader: ReadOnlyClient, domain: str) -> None:
    path = f"/v4/domains/{domain}"
    found = unwrapped(reader, path, "domain", "the domain is read from 'domain'",
                      lambda: reader.get_domain(domain))
    require(found, {"id": str, "name": str}, f"GET {path} domain",
            "DomainIpAssignment links a DIPP to the domain by this 'id'")
    assert found["name"].lower() == domain


def test_ip_domains(reader: ReadOnlyClient, domain: str) -> None:
    # Which IPs the domain sends from: not a provider read (DomainIpAssignment asks the
    # other way round, for an IP's domains), but the list to check that read against.
    sending = reader.request("GET", f"/v3/domains/{domain}/ips").get("items") or []
    with feature("the IPs API (GET /v3/ips)"):
        dedicated = reader.list_ips(dedicated=True).get("items") or []
    own = [ip for ip in sending if ip in dedicated]
    probe = own[0] if own else (dedicated[0] if dedicated else None)
    if probe is None:
        pytest.skip("the account has no dedicated IP: GET /v3/ips/{ip}/domains not exercised")
    path = f"/v3/ips/{probe}/domains"
    mark = reader.mark()
    found = reader.list_ip_domains(probe, search=domain)
    for exchange in reader.since(mark, path):
        require(exchange.body, {"items": list, "total_count": int}, f"GET {path}",
                "DomainIpAssignment(ip) pages on 'total_count' (without it, it reads one "
                "page only)")
        for item in exchange.body["items"]:
            require(item, {"domain": str}, f"GET {path} items[]",
                    "DomainIpAssignment(ip) finds its domain by 'domain'")
    if own:
        assert domain in [item["domain"] for item in found], (
            f"{domain} sends from {probe} (GET /v3/domains/{domain}/ips) but GET {path}"
            f"?search={domain} does not list it: DomainIpAssignment(ip={probe}) reads as gone")


# -- webhooks: Webhook, AccountWebhook ---------------------------------------------------

ACCOUNT_HOOKS = "/v1/webhooks"


def test_domain_webhooks(reader: ReadOnlyClient, domain: str) -> None:
    for event in WEBHOOK_EVENTS:
        path = f"/v3/domains/{domain}/webhooks/{event}"
        try:
            reader.get_domain_webhook(domain, event)
        except NotFound:
            continue  # Mailgun's own 404: the provider reads the event as having no URLs
        raw = reader.last(path)
        require(raw, {"webhook": dict}, f"GET {path}", "Webhook reads its URLs from 'webhook'")
        hook = raw["webhook"]
        assert isinstance(hook.get("urls"), list) or isinstance(hook.get("url"), str), (
            f"GET {path}: 'webhook' has neither 'urls' nor 'url' ({sorted(hook)}): Webhook "
            "reads the event as having no URLs, and the resource as gone")


def _account_webhooks(reader: ReadOnlyClient) -> list[dict[str, Any]]:
    with feature("account webhooks (GET /v1/webhooks)"):
        hooks = reader.list_account_webhooks()
    require(reader.last(ACCOUNT_HOOKS), {"webhooks": list}, f"GET {ACCOUNT_HOOKS}",
            "AccountWebhook adopts by URL from 'webhooks'")
    return hooks


def test_list_account_webhooks(reader: ReadOnlyClient) -> None:
    for hook in _account_webhooks(reader):
        require(hook, {"webhook_id": str, "url": str}, f"GET {ACCOUNT_HOOKS} webhooks[]",
                "create finds a webhook of the same URL and takes its 'webhook_id'")


def test_get_account_webhook(reader: ReadOnlyClient) -> None:
    hooks = _account_webhooks(reader)
    if not hooks:
        pytest.skip("the account has no account webhook: GET /v1/webhooks/{id} not exercised")
    hook_id = str(hooks[0]["webhook_id"])
    live = reader.get_account_webhook(hook_id)
    require(live, {"url": str, "event_types": list}, f"GET {ACCOUNT_HOOKS}/{hook_id}",
            "read compares url and event_types with the stack (missing is drift on every "
            "refresh)")
    assert live["url"] == hooks[0]["url"]
    require(live, {"description": (str, NONE)}, f"GET {ACCOUNT_HOOKS}/{hook_id}",
            "read compares the description", if_present=True)
    if "created_at" not in live:
        note(f"GET {ACCOUNT_HOOKS}/{hook_id}: no 'created_at': the output stays null")


def test_account_webhook_gone(reader: ReadOnlyClient) -> None:
    with feature("account webhooks"), pytest.raises(NotFound):
        # AccountWebhook reads a deleted webhook as gone only on Mailgun's own 404.
        reader.get_account_webhook(NO_SUCH_ID)


# -- subaccounts: Subaccount, SubaccountIpLink --------------------------------------------

SUBACCOUNTS = "/v5/accounts/subaccounts"


def _first_subaccount(reader: ReadOnlyClient) -> dict[str, Any] | None:
    # Not a provider read: the provider looks subaccounts up by exact name only; this finds
    # one whose name and id to look up.
    with feature("subaccounts (GET /v5/accounts/subaccounts)"):
        page = reader.request("GET", SUBACCOUNTS, params={"limit": "10"})
    found: list[dict[str, Any]] = page.get("subaccounts") or []
    return found[0] if found else None


def test_list_subaccounts_named(reader: ReadOnlyClient) -> None:
    first = _first_subaccount(reader)
    name = str(first["name"]) if first else NO_SUCH_NAME
    mark = reader.mark()
    named = reader.list_subaccounts_named(name)
    for exchange in reader.since(mark, SUBACCOUNTS):
        require(exchange.body, {"subaccounts": list, "total": int}, f"GET {SUBACCOUNTS}",
                "the lookup by name pages on 'total' (without it, it reads one page only)")
    for sub in named:
        require(sub, {"id": str, "name": str, "status": str}, f"GET {SUBACCOUNTS} subaccounts[]",
                "adopt takes the 'id', and skips a 'closed' one by 'status'")
    if first is None:
        assert named == [], f"GET {SUBACCOUNTS}?filter={name!r} found {named}"
    else:
        assert first["id"] in [s["id"] for s in named], (
            f"the lookup of the name {name!r} did not find subaccount {first['id']}")


def test_get_subaccount(reader: ReadOnlyClient) -> None:
    first = _first_subaccount(reader)
    if first is None:
        pytest.skip("the account has no subaccount: GET /v5/accounts/subaccounts/{id} not "
                    "exercised")
    sub_id = str(first["id"])
    sub = unwrapped(reader, f"{SUBACCOUNTS}/{sub_id}", "subaccount",
                    "Subaccount reads 'subaccount'", lambda: reader.get_subaccount(sub_id))
    require(sub, {"id": str, "name": str, "status": str}, f"GET {SUBACCOUNTS}/{sub_id}",
            "read compares name and enabled (status 'open') with the stack; 'closed' is gone")
    assert sub["status"] in ("open", "disabled", "closed"), sub["status"]
    if "created_at" not in sub:
        note(f"GET {SUBACCOUNTS}/{sub_id}: no 'created_at': the output stays null")


def test_subaccount_ips(reader: ReadOnlyClient) -> None:
    first = _first_subaccount(reader)
    if first is None:
        pytest.skip("the account has no subaccount: GET /v3/ips/details/all not exercised")
    path = "/v3/ips/details/all"
    mark = reader.mark()
    with feature("the detailed IP view / centralized IP assignment (GET /v3/ips/details/all)"):
        reader.list_subaccount_ips(str(first["id"]))
    for exchange in reader.since(mark, path):
        require(exchange.body, {"items": list, "total_count": int}, f"GET {path}",
                "SubaccountIpLink pages on 'total_count' (without it, it reads one page only)")
        for item in exchange.body["items"]:
            require(item, {"address": str}, f"GET {path} items[]",
                    "SubaccountIpLink reads the linked IP from 'address'")


def test_subaccount_gone(reader: ReadOnlyClient) -> None:
    with feature("subaccounts"), pytest.raises(NotFound):
        # Subaccount reads a deleted subaccount as gone only on Mailgun's own 404.
        reader.get_subaccount(NO_SUCH_ID)
