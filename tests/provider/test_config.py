"""The provider's configuration: read in configure, refused there when it cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from mailgun_infra.client import MISSING_API_KEY, MailgunClient
from mailgun_infra.config import ProviderSettings
from mailgun_infra.resources import DedicatedIpPoolProvider
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace


def configure(raw: dict[str, str]) -> DedicatedIpPoolProvider:
    provider = DedicatedIpPoolProvider()
    provider.configure(ConfigureRequest(Config(raw, "mailgun-infra")))
    return provider


def test_a_bad_region_is_refused_in_configure() -> None:
    with pytest.raises(ValueError, match="mailgun:region must be one of eu, us, not 'mars'"):
        configure({"mailgun:apiKey": "key", "mailgun:region": "mars"})
    assert configure({"mailgun:apiKey": "key", "mailgun:region": "EU"}).settings.region == "eu"


def test_a_bad_wait_scale_is_refused_in_configure() -> None:
    for bad in ("-1", "soon", "nan", "inf", "1e30", "100.5"):
        with pytest.raises(ValueError, match=f"mailgun:waitScale must be a number from 0 to "
                                             f"100, not '{bad}'"):
            configure({"mailgun:waitScale": bad})
    assert configure({"mailgun:waitScale": "0"}).waits.scale == 0
    assert configure({"mailgun:waitScale": "100"}).waits.scale == 100


def test_adopt_existing_is_true_or_false_and_nothing_read_as_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILGUN_ADOPT_EXISTING", raising=False)
    for bad in ("yes", "on", "ture", "2"):
        with pytest.raises(ValueError, match=f"mailgun:adoptExisting must be true or false "
                                             rf"\(1 or 0\), not '{bad}'"):
            configure({"mailgun:adoptExisting": bad})
    for text, meant in (("true", True), ("True", True), ("1", True), ("false", False),
                        ("0", False)):
        assert configure({"mailgun:adoptExisting": text}).settings.adopt_existing is meant
    assert configure({}).settings.adopt_existing is False
    monkeypatch.setenv("MAILGUN_ADOPT_EXISTING", "yes")
    with pytest.raises(ValueError, match="mailgun:adoptExisting"):
        configure({})


def test_the_environment_fills_in_what_the_config_leaves_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_REGION", "eu")
    monkeypatch.setenv("MAILGUN_WAIT_SCALE", "0.5")
    settings = ProviderSettings.from_config({"mailgun:apiKey": "key"}.get)
    assert (settings.region, settings.wait_scale) == ("eu", 0.5)
    assert "key" not in repr(settings).replace("api_key", "")


def test_a_missing_key_has_one_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAILGUN_API_KEY", raising=False)
    provider = configure({})
    with pytest.raises(RuntimeError) as from_provider:
        _ = provider.client
    with pytest.raises(ValueError) as from_client:
        MailgunClient("")
    assert str(from_provider.value) == str(from_client.value) == MISSING_API_KEY
    assert "pulumi config set --secret mailgun:apiKey" in MISSING_API_KEY


@pytest.mark.e2e
def test_a_bad_region_stops_preview(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.run("config", "set", "mailgun:region", "mars", check=True)
    ws.set_spec({"dedicated_ip_pools": {"p": {"name": "p", "description": "d",
                                              "ips": ["192.0.2.10"]}}})
    result = ws.run("preview")
    assert result.code != 0
    assert "mailgun:region must be one of eu, us, not 'mars'" in result.output
    assert emulator.requests_log() == []
