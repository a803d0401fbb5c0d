"""DomainWebhookUrl's provider against the emulator (create, adopt, update, delete, the id
that holds a URL), and a v3 Webhook beside it on the same domain and event: neither reports
the other's URLs as drift, nor removes them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mailgun_infra.client import MailgunClient
from mailgun_infra.resources import DomainWebhookUrlProvider, MailgunProvider, WebhookProvider
from mailgun_infra.resources.domain_webhook_url import make_id, split_id
from tests.conftest import Emulator

DOMAIN = "mail.example.com"
V4, MINE = "https://v4.example.com/mg/all?team=a", "https://v3.example.com/bounces"


@pytest.fixture
def v4(emulator: Emulator) -> DomainWebhookUrlProvider:
    return emulator.provider(DomainWebhookUrlProvider)


@pytest.fixture
def v3(emulator: Emulator) -> WebhookProvider:
    return emulator.provider(WebhookProvider)


@pytest.fixture
def client(emulator: Emulator) -> MailgunClient:
    return emulator.client()


def checked(provider: MailgunProvider[Any], **inputs: Any) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def live(client: MailgunClient) -> dict[str, list[str]]:
    return {event: sorted(urls) for event, urls in client.list_domain_webhooks(DOMAIN).items()}


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


# -- the id --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://hooks.example.com/a/b/c",
    "https://hooks.example.com/x?next=/y&z=%2F",
    "http://[2001:db8::1]:8080/p%20q",
    "https://hooks.example.com/",
])
def test_the_id_holds_any_url_and_splits_back(url: str) -> None:
    id_ = make_id(DOMAIN, url)
    assert id_.startswith(f"{DOMAIN}/http") and id_.count("/") == 1
    assert split_id(id_) == (DOMAIN, url)


def test_two_urls_never_share_an_id() -> None:
    # The literal %2F of one URL and the / of the other stay apart.
    assert make_id(DOMAIN, "https://h.example/a%2Fb") != make_id(DOMAIN, "https://h.example/a/b")
    assert make_id(DOMAIN, "https://h.example/a") != make_id("a.example", "https://h.example/a")


def test_check_refuses_what_mailgun_could_not_take_or_remove() -> None:
    result = DomainWebhookUrlProvider().check({}, {
        "domain": DOMAIN, "url": "https://h.example/a,b", "event_types": []})
    assert {f.property: f.reason for f in result.failures} == {
        "url": "url: 'https://h.example/a,b' contains ',', which Mailgun's v4 API reads as a "
               "list of URLs: such a URL could not be deleted",
        "event_types": "event_types: list at least one event (destroy the resource to remove "
                       "the URL from every event)"}


# -- create, adopt, update, delete ---------------------------------------------------------

def test_create_update_and_delete(emulator: Emulator, v4: DomainWebhookUrlProvider,
                                  client: MailgunClient) -> None:
    client.create_domain_webhook(DOMAIN, "clicked", [MINE])
    created = v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["opened", "clicked"]))
    assert created.id == make_id(DOMAIN, V4)
    assert live(client) == {"clicked": sorted([MINE, V4]), "opened": [V4]}
    news = checked(v4, domain=DOMAIN, url=V4, event_types=["delivered"])
    assert v4.diff(str(created.id), dict(created.outs), news).replaces == []
    v4.update(str(created.id), dict(created.outs), news)
    assert live(client) == {"clicked": [MINE], "delivered": [V4]}
    v4.delete(str(created.id), news)
    assert live(client) == {"clicked": [MINE]}


def test_create_refuses_a_url_the_domain_has_on_any_event(
        emulator: Emulator, v4: DomainWebhookUrlProvider, client: MailgunClient) -> None:
    # On another event than the declared ones: a POST would go through and take it over.
    client.create_domain_webhook_url(DOMAIN, V4, ["opened"])
    emulator.admin("DELETE", "/requests")
    with pytest.raises(RuntimeError, match=rf"^the webhook URL {re.escape(V4)} of {DOMAIN} "
                                           r"already exists \(on opened\): set adopt=True"):
        v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["clicked"]))
    assert writes(emulator) == []


def test_adopting_a_url_as_declared_writes_nothing(
        emulator: Emulator, v4: DomainWebhookUrlProvider, client: MailgunClient) -> None:
    client.create_domain_webhook_url(DOMAIN, V4, ["opened", "clicked"])
    emulator.admin("DELETE", "/requests")
    v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["clicked", "opened"],
                      adopt=True))
    assert writes(emulator) == []


def test_adopting_a_url_sets_its_events(
        emulator: Emulator, v4: DomainWebhookUrlProvider, client: MailgunClient) -> None:
    client.create_domain_webhook_url(DOMAIN, V4, ["opened"])
    emulator.admin("DELETE", "/requests")
    v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["clicked"], adopt=True))
    assert writes(emulator) == [f"PUT /v4/domains/{DOMAIN}/webhooks"]
    assert live(client) == {"clicked": [V4]}


def test_a_full_event_is_explained(v4: DomainWebhookUrlProvider,
                                   client: MailgunClient) -> None:
    full = [f"https://{n}.example.com/h" for n in range(3)]
    client.create_domain_webhook(DOMAIN, "clicked", full)
    with pytest.raises(RuntimeError, match=r"at most 3 URLs per event of a domain, Webhooks' "
                                           r"and DomainWebhookUrls' together, and "
                                           rf"{DOMAIN} is full: clicked has "
                                           r"https://0.example.com/h, .*\(400 Bad Request"):
        v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["opened", "clicked"]))
    assert live(client) == {"clicked": full}


def test_a_url_gone_since_the_last_refresh_is_made_again_by_update(
        v4: DomainWebhookUrlProvider, client: MailgunClient) -> None:
    created = v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["opened"]))
    client.delete_domain_webhook_urls(DOMAIN, [V4])
    assert v4.read(str(created.id), dict(created.outs)).id == ""
    news = checked(v4, domain=DOMAIN, url=V4, event_types=["clicked"])
    v4.update(str(created.id), dict(created.outs), news)
    assert live(client) == {"clicked": [V4]}


# -- beside a v3 Webhook on the same domain and event --------------------------------------

def side_by_side(v3: WebhookProvider, v4: DomainWebhookUrlProvider) -> tuple[Any, Any]:
    """A v3 Webhook of permanent_fail and a v4 URL on permanent_fail and delivered, made in
    the spec's order (the Webhook first)."""
    hook = v3.create(checked(v3, domain=DOMAIN, event="permanent_fail", urls=[MINE],
                             foreign_urls=[V4]))
    url = v4.create(checked(v4, domain=DOMAIN, url=V4,
                            event_types=["permanent_fail", "delivered"]))
    return hook, url


def test_a_refresh_of_each_shows_no_drift(emulator: Emulator, v3: WebhookProvider,
                                          v4: DomainWebhookUrlProvider,
                                          client: MailgunClient) -> None:
    hook, url = side_by_side(v3, v4)
    assert live(client) == {"delivered": [V4], "permanent_fail": sorted([MINE, V4])}
    emulator.admin("DELETE", "/requests")
    for provider, created in ((v3, hook), (v4, url)):
        read = provider.read(str(created.id), dict(created.outs))
        assert read.id == created.id
        assert read.outs == dict(created.outs)
        assert provider.diff(str(created.id), dict(read.outs), dict(created.outs)).changes \
            is False
    # Both read one listing of the domain.
    assert [r["path"] for r in emulator.requests_log()] == [f"/v3/domains/{DOMAIN}/webhooks"]


def test_updating_the_webhook_keeps_the_url(v3: WebhookProvider,
                                            v4: DomainWebhookUrlProvider,
                                            client: MailgunClient) -> None:
    hook, _ = side_by_side(v3, v4)
    news = checked(v3, domain=DOMAIN, event="permanent_fail", urls=[MINE, "https://b.example/"],
                   foreign_urls=[V4])
    v3.update(str(hook.id), dict(hook.outs), news)
    assert live(client)["permanent_fail"] == sorted([MINE, "https://b.example/", V4])


def test_deleting_the_webhook_keeps_the_url(v3: WebhookProvider,
                                            v4: DomainWebhookUrlProvider,
                                            client: MailgunClient) -> None:
    hook, url = side_by_side(v3, v4)
    v3.delete(str(hook.id), dict(hook.outs))
    assert live(client) == {"delivered": [V4], "permanent_fail": [V4]}
    # The Webhook is gone, though its event still has a URL; the v4 URL is intact.
    assert v3.read(str(hook.id), dict(hook.outs)).id == ""
    assert v4.read(str(url.id), dict(url.outs)).outs == dict(url.outs)


def test_deleting_the_url_keeps_the_webhook(v3: WebhookProvider, v4: DomainWebhookUrlProvider,
                                            client: MailgunClient) -> None:
    hook, url = side_by_side(v3, v4)
    v4.delete(str(url.id), dict(url.outs))
    assert live(client) == {"permanent_fail": [MINE]}
    assert v3.read(str(hook.id), dict(hook.outs)).outs == dict(hook.outs)
    # Then the Webhook's own delete finds no foreign URL left to keep.
    v3.delete(str(hook.id), dict(hook.outs))
    assert live(client) == {}


def test_a_webhook_created_beside_the_url_keeps_it(v3: WebhookProvider,
                                                   v4: DomainWebhookUrlProvider,
                                                   client: MailgunClient) -> None:
    v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["permanent_fail"]))
    # Mailgun refuses a v3 create on an event with URLs: only foreign ones are no refusal.
    v3.create(checked(v3, domain=DOMAIN, event="permanent_fail", urls=[MINE],
                      foreign_urls=[V4]))
    assert live(client) == {"permanent_fail": sorted([MINE, V4])}


def test_a_webhook_not_told_of_the_url_refuses_and_says_where_it_belongs(
        v3: WebhookProvider, v4: DomainWebhookUrlProvider, client: MailgunClient) -> None:
    v4.create(checked(v4, domain=DOMAIN, url=V4, event_types=["permanent_fail"]))
    with pytest.raises(RuntimeError, match=rf"^the permanent_fail webhook of {DOMAIN} already "
                                           rf"exists \({re.escape(V4)}; URLs another resource "
                                           r"manages "
                                           r"go in foreign_urls\): set adopt=True"):
        v3.create(checked(v3, domain=DOMAIN, event="permanent_fail", urls=[MINE]))
    assert live(client) == {"permanent_fail": [V4]}


@pytest.mark.parametrize(("foreign", "reason"), [
    ([MINE], f"foreign_urls: {MINE} is in urls too: a URL has one owner"),
    ([V4, "https://c.example/", "https://d.example/"],
     "foreign_urls: an event takes at most 3 URLs, counting foreign_urls: 1 in urls and 3 "
     "here"),
    ([V4, V4], "foreign_urls: a URL is listed twice"),
])
def test_the_webhooks_foreign_urls_are_checked(foreign: list[str], reason: str) -> None:
    result = WebhookProvider().check({}, {"domain": DOMAIN, "event": "clicked", "urls": [MINE],
                                          "foreign_urls": foreign})
    assert [(f.property, f.reason) for f in result.failures] == [("foreign_urls", reason)]
