"""Least privilege through the real CLI: a preview never writes, whatever key it holds; a
read-only (basic) key alone previews and refreshes, and its `up` stops at the first write,
naming the key's role, with nothing half-written; a read key beside an admin key deploys.

The keys are made through the emulator's keys API (``POST /v1/keys``); its request log says
which key's role each call went with.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import DEDICATED_IP_POOL
from tests.conftest import Emulator
from tests.e2e.workspace import Result, Workspace, changes, operations

pytestmark = pytest.mark.e2e

DEPLOYED: dict[str, Any] = {"dedicated_ip_pools": {
    "kept": {"name": "kept", "description": "stays", "ips": ["192.0.2.10"]},
    "changed": {"name": "changed", "description": "before", "ips": ["192.0.2.11"]},
    "removed": {"name": "removed", "description": "goes", "ips": ["192.0.2.12"]},
}}
# One of each pending operation: a create, an in-place update and a delete.
PENDING: dict[str, Any] = {"dedicated_ip_pools": {
    "kept": DEPLOYED["dedicated_ip_pools"]["kept"],
    "changed": {"name": "changed", "description": "after", "ips": ["192.0.2.11"]},
    "added": {"name": "added", "description": "new", "ips": ["192.0.2.13"]},
}}
READS = {"GET", "HEAD"}
NO_WRITE_KEY = "no key that can write, this run has only mailgun:readApiKey"
ROLE_PROBLEM = ("the API key's role cannot write: a basic (read-only) or sending key; deploy "
                "with an admin or developer key")


class Keys:
    """Which keys the stack runs with: its config and the environment, one way at a time."""

    def __init__(self, ws: Workspace, admin: str) -> None:
        self.ws = ws
        self.admin = admin

    def set(self, *, api_key: str | None = None, read_api_key: str | None = None,
            env_api_key: str | None = None) -> None:
        for name, value in (("mailgun:apiKey", api_key), ("mailgun:readApiKey", read_api_key)):
            if value is None:
                self.ws.run("config", "rm", name)
            else:
                self.ws.run("config", "set", "--secret", name, value, check=True)
        self.ws.env.pop("MAILGUN_API_KEY", None)
        if env_api_key is not None:
            self.ws.env["MAILGUN_API_KEY"] = env_api_key


@pytest.fixture
def deployed(tmp_path: Path, emulator: Emulator) -> tuple[Workspace, Keys]:
    """A stack deployed with the admin key, with a create, an update and a delete pending.

    The key is given as the CI examples give it, in the environment: the state keeps a copy
    of the stack config, which a plain `pulumi refresh` configures the provider from, so a
    key in the config at the last `up` would still be the one a later refresh reads with.
    """
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    keys = Keys(ws, emulator.api_key)
    keys.set(env_api_key=emulator.api_key)
    ws.set_spec(DEPLOYED)
    ws.up()
    ws.set_spec(PENDING)
    return ws, keys


def calls_of(emulator: Emulator, run: Any) -> list[dict[str, Any]]:
    """The API calls ``run()`` made, from the emulator's request log."""
    emulator.admin("DELETE", "/requests")
    run()
    return emulator.requests_log()


def writes(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in calls if c["method"] not in READS]


def preview(ws: Workspace, *extra: str) -> None:
    done = ws.run("preview", "--json", *extra, check=True)
    # Each pending operation is in the preview: there was something to write.
    planned = {name: op for name, op in changes(operations(done.output)).items()
               if op != "refresh"}
    assert planned == {
        "DedicatedIpPool::added": "create", "DedicatedIpPool::changed": "update",
        "DedicatedIpPool::removed": "delete"}, done.output


@pytest.mark.parametrize("how", ["admin", "basic as readApiKey", "basic as MAILGUN_API_KEY"])
def test_a_preview_never_writes_whatever_key_it_holds(
        emulator: Emulator, deployed: tuple[Workspace, Keys], how: str) -> None:
    ws, keys = deployed
    basic = emulator.new_key("basic")
    if how == "basic as readApiKey":
        keys.set(read_api_key=basic)
    elif how == "basic as MAILGUN_API_KEY":
        keys.set(env_api_key=basic)
    before = emulator.state()
    # Refreshing first, where the key is in the environment, makes the preview read the
    # account (a plain refresh cannot see a key that only the config names: see `deployed`).
    refresh = [] if how == "basic as readApiKey" else ["--refresh"]
    calls = calls_of(emulator, lambda: preview(ws, *refresh))
    assert writes(calls) == [], calls
    assert {c["role"] for c in calls} == ({"admin"} if how == "admin" else {"basic"}) or (
        not refresh and calls == []), calls
    assert emulator.state() == before


@pytest.mark.parametrize("how", ["readApiKey", "MAILGUN_API_KEY"])
def test_a_basic_key_alone_previews_and_refreshes_and_its_up_stops_at_the_first_write(
        emulator: Emulator, deployed: tuple[Workspace, Keys], how: str) -> None:
    ws, keys = deployed
    basic = emulator.new_key("basic")
    if how == "readApiKey":
        keys.set(read_api_key=basic)
    else:
        keys.set(env_api_key=basic)
    before = emulator.state()
    # A key only in the config needs the program run for the refresh to see it (above).
    run_program = ["--run-program"] if how == "readApiKey" else []
    refreshed = calls_of(emulator, lambda: ws.run("refresh", "--yes", *run_program,
                                                  check=True))
    # The refresh read every deployed pool, with the basic key, and wrote nothing.
    assert refreshed and writes(refreshed) == [], refreshed
    assert {c["role"] for c in refreshed} == {"basic"}, refreshed
    preview(ws)
    stack_before = ws.ids(DEDICATED_IP_POOL)

    failed: list[Result] = []
    calls = calls_of(emulator, lambda: failed.append(ws.run("up", "--yes")))
    [up] = failed
    assert up.code != 0, up.output
    if how == "readApiKey":
        # Refused in the provider: not a single write reached Mailgun.
        assert NO_WRITE_KEY in up.output, up.output
        assert "set mailgun:apiKey / MAILGUN_API_KEY to an admin or developer key" in up.output
        assert writes(calls) == [], calls
    else:
        assert ROLE_PROBLEM in up.output, up.output
        assert "403 Forbidden on" in up.output, up.output
        assert writes(calls) and {c["status"] for c in writes(calls)} == {403}, calls
    assert basic not in up.output
    # Nothing half-written: the account and the stack are as before the `up`.
    assert emulator.state() == before
    assert ws.ids(DEDICATED_IP_POOL) == stack_before


def test_a_read_key_beside_an_admin_key_deploys(
        emulator: Emulator, deployed: tuple[Workspace, Keys]) -> None:
    ws, keys = deployed
    keys.set(api_key=emulator.api_key, read_api_key=emulator.new_key("basic"))
    calls = calls_of(emulator, lambda: ws.run("up", "--yes", check=True))
    # Reads went with the read key, writes with the admin key.
    assert {c["role"] for c in calls if c["method"] in READS} == {"basic"}, calls
    assert writes(calls) and {c["role"] for c in writes(calls)} == {"admin"}, calls
    pools = emulator.pools_by_name()
    assert {name: pool["description"] for name, pool in pools.items()} == {
        name: spec["description"] for name, spec in
        copy.deepcopy(PENDING)["dedicated_ip_pools"].items()}
    ws.run("preview", "--expect-no-changes", check=True)
