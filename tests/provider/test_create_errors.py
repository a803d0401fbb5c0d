"""A create that Mailgun refuses shows Mailgun's reason, not the error of a lookup made to
see whether the object existed already."""

from __future__ import annotations

import pytest

from mailgun_infra.client import BadRequest
from mailgun_infra.resources import IpWarmupProvider, SubaccountIpLinkProvider, WebhookProvider
from tests.conftest import Emulator


def test_a_refused_webhook_create_shows_mailguns_reason(emulator: Emulator) -> None:
    provider = emulator.provider(WebhookProvider)
    emulator.faults({"status": 400, "message": "url is unreachable", "methods": ["POST"],
                     "path_prefix": "/v3/domains/mail.example.com/webhooks"})
    inputs = provider.check({}, {"domain": "mail.example.com", "event": "delivered",
                                 "urls": ["https://hooks.example.com/d"]}).inputs
    with pytest.raises(BadRequest, match=r"400 Bad Request on POST "
                                         "/v3/domains/mail.example.com/webhooks: url is"):
        provider.create(inputs)


def test_a_refused_warmup_shows_mailguns_reason(emulator: Emulator) -> None:
    provider = emulator.provider(IpWarmupProvider)
    emulator.faults({"status": 400, "message": "the IP has no sending history yet",
                     "methods": ["POST"], "path_prefix": "/v3/ip_warmups/192.0.2.13"})
    inputs = provider.check({}, {"ip": "192.0.2.13"}).inputs
    with pytest.raises(BadRequest, match=r"on POST /v3/ip_warmups/192.0.2.13: the IP has no"):
        provider.create(inputs)


def test_reading_linked_ips_without_the_feature_says_what_is_missing(
        emulator: Emulator) -> None:
    emulator.backend.account.features.remove("detailed_ip_view")
    provider = emulator.provider(SubaccountIpLinkProvider)
    with pytest.raises(RuntimeError, match=r"403 Forbidden on GET /v3/ips/details/all: .*"
                                           r"detailed IP view feature"):
        provider.read("sub1", {})
