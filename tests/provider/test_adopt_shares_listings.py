"""A create that adopts looks through the listings the process's reads share, through the
emulator over loopback: adopting an account costs what refreshing it does (a domain's
webhooks listed once, the enrollment list once), and a write still acts on Mailgun as it
is now."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from mailgun_infra.facts import WEBHOOK_EVENTS
from mailgun_infra.resources import (
    DomainWebhookUrlProvider,
    DynamicPoolEnrollmentProvider,
    WebhookProvider,
)
from tests.provider.test_shared_reads import DOMAINS, Account

ENROLLMENTS = "/v1/dynamic_pools/domains"


@pytest.fixture
def account() -> Iterator[Account]:
    made = Account()
    yield made
    made.server.stop()


def webhook(domain: str, event: str, urls: list[str]) -> dict[str, Any]:
    return {"__provider": "blob", "domain": domain, "event": event, "urls": urls,
            "adopt": True}


def writes(account: Account) -> list[str]:
    return [call for call in account.calls() if not call.startswith("GET ")]


def test_adopting_200_webhooks_over_25_domains_lists_each_domain_once(
        account: Account) -> None:
    hooks = [webhook(DOMAINS[i % 25], WEBHOOK_EVENTS[i // 25], [f"https://h.example.com/{i}"])
             for i in range(200)]
    made_by_hand = account.elsewhere()
    for hook in hooks:
        made_by_hand.create_domain_webhook(hook["domain"], hook["event"], hook["urls"])
    provider = account.provider(WebhookProvider)
    account.forget_calls()
    # As the engine calls it: four threads of one provider process.
    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(lambda h: provider.create(provider.check({}, h).inputs),
                                hooks))
    assert [c.id for c in created] == [f"{h['domain']}/{h['event']}" for h in hooks]
    calls = Counter(account.calls())
    assert calls == Counter({f"GET /v3/domains/{d}/webhooks": 1 for d in DOMAINS})


def test_an_adopt_whose_listing_differs_reads_alone_before_it_writes(
        account: Account) -> None:
    domain = DOMAINS[0]
    by_hand = account.elsewhere()
    by_hand.create_domain_webhook(domain, "delivered", ["https://h.example.com/a"])
    by_hand.create_domain_webhook(domain, "opened", ["https://h.example.com/old"])
    provider = account.provider(WebhookProvider)
    provider.create(webhook(domain, "delivered", ["https://h.example.com/a"]))
    # Another writer brings the event to what this stack declares, after the listing.
    by_hand.update_domain_webhook(domain, "opened", ["https://h.example.com/new"])
    account.forget_calls()
    provider.create(webhook(domain, "opened", ["https://h.example.com/new"]))
    # The kept listing showed the old URL: read alone, it matches, and nothing is written.
    assert account.calls() == [f"GET /v3/domains/{domain}/webhooks"]


def test_an_adopt_after_our_own_write_does_not_take_the_listing_from_before_it(
        account: Account) -> None:
    domain = DOMAINS[0]
    by_hand = account.elsewhere()
    by_hand.create_domain_webhook(domain, "delivered", ["https://h.example.com/a"])
    by_hand.create_domain_webhook(domain, "opened", ["https://h.example.com/declared"])
    provider = account.provider(WebhookProvider)
    provider.create(webhook(domain, "delivered", ["https://h.example.com/a"]))
    # This process's own write: the listing of before it (which matched) is not kept.
    provider.update(f"{domain}/opened", {}, webhook(domain, "opened",
                                                    ["https://h.example.com/other"]))
    account.forget_calls()
    provider.create(webhook(domain, "opened", ["https://h.example.com/declared"]))
    assert writes(account) == [f"PUT /v3/domains/{domain}/webhooks/opened"]
    assert by_hand.list_domain_webhooks(domain)["opened"] == ["https://h.example.com/declared"]


def test_adopting_domain_webhook_urls_shares_the_domains_listing(account: Account) -> None:
    by_hand = account.elsewhere()
    urls = [f"https://h.example.com/{i}" for i in range(3)]
    for domain in DOMAINS[:5]:
        for url in urls:
            by_hand.create_domain_webhook_url(domain, url, ["clicked", "opened"])
    provider = account.provider(DomainWebhookUrlProvider)
    account.forget_calls()
    for domain in DOMAINS[:5]:
        for url in urls:
            provider.create(provider.check({}, {
                "__provider": "blob", "domain": domain, "url": url,
                "event_types": ["clicked", "opened"], "adopt": True}).inputs)
    assert Counter(account.calls()) == Counter(
        {f"GET /v3/domains/{d}/webhooks": 1 for d in DOMAINS[:5]})


def test_adopting_25_enrollments_reads_the_enrollment_list_once(account: Account) -> None:
    by_hand = account.elsewhere()
    by_hand.update_dynamic_pool("dynamic_new", add_ips=["192.0.2.13"])
    for domain in DOMAINS:
        by_hand.enroll_domain_in_dynamic_pools(domain, "shared")
    account.forget_calls()
    by_hand.list_dynamic_pool_enrollments()
    one_listing = len(account.calls())
    provider = account.provider(DynamicPoolEnrollmentProvider)
    account.forget_calls()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda domain: provider.create(provider.check({}, {
            "__provider": "blob", "domain": domain, "replacement_ip": "shared",
            "adopt": True}).inputs), DOMAINS))
    calls = account.calls()
    assert all(call.startswith(f"GET {ENROLLMENTS}") for call in calls), calls
    assert len(calls) == one_listing


def test_a_create_that_does_not_adopt_reads_alone(account: Account) -> None:
    provider = account.provider(WebhookProvider)
    domain = DOMAINS[0]
    provider.create(webhook(domain, "delivered", ["https://h.example.com/a"]))
    account.elsewhere().create_domain_webhook(domain, "opened", ["https://h.example.com/b"])
    account.forget_calls()
    with pytest.raises(Exception, match=r"h\.example\.com/b.*adopt"):
        provider.create({**webhook(domain, "opened", ["https://h.example.com/c"]),
                         "adopt": False})
    assert "GET /v3/domains/d0.example.com/webhooks" in account.calls()
