"""`mailgun-infra audit` without a key: an error, before anything is read. The audit of an
account through the real CLI and the policy pack, clean and with a finding, runs in the
scheduled jobs of the CI examples (tests/e2e/test_ci_examples.py), as does `ci drift`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Emulator
from tests.e2e.workspace import ROOT

pytestmark = pytest.mark.e2e


def test_no_key_is_an_error(tmp_path: Path, emulator: Emulator) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAILGUN_API_KEY", "MAILGUN_READ_API_KEY")}
    summary, review = tmp_path / "audit.md", tmp_path / "audit.json"
    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.cli", "audit", "--api-url", emulator.url,
         "--policy-pack", str(ROOT / "policies"), "--summary", str(summary),
         "--json", str(review)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert summary.read_text() in done.stdout
    assert json.loads(review.read_text())["error"].startswith("no Mailgun API key")
    assert emulator.requests_log() == []
