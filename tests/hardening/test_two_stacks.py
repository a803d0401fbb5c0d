"""Two stacks, one object: adopting what another stack of the backend manages is refused
unless forced, so that two stacks never revert each other and one's destroy never deletes
what the other still declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.client import base_url_for
from mailgun_infra.facts import DEDICATED_IP_POOL
from mailgun_infra.resources._owners import StackObjects
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace


def deployment(api_url: str | None, *resources: tuple[str, str]) -> dict[str, Any]:
    provider: dict[str, Any] = {"type": "pulumi:providers:pulumi-python", "id": "x",
                                "inputs": {"mailgun:apiUrl": api_url} if api_url else {}}
    return {"resources": [provider, *({"type": t, "id": i} for t, i in resources)]}


def test_a_stack_manages_what_its_state_holds_on_its_own_account() -> None:
    objects = StackObjects()
    objects.add_stack("prod", deployment(None, (DEDICATED_IP_POOL, "p1")))
    objects.add_stack("dev", deployment("http://127.0.0.1:8025/", (DEDICATED_IP_POOL, "p1")))
    us = base_url_for()
    assert objects.managed[(DEDICATED_IP_POOL, "p1", us)] == ["prod"]
    assert objects.managed[(DEDICATED_IP_POOL, "p1", "http://127.0.0.1:8025")] == ["dev"]
    assert (DEDICATED_IP_POOL, "p2", us) not in objects.managed


@pytest.mark.e2e
def test_adopting_what_another_stack_manages_is_refused_unless_forced(
        tmp_path: Path, emulator: Emulator) -> None:
    pool = {"name": "shared", "description": "one stack's", "ips": ["192.0.2.10"]}
    first = Workspace(tmp_path, emulator.url, emulator.api_key, stack="first")
    first.set_spec({"dedicated_ip_pools": {"p": pool}})
    first.up()
    [pool_id] = first.ids(DEDICATED_IP_POOL).values()

    second = first.another_stack("second")
    second.set_spec({"dedicated_ip_pools": {"p": {**pool, "adopt": True}}})
    refused = second.run("up", "--yes")
    assert refused.code != 0
    assert f"({pool_id}) is managed by stack first" in refused.output, refused.output
    assert "mailgun:adoptManagedElsewhere" in refused.output
    assert not second.ids(DEDICATED_IP_POOL)

    second.env["MAILGUN_ADOPT_MANAGED_ELSEWHERE"] = "1"
    second.up()
    assert second.ids(DEDICATED_IP_POOL) == {"p": pool_id}
