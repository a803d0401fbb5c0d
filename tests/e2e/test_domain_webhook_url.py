"""DomainWebhookUrl beside a v3 Webhook on the same domain and event, through the real CLI
and the stack spec, against the emulator: up, a refresh and a preview with nothing to
change, the URL's events changed in place, and destroy leaving the webhooks as seeded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import DOMAIN_WEBHOOK_URL, WEBHOOK
from mailgun_infra.resources.domain_webhook_url import make_id
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

DOMAIN = "mail.example.com"
BOUNCES = "https://hooks.example.com/mailgun/bounces"
EVENTS = "https://events.example.com/mailgun/all?source=pulumi"
SEEDED = {"clicked": ["https://tracking.example.com/clicks"]}


def spec(event_types: list[str]) -> dict[str, Any]:
    return {
        "webhooks": {"bounces": {"domain": DOMAIN, "event": "permanent_fail",
                                 "urls": [BOUNCES]}},
        "domain_webhook_urls": {"events": {"domain": DOMAIN, "url": EVENTS,
                                           "event_types": event_types}},
    }


def webhooks(emulator: Emulator) -> dict[str, dict[str, list[str]]]:
    return {d["name"]: {event: sorted(urls) for event, urls in d["webhooks"].items()}
            for d in emulator.state()["domains"]}


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def test_a_v3_webhook_and_a_v4_url_share_an_event(tmp_path: Path,
                                                   emulator: Emulator) -> None:
    client = emulator.client()
    for event, urls in SEEDED.items():
        client.create_domain_webhook(DOMAIN, event, urls)
    seeded = webhooks(emulator)
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)

    ws.set_spec(spec(["permanent_fail", "delivered"]))
    assert ws.up_as_previewed() == {"Webhook::bounces": "create",
                                    "DomainWebhookUrl::events": "create"}
    assert webhooks(emulator)[DOMAIN] == {**SEEDED, "delivered": [EVENTS],
                                          "permanent_fail": sorted([BOUNCES, EVENTS])}
    assert ws.ids(DOMAIN_WEBHOOK_URL) == {"events": make_id(DOMAIN, EVENTS)}
    assert ws.resources(WEBHOOK)["bounces"]["foreign_urls"] == [EVENTS]

    # Each reads the event's URLs, and neither takes the other's for drift.
    emulator.admin("DELETE", "/requests")
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    ws.run("preview", "--expect-no-changes", check=True)
    assert writes(emulator) == []
    assert ws.resources(WEBHOOK)["bounces"]["urls"] == [BOUNCES]
    assert ws.resources(DOMAIN_WEBHOOK_URL)["events"]["event_types"] == \
        ["delivered", "permanent_fail"]

    # The URL leaves permanent_fail for opened: both change in place, the Webhook first
    # (it no longer keeps the URL), then one PUT of the URL's events.
    ws.set_spec(spec(["delivered", "opened"]))
    emulator.admin("DELETE", "/requests")
    assert ws.up_as_previewed() == {"Webhook::bounces": "update",
                                    "DomainWebhookUrl::events": "update"}
    assert writes(emulator) == [f"PUT /v3/domains/{DOMAIN}/webhooks/permanent_fail",
                                f"PUT /v4/domains/{DOMAIN}/webhooks"]
    assert webhooks(emulator)[DOMAIN] == {**SEEDED, "delivered": [EVENTS], "opened": [EVENTS],
                                          "permanent_fail": [BOUNCES]}
    assert ws.ids(DOMAIN_WEBHOOK_URL) == {"events": make_id(DOMAIN, EVENTS)}
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    ws.run("preview", "--expect-no-changes", check=True)

    ws.run("destroy", "--yes", check=True)
    assert webhooks(emulator) == seeded
