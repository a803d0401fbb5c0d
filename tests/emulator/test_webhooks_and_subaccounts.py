"""Webhook, subaccount and domain-IP rules on the backend, with Mailgun's error bodies."""

from __future__ import annotations

from mailgun_infra.emulator import Backend
from tests.emulator.conftest import rejects


def test_domain_webhook_rules(backend: Backend) -> None:
    domain = "mail.example.com"
    with rejects(400, "Missing parameter") as caught:
        backend.create_domain_webhook(domain, None, ["https://a.example"])
    assert caught.value.body() == {"message": "Missing parameter 'id'"}
    with rejects(400, "not a valid webhook type"):
        backend.create_domain_webhook(domain, "bounce", ["https://a.example"])
    too_many = [f"https://{n}.example" for n in range(4)]
    with rejects(400, "Maximum of 3 urls"):
        backend.create_domain_webhook(domain, "delivered", too_many)
    with rejects(400, "not a valid url") as caught:
        backend.create_domain_webhook(domain, "delivered", ["ftp://x"])
    assert caught.value.body() == {"Reason": "ftp://x is not a valid url: invalid URL scheme"}
    backend.create_domain_webhook(domain, "delivered", ["https://a.example"])
    with rejects(400, "already exists"):
        backend.create_domain_webhook(domain, "delivered", ["https://b.example"])
    assert backend.update_domain_webhook(domain, "delivered", ["https://b.example"])[
        "webhook"] == {"urls": ["https://b.example"]}
    assert backend.delete_domain_webhook(domain, "delivered")["message"] == \
        "Webhook has been deleted"
    with rejects(404, "Webhook not found"):
        backend.get_domain_webhook(domain, "delivered")
    with rejects(404, "Domain not found") as caught:
        backend.list_domain_webhooks("nope.example.com")
    assert caught.value.body() == {"message": "Domain not found"}


def test_account_webhook_rules(backend: Backend) -> None:
    with rejects(400, "for event_types") as caught:
        backend.create_account_webhook("https://a.example", ["accepted", "accepted"], "")
    assert caught.value.body() == {
        "Field": "event_types", "Value": "duplicate event types: 'accepted'"}
    with rejects(404, "is invalid") as caught:
        backend.create_account_webhook("https://a.example", ["invalid_type"], "")
    assert caught.value.body() == {"Description": "event_type 'invalid_type' is invalid"}
    for n in range(3):
        backend.create_account_webhook(f"https://{n}.example", ["delivered"], "")
    with rejects(409, "unable to add more than 3 urls") as caught:
        backend.create_account_webhook("https://3.example", ["delivered"], "")
    assert caught.value.body() == {
        "Description": "unable to add more than 3 urls for event type delivered"}
    first = next(iter(backend.account.account_webhooks))
    with rejects(409, "already exists for event type delivered"):
        backend.update_account_webhook(first, "https://1.example", ["delivered"], "")
    backend.delete_account_webhook(first)
    # The read's documented 404 is "webhook not found"; the update's and delete's name the id.
    with rejects(404, "webhook not found") as caught:
        backend.get_account_webhook(first)
    assert caught.value.body() == {"Description": "webhook not found"}
    with rejects(404, "webhook_id not found") as caught:
        backend.delete_account_webhook(first)
    assert caught.value.body() == {"Description": f"webhook_id not found: {first}"}


def test_subaccount_rules(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]
    assert sub["status"] == "open" and sub["created_at"].endswith(" GMT")
    backend.disable_subaccount(sub["id"])
    with rejects(400, "already disabled") as caught:
        backend.disable_subaccount(sub["id"])
    assert caught.value.message == "subaccount is already disabled"
    with rejects(400, "Bad request"):
        backend.delete_subaccount(None)
    with rejects(403, "Forbidden"):
        backend.delete_subaccount("nope")
    assert backend.delete_subaccount(sub["id"]) == {"message": "Subaccount successfully deleted"}
    with rejects(404, "Not Found") as caught:
        backend.get_subaccount(sub["id"])
    assert caught.value.body() == {"message": "Not Found"}


def test_subaccount_ip_link_rules(backend: Backend) -> None:
    sub = backend.create_subaccount("Acme")["subaccount"]["id"]
    backend.update_dynamic_pool("dynamic_good", ["192.0.2.10"], [])
    with rejects(400, "is in a dynamic IP pool"):
        backend.link_subaccount_ips([sub], False, ["192.0.2.10"], [])
    with rejects(400, "not both"):
        backend.link_subaccount_ips([sub], True, ["192.0.2.11"], [])
    assert backend.link_subaccount_ips([sub], False, ["192.0.2.11"], []) == {"message": "success"}
    assert backend.link_subaccount_ips([], True, ["192.0.2.12"], []) == {"message": "queued"}
    pool = backend.create_pool("p", "d", ["192.0.2.11"])["pool_id"]
    backend.delegate_pool(pool, sub)
    with rejects(400, "is in an IP pool of subaccount"):
        backend.link_subaccount_ips([sub], False, [], ["192.0.2.11"])
    details = backend.ip_details(sub, None, 0, 100)
    assert sorted(i["address"] for i in details["items"]) == ["192.0.2.11", "192.0.2.12"]
    backend.account.features.remove("centralized_ip_assignment")
    with rejects(403, "centralized IP assignment feature is not enabled"):
        backend.link_subaccount_ips([sub], False, ["192.0.2.13"], [])


def test_domain_ip_rules(backend: Backend) -> None:
    pool = backend.create_pool("p", "d", ["192.0.2.11"])["pool_id"]
    backend.assign_domain_ip("mail.example.com", None, pool)
    with rejects(400, "cannot be changed while a DIPP is linked"):
        backend.assign_domain_ip("mail.example.com", "192.0.2.12", None)
    with rejects(400, "cannot be changed while a DIPP is linked"):
        backend.remove_domain_ip("mail.example.com", "192.0.2.10", None, None)
    with rejects(400, "but not both"):
        backend.remove_domain_ip("mail.example.com", "ip_pool", None, None)
    backend.remove_domain_ip("mail.example.com", "ip_pool", "192.0.2.12", None)
    assert backend.list_domain_ips("mail.example.com")["items"] == ["192.0.2.12"]
    backend.account.shared_ips_eligible = False
    with rejects(400, "last IP of a domain cannot be removed"):
        backend.remove_domain_ip("mail.example.com", "192.0.2.12", None, None)


def test_the_delegation_list_of_an_account_without_subaccounts_is_a_404(
        backend: Backend) -> None:
    backend.account.subaccounts.clear()
    with rejects(404, "account not found"):
        backend.delegated_pools()
