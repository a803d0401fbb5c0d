"""Gone only when Mailgun confirms it: a refresh's read that meets a JSON 404 reads again,
spaced and bounded, before the object leaves the state; an object really deleted leaves it
at once; a plain-text 404 stays an error."""

from __future__ import annotations

import pytest

from mailgun_infra.client import RouteNotFound
from mailgun_infra.resources.account_webhook import AccountWebhookProvider
from mailgun_infra.resources.dedicated_ip_pool import DedicatedIpPoolProvider
from tests.conftest import Emulator


def test_a_passing_404_does_not_drop_the_object(emulator: Emulator) -> None:
    provider = emulator.provider(AccountWebhookProvider)
    created = provider.create({"__provider": "blob", "url": "https://hooks.example.com/a",
                               "event_types": ["delivered"]})
    # Three 404s in a row on the webhook's own reads, then Mailgun has caught up.
    emulator.faults({"status": 404, "message": "webhook not found", "times": 3,
                     "methods": ["GET"], "path_prefix": "/v1/webhooks"})
    read = provider.read(created.id, dict(created.outs or {}))
    assert read.id == created.id
    assert read.outs["url"] == "https://hooks.example.com/a"


def test_a_passing_404_on_a_list_the_outputs_need_is_read_again(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    created = provider.create({"__provider": "blob", "name": "p", "description": "d",
                               "ips": ["192.0.2.10"]})
    # The warming IPs' list is kept until a warmup write: make the read load it again.
    provider.client.shared_reads.wrote("/v3/ip_warmups")
    emulator.faults({"status": 404, "message": "Not found", "times": 2, "methods": ["GET"],
                     "path_prefix": "/v3/ips"})
    before = len(emulator.requests_log())
    assert provider.read(created.id, dict(created.outs or {})).id == created.id
    assert any(r["path"] == "/v3/ips" and r["status"] == 404
               for r in emulator.requests_log()[before:])


def test_an_object_deleted_by_hand_is_gone(emulator: Emulator) -> None:
    provider = emulator.provider(AccountWebhookProvider)
    created = provider.create({"__provider": "blob", "url": "https://hooks.example.com/b",
                               "event_types": ["delivered"]})
    emulator.client().delete_account_webhook(created.id)
    before = len(emulator.requests_log())
    assert provider.read(created.id, dict(created.outs or {})).id == ""
    # Bounded: a handful of reads, then the verdict.
    assert len(emulator.requests_log()) - before <= 10


def test_a_plain_text_404_is_an_error_not_gone(emulator: Emulator) -> None:
    provider = emulator.provider(AccountWebhookProvider)
    created = provider.create({"__provider": "blob", "url": "https://hooks.example.com/c",
                               "event_types": ["delivered"]})
    emulator.faults({"status": 404, "text": "404 page not found", "times": 100,
                     "methods": ["GET"]})
    with pytest.raises(RouteNotFound):
        provider.read(created.id, dict(created.outs or {}))
