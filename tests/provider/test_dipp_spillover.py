"""DippSpillover's provider against the emulator: adopting and restoring on delete, the
refusal, a cleared setting read as gone, and the id that no domain can take."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.resources import DippSpilloverProvider
from tests.conftest import Emulator


@pytest.fixture
def provider(emulator: Emulator) -> DippSpilloverProvider:
    return emulator.provider(DippSpilloverProvider)


@pytest.fixture
def pools(emulator: Emulator) -> dict[str, str]:
    client = emulator.client()
    return {"found": client.create_ip_pool("found", "d", ["192.0.2.15"]),
            "declared": client.create_ip_pool("declared", "d", ["192.0.2.14"])}


def checked(provider: DippSpilloverProvider, **inputs: Any) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


@pytest.mark.parametrize("domain", [None, "mail.example.com"], ids=["account", "domain"])
def test_create_refuses_to_replace_another_spillover_dipp(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str],
        domain: str | None) -> None:
    client = emulator.client()
    client.set_dipp_spillover(pools["found"], domain)
    owner = domain or "the account"
    with pytest.raises(RuntimeError, match=rf"^the DIPP spillover of {owner} already exists "
                                           rf"\(DIPP {pools['found']}\): set adopt=True"):
        provider.create(checked(provider, pool_id=pools["declared"], domain=domain))
    assert client.get_dipp_spillover(domain) == pools["found"]


@pytest.mark.parametrize("domain", [None, "mail.example.com"], ids=["account", "domain"])
def test_an_adopted_spillover_is_restored_on_delete(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str],
        domain: str | None) -> None:
    client = emulator.client()
    client.set_dipp_spillover(pools["found"], domain)
    created = provider.create(checked(provider, pool_id=pools["declared"], domain=domain,
                                      adopt=True))
    assert created.id == (domain or "account")
    assert created.outs["adopted_pool_id"] == pools["found"]
    assert client.get_dipp_spillover(domain) == pools["declared"]
    # A refresh keeps what was adopted: Mailgun has no trace of it.
    read = provider.read(str(created.id), dict(created.outs))
    assert read.outs["adopted_pool_id"] == pools["found"]
    provider.delete(str(created.id), read.outs)
    assert client.get_dipp_spillover(domain) == pools["found"]


def test_a_spillover_not_adopted_is_cleared_on_delete(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str]) -> None:
    client = emulator.client()
    # Already set as declared: no refusal, and nothing adopted to restore.
    client.set_dipp_spillover(pools["declared"])
    inputs = checked(provider, pool_id=pools["declared"])
    emulator.admin("DELETE", "/requests")
    created = provider.create(inputs)
    assert created.outs["adopted_pool_id"] is None
    assert [r["method"] for r in emulator.requests_log()] == ["GET"]
    provider.delete(str(created.id), dict(created.outs))
    assert client.get_dipp_spillover() is None


def test_a_cleared_spillover_reads_as_gone(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str]) -> None:
    created = provider.create(checked(provider, pool_id=pools["declared"],
                                      domain="mail.example.com"))
    emulator.client().set_dipp_spillover(None, "mail.example.com")
    assert provider.read(str(created.id), dict(created.outs)).id == ""


def test_deleting_the_dipp_takes_its_spillover_with_it(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str]) -> None:
    created = provider.create(checked(provider, pool_id=pools["declared"]))
    emulator.client().delete_ip_pool(pools["declared"], replacement_ip="shared")
    assert provider.read(str(created.id), dict(created.outs)).id == ""


def test_a_gone_domain_takes_its_spillover_with_it(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str]) -> None:
    created = provider.create(checked(provider, pool_id=pools["declared"],
                                      domain="news.example.com"))
    del emulator.backend.account.domains["news.example.com"]
    assert provider.read(str(created.id), dict(created.outs)).id == ""
    provider.delete(str(created.id), dict(created.outs))  # gone: done


def test_delete_clears_when_the_adopted_dipp_is_gone(
        emulator: Emulator, provider: DippSpilloverProvider, pools: dict[str, str],
        capsys: pytest.CaptureFixture[str]) -> None:
    client = emulator.client()
    client.set_dipp_spillover(pools["found"])
    created = provider.create(checked(provider, pool_id=pools["declared"], adopt=True))
    client.delete_ip_pool(pools["found"], replacement_ip="shared")
    provider.delete(str(created.id), dict(created.outs))
    assert client.get_dipp_spillover() is None
    # The engine relays what the provider prints: the user learns why nothing came back.
    assert f"DIPP {pools['found']}, seen at adoption, could not be restored" in \
        capsys.readouterr().err


def test_no_domain_can_take_the_account_id() -> None:
    failures = DippSpilloverProvider().check({}, {"pool_id": "p", "domain": "Account"}).failures
    assert [(f.property, f.reason) for f in failures] == [
        ("domain", "domain: 'account' is not a domain name: omit domain for the account's "
                   "setting")]
    id_format = DippSpilloverProvider.id_format
    assert id_format.join(domain=None) == "account"
    assert id_format.split("account") == {}
    assert id_format.join(domain="mail.example.com") == "mail.example.com"
    assert id_format.split("mail.example.com") == {"domain": "mail.example.com"}


def test_a_new_domain_replaces_and_a_new_dipp_does_not() -> None:
    provider = DippSpilloverProvider()
    olds = {"pool_id": "p1", "domain": None, "adopt": False, "adopted_pool_id": None}
    assert provider.diff("account", olds, {**olds, "pool_id": "p2"}).replaces == []
    moved = provider.diff("account", olds, {**olds, "domain": "mail.example.com"})
    assert moved.replaces == ["domain"] and moved.delete_before_replace is True
