"""Every registered kind through the shared lifecycle (see lifecycle.py), one row each in
``LIFECYCLES``, run in ``GROUPS`` of rows that share a stack; IpBand, whose band Mailgun
does not show, has a test of its own (``OWN_TESTS``). tests/provider/test_registry.py
fails for a kind with neither."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra import facts
from tests.conftest import Emulator
from tests.e2e.lifecycle import GONE, Lifecycle, run_lifecycles
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e


def dynamic_pool(name: str):  # type: ignore[no-untyped-def]
    return lambda emulator: sorted(emulator.state()["dynamic_pools"][name])


def _dynamic_pool_membership() -> Lifecycle:
    return Lifecycle(
        kind="dynamic_pool_memberships", type_token=facts.DYNAMIC_POOL_MEMBERSHIP,
        name="good",
        create={"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.20"]},
        expect_create=["192.0.2.10", "192.0.2.20"],
        update={"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.11"]},
        expect_update=["192.0.2.10", "192.0.2.11"],
        live=dynamic_pool("dynamic_good"),
        drift=lambda e: e.client().update_dynamic_pool("dynamic_good", add_ips=["192.0.2.12"]),
        expect_drift=["192.0.2.10", "192.0.2.11", "192.0.2.12"],
        refreshed={"ips": ["192.0.2.10", "192.0.2.11", "192.0.2.12"]},
    )


def _warming(emulator: Emulator) -> bool:
    # The seed's own warmups are checked by destroy's comparison with the seed.
    return "192.0.2.13" in {w["ip"] for w in emulator.state()["ip_warmups"]}


def _ip_warmup() -> Lifecycle:
    return Lifecycle(
        kind="ip_warmups", type_token=facts.IP_WARMUP, name="fresh-ip",
        create={"ip": "192.0.2.13"},
        expect_create=True,
        live=_warming,
        drift=lambda e: e.client().cancel_ip_warmup("192.0.2.13"),
        expect_drift=False,
        refreshed=GONE,
    )


def _enrollment(emulator: Emulator) -> dict[str, object]:
    domain = next(d for d in emulator.state()["domains"] if d["name"] == "news.example.com")
    return {"pool": domain["dynamic_pool"], "override": domain["dynamic_override"]}


def _dynamic_pool_enrollment() -> Lifecycle:
    return Lifecycle(
        kind="dynamic_pool_enrollments", type_token=facts.DYNAMIC_POOL_ENROLLMENT,
        name="news",
        context={"dynamic_pool_memberships": {
            "new": {"pool": "dynamic_new", "ips": ["192.0.2.13"]},
            "good": {"pool": "dynamic_good", "ips": ["192.0.2.14"]},
        }},
        create={"domain": "news.example.com", "replacement_ip": "shared"},
        expect_create={"pool": "dynamic_new", "override": False},
        update={"domain": "news.example.com", "replacement_ip": "shared",
                "override_pool": "dynamic_good"},
        expect_update={"pool": "dynamic_good", "override": True},
        live=_enrollment,
        drift=lambda e: e.client().remove_dynamic_pool_override("news.example.com"),
        expect_drift={"pool": "dynamic_good", "override": False},
        refreshed={"override_pool": None, "override": False},
    )


def _domain_webhooks(emulator: Emulator) -> dict[str, list[str]]:
    domain = next(d for d in emulator.state()["domains"] if d["name"] == "mail.example.com")
    return {event: sorted(urls) for event, urls in domain["webhooks"].items()}


def _webhook() -> Lifecycle:
    return Lifecycle(
        kind="webhooks", type_token=facts.WEBHOOK, name="bounces",
        create={"domain": "mail.example.com", "event": "permanent_fail",
                "urls": ["https://hooks.example.com/bounce"]},
        expect_create={"permanent_fail": ["https://hooks.example.com/bounce"]},
        update={"domain": "mail.example.com", "event": "permanent_fail",
                "urls": ["https://hooks.example.com/bounce", "https://backup.example.com/b"]},
        expect_update={"permanent_fail": ["https://backup.example.com/b",
                                          "https://hooks.example.com/bounce"]},
        live=_domain_webhooks,
        drift=lambda e: e.client().update_domain_webhook(
            "mail.example.com", "permanent_fail", ["https://evil.example.com/"]),
        expect_drift={"permanent_fail": ["https://evil.example.com/"]},
        refreshed={"urls": ["https://evil.example.com/"]},
    )


def _account_webhooks(emulator: Emulator) -> list[tuple[str, list[str], str]]:
    return [(h["url"], sorted(h["event_types"]), h["description"])
            for h in emulator.state()["account_webhooks"]]


def _account_webhook() -> Lifecycle:
    return Lifecycle(
        kind="account_webhooks", type_token=facts.ACCOUNT_WEBHOOK, name="alerts",
        create={"url": "https://alerts.example.com/mg", "event_types": ["complained"]},
        expect_create=[("https://alerts.example.com/mg", ["complained"], "")],
        update={"url": "https://alerts.example.com/mg",
                "event_types": ["complained", "permanent_fail"], "description": "pager"},
        expect_update=[("https://alerts.example.com/mg", ["complained", "permanent_fail"],
                        "pager")],
        live=_account_webhooks,
        drift=lambda e: e.client().update_account_webhook(
            e.state()["account_webhooks"][0]["webhook_id"], "https://alerts.example.com/mg",
            ["delivered"], "pager"),
        expect_drift=[("https://alerts.example.com/mg", ["delivered"], "pager")],
        refreshed={"event_types": ["delivered"]},
    )


def _subaccounts(emulator: Emulator) -> list[tuple[str, str]]:
    return [(s["name"], s["status"]) for s in emulator.state()["subaccounts"]]


def _subaccount() -> Lifecycle:
    return Lifecycle(
        kind="subaccounts", type_token=facts.SUBACCOUNT, name="acme",
        create={"name": "Acme Corp"},
        expect_create=[("Acme Corp", "open")],
        update={"name": "Acme Corp", "enabled": False},
        expect_update=[("Acme Corp", "disabled")],
        live=_subaccounts,
        drift=lambda e: e.client().set_subaccount_enabled(
            e.state()["subaccounts"][0]["id"], True),
        expect_drift=[("Acme Corp", "open")],
        refreshed={"enabled": True, "status": "open"},
    )


def _subaccount_ips(emulator: Emulator) -> list[list[str]]:
    return [sorted(s["ips"]) for s in emulator.state()["subaccounts"]]


def _subaccount_ip_link() -> Lifecycle:
    return Lifecycle(
        kind="subaccount_ip_links", type_token=facts.SUBACCOUNT_IP_LINK, name="acme-ips",
        context={"subaccounts": {"acme": {"name": "Acme Corp"}}},
        create={"subaccount_id": "${subaccounts.acme.subaccount_id}", "ips": ["192.0.2.14"]},
        expect_create=[["192.0.2.14"]],
        update={"subaccount_id": "${subaccounts.acme.subaccount_id}",
                "ips": ["192.0.2.14", "192.0.2.15"]},
        expect_update=[["192.0.2.14", "192.0.2.15"]],
        live=_subaccount_ips,
        drift=lambda e: e.client().update_subaccount_ips(
            e.state()["subaccounts"][0]["id"], unlink_ips=["192.0.2.15"]),
        expect_drift=[["192.0.2.14"]],
        refreshed={"ips": ["192.0.2.14"]},
    )


def _domain_sources(emulator: Emulator) -> dict[str, object]:
    domain = next(d for d in emulator.state()["domains"] if d["name"] == "news.example.com")
    pools = {p["pool_id"]: p["name"] for p in emulator.state()["ip_pools"]}
    return {"ips": sorted(domain["ips"]), "pool": pools.get(domain["pool_id"] or "")}


def _domain_ip_assignment_of_an_ip() -> Lifecycle:
    return Lifecycle(
        kind="domain_ip_assignments", type_token=facts.DOMAIN_IP_ASSIGNMENT,
        name="news-ip",
        create={"domain": "news.example.com", "ip": "192.0.2.13"},
        expect_create={"ips": ["192.0.2.13", "198.51.100.1"], "pool": None},
        live=_domain_sources,
        drift=lambda e: e.client().remove_domain_ip("news.example.com", "192.0.2.13"),
        expect_drift={"ips": ["198.51.100.1"], "pool": None},
        refreshed=GONE,
    )


def _domain_ip_assignment_of_a_dipp() -> Lifecycle:
    return Lifecycle(
        kind="domain_ip_assignments", type_token=facts.DOMAIN_IP_ASSIGNMENT,
        name="news-dipp",
        context={"dedicated_ip_pools": {"news": {"name": "news", "description": "d",
                                                 "ips": ["192.0.2.13"]}}},
        create={"domain": "news.example.com",
                "pool_id": "${dedicated_ip_pools.news.pool_id}", "replacement_ip": "192.0.2.14"},
        expect_create={"ips": ["198.51.100.1"], "pool": "news"},
        # The delete-time replacement changes in place (state only); shared leaves the
        # domain as the seed has it.
        update={"domain": "news.example.com",
                "pool_id": "${dedicated_ip_pools.news.pool_id}", "replacement_ip": "shared"},
        expect_update={"ips": ["198.51.100.1"], "pool": "news"},
        live=_domain_sources,
        drift=lambda e: e.client().unlink_domain_ip_pool("news.example.com",
                                                        replacement_ip="shared"),
        expect_drift={"ips": ["198.51.100.1"], "pool": None},
        refreshed=GONE,
    )


def _delegations(emulator: Emulator) -> list[tuple[str, int]]:
    return [(p["name"], len(p["delegated_to"])) for p in emulator.state()["ip_pools"]]


def _dedicated_ip_pool_delegation() -> Lifecycle:
    delegation = {"pool_id": "${dedicated_ip_pools.shared.pool_id}",
                  "subaccount_id": "${subaccounts.acme.subaccount_id}"}
    return Lifecycle(
        kind="dedicated_ip_pool_delegations", type_token=facts.DEDICATED_IP_POOL_DELEGATION,
        name="shared-to-acme",
        context={"subaccounts": {"acme": {"name": "Acme Corp"}},
                 "dedicated_ip_pools": {"shared": {"name": "shared", "description": "d",
                                                   "ips": ["192.0.2.13"]}}},
        create=delegation,
        expect_create=[("shared", 1)],
        live=_delegations,
        drift=lambda e: e.client().revoke_ip_pool(e.state()["ip_pools"][0]["pool_id"],
                                                 e.state()["subaccounts"][0]["id"]),
        expect_drift=[("shared", 0)],
        refreshed=GONE,
    )


def _spillover_of_mail(emulator: Emulator) -> str | None:
    state = emulator.state()
    domain = next(d for d in state["domains"] if d["name"] == "mail.example.com")
    pools = {p["pool_id"]: p["name"] for p in state["ip_pools"]}
    return pools.get(domain["spillover_pool_id"] or "")


def _dipp_spillover() -> Lifecycle:
    return Lifecycle(
        kind="dipp_spillovers", type_token=facts.DIPP_SPILLOVER, name="mail",
        context={"dedicated_ip_pools": {
            "over": {"name": "over", "description": "d", "ips": ["192.0.2.11"]},
            "more": {"name": "more", "description": "d", "ips": ["192.0.2.12"]}}},
        create={"domain": "mail.example.com", "pool_id": "${dedicated_ip_pools.over.pool_id}"},
        expect_create="over",
        update={"domain": "mail.example.com", "pool_id": "${dedicated_ip_pools.more.pool_id}"},
        expect_update="more",
        live=_spillover_of_mail,
        drift=lambda e: e.client().set_dipp_spillover(None, domain="mail.example.com"),
        expect_drift=None,
        refreshed=GONE,
    )


def _monthly_limits(emulator: Emulator) -> list[int | None]:
    return [s["monthly_limit"] for s in emulator.state()["subaccounts"]]


def _subaccount_sending_limit() -> Lifecycle:
    return Lifecycle(
        kind="subaccount_sending_limits", type_token=facts.SUBACCOUNT_SENDING_LIMIT,
        name="acme",
        context={"subaccounts": {"acme": {"name": "Acme Corp"}}},
        create={"subaccount_id": "${subaccounts.acme.subaccount_id}", "limit": 1000},
        expect_create=[1000],
        update={"subaccount_id": "${subaccounts.acme.subaccount_id}", "limit": 2000},
        expect_update=[2000],
        live=_monthly_limits,
        drift=lambda e: e.client().set_subaccount_monthly_limit(
            e.state()["subaccounts"][0]["id"], 5000),
        expect_drift=[5000],
        refreshed={"limit": 5000},
    )


def _account_sending_limit() -> Lifecycle:
    return Lifecycle(
        kind="account_sending_limits", type_token=facts.ACCOUNT_SENDING_LIMIT,
        name="account",
        create={"limit": 100000},
        expect_create=100000,
        update={"limit": 250000},
        expect_update=250000,
        live=lambda e: e.state()["monthly_limit"],
        drift=lambda e: e.client().set_account_monthly_limit(5000),
        expect_drift=5000,
        refreshed={"limit": 5000},
    )


def _pools(emulator: Emulator) -> dict[str, tuple[str, list[str]]]:
    return {p["name"]: (p["description"], sorted(p["ips"]))
            for p in emulator.state()["ip_pools"]}


def _dedicated_ip_pool() -> Lifecycle:
    def drift(emulator: Emulator) -> None:
        pool_id = emulator.pools_by_name()["transactional"]["pool_id"]
        emulator.client().remove_ip_from_pool(pool_id, "192.0.2.13")

    return Lifecycle(
        kind="dedicated_ip_pools", type_token=facts.DEDICATED_IP_POOL, name="transactional",
        create={"name": "transactional", "description": "receipts",
                "ips": ["192.0.2.11", "192.0.2.10"]},
        expect_create={"transactional": ("receipts", ["192.0.2.10", "192.0.2.11"])},
        update={"name": "transactional", "description": "receipts",
                "ips": ["192.0.2.10", "192.0.2.13"]},
        expect_update={"transactional": ("receipts", ["192.0.2.10", "192.0.2.13"])},
        live=_pools,
        drift=drift,
        expect_drift={"transactional": ("receipts", ["192.0.2.10"])},
        refreshed={"ips": ["192.0.2.10"]},
        # Mailgun's documented lag: a DIPP's own record at once, its domains later (the
        # stricter setting: test_dedicated_ip_pool.py).
        emulator_settings={"async_lag_reads": 2, "async_lag_scope": "documented"},
    )


EVENTS_URL = "https://events.example.com/mailgun/all"


def _domain_webhook_url() -> Lifecycle:
    def entry(event_types: list[str]) -> dict[str, Any]:
        return {"domain": "mail.example.com", "url": EVENTS_URL, "event_types": event_types}

    return Lifecycle(
        kind="domain_webhook_urls", type_token=facts.DOMAIN_WEBHOOK_URL, name="events",
        create=entry(["delivered"]),
        expect_create={"delivered": [EVENTS_URL]},
        update=entry(["delivered", "opened"]),
        expect_update={"delivered": [EVENTS_URL], "opened": [EVENTS_URL]},
        live=_domain_webhooks,
        drift=lambda e: e.client().update_domain_webhook_url(
            "mail.example.com", EVENTS_URL, ["clicked"]),
        expect_drift={"clicked": [EVENTS_URL]},
        refreshed={"event_types": ["clicked"]},
    )


class _KeyGenerations:
    """Which signing key the account has, as a count: 0 the first one seen, then one more
    for each new key."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, emulator: Emulator) -> int:
        key = emulator.state()["http_signing_key"]
        if key not in self.seen:
            self.seen.append(key)
        return self.seen.index(key)


def _http_signing_key() -> Lifecycle:
    # Declaring the key reads it; a new rotation mark makes a new one; a key made outside
    # is read by refresh and kept (up cannot bring an old key back); destroy leaves it.
    return Lifecycle(
        kind="http_signing_keys", type_token=facts.HTTP_SIGNING_KEY, name="signing",
        create={},
        expect_create=0,
        update={"rotation": 1},
        expect_update=1,
        live=_KeyGenerations(),
        drift=lambda e: e.client().regenerate_http_signing_key(),
        expect_drift=2,
        refreshed={"rotation": 1},
        repairs=False,
        destroy_leaves=("http_signing_key",),
    )


LIFECYCLES: dict[str, Callable[[], Lifecycle]] = {
    "subaccount": _subaccount,
    "subaccount_sending_limit": _subaccount_sending_limit,
    "account_sending_limit": _account_sending_limit,
    "dedicated_ip_pool": _dedicated_ip_pool,
    "dipp_spillover": _dipp_spillover,
    "ip_warmup": _ip_warmup,
    "dynamic_pool_membership": _dynamic_pool_membership,
    "dynamic_pool_enrollment": _dynamic_pool_enrollment,
    "domain_ip_assignment_of_an_ip": _domain_ip_assignment_of_an_ip,
    "domain_ip_assignment_of_a_dipp": _domain_ip_assignment_of_a_dipp,
    "subaccount_ip_link": _subaccount_ip_link,
    "dedicated_ip_pool_delegation": _dedicated_ip_pool_delegation,
    "webhook": _webhook,
    "domain_webhook_url": _domain_webhook_url,
    "account_webhook": _account_webhook,
    "http_signing_key": _http_signing_key,
}


# The rows that go through the lifecycle together, in one stack: each group's rows own
# disjoint objects (names, IPs, domains' settings) and each row's ``live`` sees its own
# only. A stack of several saves the CLI runs of the others (about 17 s a row).
GROUPS: dict[str, tuple[str, ...]] = {
    "account_and_mail": ("subaccount", "account_sending_limit", "account_webhook",
                         "http_signing_key", "webhook", "ip_warmup",
                         "dynamic_pool_membership"),
    "limit_url_enrollment": ("subaccount_sending_limit", "domain_webhook_url",
                             "dynamic_pool_enrollment"),
    "ip_link_and_dipp": ("subaccount_ip_link", "dedicated_ip_pool"),
    "delegation_and_ip": ("dedicated_ip_pool_delegation", "domain_ip_assignment_of_an_ip"),
    "spillover_and_dipp_link": ("dipp_spillover", "domain_ip_assignment_of_a_dipp"),
}


@pytest.mark.parametrize("group", GROUPS)
def test_lifecycles(group: str, tmp_path: Path, emulator: Emulator) -> None:
    run_lifecycles(tmp_path, emulator, {row: LIFECYCLES[row]() for row in GROUPS[group]})


def test_ip_band_is_set_changed_and_left_by_destroy(tmp_path: Path,
                                                    emulator: Emulator) -> None:
    """Mailgun shows no IP's band and has no call to take one away: refresh cannot see a
    change made elsewhere, and destroy leaves the band (as README says)."""
    def band(e: Emulator) -> str | None:
        return next(ip.get("ip_band") for ip in e.state()["ips"] if ip["ip"] == "192.0.2.13")

    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"ip_bands": {"b": {"ip": "192.0.2.13", "ip_band": "band-a"}}})
    ws.up()
    assert band(emulator) == "band-a"
    created = ws.ids(facts.IP_BAND)["b"]
    ws.set_spec({"ip_bands": {"b": {"ip": "192.0.2.13", "ip_band": "band-b"}}})
    assert ws.up_as_previewed()["IpBand::b"] == "update"
    assert band(emulator) == "band-b" and ws.ids(facts.IP_BAND)["b"] == created
    emulator.client().place_ip_in_band("192.0.2.13", "band-c")
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    emulator.admin("DELETE", "/requests")
    ws.run("destroy", "--yes", check=True)
    assert band(emulator) == "band-c"
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []


# Kinds whose lifecycle does not fit the shared steps, by kind: their own test.
OWN_TESTS: dict[str, Callable[[Path, Emulator], None]] = {
    "ip_bands": test_ip_band_is_set_changed_and_left_by_destroy,
}
