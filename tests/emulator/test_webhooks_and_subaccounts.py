"""Webhook, subaccount and domain-IP rules on the backend, with Mailgun's error bodies."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from mailgun_infra.emulator import Backend, EmulatorError, default_seed


@pytest.fixture
def backend() -> Backend:
    return Backend(copy.deepcopy(default_seed()))


def error_of(call: Callable[[], Any]) -> EmulatorError:
    with pytest.raises(EmulatorError) as caught:
        call()
    return caught.value


def test_domain_webhook_rules(backend: Backend) -> None:
    domain = "mail.example.com"
    assert error_of(lambda: backend.create_domain_webhook(domain, None, ["https://a.example"])
                    ).body() == {"message": "Missing parameter 'id'"}
    assert "not a valid webhook type" in error_of(
        lambda: backend.create_domain_webhook(domain, "bounce", ["https://a.example"])).message
    too_many = [f"https://{n}.example" for n in range(4)]
    assert "Maximum of 3 urls" in error_of(
        lambda: backend.create_domain_webhook(domain, "delivered", too_many)).message
    assert error_of(lambda: backend.create_domain_webhook(domain, "delivered", ["ftp://x"])
                    ).body() == {"Reason": "ftp://x is not a valid url: invalid URL scheme"}
    backend.create_domain_webhook(domain, "delivered", ["https://a.example"])
    assert error_of(lambda: backend.create_domain_webhook(
        domain, "delivered", ["https://b.example"])).status == 400
    assert backend.update_domain_webhook(domain, "delivered", ["https://b.example"])[
        "webhook"] == {"urls": ["https://b.example"]}
    assert backend.delete_domain_webhook(domain, "delivered")["message"] == \
        "Webhook has been deleted"
    assert error_of(lambda: backend.get_domain_webhook(domain, "delivered")).status == 404
    assert error_of(lambda: backend.list_domain_webhooks("nope.example.com")).body() == {
        "message": "Domain not found"}


def test_account_webhook_rules(backend: Backend) -> None:
    assert error_of(lambda: backend.create_account_webhook(
        "https://a.example", ["accepted", "accepted"], "")).body() == {
        "Field": "event_types", "Value": "duplicate event types: 'accepted'"}
    assert error_of(lambda: backend.create_account_webhook(
        "https://a.example", ["invalid_type"], "")).body() == {
        "Description": "event_type 'invalid_type' is invalid"}
    for n in range(3):
        backend.create_account_webhook(f"https://{n}.example", ["delivered"], "")
    fourth = error_of(lambda: backend.create_account_webhook(
        "https://3.example", ["delivered"], ""))
    assert (fourth.status, fourth.body()) == (409, {
        "Description": "unable to add more than 3 urls for event type delivered"})
    first = next(iter(backend.account.account_webhooks))
    assert error_of(lambda: backend.update_account_webhook(
        first, "https://1.example", ["delivered"], "")).status == 409
    backend.delete_account_webhook(first)
    assert error_of(lambda: backend.get_account_webhook(first)).body() == {
        "Description": f"webhook_id not found: {first}"}


def test_subaccount_rules(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]
    assert sub["status"] == "open" and sub["created_at"].endswith(" GMT")
    backend.disable_subaccount(sub["id"])
    assert error_of(lambda: backend.disable_subaccount(sub["id"])).message == \
        "subaccount is already disabled"
    assert error_of(lambda: backend.delete_subaccount(None)).status == 400
    assert error_of(lambda: backend.delete_subaccount("nope")).status == 403
    assert backend.delete_subaccount(sub["id"]) == {"message": "Subaccount successfully deleted"}
    assert error_of(lambda: backend.get_subaccount(sub["id"])).body() == {"message": "Not Found"}


def test_subaccount_ip_link_rules(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]["id"]
    backend.update_dynamic_pool("dynamic_good", ["192.0.2.10"], [])
    assert "is in a dynamic IP pool" in error_of(lambda: backend.link_subaccount_ips(
        [sub], False, ["192.0.2.10"], [])).message
    assert "not both" in error_of(lambda: backend.link_subaccount_ips(
        [sub], True, ["192.0.2.11"], [])).message
    assert backend.link_subaccount_ips([sub], False, ["192.0.2.11"], []) == {"message": "success"}
    assert backend.link_subaccount_ips([], True, ["192.0.2.12"], []) == {"message": "queued"}
    pool = backend.create_pool("p", "", ["192.0.2.11"])["pool_id"]
    backend.delegate_pool(pool, sub)
    assert "is in an IP pool of subaccount" in error_of(lambda: backend.link_subaccount_ips(
        [sub], False, [], ["192.0.2.11"])).message
    details = backend.ip_details(sub, None, 0, 100)
    assert sorted(i["address"] for i in details["items"]) == ["192.0.2.11", "192.0.2.12"]
    backend.account.features.remove("centralized_ip_assignment")
    assert error_of(lambda: backend.link_subaccount_ips(
        [sub], False, ["192.0.2.13"], [])).status == 403


def test_domain_ip_rules(backend: Backend) -> None:
    pool = backend.create_pool("p", "", ["192.0.2.11"])["pool_id"]
    backend.assign_domain_ip("mail.example.com", None, pool)
    assert "cannot be changed while a DIPP is linked" in error_of(
        lambda: backend.assign_domain_ip("mail.example.com", "192.0.2.12", None)).message
    assert "cannot be changed while a DIPP is linked" in error_of(
        lambda: backend.remove_domain_ip("mail.example.com", "192.0.2.10", None, None)).message
    assert "but not both" in error_of(lambda: backend.remove_domain_ip(
        "mail.example.com", "ip_pool", None, None)).message
    backend.remove_domain_ip("mail.example.com", "ip_pool", "192.0.2.12", None)
    assert backend.list_domain_ips("mail.example.com")["items"] == ["192.0.2.12"]
    backend.account.shared_ips_eligible = False
    assert "last IP of a domain cannot be removed" in error_of(lambda: backend.remove_domain_ip(
        "mail.example.com", "192.0.2.12", None, None)).message
