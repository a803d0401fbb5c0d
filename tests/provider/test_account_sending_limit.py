"""The account's monthly sending limit (AccountSendingLimit), in process against the
emulator: Mailgun's floor refused at preview, adoption, a limit gone out of band, one
entry per stack, and discover."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra import discover
from mailgun_infra.discover import AccountReader
from mailgun_infra.resources import AccountSendingLimitProvider
from mailgun_infra.resources._base import MailgunProvider
from mailgun_infra.spec import SpecError, parse_spec
from tests.conftest import Emulator


def check(provider: MailgunProvider[Any], **inputs: Any) -> Any:
    return provider.check({}, {"__provider": "blob", **inputs})


def checked(provider: MailgunProvider[Any], **inputs: Any) -> dict[str, Any]:
    result = check(provider, **inputs)
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


@pytest.mark.parametrize(("limit", "reason"), [
    (999, "must be at least 1,000"),
    (0, "must be at least 1,000"),
    (-1, "must be 0 or more"),
    (1500.5, "must be a whole number"),
    (10**13, "must be at most"),
])
def test_preview_refuses_a_limit_mailgun_would(emulator: Emulator, limit: Any,
                                               reason: str) -> None:
    provider = emulator.provider(AccountSendingLimitProvider)
    [failure] = check(provider, limit=limit).failures
    assert failure.property == "limit" and reason in failure.reason


def test_create_update_read_delete(emulator: Emulator) -> None:
    provider = emulator.provider(AccountSendingLimitProvider)
    created = provider.create(checked(provider, limit=1000))
    assert created.id == "account"
    assert dict(created.outs) == {"limit": 1000, "adopt": False, "current": 0, "period": "1m"}
    state = dict(created.outs)
    updated = provider.update("account", state, checked(provider, limit=20000))
    assert updated.outs is not None and updated.outs["limit"] == 20000
    assert emulator.state()["monthly_limit"] == 20000
    emulator.client().set_account_monthly_limit(30000)
    read = provider.read("account", {**state, "limit": 20000})
    assert read.inputs is not None and read.inputs["limit"] == 30000
    provider.delete("account", state)
    assert emulator.state()["monthly_limit"] is None
    # A limit already gone counts as deleted, and reads as gone.
    provider.delete("account", state)
    assert provider.read("account", state).id == ""


def test_a_limit_set_already_is_taken_over_only_with_adopt(emulator: Emulator) -> None:
    emulator.client().set_account_monthly_limit(5000)
    provider = emulator.provider(AccountSendingLimitProvider)
    with pytest.raises(RuntimeError, match=r"a monthly sending limit of the account already "
                                           r"exists \(limit 5000\): set adopt=True"):
        provider.create(checked(provider, limit=8000))
    assert emulator.state()["monthly_limit"] == 5000
    emulator.admin("DELETE", "/requests")
    adopted = provider.create(checked(provider, limit=5000, adopt=True))
    assert adopted.outs["limit"] == 5000 and writes(emulator) == []
    provider.create(checked(provider, limit=8000, adopt=True))
    assert emulator.state()["monthly_limit"] == 8000


def test_a_stack_declares_it_once() -> None:
    with pytest.raises(SpecError, match="a, b all declare the account's one monthly sending "
                                        "limit; declare it once"):
        parse_spec({"account_sending_limits": {"a": {"limit": 1000}, "b": {"limit": 2000}}})


def test_discover_writes_the_limit_to_adopt(emulator: Emulator) -> None:
    reader = AccountReader(emulator.api_key, api_url=emulator.url)
    assert discover.discover(reader, only=["account_sending_limits"]).spec() == {}
    emulator.client().set_account_monthly_limit(50000)
    assert discover.discover(reader, only=["account_sending_limits"]).spec() == {
        "account_sending_limits": {"account": {"limit": 50000, "adopt": True,
                                               "protect": True}}}
