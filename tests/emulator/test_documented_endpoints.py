"""Endpoints Mailgun documents for the objects the provider manages, on the backend directly:
bulk account-webhook deletes, an IP on every domain, the domain list, subaccount features
and monthly limits, the legacy DIPP delegation, and warmup details in both spellings."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
import requests

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import Domain
from tests.conftest import Emulator
from tests.emulator.conftest import rejects

# The fields the OpenAPI file marks required in a domain (``...-client-golang-Domain``).
DOMAIN_REQUIRED = {
    "created_at", "id", "is_disabled", "name", "require_tls", "skip_verification",
    "smtp_login", "spam_action", "state", "type", "use_automatic_sender_security",
    "web_prefix", "web_scheme", "wildcard", "encrypt_incoming_message", "message_ttl",
}
RFC1123 = re.compile(r"^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} "
                     r"[0-9]{2}:[0-9]{2}:[0-9]{2} GMT$")


def rfc3339(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def hook(backend: Backend, n: int) -> str:
    created = backend.create_account_webhook(f"https://{n}.example", ["delivered"], "")
    return str(created["webhook_id"])


# -- DELETE /v1/webhooks (REFERENCE 7.4) -----------------------------------------------------

def test_account_webhooks_are_deleted_by_id_or_all_at_once(backend: Backend) -> None:
    ids = [hook(backend, n) for n in range(3)]
    # ``all=true`` is the safety catch: with neither parameter nothing is deleted.
    with rejects(400, "webhook_ids or all=true"):
        backend.delete_account_webhooks(None, False)
    with rejects(400, "empty values not allowed") as caught:
        backend.delete_account_webhooks(f"{ids[0]},,{ids[1]}", False)
    assert caught.value.body() == {"message": "Invalid parameter: webhook_ids malformed "
                                              "webhook_ids parameter: empty values not allowed"}
    with rejects(400, "empty values not allowed"):
        backend.delete_account_webhooks("", True)
    # Both given: only the ids go.
    backend.delete_account_webhooks(ids[0], True)
    assert sorted(backend.account.account_webhooks) == sorted(ids[1:])
    with rejects(404, "no webhooks found for account") as caught:
        backend.delete_account_webhooks("0" * 24, False)
    assert caught.value.body() == {"Description": "no webhooks found for account"}
    backend.delete_account_webhooks(None, True)
    assert backend.account.account_webhooks == {}
    with rejects(404, "no webhooks found for account"):
        backend.delete_account_webhooks(None, True)


def test_the_bulk_delete_answers_204_and_unknown_routes_stay_plain_text(
        emulator: Emulator) -> None:
    auth = ("api", emulator.api_key)
    created = requests.post(f"{emulator.url}/v1/webhooks", auth=auth, timeout=5,
                            data={"url": "https://a.example", "event_types": "delivered"})
    webhook_id = created.json()["webhook_id"]
    response = requests.delete(f"{emulator.url}/v1/webhooks", auth=auth, timeout=5,
                               params={"webhook_ids": webhook_id})
    assert (response.status_code, response.content) == (204, b"")
    response = requests.delete(f"{emulator.url}/v1/webhooks", auth=auth, timeout=5,
                               params={"all": "true"})
    assert response.status_code == 404
    assert response.json() == {"Description": "no webhooks found for account"}
    response = requests.delete(f"{emulator.url}/v1/webhooks/x/y", auth=auth, timeout=5)
    assert (response.status_code, response.text) == (404, "404 page not found\n")


# -- POST and DELETE /v3/ips/{ip}/domains (REFERENCE 3.4) ---------------------------------

def domain_ips(backend: Backend) -> dict[str, list[str]]:
    return {d.name: list(d.ips) for d in backend.account.domains.values()}


def test_an_ip_is_assigned_to_every_domain_and_removed_from_them(backend: Backend) -> None:
    pool_id = backend.create_pool("p", "d", ["192.0.2.14"])["pool_id"]
    backend.assign_domain_ip("mail.example.com", None, pool_id)
    backend.account.domains["sub.example.com"] = Domain(
        name="sub.example.com", ips=["192.0.2.11"], subaccount_id="s1")
    answer = backend.assign_ip_to_all_domains("192.0.2.13")
    assert answer["message"] == "started"
    assert re.fullmatch(r"[0-9a-f]{24}", answer["reference_id"])
    # A domain linked to a DIPP sends from the DIPP: its IPs cannot change (section 4.3);
    # a subaccount's domain is not the account's.
    assert domain_ips(backend) == {
        "mail.example.com": ["192.0.2.10"],
        "news.example.com": ["198.51.100.1", "192.0.2.13"],
        "promo.example.com": ["198.51.100.2", "192.0.2.13"],
        "sub.example.com": ["192.0.2.11"],
    }
    assert backend.assign_ip_to_all_domains("192.0.2.13")["message"] == "started"
    assert domain_ips(backend)["news.example.com"] == ["198.51.100.1", "192.0.2.13"]

    answer = backend.remove_ip_from_all_domains("192.0.2.13", "192.0.2.12")
    assert answer["message"] == "started" and "reference_id" in answer
    assert domain_ips(backend)["news.example.com"] == ["198.51.100.1", "192.0.2.12"]
    assert domain_ips(backend)["promo.example.com"] == ["198.51.100.2", "192.0.2.12"]
    backend.remove_ip_from_all_domains("192.0.2.12", None)
    assert domain_ips(backend)["news.example.com"] == ["198.51.100.1"]


def test_the_ip_and_its_alternative_must_belong_to_the_account(backend: Backend) -> None:
    with rejects(404, "IP not found") as caught:
        backend.assign_ip_to_all_domains("203.0.113.9")
    assert caught.value.body() == {"message": "IP not found"}
    with rejects(400, "is not a valid IP address"):
        backend.assign_ip_to_all_domains("nope")
    with rejects(404, "IP not found"):
        backend.remove_ip_from_all_domains("203.0.113.9", None)
    with rejects(400, "does not belong to the account"):
        backend.remove_ip_from_all_domains("192.0.2.10", "203.0.113.9")
    with rejects(400, "cannot replace itself"):
        backend.remove_ip_from_all_domains("192.0.2.10", "192.0.2.10")


def test_without_shared_ips_no_domain_loses_its_last_ip(seed: dict[str, Any]) -> None:
    seed["shared_ips_eligible"] = False
    backend = Backend(seed)
    with rejects(400, "mail.example.com") as caught:
        backend.remove_ip_from_all_domains("192.0.2.10", None)
    assert "last IP" in caught.value.message
    backend.remove_ip_from_all_domains("192.0.2.10", "192.0.2.11")
    assert domain_ips(backend)["mail.example.com"] == ["192.0.2.11"]


# -- GET /v4/domains and /v4/domains/{name} (OpenAPI) ----------------------------------------

def names(listed: dict[str, Any]) -> list[str]:
    return [d["name"] for d in listed["items"]]


def test_the_domain_list_has_the_documented_shape(backend: Backend) -> None:
    listed = backend.list_domains()
    assert set(listed) == {"total_count", "items"} and listed["total_count"] == 3
    for item in listed["items"]:
        assert set(item) >= DOMAIN_REQUIRED, DOMAIN_REQUIRED - set(item)
        assert RFC1123.match(item["created_at"])
        assert "subaccount_id" not in item
    # Without a sort, newest first: the seed's domains were created in the order listed.
    assert names(listed) == ["promo.example.com", "news.example.com", "mail.example.com"]
    assert names(backend.list_domains(sort="name")) == sorted(names(listed))
    assert names(backend.list_domains(sort="name:desc")) == sorted(names(listed))[::-1]
    assert names(backend.list_domains(sort="name:asc", limit=1, skip=1)) == \
        ["news.example.com"]
    assert backend.list_domains(limit=1, skip=1)["total_count"] == 3
    assert names(backend.list_domains(search="news")) == ["news.example.com"]
    assert names(backend.list_domains(state="unverified")) == []
    assert names(backend.list_domains(authority="mail.example.com")) == ["mail.example.com"]


def test_subaccount_domains_are_listed_only_when_asked(backend: Backend) -> None:
    backend.account.domains["sub.example.com"] = Domain(name="sub.example.com",
                                                        subaccount_id="s1")
    assert "sub.example.com" not in names(backend.list_domains())
    listed = backend.list_domains(include_subaccounts=True)
    [sub] = [d for d in listed["items"] if d["name"] == "sub.example.com"]
    assert sub["subaccount_id"] == "s1" and listed["total_count"] == 4


def test_one_domain_has_the_documented_shape(backend: Backend) -> None:
    found = backend.get_domain("mail.example.com")
    assert set(found["domain"]) >= DOMAIN_REQUIRED
    assert found["domain"]["id"] == "64a1f0c2e3b4d5a6b7c8d9e0"
    for record in found["sending_dns_records"] + found["receiving_dns_records"]:
        assert {"is_active", "cached", "record_type", "valid", "value"} <= set(record)
    with rejects(404, "Domain not found"):
        backend.get_domain("nope.example.com")


# -- Subaccount features and monthly limit (REFERENCE 8) ------------------------------------

def test_subaccount_features_take_json_objects(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]["id"]
    assert backend.update_subaccount_features(sub, {"validations": '{"enabled": true}'}) == \
        {"features": {"validations": {"enabled": True}}}
    answer = backend.update_subaccount_features(
        sub, {"sending": '{"enabled": false}', "unknown": '{"enabled": true}'})
    assert answer == {"features": {"validations": {"enabled": True},
                                   "sending": {"enabled": False}}}
    assert backend.get_subaccount(sub)["subaccount"]["features"] == answer["features"]
    for updates in ({}, {"unknown": '{"enabled": true}'}, {"validations": "true"},
                    {"validations": '{"on": true}'}, {"validations": '{"enabled": "yes"}'}):
        with rejects(400, "No valid updates provided") as caught:
            backend.update_subaccount_features(sub, updates)
        assert caught.value.body() == {"message": "No valid updates provided"}
    with rejects(404, "Not Found"):
        backend.update_subaccount_features("nope", {"validations": '{"enabled": true}'})


def test_a_subaccounts_monthly_limit_is_set_read_and_deleted(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]["id"]
    with rejects(404, "No threshold for account"):
        backend.get_subaccount_monthly_limit(sub)
    assert backend.set_subaccount_monthly_limit(sub, "10000") == {"success": True}
    assert backend.get_subaccount_monthly_limit(sub) == {
        "limit": 10000, "current": 0, "period": "1m"}
    for bad in (None, "", "lots", "-1"):
        with rejects(400, "limit"):
            backend.set_subaccount_monthly_limit(sub, bad)
    assert backend.delete_subaccount_monthly_limit(sub) == {"success": True}
    with rejects(400, "Could not delete threshold for account"):
        backend.delete_subaccount_monthly_limit(sub)
    with rejects(400, "Not a subaccount"):
        backend.get_subaccount_monthly_limit("nope")
    with rejects(400, "Invalid subaccount ID"):
        backend.set_subaccount_monthly_limit("nope", "5")
    with rejects(400, "Could not delete threshold for account"):
        backend.delete_subaccount_monthly_limit("nope")


# -- The legacy DIPP delegation, /v5/accounts/subaccounts/{id}/ip_pool (REFERENCE 8.1) --------

def test_the_legacy_delegation_keeps_one_dipp_per_subaccount(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]["id"]
    first = backend.create_pool("a", "d", ["192.0.2.10"])["pool_id"]
    second = backend.create_pool("b", "d", ["192.0.2.11"])["pool_id"]
    answer = backend.delegate_pool_legacy(sub, first)
    assert answer["message"] == "started" and "reference_id" in answer
    assert backend.delegated_pools()["items"] == [{"pool_id": first, "subaccount_id": sub}]
    backend.delegate_pool_legacy(sub, second)
    assert backend.delegated_pools()["items"] == [{"pool_id": second, "subaccount_id": sub}]
    for pool_id in (None, "", "nope"):
        with rejects(400, "invalid request parameters"):
            backend.delegate_pool_legacy(sub, pool_id)
    with rejects(404, "account not found"):
        backend.delegate_pool_legacy("nope", first)

    # Revoking unlinks the subaccount's domains from the DIPP.
    backend.account.domains["sub.example.com"] = Domain(
        name="sub.example.com", subaccount_id=sub, pool_id=second)
    assert backend.revoke_pool_legacy(sub, second)["message"] == "started"
    assert backend.delegated_pools()["items"] == []
    assert backend.account.domains["sub.example.com"].pool_id is None
    for pool_id in (None, first):
        with rejects(400, "invalid request parameters"):
            backend.revoke_pool_legacy(sub, pool_id)


# -- Warmup details (REFERENCE 6) -------------------------------------------------------------

DOCUMENTED_DETAILS = {
    "sent_within_stage", "throttle", "start_volume", "stage", "stage_limit", "hourly_limit",
    "stage_started_at", "hour_started_at", "plan_started_at", "plan_last_updated_at",
    "total_stages", "stage_history",
}
# What mailgun-go decodes where the document spells it differently.
GO_SPELLINGS = {"stage_number": "stage", "stage_start_volume": "start_volume",
                "stage_volume_limit": "stage_limit", "stage_start_time": "stage_started_at"}


@pytest.mark.parametrize("stage", [1, 3])
def test_warmup_details_carry_both_spellings(backend: Backend, stage: int) -> None:
    backend.account.warmups["192.0.2.20"].stage = stage
    details = backend.get_warmup("192.0.2.20")["details"]
    assert DOCUMENTED_DETAILS | set(GO_SPELLINGS) <= set(details)
    for go_name, documented in GO_SPELLINGS.items():
        assert details[go_name] == details[documented]
    for name in ("stage_started_at", "hour_started_at", "plan_started_at",
                 "plan_last_updated_at"):
        rfc3339(details[name])
    assert details["stage"] == stage and details["hourly_limit"] > 0
    history = details["stage_history"]
    assert len(history) == stage - 1
    for entry in history:
        assert set(entry) == {"first_updated_at", "completed_at", "limit"}
        assert rfc3339(entry["first_updated_at"]) < rfc3339(entry["completed_at"])
    # The stages before this one add up to where this one starts.
    assert details["start_volume"] == sum(entry["limit"] for entry in history)
    [listed] = [w for w in backend.list_warmups(10, None)["items"] if w["ip"] == "192.0.2.20"]
    assert listed["stage_number"] == stage
    assert listed["stage_volume_limit"] == details["stage_limit"]
    assert listed["stage_start_volume"] == details["start_volume"]


# -- GET /v3/ips/details/all (Mailgun's API reference: "List account IPs - detailed view") --

def test_ip_details_hold_one_record_more_per_linked_subaccount(backend: Backend) -> None:
    first = backend.create_subaccount("A")["subaccount"]["id"]
    second = backend.create_subaccount("B")["subaccount"]["id"]
    backend.link_subaccount_ips([first, second], False, ["192.0.2.11"], [])
    listed = backend.ip_details(None, "192.0.2.11", 0, 100)
    parent = listed["items"][0]["parent_account_id"]
    assert sorted(i["account_id"] for i in listed["items"]) == sorted([parent, first, second])
    assert listed["total_count"] == 3
    for item in listed["items"]:
        assert item["address"] == "192.0.2.11" and item["parent_account_id"] == parent
        assert item["dedicated"] is True and item["pool_ids"] == []
    mine = backend.ip_details(first, None, 0, 100)
    assert [(i["address"], i["account_id"]) for i in mine["items"]] == [("192.0.2.11", first)]
    assert backend.ip_details(None, None, 0, 100)["total_count"] == \
        len(backend.account.ips) + 2
