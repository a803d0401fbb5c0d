"""The input bounds are for inputs: what Mailgun holds past them (a longer name, a line
break in a description) still reads on refresh, and a state written before a bound still
updates. A read that re-validated live values through the inputs models would fail here."""

from __future__ import annotations

from mailgun_infra.resources import (
    DedicatedIpPoolProvider,
    HttpSigningKeyProvider,
    SubaccountProvider,
)
from tests.conftest import Emulator

LONG_NAME = "n" * 300
ODD_DESCRIPTION = "line one\nline two\x00" + "d" * 2000


def test_a_dipp_named_past_the_bound_refreshes_and_refreshes_again(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    pool_id = emulator.client().create_ip_pool(LONG_NAME, ODD_DESCRIPTION, ["192.0.2.10"])
    # The state of a DIPP renamed in Mailgun since: the first refresh meets the new name.
    state = {"name": "short", "description": "d", "ips": ["192.0.2.10"], "adopt": False,
             "replacement_ip": None, "replacement_pool_id": None}
    for _ in range(2):  # the second refresh starts from what the first one stored
        read = provider.read(pool_id, state)
        assert read.id == pool_id
        assert read.inputs is not None
        assert (read.inputs["name"], read.inputs["description"]) == (LONG_NAME, ODD_DESCRIPTION)
        state = dict(read.outs)
    # The inputs Mailgun holds are past the bounds: only a declaration of them is refused.
    failures = provider.check({}, {k: state[k] for k in ("name", "description", "ips")}).failures
    assert {f.property for f in failures} == {"name", "description"}


def test_a_subaccount_named_past_the_bound_refreshes(emulator: Emulator) -> None:
    provider = emulator.provider(SubaccountProvider)
    created = emulator.client().create_subaccount(LONG_NAME)
    state = {"name": "short", "enabled": True, "features": None, "adopt": False}
    for _ in range(2):
        read = provider.read(str(created["id"]), state)
        assert read.id == str(created["id"])
        assert read.inputs is not None and read.inputs["name"] == LONG_NAME
        state = dict(read.outs)


def test_a_rotation_stored_before_the_bound_still_rotates(emulator: Emulator) -> None:
    provider = emulator.provider(HttpSigningKeyProvider)
    state = dict(provider.create({"rotation": None, "adopt": False}).outs)
    old = {**state, "rotation": "r" * 300 + "\n"}
    news = dict(provider.check(old, {"rotation": "2026-07"}).inputs)
    updated = provider.update("account", old, news)
    assert updated.outs["http_signing_key"] != state["http_signing_key"]
    # A number the engine hands back as a float is the whole number applied.
    again = provider.update("account", {**updated.outs, "rotation": 3.0},
                            dict(provider.check({}, {"rotation": 3}).inputs))
    assert again.outs["http_signing_key"] == updated.outs["http_signing_key"]
