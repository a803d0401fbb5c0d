"""Every provider through the in-process lifecycle (see lifecycle.py), and a check that the
table covers every input: each in-place input is updated, each replace_on input replaced."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.client import MailgunClient
from mailgun_infra.emulator import default_seed
from mailgun_infra.emulator.models import FEATURE_DEDICATED_IP_BANDS, Account
from mailgun_infra.resources import (
    PROVIDERS,
    AccountSendingLimitProvider,
    AccountWebhookProvider,
    DedicatedIpPoolDelegationProvider,
    DedicatedIpPoolProvider,
    DippSpilloverProvider,
    DomainIpAssignmentProvider,
    DomainWebhookUrlProvider,
    DynamicPoolEnrollmentProvider,
    DynamicPoolMembershipProvider,
    HttpSigningKeyProvider,
    IpBandProvider,
    IpWarmupProvider,
    SubaccountIpLinkProvider,
    SubaccountProvider,
    SubaccountSendingLimitProvider,
    WebhookProvider,
)
from tests.conftest import Emulator
from tests.provider.lifecycle import (
    GONE,
    OUTPUTS_ONLY,
    UNSEEN,
    Context,
    ProviderLifecycle,
    run_provider_lifecycle,
)


def _domain(emulator: Emulator, name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(d for d in emulator.state()["domains"] if d["name"] == name)
    return found


def _pools(emulator: Emulator) -> list[tuple[str, str, list[str]]]:
    return sorted((p["name"], p["description"], sorted(p["ips"]))
                  for p in emulator.state()["ip_pools"])


def _spare_pool(client: MailgunClient) -> Context:
    return {"spare": client.create_ip_pool("spare", "d", ["192.0.2.15"])}


SPARE = ("spare", "d", ["192.0.2.15"])
DIPP = ProviderLifecycle(
    provider=DedicatedIpPoolProvider,
    setup=_spare_pool,
    create={"name": "transactional", "description": "tx",
            "ips": ["192.0.2.11", "192.0.2.10"]},
    live=_pools,
    expect_create=[SPARE, ("transactional", "tx", ["192.0.2.10", "192.0.2.11"])],
    updates=[
        ({"name": "tx", "description": "receipts", "ips": ["192.0.2.12"]},
         [SPARE, ("tx", "receipts", ["192.0.2.12"])]),
        ({"adopt": True, "replacement_ip": "shared"}, [SPARE, ("tx", "receipts", ["192.0.2.12"])]),
        ({"replacement_ip": None, "replacement_pool_id": "{spare}"},
         [SPARE, ("tx", "receipts", ["192.0.2.12"])]),
    ],
    replacements={},
    drift=lambda client, id_: client.update_ip_pool(id_, add_ips=["192.0.2.13"]),
    expect_drift={"ips": ["192.0.2.12", "192.0.2.13"]},
)


def _dynamic_pools(emulator: Emulator) -> dict[str, list[str]]:
    return {name: sorted(ips) for name, ips in emulator.state()["dynamic_pools"].items()}


MEMBERSHIP = ProviderLifecycle(
    provider=DynamicPoolMembershipProvider,
    create={"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.11"]},
    live=_dynamic_pools,
    expect_create={"dynamic_good": ["192.0.2.10", "192.0.2.11"], "dynamic_poor": [],
                   "dynamic_new": []},
    updates=[
        ({"ips": ["192.0.2.10", "192.0.2.12"]},
         {"dynamic_good": ["192.0.2.10", "192.0.2.12"], "dynamic_poor": [], "dynamic_new": []}),
        ({"adopt": True},
         {"dynamic_good": ["192.0.2.10", "192.0.2.12"], "dynamic_poor": [], "dynamic_new": []}),
    ],
    replacements={"pool": "dynamic_poor"},
    drift=lambda client, id_: client.update_dynamic_pool(id_, add_ips=["192.0.2.13"]),
    expect_drift={"ips": ["192.0.2.10", "192.0.2.12", "192.0.2.13"]},
)


def _enrollment_setup(client: MailgunClient) -> Context:
    client.update_dynamic_pool("dynamic_new", add_ips=["192.0.2.13"])
    client.update_dynamic_pool("dynamic_good", add_ips=["192.0.2.14"])
    return _spare_pool(client)


def _news_sources(emulator: Emulator) -> dict[str, Any]:
    domain = _domain(emulator, "news.example.com")
    pools = {p["pool_id"]: p["name"] for p in emulator.state()["ip_pools"]}
    return {"dynamic_pool": domain["dynamic_pool"], "override": domain["dynamic_override"],
            "dipp": pools.get(domain["pool_id"] or ""), "ips": sorted(domain["ips"])}


NEWS_SHARED = {"dynamic_pool": None, "override": False, "dipp": None, "ips": ["198.51.100.1"]}
ENROLLMENT = ProviderLifecycle(
    provider=DynamicPoolEnrollmentProvider,
    setup=_enrollment_setup,
    create={"domain": "news.example.com", "replacement_ip": "shared"},
    live=_news_sources,
    expect_create={**NEWS_SHARED, "dynamic_pool": "dynamic_new"},
    updates=[
        # With both set, removal takes the DIPP.
        ({"adopt": True, "replacement_ip": "192.0.2.12", "replacement_pool_id": "{spare}"},
         {**NEWS_SHARED, "dynamic_pool": "dynamic_new"}),
        ({"override_pool": "dynamic_good", "replacement_ip": "shared",
          "replacement_pool_id": None},
         {**NEWS_SHARED, "dynamic_pool": "dynamic_good", "override": True}),
    ],
    replacements={"domain": "promo.example.com"},
    drift=lambda client, id_: client.remove_dynamic_pool_override(id_),
    expect_drift={"override_pool": None},
)


def _warmups(emulator: Emulator) -> list[str]:
    return sorted(w["ip"] for w in emulator.state()["ip_warmups"])


WARMUP = ProviderLifecycle(
    provider=IpWarmupProvider,
    create={"ip": "192.0.2.13"},
    live=_warmups,
    expect_create=["192.0.2.13", "192.0.2.20", "192.0.2.21"],
    updates=[({"adopt": True}, ["192.0.2.13", "192.0.2.20", "192.0.2.21"])],
    replacements={"ip": "192.0.2.14"},
    drift=lambda client, id_: client.cancel_ip_warmup(id_),
    expect_drift=GONE,
)


def _mail_webhooks(emulator: Emulator) -> dict[str, list[str]]:
    return {event: sorted(urls)
            for event, urls in _domain(emulator, "mail.example.com")["webhooks"].items()}


BOUNCE, BACKUP = "https://hooks.example.com/bounce", "https://backup.example.com/b"
# A URL with a query and slashes in its path: the id of a DomainWebhookUrl must hold it.
V4_URL, EVIL = "https://v4.example.com/mg/all?team=a/b", "https://evil.example.com/"
WEBHOOK = ProviderLifecycle(
    provider=WebhookProvider,
    create={"domain": "mail.example.com", "event": "permanent_fail", "urls": [BOUNCE]},
    live=_mail_webhooks,
    expect_create={"permanent_fail": [BOUNCE]},
    updates=[
        ({"urls": [BOUNCE, BACKUP]}, {"permanent_fail": [BACKUP, BOUNCE]}),
        # Not on the event: nothing to keep, and nothing written.
        ({"foreign_urls": [V4_URL]}, {"permanent_fail": [BACKUP, BOUNCE]}),
        ({"adopt": True}, {"permanent_fail": [BACKUP, BOUNCE]}),
    ],
    replacements={"domain": "news.example.com", "event": "delivered"},
    drift=lambda client, id_: client.update_domain_webhook(
        "mail.example.com", "permanent_fail", [EVIL]),
    expect_drift={"urls": [EVIL]},
)


def _v4_url_on_two_events(client: MailgunClient) -> Context:
    client.create_domain_webhook_url("mail.example.com", V4_URL, ["delivered", "permanent_fail"])
    return {}


# Another resource's URL on the event: never reported, kept by every write, left by delete.
WEBHOOK_BESIDE_V4 = ProviderLifecycle(
    provider=WebhookProvider,
    setup=_v4_url_on_two_events,
    create={"domain": "mail.example.com", "event": "permanent_fail", "urls": [BOUNCE],
            "foreign_urls": [V4_URL]},
    live=_mail_webhooks,
    expect_create={"delivered": [V4_URL], "permanent_fail": [BOUNCE, V4_URL]},
    updates=[({"urls": [BOUNCE, BACKUP]},
              {"delivered": [V4_URL], "permanent_fail": [BACKUP, BOUNCE, V4_URL]})],
    replacements={},
    drift=lambda client, id_: client.update_domain_webhook(
        "mail.example.com", "permanent_fail", [EVIL, V4_URL]),
    expect_drift={"urls": [EVIL]},
)

DOMAIN_WEBHOOK_URL = ProviderLifecycle(
    provider=DomainWebhookUrlProvider,
    create={"domain": "mail.example.com", "url": V4_URL, "event_types": ["delivered", "clicked"]},
    live=_mail_webhooks,
    expect_create={"clicked": [V4_URL], "delivered": [V4_URL]},
    updates=[
        ({"event_types": ["opened", "delivered"]}, {"delivered": [V4_URL], "opened": [V4_URL]}),
        ({"adopt": True}, {"delivered": [V4_URL], "opened": [V4_URL]}),
    ],
    replacements={"domain": "news.example.com", "url": BOUNCE},
    drift=lambda client, id_: client.update_domain_webhook_url(
        "mail.example.com", V4_URL, ["permanent_fail"]),
    expect_drift={"event_types": ["permanent_fail"]},
)


def _account_webhooks(emulator: Emulator) -> list[tuple[str, list[str], str]]:
    return [(h["url"], sorted(h["event_types"]), h["description"])
            for h in emulator.state()["account_webhooks"]]


ALERTS, PAGER = "https://alerts.example.com/mg", "https://pager.example.com/mg"
ACCOUNT_WEBHOOK = ProviderLifecycle(
    provider=AccountWebhookProvider,
    create={"url": ALERTS, "event_types": ["complained"]},
    live=_account_webhooks,
    expect_create=[(ALERTS, ["complained"], "")],
    updates=[
        ({"event_types": ["permanent_fail", "complained"], "description": "pager"},
         [(ALERTS, ["complained", "permanent_fail"], "pager")]),
        ({"url": PAGER}, [(PAGER, ["complained", "permanent_fail"], "pager")]),
        ({"adopt": True}, [(PAGER, ["complained", "permanent_fail"], "pager")]),
    ],
    replacements={},
    drift=lambda client, id_: client.update_account_webhook(id_, PAGER, ["delivered"], "pager"),
    expect_drift={"event_types": ["delivered"]},
)


def _subaccounts(emulator: Emulator) -> list[tuple[str, str, dict[str, Any]]]:
    return [(s["name"], s["status"], s["features"]) for s in emulator.state()["subaccounts"]]


OFF, ON = {"enabled": False}, {"enabled": True}
SUBACCOUNT = ProviderLifecycle(
    provider=SubaccountProvider,
    create={"name": "Acme Corp", "features": {"validations": True}},
    live=_subaccounts,
    expect_create=[("Acme Corp", "open", {"validations": ON})],
    updates=[
        ({"enabled": False}, [("Acme Corp", "disabled", {"validations": ON})]),
        # Dropping a feature leaves it as it is: Mailgun has no call to unset one.
        ({"features": {"sending": False}},
         [("Acme Corp", "disabled", {"validations": ON, "sending": OFF})]),
        ({"adopt": True}, [("Acme Corp", "disabled", {"validations": ON, "sending": OFF})]),
    ],
    replacements={"name": "Acme 2"},
    drift=lambda client, id_: _reopen_and_send(client, id_),
    # Only the declared feature is reported: validations is no longer this resource's.
    expect_drift={"enabled": True, "features": {"sending": True}},
)


def _reopen_and_send(client: MailgunClient, subaccount_id: str) -> None:
    client.set_subaccount_enabled(subaccount_id, True)
    client.update_subaccount_features(subaccount_id, {"sending": True})


def _subaccount(client: MailgunClient) -> Context:
    return {"sub": str(client.create_subaccount("Acme Corp")["id"])}


def _subaccount_ips(emulator: Emulator) -> list[list[str]]:
    return [sorted(s["ips"]) for s in emulator.state()["subaccounts"]]


SUBACCOUNT_IP_LINK = ProviderLifecycle(
    provider=SubaccountIpLinkProvider,
    setup=_subaccount,
    create={"subaccount_id": "{sub}", "ips": ["192.0.2.14"]},
    live=_subaccount_ips,
    expect_create=[["192.0.2.14"]],
    updates=[
        ({"ips": ["192.0.2.15", "192.0.2.14"]}, [["192.0.2.14", "192.0.2.15"]]),
        ({"adopt": True}, [["192.0.2.14", "192.0.2.15"]]),
    ],
    replacements={"subaccount_id": "other"},
    drift=lambda client, id_: client.update_subaccount_ips(id_, unlink_ips=["192.0.2.15"]),
    expect_drift={"ips": ["192.0.2.14"]},
)


DOMAIN_IP = ProviderLifecycle(
    provider=DomainIpAssignmentProvider,
    create={"domain": "news.example.com", "ip": "192.0.2.13"},
    live=_news_sources,
    expect_create={**NEWS_SHARED, "ips": ["192.0.2.13", "198.51.100.1"]},
    updates=[({"adopt": True}, {**NEWS_SHARED, "ips": ["192.0.2.13", "198.51.100.1"]})],
    replacements={"domain": "mail.example.com", "ip": "192.0.2.14", "pool_id": "other"},
    drift=lambda client, id_: client.remove_domain_ip("news.example.com", "192.0.2.13"),
    expect_drift=GONE,
)


def _news_and_spare_pools(client: MailgunClient) -> Context:
    return {"news": client.create_ip_pool("news", "d", ["192.0.2.13"]), **_spare_pool(client)}


DOMAIN_DIPP = ProviderLifecycle(
    provider=DomainIpAssignmentProvider,
    setup=_news_and_spare_pools,
    create={"domain": "news.example.com", "pool_id": "{news}", "replacement_ip": "shared"},
    live=_news_sources,
    expect_create={**NEWS_SHARED, "dipp": "news"},
    updates=[
        ({"replacement_ip": None, "replacement_pool_id": "{spare}"},
         {**NEWS_SHARED, "dipp": "news"}),
        ({"adopt": True, "replacement_ip": "shared", "replacement_pool_id": None},
         {**NEWS_SHARED, "dipp": "news"}),
    ],
    replacements={"domain": "mail.example.com", "pool_id": "{spare}", "ip": "192.0.2.15"},
    drift=lambda client, id_: client.unlink_domain_ip_pool("news.example.com",
                                                           replacement_ip="shared"),
    expect_drift=GONE,
)


def _subaccount_and_pool(client: MailgunClient) -> Context:
    return {**_subaccount(client), "pool": client.create_ip_pool("shared", "d", ["192.0.2.13"])}


def _delegations(emulator: Emulator) -> list[tuple[str, int]]:
    return [(p["name"], len(p["delegated_to"])) for p in emulator.state()["ip_pools"]]


DELEGATION = ProviderLifecycle(
    provider=DedicatedIpPoolDelegationProvider,
    setup=_subaccount_and_pool,
    create={"pool_id": "{pool}", "subaccount_id": "{sub}"},
    live=_delegations,
    expect_create=[("shared", 1)],
    updates=[({"adopt": True}, [("shared", 1)])],
    replacements={"pool_id": "other", "subaccount_id": "other"},
    drift=lambda client, id_: client.revoke_ip_pool(*id_.split("/")),
    expect_drift=GONE,
)


def _spillover_pools(client: MailgunClient) -> Context:
    return {"spill": client.create_ip_pool("spill", "d", ["192.0.2.15"]),
            "other": client.create_ip_pool("other", "d", ["192.0.2.14"])}


def _spillovers(emulator: Emulator) -> dict[str, str | None]:
    """The DIPP, by name, of the account's spillover and of each domain's that is set."""
    state = emulator.state()
    names = {p["pool_id"]: p["name"] for p in state["ip_pools"]}
    found = {"account": names.get(state["spillover_pool_id"] or "")}
    found.update({d["name"]: names[d["spillover_pool_id"]] for d in state["domains"]
                  if d["spillover_pool_id"]})
    return found


def _spill_to_spill(client: MailgunClient, id_: str) -> None:
    pool_id = next(p["pool_id"] for p in client.list_ip_pools() if p["name"] == "spill")
    client.set_dipp_spillover(pool_id)


ACCOUNT_SPILLOVER = ProviderLifecycle(
    provider=DippSpilloverProvider,
    setup=_spillover_pools,
    create={"pool_id": "{spill}"},
    live=_spillovers,
    expect_create={"account": "spill"},
    updates=[
        ({"pool_id": "{other}"}, {"account": "other"}),
        ({"adopt": True}, {"account": "other"}),
    ],
    replacements={"domain": "mail.example.com"},
    drift=_spill_to_spill,
    expect_drift={"pool_id": "{spill}"},
)

MAIL_SPILL = {"account": None, "mail.example.com": "spill"}
MAIL_OTHER = {"account": None, "mail.example.com": "other"}
DOMAIN_SPILLOVER = ProviderLifecycle(
    provider=DippSpilloverProvider,
    setup=_spillover_pools,
    create={"domain": "mail.example.com", "pool_id": "{spill}"},
    live=_spillovers,
    expect_create=MAIL_SPILL,
    updates=[({"pool_id": "{other}"}, MAIL_OTHER), ({"adopt": True}, MAIL_OTHER)],
    replacements={"domain": "news.example.com"},
    drift=lambda client, id_: client.set_dipp_spillover(None, id_),
    expect_drift=GONE,
)


def _bands(emulator: Emulator) -> dict[str, str]:
    return {ip["ip"]: ip["ip_band"] for ip in emulator.state()["ips"] if ip["ip_band"]}


IP_BAND = ProviderLifecycle(
    provider=IpBandProvider,
    features=(FEATURE_DEDICATED_IP_BANDS,),
    create={"ip": "192.0.2.13", "ip_band": "band-a"},
    live=_bands,
    expect_create={"192.0.2.13": "band-a"},
    updates=[
        ({"ip_band": "band-b"}, {"192.0.2.13": "band-b"}),
        ({"adopt": True}, {"192.0.2.13": "band-b"}),
    ],
    replacements={"ip": "192.0.2.14"},
    # Mailgun documents no read of a band, nor a call to take an IP out of one.
    drift=lambda client, id_: client.place_ip_in_band(id_, "band-c"),
    expect_drift=UNSEEN,
    expect_delete={"192.0.2.13": "band-c"},
)


def _sending_limits(emulator: Emulator) -> list[tuple[str, Any]]:
    return [(s["name"], s["monthly_limit"]) for s in emulator.state()["subaccounts"]]


SENDING_LIMIT = ProviderLifecycle(
    provider=SubaccountSendingLimitProvider,
    setup=_subaccount,
    create={"subaccount_id": "{sub}", "limit": 10000},
    live=_sending_limits,
    expect_create=[("Acme Corp", 10000)],
    updates=[
        ({"limit": 2500}, [("Acme Corp", 2500)]),
        ({"adopt": True}, [("Acme Corp", 2500)]),
    ],
    replacements={"subaccount_id": "other"},
    drift=lambda client, id_: client.set_subaccount_monthly_limit(id_, 1),
    expect_drift={"limit": 1},
)


ACCOUNT_SENDING_LIMIT = ProviderLifecycle(
    provider=AccountSendingLimitProvider,
    create={"limit": 100000},
    live=lambda emulator: emulator.state()["monthly_limit"],
    expect_create=100000,
    updates=[
        ({"limit": 2500}, 2500),
        ({"adopt": True}, 2500),
    ],
    replacements={},
    drift=lambda client, id_: client.set_account_monthly_limit(1000),
    expect_drift={"limit": 1000},
)


def _signing_key(emulator: Emulator) -> str:
    seeded = Account.from_json(default_seed()).http_signing_key
    return "seeded" if emulator.state()["http_signing_key"] == seeded else "rotated"


def _rotate_elsewhere(client: MailgunClient, id_: str) -> None:
    client.regenerate_http_signing_key()


SIGNING_KEY = ProviderLifecycle(
    provider=HttpSigningKeyProvider,
    create={},
    live=_signing_key,
    # Declaring the key reads it: no rotation until asked.
    expect_create="seeded",
    updates=[
        ({"rotation": 1}, "rotated"),
        ({"adopt": True}, "rotated"),
    ],
    replacements={},
    drift=_rotate_elsewhere,
    expect_drift=OUTPUTS_ONLY,
    # Mailgun has no delete: the key stays.
    expect_delete="rotated",
)

LIFECYCLES = {
    "dedicated_ip_pool": DIPP,
    "dynamic_pool_membership": MEMBERSHIP,
    "dynamic_pool_enrollment": ENROLLMENT,
    "ip_warmup": WARMUP,
    "webhook": WEBHOOK,
    "webhook_beside_a_domain_webhook_url": WEBHOOK_BESIDE_V4,
    "domain_webhook_url": DOMAIN_WEBHOOK_URL,
    "account_webhook": ACCOUNT_WEBHOOK,
    "subaccount": SUBACCOUNT,
    "subaccount_ip_link": SUBACCOUNT_IP_LINK,
    "domain_ip_assignment_of_an_ip": DOMAIN_IP,
    "domain_ip_assignment_of_a_dipp": DOMAIN_DIPP,
    "dedicated_ip_pool_delegation": DELEGATION,
    "dipp_spillover_of_the_account": ACCOUNT_SPILLOVER,
    "dipp_spillover_of_a_domain": DOMAIN_SPILLOVER,
    "ip_band": IP_BAND,
    "subaccount_sending_limit": SENDING_LIMIT,
    "account_sending_limit": ACCOUNT_SENDING_LIMIT,
    "http_signing_key": SIGNING_KEY,
}


@pytest.mark.parametrize("lifecycle", LIFECYCLES.values(), ids=LIFECYCLES.keys())
def test_provider_lifecycle(emulator: Emulator, lifecycle: ProviderLifecycle) -> None:
    run_provider_lifecycle(emulator, lifecycle)


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.__name__)
def test_the_table_changes_every_input(provider: Any) -> None:
    """Each input that can change in place is updated, and each replace_on input replaced,
    in some lifecycle of its provider: a wrong ``replace_on`` cannot go unseen."""
    cases = [lc for lc in LIFECYCLES.values() if lc.provider is provider]
    assert cases, f"{provider.__name__} has no lifecycle"
    updated = {key for lc in cases for change, _ in lc.updates for key in change}
    replaced = {key for lc in cases for key in lc.replacements}
    fields = set(provider.inputs_model.model_fields)
    assert updated == fields - provider.replace_on
    assert replaced == provider.replace_on
