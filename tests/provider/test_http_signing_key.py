"""HttpSigningKey in process, against the emulator: declaring the key reads it and rotates
nothing; a change of ``rotation`` regenerates it once, even when Mailgun's answer is lost;
destroy leaves it; and the key's value is in no error, no pickled provider, and is
registered as a secret output."""

from __future__ import annotations

import traceback
from typing import Any

import pulumi
import pytest
from pulumi.dynamic import Resource
from pulumi.dynamic.dynamic import serialize_provider

from mailgun_infra.client import BadRequest
from mailgun_infra.resources import HttpSigningKey, HttpSigningKeyProvider
from tests.conftest import Emulator


def key_of(emulator: Emulator) -> str:
    key: str = emulator.state()["http_signing_key"]
    return key


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def declared(provider: HttpSigningKeyProvider, **inputs: Any) -> dict[str, Any]:
    checked = provider.check({}, {"__provider": "blob", **inputs})
    assert checked.failures == []
    return dict(checked.inputs)


def test_declaring_the_key_reads_it_and_rotates_nothing(emulator: Emulator) -> None:
    seeded = key_of(emulator)
    provider = emulator.provider(HttpSigningKeyProvider)
    emulator.admin("DELETE", "/requests")
    # A rotation mark given from the start is no request to rotate.
    created = provider.create(declared(provider, rotation="2026-01"))
    assert created.id == "account"
    assert created.outs["http_signing_key"] == seeded
    assert key_of(emulator) == seeded
    assert writes(emulator) == []
    assert provider.read("account", dict(created.outs)).outs == created.outs


def test_an_account_without_a_key_gets_one_at_create(emulator: Emulator) -> None:
    emulator.backend.account.http_signing_key = None
    provider = emulator.provider(HttpSigningKeyProvider)
    created = provider.create(declared(provider))
    assert created.outs["http_signing_key"] == key_of(emulator) is not None
    assert writes(emulator) == ["POST /v5/accounts/http_signing_key"]


def test_another_400_of_the_read_makes_no_key(emulator: Emulator) -> None:
    seeded = key_of(emulator)
    provider = emulator.provider(HttpSigningKeyProvider)
    emulator.faults({"status": 400, "message": "Bad request", "methods": ["GET"],
                     "path_prefix": "/v5/accounts/http_signing_key"})
    with pytest.raises(BadRequest, match=r"400 Bad Request on GET \S+: Bad request"):
        provider.create(declared(provider))
    assert writes(emulator) == []
    assert key_of(emulator) == seeded


def test_each_change_of_rotation_regenerates_the_key_in_place(emulator: Emulator) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create(declared(provider)).outs)
    seen = {state["http_signing_key"]}
    for rotation in (1, 2, "2026-06", None):
        news = declared(provider, rotation=rotation)
        diff = provider.diff("account", state, news)
        assert diff.changes is True and not diff.replaces
        emulator.admin("DELETE", "/requests")
        state = dict(provider.update("account", state, news).outs)
        assert writes(emulator) == ["POST /v5/accounts/http_signing_key"]
        assert state["http_signing_key"] == key_of(emulator) not in seen
        seen.add(state["http_signing_key"])
    # The engine hands numbers back as floats: 2.0 is the 2 already applied.
    assert provider.diff("account", {**state, "rotation": 2.0},
                         declared(provider, rotation=2)).changes is False


def test_adopt_alone_changes_nothing(emulator: Emulator) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create(declared(provider, rotation=3)).outs)
    emulator.admin("DELETE", "/requests")
    updated = provider.update("account", {**state, "rotation": 3.0},
                              declared(provider, rotation=3, adopt=True))
    assert writes(emulator) == []
    assert updated.outs["http_signing_key"] == state["http_signing_key"]


def test_a_lost_answer_rotates_once(emulator: Emulator) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create(declared(provider)).outs)
    emulator.faults({"status": 502, "after_apply": True, "times": 1, "methods": ["POST"]})
    emulator.admin("DELETE", "/requests")
    updated = provider.update("account", state, declared(provider, rotation=1))
    assert writes(emulator) == ["POST /v5/accounts/http_signing_key"]
    assert updated.outs["http_signing_key"] == key_of(emulator) != state["http_signing_key"]


def test_destroy_leaves_the_key_and_says_so(emulator: Emulator,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create(declared(provider)).outs)
    emulator.admin("DELETE", "/requests")
    provider.delete("account", state)
    assert writes(emulator) == []
    assert key_of(emulator) == state["http_signing_key"]
    assert "the account keeps its key" in capsys.readouterr().err


def test_the_key_is_in_no_error_and_no_pickled_provider(emulator: Emulator) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create(declared(provider)).outs)
    old = state["http_signing_key"]
    errors: list[BaseException] = []

    def failing(faults: list[dict[str, Any]], call: Any) -> None:
        emulator.faults(*faults)
        with pytest.raises(Exception) as caught:
            call()
        errors.append(caught.value)

    # Retries of reads exhausted; a POST refused; a POST whose answers keep getting lost.
    failing([{"status": 503, "times": 50}], lambda: provider.read("account", state))
    failing([{"status": 400, "message": "rotation refused", "methods": ["POST"]}],
            lambda: provider.update("account", state, declared(provider, rotation=1)))
    failing([{"status": 502, "times": 50, "methods": ["POST"]}],
            lambda: provider.update("account", state, declared(provider, rotation=2)))
    # A rotation that lands, then a read that fails: the new key is in no error either.
    failing([{"status": 502, "after_apply": True, "times": 1, "methods": ["POST"]},
             {"status": 500, "times": 50, "methods": ["GET"]}],
            lambda: provider.update("account", state, declared(provider, rotation=3)))
    emulator.faults()
    new = key_of(emulator)
    assert new != old and len(errors) == 4
    for error in errors:
        text = "".join(traceback.format_exception(error)) + repr(error.args)
        assert old not in text and new not in text, text
    assert old.encode() not in serialize_provider(provider).encode()
    assert new.encode() not in serialize_provider(provider).encode()


def test_the_resource_registers_the_key_as_a_secret_output(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def record(self: Any, provider: Any, name: str, props: dict[str, Any],
               opts: pulumi.ResourceOptions | None = None) -> None:
        seen.update(props=props, opts=opts)

    monkeypatch.setattr(Resource, "__init__", record)
    HttpSigningKey("key", rotation=1,
                   opts=pulumi.ResourceOptions(protect=True, additional_secret_outputs=["x"]))
    assert seen["props"] == {"rotation": 1, "adopt": False, "http_signing_key": None}
    # The user's options stay; the key joins their secret outputs.
    assert seen["opts"].protect is True
    assert seen["opts"].additional_secret_outputs == ["x", "http_signing_key"]
