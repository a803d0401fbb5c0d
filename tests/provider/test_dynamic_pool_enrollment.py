"""DynamicPoolEnrollment's two replacements: Mailgun enrolls a domain only with a
replacement IP, and takes exactly one replacement when the domain leaves."""

from __future__ import annotations

from mailgun_infra.resources import DynamicPoolEnrollmentProvider
from tests.conftest import Emulator


def test_enrolling_needs_an_explicit_replacement_ip() -> None:
    result = DynamicPoolEnrollmentProvider().check(
        {}, {"domain": "news.example.com", "replacement_pool_id": "p1"})
    assert [(f.property, f.reason) for f in result.failures] == [(
        "replacement_ip",
        "replacement_ip: set a dedicated IP or 'shared': Mailgun enrolls a domain in dynamic "
        "pools only with one")]


def test_leaving_uses_the_dipp_when_one_is_given(emulator: Emulator) -> None:
    client = emulator.client()
    client.update_dynamic_pool("dynamic_new", add_ips=["192.0.2.13"])
    spare = client.create_ip_pool("spare", "d", ["192.0.2.15"])
    provider = emulator.provider(DynamicPoolEnrollmentProvider)
    inputs = provider.check({}, {"domain": "news.example.com", "replacement_ip": "shared",
                                 "replacement_pool_id": spare}).inputs
    assert provider.check({}, inputs).failures == []
    created = provider.create(inputs)
    provider.delete(created.id, created.outs)
    news = emulator.backend.account.domains["news.example.com"]
    assert (news.dynamic_pool, news.pool_id, news.ips) == (None, spare, ["198.51.100.1"])
