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
from tests.e2e.workspace import ROOT, Workspace, left_by_destroy

pytestmark = pytest.mark.e2e


def recover(ws: Workspace, backend: Path) -> None:
    """The recovery README.md documents, step by step."""
    # 1. A kill while the file backend writes the state can leave the state file, or the
    #    small metadata file beside it, empty. An empty metadata file is dropped (the
    #    backend does without it); an empty state file is replaced by the previous state,
    #    which the backend keeps beside it.
    folder = backend / ".pulumi" / "stacks" / "mailgun-infra"
    if "failed to load checkpoint" in ws.run("stack", "export").output:
        for attrs in folder.glob(f"{ws.stack}.json*.attrs"):
            if attrs.stat().st_size == 0:
                attrs.unlink()
    if "failed to load checkpoint" in ws.run("stack", "export").output:
        shutil.copy(folder / f"{ws.stack}.json.bak", folder / f"{ws.stack}.json")
    # 2. Release the lock the killed run left.
    ws.run("cancel", "--yes", check=True)
    # 3. Drop the creates the state never finished recording, and re-read the rest.
    ws.run("refresh", "--yes", "--clear-pending-creates", check=True)
    # 4. Run again, taking over what Mailgun created for the killed run.
    ws.env["MAILGUN_ADOPT_EXISTING"] = "1"
    try:
        ws.up()
    finally:
        del ws.env["MAILGUN_ADOPT_EXISTING"]


def kill_every_process_with(variable: str) -> None:
    """SIGKILL every process whose environment holds ``variable`` (``NAME=value``), and
    wait until none of them runs (Linux's /proc)."""
    wanted = variable.encode() + b"\0"
    killed = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if wanted in (entry / "environ").read_bytes():
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(entry)
        except OSError:
            continue  # gone already, or not ours to read
    # A wait for a state, not a timing: the bound only ends a kill that never lands.
    deadline = time.monotonic() + 30
    while any(_running(entry) for entry in killed):
        assert time.monotonic() < deadline, "a killed provider is still running"
        time.sleep(0.05)


def _running(process: Path) -> bool:
    try:
        # The state follows the name in parentheses: Z is a zombie, which sends nothing.
        return (process / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def kill_mid_up(ws: Workspace, emulator: Emulator) -> None:
    """Start `pulumi up` and SIGKILL it at a chosen point: five writes applied, the sixth
    held unanswered by the emulator. One step at a time (``--parallel 1``), so the kill
    point is the same in every run."""
    emulator.admin("POST", "/faults", json={"rules": [
        {"hold": True, "after": 5, "methods": ["POST", "PATCH", "PUT", "DELETE"]}]})
    run = subprocess.Popen(
        [ws.pulumi, "up", "--yes", "--non-interactive", "--parallel", "1",
         "--stack", ws.stack],
        cwd=ws.dir, env=ws.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        # A wait for a state, not a timing: the bound only ends a run that never got there.
        deadline = time.monotonic() + 120
        while emulator.admin("GET", "/faults")["held"] == 0:
            assert run.poll() is None, "pulumi up ended before its sixth write"
            assert time.monotonic() < deadline, "pulumi up never reached its sixth write"
            time.sleep(0.05)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the CLI and its language host
        run.wait(timeout=30)
        # The CLI starts providers in process groups of their own: one left alive would
        # retry the held write once the fault is lifted, as no killed run can.
        kill_every_process_with(f"PULUMI_HOME={ws.env['PULUMI_HOME']}")
        emulator.admin("DELETE", "/faults")
    writes = [r for r in emulator.requests_log() if r["method"] != "GET"]
    applied = [w for w in writes if w["status"] < 400]
    assert len(applied) == 5, [f"{w['method']} {w['path']} {w['status']}" for w in writes]


def check_converged(ws: Workspace, emulator: Emulator, seed: dict[str, object]) -> None:
    ws.run("preview", "--expect-no-changes", check=True)
    state = emulator.state()
    names = Counter(p["name"] for p in state["ip_pools"])
    assert names == Counter({"transactional": 1, "marketing": 1})
    assert [s["name"] for s in state["subaccounts"]] == ["Acme Corp"]
    assert len(state["account_webhooks"]) == 1
    ws.run("destroy", "--yes", check=True)
    spec = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"][
        "mailgun-infra:spec"]
    assert emulator.state() == left_by_destroy(seed, spec), \
        "an object outlived destroy: orphaned by the kill"


def demo_workspace(tmp_path: Path, emulator: Emulator) -> Workspace:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(config["mailgun-infra:spec"])
    return ws


def test_recovery_after_sigkill_converges(tmp_path: Path, emulator: Emulator) -> None:
    seed = emulator.state()
    ws = demo_workspace(tmp_path, emulator)
    kill_mid_up(ws, emulator)
    recover(ws, tmp_path / "backend")
    check_converged(ws, emulator, seed)


@pytest.mark.parametrize("emptied", ["e2e.json", "e2e.json.attrs"])
def test_recovery_when_the_kill_emptied_a_state_file(tmp_path: Path, emulator: Emulator,
                                                     emptied: str) -> None:
    """A kill while the file backend writes leaves the state or its metadata file empty
    (both seen here); rare by timing, so this test empties them the way such a kill does."""
    seed = emulator.state()
    ws = demo_workspace(tmp_path, emulator)
    kill_mid_up(ws, emulator)
    (tmp_path / "backend" / ".pulumi" / "stacks" / "mailgun-infra" / emptied).write_bytes(b"")
    recover(ws, tmp_path / "backend")
    check_converged(ws, emulator, seed)
