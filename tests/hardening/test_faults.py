"""A flaky Mailgun: the full demo stack goes up, refreshes, previews, takes everyday changes
and is destroyed through faults on every method, with nothing failed, lost or doubled, and
the state equal to the emulator after each step.

The emulator draws each request's fault from the seed and the request itself, not from the
order of arrival (see ``emulator/faults``), so a seed that fails fails again. ``./dev test``
runs a few seeds; ``MAILGUN_FAULT_SEEDS=1-20 ./dev test tests/hardening/test_faults.py``
runs as many as asked.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailgun_infra.facts import ACCOUNT_WEBHOOK
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace, left_by_destroy

pytestmark = pytest.mark.e2e

WRITES = ["POST", "PATCH", "PUT", "DELETE"]
# About a third of API requests meet a fault: rate limits with each of Mailgun's three
# hints, server errors before any change, answers lost after the change was applied, slow
# answers.
FAULTS: list[dict[str, Any]] = [
    {"status": 429, "retry_after": 0, "probability": 0.05, "times": 10_000},
    {"status": 429, "ratelimit_reset": 0, "probability": 0.04, "times": 10_000},
    {"status": 429, "retry_seconds": 0, "probability": 0.04, "times": 10_000},
    {"status": 503, "probability": 0.08, "times": 10_000},
    {"status": 500, "probability": 0.04, "times": 10_000, "methods": ["GET"]},
    {"status": 502, "after_apply": True, "probability": 0.12, "times": 10_000,
     "methods": WRITES},
    {"delay": 0.02, "probability": 0.05, "times": 10_000},
]
# Mailgun answers 404 for a short while after some writes: a JSON 404 on a tenth of reads.
NOT_FOUNDS: list[dict[str, Any]] = [
    # One for sure, whatever the seed: the first read of the DIPPs.
    {"status": 404, "message": "Not found", "times": 1, "methods": ["GET"],
     "path_prefix": "/v3/ip_pools"},
    {"status": 404, "message": "Not found", "probability": 0.1, "times": 10_000,
     "methods": ["GET"]},
]


def seeds(default: str) -> list[int]:
    """``MAILGUN_FAULT_SEEDS``: ``1-20`` or ``3,7``; ``default`` otherwise."""
    chosen: list[int] = []
    for part in os.environ.get("MAILGUN_FAULT_SEEDS", default).split(","):
        first, _, last = part.partition("-")
        chosen += range(int(first), int(last or first) + 1)
    return chosen


def demo_spec() -> dict[str, Any]:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    spec: dict[str, Any] = config["mailgun-infra:spec"]
    return spec


def assert_state_matches_mailgun(ws: Workspace, emulator: Emulator) -> None:
    """With the faults off: a refresh finds nothing to change, and nothing is doubled."""
    emulator.admin("DELETE", "/faults")
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    state = emulator.state()
    doubled = {kind: [n for n, count in Counter(names).items() if count > 1]
               for kind, names in (("ip_pools", [p["name"] for p in state["ip_pools"]]),
                                   ("subaccounts", [s["name"] for s in state["subaccounts"]]),
                                   ("account_webhooks",
                                    [w["url"] for w in state["account_webhooks"]]))}
    assert not any(doubled.values()), doubled
    assert sorted(p["name"] for p in state["ip_pools"]) == ["marketing", "transactional"]
    assert [s["name"] for s in state["subaccounts"]] == ["Acme Corp"]


def faults_on(emulator: Emulator, rules: list[dict[str, Any]], seed: int) -> None:
    emulator.admin("POST", "/faults", json={"rules": rules, "seed": seed})


@pytest.mark.parametrize("seed", seeds("11,12"))
def test_the_demo_stack_lives_and_dies_through_faults(tmp_path: Path, emulator: Emulator,
                                                      seed: int) -> None:
    spec = demo_spec()
    before = emulator.state()
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(spec)

    faults_on(emulator, FAULTS, seed)
    ws.up()
    fired = emulator.admin("GET", "/faults")["fired"]
    total = len(emulator.requests_log())
    assert fired >= total * 0.15, (fired, total)
    assert_state_matches_mailgun(ws, emulator)

    faults_on(emulator, FAULTS, seed + 1000)
    ws.run("refresh", "--yes", check=True)
    assert_state_matches_mailgun(ws, emulator)

    faults_on(emulator, FAULTS, seed + 2000)
    ws.run("preview", "--expect-no-changes", check=True)

    # Everyday changes, in place, through the faults too.
    spec["dedicated_ip_pools"]["transactional"]["ips"] = ["192.0.2.10"]
    spec["dedicated_ip_pools"]["marketing"]["description"] = "Newsletters"
    spec["subaccounts"]["acme"]["enabled"] = False
    ws.set_spec(spec)
    faults_on(emulator, FAULTS, seed + 3000)
    ws.up()
    assert_state_matches_mailgun(ws, emulator)
    ws.run("preview", "--expect-no-changes", check=True)

    faults_on(emulator, FAULTS, seed + 4000)
    ws.run("destroy", "--yes", check=True)
    emulator.admin("DELETE", "/faults")
    assert ws.export()["deployment"].get("resources") in (None, [])
    assert emulator.state() == left_by_destroy(before, spec)


@pytest.mark.parametrize("seed", seeds("21"))
def test_a_refresh_through_not_founds_drops_nothing(tmp_path: Path, emulator: Emulator,
                                                     seed: int) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(demo_spec())
    ws.up()
    kept = {r["urn"] for r in ws.export()["deployment"]["resources"]}

    faults_on(emulator, NOT_FOUNDS, seed)
    ws.run("refresh", "--yes", check=True)
    assert emulator.admin("GET", "/faults")["fired"] > 0
    emulator.admin("DELETE", "/faults")
    assert {r["urn"] for r in ws.export()["deployment"]["resources"]} == kept
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)


def test_an_object_deleted_by_hand_leaves_the_state_on_the_first_refresh(
        tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"account_webhooks": {"audit": {
        "url": "https://hooks.example.com/audit", "event_types": ["delivered"]}}})
    ws.up()
    [hook_id] = ws.ids(ACCOUNT_WEBHOOK).values()
    emulator.client().request("DELETE", f"/v1/webhooks/{hook_id}")

    ws.run("refresh", "--yes", check=True)
    assert not ws.ids(ACCOUNT_WEBHOOK)
