"""A flaky Mailgun: the full demo stack still converges, with nothing failed or doubled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace, left_by_destroy

pytestmark = pytest.mark.e2e

# About a third of API requests meet a fault: rate limits, server errors before any change,
# answers lost after the change was applied, slow answers.
FAULTS = [
    {"status": 429, "retry_after": 0, "probability": 0.12, "times": 10_000},
    {"status": 503, "probability": 0.08, "times": 10_000},
    {"status": 500, "probability": 0.04, "times": 10_000, "methods": ["GET"]},
    {"status": 502, "after_apply": True, "probability": 0.1, "times": 10_000,
     "methods": ["POST", "PATCH", "PUT", "DELETE"]},
    {"delay": 0.05, "probability": 0.05, "times": 10_000},
]


def test_the_demo_stack_converges_through_faults(tmp_path: Path, emulator: Emulator) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    seed = emulator.state()
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(config["mailgun-infra:spec"])
    emulator.admin("POST", "/faults", json={"rules": FAULTS, "seed": 11})

    ws.up()
    ws.run("refresh", "--yes", check=True)
    ws.run("preview", "--expect-no-changes", check=True)
    fired = emulator.admin("GET", "/faults")["fired"]
    total = len(emulator.requests_log())
    assert fired >= total * 0.2, (fired, total)

    state = emulator.state()
    assert sorted(p["name"] for p in state["ip_pools"]) == ["marketing", "transactional"]
    assert [s["name"] for s in state["subaccounts"]] == ["Acme Corp"]
    assert len(state["account_webhooks"]) == 1

    ws.run("destroy", "--yes", check=True)
    emulator.admin("DELETE", "/faults")
    assert emulator.state() == left_by_destroy(seed, config["mailgun-infra:spec"])
