"""The account's facts at preview, through the real CLI and the policy pack: what Mailgun
says now (warmups and pools made outside the stack) stops a change at preview with no write;
an account that cannot be read is said, never passed; facts never show as changes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from mailgun_infra.facts import ACCOUNT_FACTS, DEDICATED_IP_POOL
from tests.conftest import Emulator
from tests.e2e.test_ci_command import ci
from tests.e2e.workspace import ROOT, Result, Workspace

pytestmark = pytest.mark.e2e

POLICIES = str(ROOT / "policies")
# On warmup in the emulator's seed, started outside any stack.
WARMING_IP = "192.0.2.20"


@pytest.fixture(params=["admin key", "read-only key"])
def key(request: pytest.FixtureRequest, emulator: Emulator) -> str:
    """Which key the stack previews with: the account's admin key as mailgun:apiKey, or a
    basic (read-only) key, made through Mailgun's keys API, as mailgun:readApiKey alone."""
    return str(request.param)


def workspace(tmp_path: Path, emulator: Emulator, key: str) -> Workspace:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    if key == "read-only key":
        ws.read_only(emulator.new_key("basic"))
    return ws


def writes(emulator: Emulator) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in emulator.requests_log()
            if r["method"] not in ("GET", "HEAD")]


def preview(ws: Workspace) -> Result:
    return ws.run("preview", "--policy-pack", POLICIES)


def outside_dipp(emulator: Emulator, name: str, ips: list[str]) -> str:
    """A DIPP made in the account by someone else (not this stack)."""
    return emulator.client().create_ip_pool(name, "made by hand", ips)


def test_what_the_account_says_stops_the_preview(tmp_path: Path, emulator: Emulator,
                                                key: str) -> None:
    """One stack, each account-fact rule broken by what was done outside it: a warmup the
    seed started, a DIPP made by hand that holds an IP, a warming DIPP made by hand that a
    spillover names. Each is caught at preview, with no write."""
    theirs = outside_dipp(emulator, "theirs", ["192.0.2.10"])
    warming = outside_dipp(emulator, "warming", ["192.0.2.21"])
    ws = workspace(tmp_path, emulator, key)
    ws.set_spec({
        "dedicated_ip_pools": {
            "warm": {"name": "warm", "description": "d", "ips": [WARMING_IP]},
            "ours": {"name": "ours", "description": "d", "ips": ["192.0.2.10", "192.0.2.11"]},
        },
        "dynamic_pool_memberships": {"new": {"pool": "dynamic_new", "ips": [WARMING_IP]}},
        "dipp_spillovers": {"account": {"pool_id": warming}},
    })
    emulator.admin("DELETE", "/requests")
    result = preview(ws)
    assert result.code != 0
    expected = [
        f"DIPP 'warm' has only warming IPs ({WARMING_IP}; on warmup in the account: "
        f"{WARMING_IP})",
        f"dynamic pool dynamic_new has only warming IPs ({WARMING_IP}; on warmup in the "
        f"account: {WARMING_IP})",
        f"IP 192.0.2.10 of DIPP 'ours' is in DIPP 'theirs' ({theirs}) of the account, which "
        "this stack does not manage",
        f"to DIPP 'warming' ({warming}) of the account, which has only warming IPs "
        "(192.0.2.21)",
    ]
    output = " ".join(result.output.split())
    assert [m for m in expected if m not in output] == [], result.output
    assert writes(emulator) == []


def test_a_preview_reads_each_listing_once_whatever_the_stacks_size(
        tmp_path: Path, emulator: Emulator) -> None:
    """The resources of a preview share the account's listings: 150 pools and 150
    spillovers, checked side by side, still make one call per listing."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    spec = {"dedicated_ip_pools": {f"p{n}": {"name": f"p{n}", "description": "d", "ips": []}
                                   for n in range(150)},
            "dipp_spillovers": {f"d{n}": {"domain": f"d{n}.example.com",
                                          "pool_id": f"pool-{n}"}
                                for n in range(150)}}
    ws.set_spec(spec)
    emulator.admin("DELETE", "/requests")
    ws.run("preview", check=True)
    assert Counter((r["method"], r["path"]) for r in emulator.requests_log()) == {
        ("GET", "/v3/ips"): 1, ("GET", "/v3/ip_pools"): 1, ("GET", "/v3/dynamic_pools"): 1}


def test_the_stacks_own_dipps_are_not_others_and_facts_show_no_change(
        tmp_path: Path, emulator: Emulator) -> None:
    """A DIPP of the stack changed in place (renamed, an IP moved to another DIPP of the
    stack) is not "another DIPP" of its own IPs, and the engine shows only the properties
    that change; after `up`, facts make no refresh or preview report a change, and the
    state keeps none of them as an output."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    pools = {"a": {"name": "a", "description": "d", "ips": ["192.0.2.10", "192.0.2.11"]},
             "b": {"name": "b", "description": "d", "ips": ["192.0.2.12"]}}
    ws.set_spec({"dedicated_ip_pools": pools})
    ws.run("up", "--yes", "--policy-pack", POLICIES, check=True)
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    ws.run("preview", "--expect-no-changes", "--policy-pack", POLICIES, check=True)

    moved = {"a": {"name": "a-renamed", "description": "d", "ips": ["192.0.2.10"]},
             "b": {"name": "b", "description": "d", "ips": ["192.0.2.11", "192.0.2.12"]}}
    ws.set_spec({"dedicated_ip_pools": moved})
    result = preview(ws)
    assert result.code == 0, result.output
    assert "DedicatedIpPool a update [diff: ~ips,name]" in result.output, result.output
    assert "DedicatedIpPool b update [diff: ~ips]" in result.output, result.output
    assert ACCOUNT_FACTS not in result.output

    # Applied without the move: the two updates of one `up` run side by side, and which
    # of them Mailgun sees first is not ours to choose.
    renamed = {"a": moved["a"], "b": {**pools["b"], "ips": ["192.0.2.12", "192.0.2.13"]}}
    ws.set_spec({"dedicated_ip_pools": renamed})
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
    assert ("could not read the account: no Mailgun API key (mailgun:apiKey or "
            "mailgun:readApiKey), for DedicatedIpPool 'tx'") in unverified["ip-in-one-dipp"]
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
