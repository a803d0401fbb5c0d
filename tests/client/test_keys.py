"""Least privilege in the client: reads with the read key, writes with the writing key, and
the two ways a read-only key's write fails (refused before it is sent, or Mailgun's 403)."""

from __future__ import annotations

import pickle

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from mailgun_infra import lookups
from mailgun_infra.client import (
    MISSING_API_KEY,
    KeyRoleCannotWrite,
    MailgunClient,
    MailgunError,
    NoWriteKey,
    Unauthorized,
)
from mailgun_infra.client._ratelimit import shared_limits
from mailgun_infra.client._shared_reads import shared_reads
from mailgun_infra.config import ProviderSettings
from mailgun_infra.resources import DedicatedIpPoolProvider
from tests.conftest import Emulator, fast_retry

ROLE_PROBLEM = ("the API key's role cannot write: a basic (read-only) or sending key; deploy "
                "with an admin or developer key")


def new_key(emulator: Emulator, role: str) -> str:
    """The secret of a new key of ``role``, made with the account's own key."""
    admin = emulator.client()
    secret: str = admin.request("POST", "/v1/keys", form={"role": role})["key"]["secret"]
    return secret


def new_key_sending(emulator: Emulator) -> str:
    admin = emulator.client()
    secret: str = admin.request("POST", "/v1/keys", form={
        "role": "sending", "kind": "domain", "domain_name": "mail.example.com"})["key"]["secret"]
    return secret


def client(emulator: Emulator, api_key: str, read_api_key: str | None = None) -> MailgunClient:
    return MailgunClient(api_key, api_url=emulator.url, retry=fast_retry(),
                         read_api_key=read_api_key)


def test_reads_go_with_the_read_key_and_writes_with_the_api_key(emulator: Emulator) -> None:
    basic = new_key(emulator, "basic")
    # A writing key the account refuses shows which key each request went with.
    both = client(emulator, "not-a-key-of-the-account", read_api_key=basic)
    assert both.list_ip_pools() == emulator.client().list_ip_pools()
    with pytest.raises(Unauthorized) as caught:
        both.create_ip_pool("p", "d", [])
    assert caught.value.status == 401
    # And the other way round: the admin key writes, the read key alone could not have.
    working = client(emulator, emulator.api_key, read_api_key=basic)
    pool_id = working.create_ip_pool("p", "d", [])
    assert working.get_ip_pool(pool_id)["name"] == "p"


def test_a_read_key_alone_reads_and_refuses_a_write_before_sending_it(
        emulator: Emulator) -> None:
    reader = client(emulator, "", read_api_key=new_key(emulator, "basic"))
    assert reader.list_ip_pools() == emulator.client().list_ip_pools()
    emulator.admin("DELETE", "/requests")
    before = emulator.state()
    with pytest.raises(NoWriteKey) as caught:
        reader.create_ip_pool("p", "d", ["192.0.2.10"])
    assert isinstance(caught.value, MailgunError)
    assert str(caught.value) == (
        "POST /v3/ip_pools not sent: no key that can write, this run has only "
        "mailgun:readApiKey (MAILGUN_READ_API_KEY); set mailgun:apiKey / MAILGUN_API_KEY to an "
        "admin or developer key")
    assert emulator.requests_log() == []
    assert emulator.state() == before


def test_mailguns_bare_403_to_a_write_names_the_keys_role(emulator: Emulator) -> None:
    basic = client(emulator, new_key(emulator, "basic"))
    with pytest.raises(KeyRoleCannotWrite) as caught:
        basic.create_ip_pool("p", "d", [])
    assert isinstance(caught.value, Unauthorized) and caught.value.status == 403
    assert str(caught.value) == f"403 Forbidden on POST /v3/ip_pools: Forbidden ({ROLE_PROBLEM})"
    # A 403 to a read is no role problem of a write.
    sending = client(emulator, "", read_api_key=new_key_sending(emulator))
    with pytest.raises(Unauthorized) as read:
        sending.list_ip_pools()
    assert not isinstance(read.value, KeyRoleCannotWrite)


def test_a_403_that_says_more_is_not_taken_for_the_keys_role(emulator: Emulator) -> None:
    emulator.backend.account.features.remove("dedicated_ip_bands")
    with pytest.raises(Unauthorized) as caught:
        emulator.client().place_ip_in_band("192.0.2.10", "band-a")
    assert caught.value.status == 403
    assert not isinstance(caught.value, KeyRoleCannotWrite)
    assert "role" not in str(caught.value)


def test_neither_key_is_the_one_missing_key_message() -> None:
    with pytest.raises(ValueError, match="^" + MISSING_API_KEY.replace("`", ".") + "$"):
        MailgunClient("", read_api_key="")
    with pytest.raises(ValueError):
        MailgunClient("", read_api_key=None)


def test_listings_and_rate_limits_are_the_read_keys(emulator: Emulator) -> None:
    both = client(emulator, "writer-secret", read_api_key="reader-secret")
    assert both.shared_reads is shared_reads(both.base_url, "reader-secret")
    assert both._rate_limits is shared_limits(both.base_url, "reader-secret")
    alone = client(emulator, "writer-secret")
    assert alone.shared_reads is shared_reads(alone.base_url, "writer-secret")


def test_no_key_shows_in_a_repr_or_a_pickle(emulator: Emulator) -> None:
    both = client(emulator, "writer-secret-1", read_api_key="reader-secret-2")
    assert "secret" not in repr(both) and "secret" not in repr(both._keys)
    with pytest.raises(TypeError):
        pickle.dumps(both._keys)
    settings = ProviderSettings.from_config(
        {"mailgun:apiKey": "writer-secret-1", "mailgun:readApiKey": "reader-secret-2"}.get)
    assert settings.read_api_key == "reader-secret-2"
    assert "secret" not in repr(settings)


def test_the_read_key_comes_from_the_config_else_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_READ_API_KEY", "from-env")
    assert ProviderSettings.from_config({}.get).read_api_key == "from-env"
    assert ProviderSettings.from_config(
        {"mailgun:readApiKey": "from-config"}.get).read_api_key == "from-config"
    monkeypatch.delenv("MAILGUN_READ_API_KEY")
    assert ProviderSettings.from_config({}.get).read_api_key == ""


def provider_with(emulator: Emulator, **keys: str) -> DedicatedIpPoolProvider:
    provider = DedicatedIpPoolProvider()
    config = {"mailgun:apiUrl": emulator.url, "mailgun:waitScale": "0", **keys}
    provider.configure(ConfigureRequest(Config(config, "mailgun-infra")))
    return provider


def test_the_providers_client_takes_both_keys(emulator: Emulator,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILGUN_API_KEY", raising=False)
    monkeypatch.delenv("MAILGUN_READ_API_KEY", raising=False)
    with pytest.raises(RuntimeError) as neither:
        _ = provider_with(emulator).client
    assert str(neither.value) == MISSING_API_KEY
    basic = new_key(emulator, "basic")
    reader = provider_with(emulator, **{"mailgun:readApiKey": basic}).client
    assert reader.list_ip_pools() == emulator.client().list_ip_pools()
    with pytest.raises(NoWriteKey):
        reader.create_ip_pool("p", "d", [])
    both = provider_with(emulator, **{"mailgun:readApiKey": basic,
                                      "mailgun:apiKey": emulator.api_key}).client
    assert both.create_ip_pool("p", "d", [])


def test_lookups_read_with_the_read_key_alone(emulator: Emulator) -> None:
    settings = ProviderSettings(api_key="", api_url=emulator.url,
                                read_api_key=new_key(emulator, "basic"))
    found = lookups.get_dedicated_ips(client=lookups.client_for(settings))
    assert found == lookups.get_dedicated_ips(client=emulator.client())
    with pytest.raises(RuntimeError, match="no Mailgun API key"):
        lookups.client_for(ProviderSettings(api_key="", api_url=emulator.url))
