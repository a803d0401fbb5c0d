"""`pulumi up` killed mid-run, then the README's recovery: no duplicate, no orphan."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace

pytestmark = pytest.mark.e2e


def recover(ws: Workspace, backend: Path) -> None:
    """The recovery README.md documents, step by step."""
    # 1. Release the lock the killed run left. A kill in the middle of writing the
    #    checkpoint leaves it empty: the file backend keeps the previous one beside it.
    cancelled = ws.run("cancel", "--yes")
    if "failed to load checkpoint" in cancelled.output:
        checkpoint = backend / ".pulumi" / "stacks" / "mailgun-infra" / f"{ws.stack}.json"
        shutil.copy(checkpoint.with_suffix(".json.bak"), checkpoint)
        cancelled = ws.run("cancel", "--yes")
    assert cancelled.code == 0, cancelled.output
    # 2. Drop the creates the state never finished recording, and re-read the rest.
    ws.run("refresh", "--yes", "--clear-pending-creates", check=True)
    # 3. Run again, taking over what Mailgun created for the killed run.
    ws.env["MAILGUN_ADOPT_EXISTING"] = "1"
    try:
        ws.up()
    finally:
        del ws.env["MAILGUN_ADOPT_EXISTING"]


def test_recovery_after_sigkill_converges(tmp_path: Path, emulator: Emulator) -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    seed = emulator.state()
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(config["mailgun-infra:spec"])

    # Slow answers, so that the kill lands with creates in flight.
    emulator.faults({"delay": 0.3, "times": 10_000})
    run = subprocess.Popen(
        [ws.pulumi, "up", "--yes", "--non-interactive", "--stack", ws.stack],
        cwd=ws.dir, env=ws.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        writes = [r for r in emulator.requests_log() if r["method"] != "GET"]
        if len(writes) >= 5:
            break
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the CLI, its language host and providers
    run.wait(timeout=30)
    emulator.admin("DELETE", "/faults")
    assert len([r for r in emulator.requests_log() if r["method"] != "GET"]) >= 5

    recover(ws, tmp_path / "backend")
    ws.run("preview", "--expect-no-changes", check=True)

    state = emulator.state()
    names = Counter(p["name"] for p in state["ip_pools"])
    assert names == Counter({"transactional": 1, "marketing": 1})
    assert [s["name"] for s in state["subaccounts"]] == ["Acme Corp"]
    assert len(state["account_webhooks"]) == 1

    ws.run("destroy", "--yes", check=True)
    assert emulator.state() == seed, "an object outlived destroy: orphaned by the kill"
