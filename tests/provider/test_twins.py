"""Two stacks, one object: a create that finds, right after its write, a second object of its
adopt key made at the same moment reports both ids and undoes its own, so nothing is doubled
or orphaned. The race is staged: the other stack's create lands between our look-up and our
write, every time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mailgun_infra.resources.dedicated_ip_pool import DedicatedIpPoolProvider
from mailgun_infra.resources.subaccount import SubaccountProvider
from tests.conftest import Emulator


def racing(send: Callable[..., Any], other: Callable[[], Any]) -> Callable[..., Any]:
    """``send``, with the other stack's create landing just before it."""

    def raced(*args: Any, **kwargs: Any) -> Any:
        other()
        return send(*args, **kwargs)

    return raced


def test_two_dipps_of_one_name_leave_one_and_an_error_naming_both(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    client = provider.client
    others: list[str] = []
    client.create_ip_pool = racing(  # type: ignore[method-assign]
        client.create_ip_pool,
        lambda: others.append(emulator.client().create_ip_pool("twin", "theirs", [])))

    with pytest.raises(RuntimeError) as raised:
        provider.create({"__provider": "blob", "name": "twin", "description": "ours",
                         "ips": ["192.0.2.10"]})

    [theirs] = others
    assert f"the other is {theirs}" in str(raised.value)
    assert "was deleted again" in str(raised.value)
    pools = [p for p in emulator.state()["ip_pools"] if p["name"] == "twin"]
    assert [(p["pool_id"], p["description"]) for p in pools] == [(theirs, "theirs")]
    # Ours released its IP on the way out.
    assert all("192.0.2.10" not in p["ips"] for p in emulator.state()["ip_pools"])


def test_two_subaccounts_of_one_name_leave_one_and_an_error_naming_both(
        emulator: Emulator) -> None:
    provider = emulator.provider(SubaccountProvider)
    client = provider.client
    others: list[str] = []
    client.create_subaccount = racing(  # type: ignore[method-assign]
        client.create_subaccount,
        lambda: others.append(str(emulator.client().create_subaccount("Twin")["id"])))

    with pytest.raises(RuntimeError) as raised:
        provider.create({"__provider": "blob", "name": "Twin"})

    [theirs] = others
    assert f"the other is {theirs}" in str(raised.value)
    open_twins = [s["id"] for s in emulator.state()["subaccounts"]
                  if s["name"] == "Twin" and s.get("status") != "closed"]
    assert open_twins == [theirs]


def test_a_create_with_no_twin_passes(emulator: Emulator) -> None:
    provider = emulator.provider(DedicatedIpPoolProvider)
    created = provider.create({"__provider": "blob", "name": "alone", "description": "d",
                               "ips": []})
    assert [p["pool_id"] for p in emulator.state()["ip_pools"]
            if p["name"] == "alone"] == [created.id]
