"""The v4 domain webhooks (``/v4/domains/{domain}/webhooks``, REFERENCE 7.3): one URL on many
events of the same map the v3 API shows, with Mailgun's error bodies; then over HTTP."""

from __future__ import annotations

import pytest
import requests

from mailgun_infra.emulator import Backend
from tests.conftest import Emulator
from tests.emulator.conftest import rejects

DOMAIN = "mail.example.com"
HOOK, OTHER = "https://hooks.example.com/mg", "https://other.example.com/mg"


def urls_by_event(backend: Backend) -> dict[str, list[str]]:
    return {event: hook["urls"]
            for event, hook in backend.list_domain_webhooks(DOMAIN)["webhooks"].items()}


def test_a_post_puts_one_url_on_each_event_and_answers_the_full_map(backend: Backend) -> None:
    backend.create_domain_webhook(DOMAIN, "clicked", [OTHER])
    answer = backend.create_domain_webhook_url(DOMAIN, HOOK, ["clicked", "delivered"])
    assert answer == {"webhooks": {"clicked": {"urls": [OTHER, HOOK]},
                                   "delivered": {"urls": [HOOK]}}}
    # The v3 API sees the same URLs.
    assert backend.get_domain_webhook(DOMAIN, "delivered") == {"webhook": {"urls": [HOOK]}}


def test_a_post_of_a_url_an_event_has_is_refused_whole(backend: Backend) -> None:
    backend.create_domain_webhook_url(DOMAIN, HOOK, ["clicked"])
    with rejects(400, "already exists") as caught:
        backend.create_domain_webhook_url(DOMAIN, HOOK, ["delivered", "clicked"])
    assert caught.value.body() == {
        "Reason": f"Webhook for event type 'clicked' with URL '{HOOK}' already exists"}
    assert urls_by_event(backend) == {"clicked": [HOOK]}
    # On other events only, the same URL is taken.
    backend.create_domain_webhook_url(DOMAIN, HOOK, ["opened"])
    assert urls_by_event(backend) == {"clicked": [HOOK], "opened": [HOOK]}


def test_an_event_takes_three_urls_v3_and_v4_together(backend: Backend) -> None:
    backend.create_domain_webhook(DOMAIN, "clicked", [f"https://{n}.example" for n in range(2)])
    backend.create_domain_webhook_url(DOMAIN, "https://2.example", ["clicked"])
    with rejects(400, "Maximum of 3 urls for a given webhook type") as caught:
        backend.create_domain_webhook_url(DOMAIN, HOOK, ["delivered", "clicked"])
    assert caught.value.body() == {"Reason": "Maximum of 3 urls for a given webhook type"}
    backend.create_domain_webhook_url(DOMAIN, HOOK, ["delivered"])
    with rejects(400, "Maximum of 3 urls"):
        backend.update_domain_webhook_url(DOMAIN, HOOK, ["clicked"])
    # A refused PUT moves nothing.
    assert urls_by_event(backend)["delivered"] == [HOOK]
    with rejects(400, "Maximum of 3 urls"):
        backend.create_domain_webhook(DOMAIN, "opened", [f"https://{n}.example" for n in range(4)])


@pytest.mark.parametrize(("url", "events", "reason"), [
    (None, ["clicked"], "invalid parameters: url is required"),
    (HOOK, [], "invalid parameters: event_types is required"),
    (HOOK, ["bounce"], "invalid parameters: 'bounce' is not a valid webhook type"),
    ("ftp://x", ["clicked"], "invalid parameters: ftp://x is not a valid url: invalid URL "
                             "scheme"),
])
def test_bad_parameters_are_a_reason(backend: Backend, url: str | None, events: list[str],
                                     reason: str) -> None:
    for write in (backend.create_domain_webhook_url, backend.update_domain_webhook_url):
        with rejects(400, "invalid parameters") as caught:
            write(DOMAIN, url, events)
        assert caught.value.body() == {"Reason": reason}


def test_a_put_replaces_the_urls_events(backend: Backend) -> None:
    backend.create_domain_webhook(DOMAIN, "clicked", [OTHER])
    backend.create_domain_webhook_url(DOMAIN, HOOK, ["clicked", "delivered"])
    answer = backend.update_domain_webhook_url(DOMAIN, HOOK, ["delivered", "opened"])
    assert answer == {"webhooks": {"clicked": {"urls": [OTHER]},
                                   "delivered": {"urls": [HOOK]},
                                   "opened": {"urls": [HOOK]}}}
    # An event left without URLs is gone, as after a v3 delete.
    backend.update_domain_webhook_url(DOMAIN, HOOK, ["opened"])
    assert urls_by_event(backend) == {"clicked": [OTHER], "opened": [HOOK]}
    with rejects(404, "Webhook not found"):
        backend.get_domain_webhook(DOMAIN, "delivered")


def test_a_put_needs_the_url_on_some_event(backend: Backend) -> None:
    with rejects(404, "Webhook not found") as caught:
        backend.update_domain_webhook_url(DOMAIN, HOOK, ["clicked"])
    assert caught.value.body() == {"Description": "Webhook not found"}


def test_a_delete_takes_each_url_off_every_event(backend: Backend) -> None:
    backend.create_domain_webhook(DOMAIN, "clicked", [OTHER, "https://keep.example"])
    backend.create_domain_webhook_url(DOMAIN, HOOK, ["clicked", "delivered"])
    answer = backend.delete_domain_webhook_urls(DOMAIN, f"{HOOK},{OTHER}")
    assert answer == {"webhooks": {"clicked": {"urls": ["https://keep.example"]}}}
    # URLs on no event: nothing to take, and no error (only the domain's 404 is documented).
    assert backend.delete_domain_webhook_urls(DOMAIN, HOOK) == answer
    with rejects(400, "missing url") as caught:
        backend.delete_domain_webhook_urls(DOMAIN, None)
    assert caught.value.body() == {"Field": "url"}
    with rejects(400, "missing url"):
        backend.delete_domain_webhook_urls(DOMAIN, " , ")


def test_an_unknown_domain_is_a_404(backend: Backend) -> None:
    for call in (lambda: backend.create_domain_webhook_url("nope.example.com", HOOK, ["opened"]),
                 lambda: backend.update_domain_webhook_url("nope.example.com", HOOK, ["opened"]),
                 lambda: backend.delete_domain_webhook_urls("nope.example.com", HOOK)):
        with rejects(404, "Domain not found") as caught:
            call()
        assert caught.value.body() == {"message": "Domain not found"}


def test_the_routes_take_forms_and_the_comma_list(emulator: Emulator) -> None:
    auth, path = ("api", emulator.api_key), f"{emulator.url}/v4/domains/{DOMAIN}/webhooks"
    created = requests.post(path, auth=auth, timeout=5,
                            data={"url": HOOK, "event_types": ["clicked", "opened"]})
    assert created.status_code == 200
    assert created.json() == {"webhooks": {"clicked": {"urls": [HOOK]},
                                           "opened": {"urls": [HOOK]}}}
    requests.post(path, auth=auth, timeout=5, data={"url": OTHER, "event_types": "opened"})
    updated = requests.put(path, auth=auth, timeout=5,
                           data={"url": HOOK, "event_types": "delivered"})
    assert updated.json() == {"webhooks": {"opened": {"urls": [OTHER]},
                                           "delivered": {"urls": [HOOK]}}}
    missing = requests.put(path, auth=auth, timeout=5,
                           data={"url": "https://nowhere.example", "event_types": "opened"})
    assert (missing.status_code, missing.json()) == (404, {"Description": "Webhook not found"})
    deleted = requests.delete(path, auth=auth, timeout=5, params={"url": f"{HOOK},{OTHER}"})
    assert (deleted.status_code, deleted.json()) == (200, {"webhooks": {}})
    bare = requests.delete(path, auth=auth, timeout=5)
    assert (bare.status_code, bare.json()) == (400, {"Field": "url"})
    # The v4 path has no GET: reads go through v3.
    assert requests.get(path, auth=auth, timeout=5).status_code == 405
