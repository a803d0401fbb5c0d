"""Reads of a refresh share Mailgun's list calls, through the emulator over loopback: few
calls, never a stale answer after our own write, never another account's list."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
import requests
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from mailgun_infra.client import MailgunClient, SharedReads, Unauthorized
from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from mailgun_infra.facts import WEBHOOK_EVENTS
from mailgun_infra.resources import (
    DedicatedIpPoolProvider,
    MailgunProvider,
    SubaccountProvider,
    WebhookProvider,
)

P = TypeVar("P", bound=MailgunProvider[Any])
DOMAINS = [f"d{i}.example.com" for i in range(25)]


class Account:
    """An emulator of its own (its own base URL, so its own listings) with 25 domains."""

    def __init__(self) -> None:
        seed = default_seed()
        seed["domains"] += [{"name": name, "id": f"{i:024x}"} for i, name in enumerate(DOMAINS)]
        self.key = seed["api_key"]
        self.server = EmulatorServer(create_app(Backend(seed))).start()
        self.url = self.server.url

    def provider(self, provider_class: type[P], key: str | None = None) -> P:
        provider = provider_class()
        config = {"mailgun:apiKey": key or self.key, "mailgun:apiUrl": self.url,
                  "mailgun:waitScale": "0"}
        provider.configure(ConfigureRequest(Config(config, "mailgun-infra")))
        return provider

    def elsewhere(self) -> MailgunClient:
        """A client with listings of its own: another process writing to the account."""
        return MailgunClient(self.key, api_url=self.url, shared_reads=SharedReads())

    def calls(self) -> list[str]:
        log = requests.get(f"{self.url}/_emulator/requests", timeout=5).json()["requests"]
        return [f"{r['method']} {r['path']}" for r in log]

    def forget_calls(self) -> None:
        requests.delete(f"{self.url}/_emulator/requests", json={}, timeout=5).raise_for_status()


@pytest.fixture
def account() -> Iterator[Account]:
    made = Account()
    yield made
    made.server.stop()


def webhook(domain: str, event: str, url: str) -> dict[str, Any]:
    return {"__provider": "blob", "domain": domain, "event": event, "urls": [url]}


def test_a_refresh_of_200_webhooks_over_25_domains_lists_each_domain_once(
        account: Account) -> None:
    provider = account.provider(WebhookProvider)
    hooks = [webhook(DOMAINS[i % 25], WEBHOOK_EVENTS[i // 25], f"https://h.example.com/{i}")
             for i in range(200)]
    created = [provider.create(provider.check({}, h).inputs) for h in hooks]
    account.forget_calls()
    # As the engine calls it: four threads of one provider process.
    with ThreadPoolExecutor(4) as pool:
        reads = list(pool.map(lambda c: provider.read(c.id, c.outs), created))
    assert [r.outs["urls"] for r in reads] == [h["urls"] for h in hooks]
    calls = account.calls()
    assert sorted(calls) == sorted(f"GET /v3/domains/{d}/webhooks" for d in DOMAINS)
    assert len(calls) / len(created) <= 0.25


def test_a_read_after_our_own_write_sees_the_write(account: Account) -> None:
    provider = account.provider(WebhookProvider)
    hook = webhook(DOMAINS[0], "delivered", "https://h.example.com/old")
    created = provider.create(provider.check({}, hook).inputs)
    assert provider.read(created.id, created.outs).outs["urls"] == ["https://h.example.com/old"]
    news = provider.check({}, {**hook, "urls": ["https://h.example.com/new"]}).inputs
    provider.update(created.id, created.outs, news)
    assert provider.read(created.id, news).outs["urls"] == ["https://h.example.com/new"]


def test_a_write_by_another_resource_type_of_the_process_renews_the_lists(
        account: Account) -> None:
    pools, subaccounts = account.provider(DedicatedIpPoolProvider), \
        account.provider(SubaccountProvider)
    sub = subaccounts.create(subaccounts.check(
        {}, {"__provider": "blob", "name": "team-a", "enabled": True}).inputs)
    assert subaccounts.read(sub.id, sub.outs).outs["status"] == "open"
    # Another provider of the process writes: the subaccounts' listing is renewed too.
    pools.client.set_subaccount_enabled(sub.id, False)
    assert subaccounts.read(sub.id, sub.outs).outs["status"] == "disabled"


def test_what_a_kept_listing_lacks_is_read_alone_before_it_is_called_gone(
        account: Account) -> None:
    provider = account.provider(WebhookProvider)
    first = provider.create(provider.check(
        {}, webhook(DOMAINS[1], "delivered", "https://h.example.com/1")).inputs)
    provider.read(first.id, first.outs)  # the domain's listing is kept now
    # Created by someone else since: the kept listing cannot know it.
    account.elsewhere().create_domain_webhook(DOMAINS[1], "opened", ["https://h.example.com/2"])
    second_id = f"{DOMAINS[1]}/opened"
    account.forget_calls()
    read = provider.read(second_id, webhook(DOMAINS[1], "opened", "https://h.example.com/2"))
    assert read.id == second_id
    assert account.calls() == [f"GET /v3/domains/{DOMAINS[1]}/webhooks/opened"]


def test_two_accounts_in_one_process_never_share_a_listing(account: Account) -> None:
    other = Account()
    try:
        hook = webhook(DOMAINS[2], "delivered", "https://first.example.com/")
        mine = account.provider(WebhookProvider)
        created = mine.create(mine.check({}, hook).inputs)
        theirs = other.provider(WebhookProvider)
        theirs.create(theirs.check({}, {**hook, "urls": ["https://second.example.com/"]}).inputs)
        assert mine.read(created.id, created.outs).outs["urls"] == ["https://first.example.com/"]
        # Same key, another base URL: its own listing.
        assert theirs.read(created.id, created.outs).outs["urls"] == \
            ["https://second.example.com/"]
        # Same base URL, another key: Mailgun is asked (and refuses), no listing is lent.
        stranger = account.provider(WebhookProvider, key="key-of-someone-else")
        with pytest.raises(Unauthorized):
            stranger.read(created.id, created.outs)
    finally:
        other.server.stop()
