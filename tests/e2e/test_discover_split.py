"""`discover --split` through the real CLI: a small account split into two stacks, each
stack's first `up` adopts its objects with reads only, and one `ci preview` over both
(a glob) reviews each and totals them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import Emulator
from tests.e2e.workspace import Workspace
from tests.provider.test_discover import build_account

pytestmark = pytest.mark.e2e


def test_a_split_account_adopts_in_two_stacks_and_previews_as_one(
        tmp_path: Path, emulator: Emulator) -> None:
    build_account(emulator.client())
    emulator.backend.apply_pending_writes()
    account = Workspace(tmp_path, emulator.url, emulator.api_key, stack="big-account")
    domains = account.another_stack("big-domains-01")
    emulator.admin("DELETE", "/requests")

    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.discover", "--split", "domain", "--stack", "big"],
        cwd=account.dir, env=account.env, capture_output=True, text=True, timeout=60,
        check=False)
    assert done.returncode == 0, done.stderr
    assert "2 stacks: account, domains-01" in done.stderr
    specs = {ws.stack: yaml.safe_load(ws.config_file.read_text())["config"]
             ["mailgun-infra:spec"] for ws in (account, domains)}
    assert "dedicated_ip_pools" in specs["big-account"]
    assert sorted(specs["big-domains-01"]) == ["dipp_spillovers", "domain_ip_assignments",
                                              "dynamic_pool_enrollments", "webhooks"]

    for ws in (account, domains):
        ws.up()
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []

    review = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.ci", "preview", "--stack", "big-*",
         "--json", str(tmp_path / "review.json")],
        cwd=account.dir, env=account.env, capture_output=True, text=True, timeout=120,
        check=False)
    assert review.returncode == 0, review.stdout + review.stderr
    assert review.stdout.count("No changes.") == 2
    assert "Total of `preview` over 2 stacks" in review.stdout
    data = json.loads((tmp_path / "review.json").read_text())
    assert [s["stack"] for s in data["stacks"]] == ["big-account", "big-domains-01"]
    assert (data["exit_code"], data["counts"]) == (0, {})
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []
