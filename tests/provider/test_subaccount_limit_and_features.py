"""A subaccount's monthly sending limit (its own resource) and features (Subaccount's
input), in process against the emulator: adoption, a subaccount gone, and features left
unmanaged."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.client import BadRequest
from mailgun_infra.resources import SubaccountProvider, SubaccountSendingLimitProvider
from mailgun_infra.resources._base import MailgunProvider
from tests.conftest import Emulator


def checked(provider: MailgunProvider[Any], **inputs: Any) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def test_a_limit_set_already_is_taken_over_only_with_adopt(emulator: Emulator) -> None:
    client = emulator.client()
    sub = str(client.create_subaccount("Acme")["id"])
    client.set_subaccount_monthly_limit(sub, 500)
    provider = emulator.provider(SubaccountSendingLimitProvider)
    with pytest.raises(RuntimeError, match=rf"a monthly sending limit of subaccount {sub} "
                                           r"already exists \(limit 500\): set adopt=True"):
        provider.create(checked(provider, subaccount_id=sub, limit=1000))
    assert client.get_subaccount_monthly_limit(sub)["limit"] == 500
    created = provider.create(checked(provider, subaccount_id=sub, limit=1000, adopt=True))
    assert created.id == sub
    assert dict(created.outs) == {"subaccount_id": sub, "limit": 1000, "adopt": True,
                                  "current": 0, "period": "1m"}
    # Adopting a limit that matches writes nothing.
    emulator.admin("DELETE", "/requests")
    provider.create(checked(provider, subaccount_id=sub, limit=1000, adopt=True))
    assert writes(emulator) == []


def test_a_limit_goes_with_its_subaccount(emulator: Emulator) -> None:
    client = emulator.client()
    sub = str(client.create_subaccount("Acme")["id"])
    provider = emulator.provider(SubaccountSendingLimitProvider)
    state = dict(provider.create(checked(provider, subaccount_id=sub, limit=0)).outs)
    assert state["limit"] == 0
    client.delete_subaccount(sub)
    # Mailgun answers 400 "Not a subaccount" there: the subaccount's absence decides.
    assert provider.read(sub, state).id == ""
    provider.delete(sub, state)


def test_a_400_for_a_live_subaccount_is_an_error(emulator: Emulator) -> None:
    sub = str(emulator.client().create_subaccount("Acme")["id"])
    provider = emulator.provider(SubaccountSendingLimitProvider)
    state = dict(provider.create(checked(provider, subaccount_id=sub, limit=5)).outs)
    emulator.faults({"status": 400, "message": "Not a subaccount", "times": 5,
                     "path_prefix": f"/v5/accounts/subaccounts/{sub}/limit"})
    with pytest.raises(BadRequest, match=r"400 Bad Request on GET \S+: Not a subaccount"):
        provider.read(sub, state)


def test_features_left_out_are_not_managed(emulator: Emulator) -> None:
    provider = emulator.provider(SubaccountProvider)
    emulator.admin("DELETE", "/requests")
    created = provider.create(checked(provider, name="Acme"))
    assert created.outs["features"] is None
    assert not any(w.endswith("/features") for w in writes(emulator))
    # Features set elsewhere show neither as drift nor as a change to make.
    emulator.client().update_subaccount_features(str(created.id), {"sending": False})
    read = provider.read(str(created.id), dict(created.outs))
    assert read.inputs is not None and read.inputs["features"] is None
    assert provider.diff(str(created.id), read.outs, checked(provider, name="Acme")).changes \
        is False


def test_adopting_a_subaccount_sets_only_the_features_that_differ(emulator: Emulator) -> None:
    client = emulator.client()
    sub = str(client.create_subaccount("Acme")["id"])
    client.update_subaccount_features(sub, {"sending": True, "validations": True})
    provider = emulator.provider(SubaccountProvider)
    emulator.admin("DELETE", "/requests")
    created = provider.create(checked(provider, name="Acme", adopt=True,
                                      features={"sending": True, "validations_bulk": True}))
    assert created.id == sub
    assert writes(emulator) == [f"PUT /v5/accounts/subaccounts/{sub}/features"]
    assert client.get_subaccount(sub)["features"] == {
        "sending": {"enabled": True}, "validations": {"enabled": True},
        "validations_bulk": {"enabled": True}}
