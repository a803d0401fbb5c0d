"""The live acceptance suite (tests/live), run here against the emulator and its fuller seed:
it never runs against Mailgun in CI, so this keeps it from drifting as the client and the
resources change."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mailgun_infra.emulator import Backend, EmulatorServer, create_app

pytestmark = pytest.mark.conformance

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "live" / "emulator_seed.json"


def test_the_live_suite_passes_against_the_emulator() -> None:
    seed = json.loads(SEED.read_text())
    server = EmulatorServer(create_app(Backend(seed))).start()
    try:
        env = {**os.environ, "MAILGUN_API_URL": server.url, "MAILGUN_API_KEY": seed["api_key"],
               "MAILGUN_LIVE_DOMAIN": "promo.example.com", "MAILGUN_WAIT_SCALE": "0"}
        env.pop("MAILGUN_REGION", None)
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/live",
             "--live", "--live-writes"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    finally:
        server.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.strip().splitlines()[-1]
    passed = int(re.search(r"(\d+) passed", summary)[1])  # type: ignore[index]
    # Every check of the suite ran: the fuller seed leaves nothing to skip.
    assert passed >= 50 and "skipped" not in summary, summary
