"""The account's facts at preview, through the real CLI and the policy pack: what Mailgun
says now (warmups and pools made outside the stack) stops a change at preview with no write;
an account that cannot be read is said, never passed; facts never show as changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import ACCOUNT_FACTS, DEDICATED_IP_POOL
from tests.conftest import Emulator
from tests.e2e.test_ci_command import ci
from tests.e2e.workspace import ROOT, Result, Workspace

pytestmark = pytest.mark.e2e

POLICIES = str(ROOT / "policies")
# On warmup in the emulator's seed, started outside any stack.
WARMING_IP = "192.0.2.20"


def writes(emulator: Emulator) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in emulator.requests_log()
            if r["method"] not in ("GET", "HEAD")]


def preview(ws: Workspace) -> Result:
    return ws.run("preview", "--policy-pack", POLICIES)


def outside_dipp(emulator: Emulator, name: str, ips: list[str]) -> str:
    """A DIPP made in the account by someone else (not this stack)."""
    return emulator.client().create_ip_pool(name, "made by hand", ips)


CASES: dict[str, tuple[dict[str, Any], str]] = {
    "warming-only DIPP": (
        {"dedicated_ip_pools": {"warm": {"name": "warm", "description": "d",
                                         "ips": [WARMING_IP]}}},
        f"DIPP 'warm' has only warming IPs ({WARMING_IP}; on warmup in the account: "
        f"{WARMING_IP})"),
    "warming-only dynamic pool": (
        {"dynamic_pool_memberships": {"new": {"pool": "dynamic_new", "ips": [WARMING_IP]}}},
        f"dynamic pool dynamic_new has only warming IPs ({WARMING_IP}; on warmup in the "
        f"account: {WARMING_IP})"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_warmup_started_outside_the_stack_stops_the_preview(
        tmp_path: Path, emulator: Emulator, case: str) -> None:
    spec, message = CASES[case]
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(spec)
    emulator.admin("DELETE", "/requests")
    result = preview(ws)
    assert result.code != 0 and message in result.output, result.output
    assert writes(emulator) == []


def test_an_ip_held_by_a_dipp_outside_the_stack_stops_the_preview(
        tmp_path: Path, emulator: Emulator) -> None:
    pool_id = outside_dipp(emulator, "theirs", ["192.0.2.10"])
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {"ours": {"name": "ours", "description": "d",
                                                 "ips": ["192.0.2.10", "192.0.2.11"]}}})
    emulator.admin("DELETE", "/requests")
    result = preview(ws)
    assert result.code != 0
    assert (f"IP 192.0.2.10 of DIPP 'ours' is in DIPP 'theirs' ({pool_id}) of the account, "
            "which this stack does not manage") in result.output, result.output
    assert writes(emulator) == []


def test_a_spillover_to_a_warming_dipp_outside_the_stack_stops_the_preview(
        tmp_path: Path, emulator: Emulator) -> None:
    pool_id = outside_dipp(emulator, "warming", [WARMING_IP])
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dipp_spillovers": {"account": {"pool_id": pool_id}}})
    emulator.admin("DELETE", "/requests")
    result = preview(ws)
    assert result.code != 0
    assert (f"to DIPP 'warming' ({pool_id}) of the account, which has only warming IPs "
            f"({WARMING_IP})") in result.output, result.output
    assert writes(emulator) == []


def test_the_stacks_own_dipps_are_not_others_and_facts_show_no_change(
        tmp_path: Path, emulator: Emulator) -> None:
    """A DIPP of the stack changed in place (renamed, an IP moved to another DIPP of the
    stack) is not "another DIPP" of its own IPs; after `up`, facts make no refresh or
    preview report a change, and the state keeps none of them as an output."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    pools = {"a": {"name": "a", "description": "d", "ips": ["192.0.2.10", "192.0.2.11"]},
             "b": {"name": "b", "description": "d", "ips": ["192.0.2.12"]}}
    ws.set_spec({"dedicated_ip_pools": pools})
    ws.run("up", "--yes", "--policy-pack", POLICIES, check=True)
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    ws.run("preview", "--expect-no-changes", "--policy-pack", POLICIES, check=True)

    pools = {"a": {"name": "a-renamed", "description": "d", "ips": ["192.0.2.10"]},
             "b": {"name": "b", "description": "d", "ips": ["192.0.2.11", "192.0.2.12"]}}
    ws.set_spec({"dedicated_ip_pools": pools})
    result = preview(ws)
    assert result.code == 0, result.output
    assert ACCOUNT_FACTS not in result.output
    ws.run("up", "--yes", "--policy-pack", POLICIES, check=True)
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    ws.run("preview", "--expect-no-changes", "--policy-pack", POLICIES, check=True)
    for outputs in ws.resources(DEDICATED_IP_POOL).values():
        assert ACCOUNT_FACTS not in outputs


def test_without_a_key_the_review_says_what_it_could_not_check(
        tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.run("config", "rm", "mailgun:apiKey", check=True)
    ws.set_spec({"dedicated_ip_pools": {"tx": {"name": "tx", "description": "d",
                                               "ips": ["192.0.2.10"]}}})
    env = {k: v for k, v in ws.env.items() if k != "MAILGUN_API_KEY"}

    code, summary, review = ci(ws, tmp_path, "preview", env=env)
    assert code == 5, summary
    unverified = {v["policy"]: v["message"] for v in review["unverified"]}
    assert "dedicated-ip-pool-has-non-warming-ip" in unverified
    assert "ip-in-one-dipp" in unverified
    assert ("could not read the account: DIPPs (GET /v3/ip_pools): no Mailgun API key, for "
            "DedicatedIpPool 'tx'") in unverified["ip-in-one-dipp"]
    assert "### Unverified" in summary and review["violations"] == []

    accepted, summary, _ = ci(ws, tmp_path, "preview", "--accept-unverified", env=env)
    assert accepted == 0, summary
    assert "### Unverified" in summary
    assert writes(emulator) == []


def test_a_key_mailgun_refuses_is_unverified_too(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, "key-not-this-accounts")
    ws.set_spec({"dynamic_pool_memberships": {"good": {"pool": "dynamic_good",
                                                       "ips": ["192.0.2.10"]}}})
    code, summary, review = ci(ws, tmp_path, "preview")
    assert code == 5, summary
    messages = json.dumps(review["unverified"])
    assert "401" in messages and "Invalid private key" in messages
    assert "key-not-this-accounts" not in summary + messages
