"""`mailgun-infra audit` through the real CLI and the policy pack: an account built by hand
through Mailgun's API is judged with GETs only, clean, then with a DIPP of warming IPs
only; without a key it is an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mailgun_policies import POLICIES
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, pulumi_or_skip

pytestmark = pytest.mark.e2e

HOOK_URL = "https://ci:hook-password@hooks.example.com/delivered"
WARMING_RULE = next(p for p in POLICIES if p.name == "dedicated-ip-pool-has-non-warming-ip")


def audit(emulator: Emulator, tmp: Path, env: dict[str, str]) -> tuple[int, str, dict[str, Any]]:
    pulumi_or_skip()
    summary, review = tmp / "audit.md", tmp / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.cli", "audit", "--api-url", emulator.url,
         "--policy-pack", str(ROOT / "policies"), "--summary", str(summary),
         "--json", str(review)],
        cwd=tmp, env={**env, "MAILGUN_WAIT_SCALE": "0", "PULUMI_HOME": str(tmp / "home")},
        capture_output=True, text=True, timeout=300, check=False)
    assert summary.read_text() in done.stdout, done.stdout + done.stderr
    return done.returncode, summary.read_text(), json.loads(review.read_text())


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log()
            if r["method"] != "GET"]


def without_keys() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("MAILGUN_API_KEY", "MAILGUN_READ_API_KEY", "MAILGUN_API_URL",
                         "MAILGUN_REGION", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE")}


def test_an_account_is_judged_by_the_pack_with_reads_only(tmp_path: Path,
                                                          emulator: Emulator) -> None:
    client = emulator.client()
    client.create_ip_pool("transactional", "receipts", ["192.0.2.10", "192.0.2.20"])
    client.create_domain_webhook("mail.example.com", "delivered", [HOOK_URL])
    emulator.backend.apply_pending_writes()
    read_key = emulator.new_key("basic")
    env = {**without_keys(), "MAILGUN_READ_API_KEY": read_key}
    emulator.admin("DELETE", "/requests")

    code, summary, review = audit(emulator, tmp_path, env)
    assert code == 0, summary
    assert review["violations"] == [] and review["error"] is None, review
    # The DIPP, the seed's two warmups and the webhook, at least.
    assert review["objects"] >= 4, review
    assert writes(emulator) == [], "audit wrote to Mailgun"
    assert {r["role"] for r in emulator.requests_log()} == {"basic"}
    assert "hook-password" not in summary + json.dumps(review)
    assert read_key not in summary

    # Support puts a DIPP of warming IPs only together in the control panel.
    client.create_ip_pool("warm", "new IPs", ["192.0.2.21"])
    emulator.backend.apply_pending_writes()
    emulator.admin("DELETE", "/requests")
    code, summary, review = audit(emulator, tmp_path, env)
    assert code == 2, summary
    [finding] = [v for v in review["violations"] if v["level"] == "mandatory"]
    assert finding["policy"] == WARMING_RULE.name and "DIPP 'warm'" in finding["message"]
    assert (finding["severity"], finding["remediation"]) == (
        "high", WARMING_RULE.remediation_steps)
    assert finding["urn"].endswith("::warm")
    assert f"[{WARMING_RULE.name}]({WARMING_RULE.url}) | warm |" in summary
    assert writes(emulator) == [], "audit wrote to Mailgun"


def test_no_key_is_an_error(tmp_path: Path, emulator: Emulator) -> None:
    code, summary, review = audit(emulator, tmp_path, without_keys())
    assert code == 1, summary
    assert review["error"].startswith("no Mailgun API key"), review
    assert emulator.requests_log() == []
