"""`mailgun-infra ci preview|up` through the real CLI and the policy pack: the review, the
exit codes and the preview gate of `up`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import PREFIX
from mailgun_policies import POLICIES
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace

pytestmark = pytest.mark.e2e

POOLS = {"tx": {"name": "tx", "description": "receipts", "ips": ["192.0.2.10"]}}
# Only warming IPs: the policy pack's mandatory rule stops it.
WARMING = {"warm": {"name": "warm", "description": "new", "ips": ["192.0.2.20"]}}


def ci(ws: Workspace, tmp: Path, *args: str, env: dict[str, str] | None = None,
       ) -> tuple[int, str, dict[str, Any]]:
    summary, review = tmp / "summary.md", tmp / "review.json"
    summary.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.ci", *args, "--stack", ws.stack,
         "--cwd", str(ws.dir), "--policy-pack", str(ROOT / "policies"),
         "--summary", str(summary), "--json", str(review)],
        env=env or ws.env, capture_output=True, text=True, timeout=300, check=False)
    assert summary.read_text() in done.stdout
    return done.returncode, summary.read_text(), json.loads(review.read_text())


def test_a_clean_preview_then_up(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": POOLS})
    code, summary, review = ci(ws, tmp_path, "preview")
    assert code == 0, summary
    assert review["counts"] == {"create": 1} and review["violations"] == []
    assert "1 to create" in summary
    assert emulator.pools_by_name() == {}

    github = tmp_path / "step-summary.md"
    code, summary, review = ci(ws, tmp_path, "up",
                               env={**ws.env, "GITHUB_STEP_SUMMARY": str(github)})
    assert code == 0, summary
    assert review["command"] == "up" and review["counts"] == {"create": 1}
    assert "tx" in emulator.pools_by_name()
    assert "`pulumi up` of stack `e2e`" in github.read_text()

    ws.set_spec({"dedicated_ip_pools": {"tx": {**POOLS["tx"], "description": "mail"}}})
    code, summary, review = ci(ws, tmp_path, "preview")
    assert code == 0, summary
    assert [(c["op"], c["properties"]) for c in review["changes"]] == [
        ("update", ["description"])]
    assert "`DedicatedIpPool` `tx`: description" in summary.replace(PREFIX, "")


def test_a_mandatory_violation_stops_up_before_any_change(tmp_path: Path,
                                                         emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": WARMING})
    # The pack's example config names the demo's warming IPs, so preview knows them.
    config = str(ROOT / "policies" / "examples" / "dev.json")
    code, summary, review = ci(ws, tmp_path, "up", "--policy-pack-config", config)
    assert code == 2, summary
    assert review["command"] == "preview"
    [violation] = [v for v in review["violations"] if v["level"] == "mandatory"]
    assert violation["policy"] == "dedicated-ip-pool-has-non-warming-ip"
    assert violation["pack"] == "mailgun-sending-safety"
    # Under each violation, its rule's severity, remediation and documentation.
    rule = next(p for p in POLICIES if p.name == violation["policy"])
    assert (violation["severity"], violation["remediation"], violation["url"]) == (
        "high", rule.remediation_steps, rule.url)
    [row] = [line for line in summary.splitlines() if line.startswith(
        f"| mandatory | high | mailgun-sending-safety | [{rule.name}]({rule.url}) | warm |")]
    assert row.endswith(f"<br>**Remediation:** {rule.remediation_steps} |"), row
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []


def test_a_replacement_is_called_out_and_can_fail_the_job(tmp_path: Path,
                                                         emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    hook = {"domain": "mail.example.com", "event": "delivered",
            "urls": ["https://hooks.example.com/d"]}
    ws.set_spec({"webhooks": {"d": hook}})
    ws.up()
    ws.set_spec({"webhooks": {"d": {**hook, "event": "opened"}}})
    code, summary, review = ci(ws, tmp_path, "preview")
    assert code == 0, summary
    assert review["changes"][0]["op"] == "replace"
    assert review["changes"][0]["properties"] == ["event"]
    assert "### Replaced or deleted" in summary and "**replace**" in summary
    code, _, _ = ci(ws, tmp_path, "preview", "--fail-on-replace")
    assert code == 3


def test_a_missing_passphrase_is_explained(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": POOLS})
    env = {k: v for k, v in ws.env.items() if k != "PULUMI_CONFIG_PASSPHRASE"}
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    code, summary, review = ci(ws, tmp_path, "preview", env=env)
    assert code == 1
    assert review["error"] and "PULUMI_CONFIG_PASSPHRASE" in review["error"]
    assert "Traceback" not in summary
    assert "No changes." not in summary, "an error must not read as a clean preview"


def test_a_missing_api_key_is_explained(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.run("config", "rm", "mailgun:apiKey", check=True)
    ws.set_spec({"dedicated_ip_pools": POOLS})
    env = {k: v for k, v in ws.env.items() if k != "MAILGUN_API_KEY"}
    # The preview could not read the account: unverified, so nothing is applied.
    code, summary, review = ci(ws, tmp_path, "up", env=env)
    assert code == 5, summary
    assert "no Mailgun API key" in review["unverified"][0]["message"]
    # Accepted, the update itself then needs the key.
    code, summary, review = ci(ws, tmp_path, "up", "--accept-unverified", env=env)
    assert code == 1, summary
    assert review["error"] == "no Mailgun API key: set the mailgun:apiKey secret or MAILGUN_API_KEY"
    assert "Traceback" not in summary
    assert emulator.pools_by_name() == {}


@pytest.mark.parametrize("variable", ["MAILGUN_READ_API_KEY", "MAILGUN_API_KEY"])
def test_an_up_with_a_read_only_key_is_explained(tmp_path: Path, emulator: Emulator,
                                                 variable: str) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.run("config", "rm", "mailgun:apiKey", check=True)
    ws.set_spec({"dedicated_ip_pools": POOLS})
    basic = emulator.client().request("POST", "/v1/keys", form={"role": "basic"})["key"]
    env = {**{k: v for k, v in ws.env.items() if k != "MAILGUN_API_KEY"},
           variable: basic["secret"]}
    code, summary, review = ci(ws, tmp_path, "up", env=env)
    assert code == 1, summary
    if variable == "MAILGUN_READ_API_KEY":
        assert review["error"].startswith("no Mailgun key that can write: this job has only "
                                          "MAILGUN_READ_API_KEY"), review["error"]
    else:
        assert review["error"].startswith("Mailgun refused a write (403): the API key's role "
                                          "cannot write"), review["error"]
    assert basic["secret"] not in summary and "Traceback" not in summary
    assert emulator.pools_by_name() == {}


def test_a_second_up_on_a_locked_stack_is_refused_clearly(tmp_path: Path,
                                                         emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": POOLS})
    # A slow Mailgun keeps the first update, and its lock, in flight.
    emulator.faults({"delay": 4, "times": 10_000})
    first = subprocess.Popen([ws.pulumi, "up", "--yes", "--non-interactive", "--stack",
                              ws.stack], cwd=ws.dir, env=ws.env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not emulator.requests_log() and time.monotonic() < deadline:
            time.sleep(0.1)
        code, summary, review = ci(ws, tmp_path, "up")
    finally:
        emulator.admin("DELETE", "/faults")
        assert first.wait(timeout=120) == 0, "the first update must finish unharmed"
    assert code == 1, summary
    assert "locked by another update" in review["error"]
    assert "pulumi cancel" in review["error"] and "created by" in review["error"]
    assert list(emulator.pools_by_name()) == ["tx"]
