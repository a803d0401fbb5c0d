"""`mailgun-infra ci drift` through the real CLI: one stack is deployed, then changed by
hand through Mailgun's API; the review names each object and property, the command
writes nothing to Mailgun or to the state, and an untouched stack has no drift."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

HOOK_URL = "https://ci:hook-password@hooks.example.com/delivered"
SPEC = {
    "dedicated_ip_pools": {"tx": {"name": "tx", "description": "receipts",
                                  "ips": ["192.0.2.10", "192.0.2.11"]}},
    "webhooks": {"delivered": {"domain": "mail.example.com", "event": "delivered",
                               "urls": ["${secret.hook}"]}},
    "ip_warmups": {"fresh": {"ip": "192.0.2.13"}},
}


def drift(ws: Workspace, tmp: Path, env: dict[str, str] | None = None,
          ) -> tuple[int, str, dict[str, Any]]:
    summary, review = tmp / "drift.md", tmp / "drift.json"
    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.cli", "ci", "drift", "--stack", ws.stack,
         "--cwd", str(ws.dir), "--summary", str(summary), "--json", str(review)],
        env=env or ws.env, capture_output=True, text=True, timeout=300, check=False)
    assert summary.read_text() in done.stdout, done.stdout + done.stderr
    return done.returncode, summary.read_text(), json.loads(review.read_text())


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log()
            if r["method"] != "GET"]


def test_changes_made_by_hand_are_drift_and_nothing_is_written(
        tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.run("config", "set", "--secret", "mailgun-infra:hook", HOOK_URL, check=True)
    ws.set_spec(SPEC)
    ws.up()
    emulator.backend.apply_pending_writes()

    emulator.admin("DELETE", "/requests")
    code, summary, review = drift(ws, tmp_path)
    assert code == 0, summary
    assert review["drifted"] == [] and review["read"] == 3, review
    assert "No drift" in summary

    # Someone changes the account in the control panel (here: through the API).
    client = emulator.client()
    pool_id = emulator.pools_by_name()["tx"]["pool_id"]
    client.update_ip_pool(pool_id, description="moved by support", add_ips=["192.0.2.12"],
                          remove_ips=["192.0.2.11"])
    client.delete_domain_webhook("mail.example.com", "delivered")
    client.cancel_ip_warmup("192.0.2.13")
    emulator.backend.apply_pending_writes()
    state = ws.run("stack", "export", check=True).output
    emulator.admin("DELETE", "/requests")

    github = tmp_path / "step-summary.md"
    code, summary, review = drift(ws, tmp_path, {**ws.env, "GITHUB_STEP_SUMMARY": str(github)})
    assert code == 4, summary
    assert writes(emulator) == [], "drift wrote to Mailgun"
    assert ws.run("stack", "export", check=True).output == state, "drift changed the state"
    found = {(d["type"].rsplit(":", 1)[-1],
              d["urn"].rsplit("::", 1)[-1], d["op"]): d for d in review["drifted"]}
    assert set(found) == {("DedicatedIpPool", "tx", "update"),
                          ("Webhook", "delivered", "delete"),
                          ("IpWarmup", "fresh", "delete")}, found
    pool = found[("DedicatedIpPool", "tx", "update")]
    assert pool["properties"] == [
        {"name": "description", "state": '"receipts"', "mailgun": '"moved by support"'},
        {"name": "ips", "state": '["192.0.2.10", "192.0.2.11"]',
         "mailgun": '["192.0.2.10", "192.0.2.12"]'}]
    assert '| `DedicatedIpPool` `tx` | description | "receipts" | "moved by support" |' \
        in summary
    assert "- `Webhook` `delivered`" in summary and "- `IpWarmup` `fresh`" in summary
    assert "run `up`" in summary and "take it into the code" in summary
    assert github.read_text() == summary
    assert "hook-password" not in summary + json.dumps(review)


def test_a_missing_passphrase_is_an_error(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    env = {k: v for k, v in ws.env.items() if not k.startswith("PULUMI_CONFIG_PASSPHRASE")}
    code, summary, review = drift(ws, tmp_path, env)
    assert code == 1, summary
    assert review["error"] and "PULUMI_CONFIG_PASSPHRASE" in review["error"]
    assert "No drift" not in summary
