"""IpBand's provider against the emulator: the error of an account without the feature,
what read can and cannot see, and a delete that leaves the band."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.client import BadRequest
from mailgun_infra.emulator.models import FEATURE_DEDICATED_IP_BANDS
from mailgun_infra.resources import IpBandProvider
from tests.conftest import Emulator


@pytest.fixture
def provider(emulator: Emulator) -> IpBandProvider:
    return emulator.provider(IpBandProvider)


@pytest.fixture
def bands(emulator: Emulator) -> None:
    # The demo's seed has the feature; the tests do not lean on that.
    if FEATURE_DEDICATED_IP_BANDS not in emulator.backend.account.features:
        emulator.backend.account.features.append(FEATURE_DEDICATED_IP_BANDS)


def checked(provider: IpBandProvider, **inputs: Any) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def band_of(emulator: Emulator, ip: str) -> str | None:
    return next(i["ip_band"] for i in emulator.state()["ips"] if i["ip"] == ip)


def test_an_account_without_the_feature_is_told_so(emulator: Emulator,
                                                   provider: IpBandProvider) -> None:
    emulator.backend.account.features.remove(FEATURE_DEDICATED_IP_BANDS)
    with pytest.raises(RuntimeError, match=r"^403 Forbidden on POST /v3/ips/192.0.2.10/"
                                           r"ip_band: .*\(the account lacks the Dedicated IP "
                                           r"Bands feature, which Mailgun support enables\)$"):
        provider.create(checked(provider, ip="192.0.2.10", ip_band="band-a"))


@pytest.mark.usefixtures("bands")
def test_create_and_update_post_the_band_and_nothing_else(
        emulator: Emulator, provider: IpBandProvider) -> None:
    declared = checked(provider, ip="192.0.2.10", ip_band="band-a")
    created = provider.create(declared)
    assert created.id == "192.0.2.10" and band_of(emulator, "192.0.2.10") == "band-a"
    emulator.admin("DELETE", "/requests")
    provider.update("192.0.2.10", dict(created.outs), {**declared, "adopt": True})
    assert emulator.requests_log() == []
    provider.update("192.0.2.10", dict(created.outs), {**declared, "ip_band": "band-b"})
    assert [(r["method"], r["path"]) for r in emulator.requests_log()] == [
        ("POST", "/v3/ips/192.0.2.10/ip_band")]
    assert band_of(emulator, "192.0.2.10") == "band-b"


@pytest.mark.usefixtures("bands")
def test_read_keeps_the_band_from_state_and_sees_only_the_ip(
        emulator: Emulator, provider: IpBandProvider) -> None:
    created = provider.create(checked(provider, ip="192.0.2.10", ip_band="band-a"))
    emulator.client().place_ip_in_band("192.0.2.10", "band-z")
    read = provider.read("192.0.2.10", dict(created.outs))
    assert read.id == "192.0.2.10"
    assert read.inputs is not None and read.inputs["ip_band"] == "band-a"
    # An IP that is no longer the account's leaves nothing to keep.
    del emulator.backend.account.ips["192.0.2.10"]
    assert provider.read("192.0.2.10", dict(created.outs)).id == ""


@pytest.mark.usefixtures("bands")
def test_delete_sends_nothing_and_says_the_band_stays(
        emulator: Emulator, provider: IpBandProvider,
        capsys: pytest.CaptureFixture[str]) -> None:
    created = provider.create(checked(provider, ip="192.0.2.10", ip_band="band-a"))
    emulator.admin("DELETE", "/requests")
    provider.delete("192.0.2.10", dict(created.outs))
    assert emulator.requests_log() == []
    assert band_of(emulator, "192.0.2.10") == "band-a"
    assert "it stays in 'band-a'" in capsys.readouterr().err


@pytest.mark.usefixtures("bands")
def test_a_shared_ip_is_refused_in_mailguns_words(provider: IpBandProvider) -> None:
    with pytest.raises(BadRequest, match=r"IP 198\.51\.100\.1 is not a dedicated IP"):
        provider.create(checked(provider, ip="198.51.100.1", ip_band="band-a"))


@pytest.mark.usefixtures("bands")
def test_a_lost_answer_is_sent_again(emulator: Emulator, provider: IpBandProvider) -> None:
    emulator.faults({"status": 502, "after_apply": True, "methods": ["POST"], "times": 1})
    provider.create(checked(provider, ip="192.0.2.10", ip_band="band-a"))
    posts = [r for r in emulator.requests_log() if r["method"] == "POST"]
    assert [r["status"] for r in posts] == [502, 200]
    assert band_of(emulator, "192.0.2.10") == "band-a"
