"""Mailgun's official Go SDK (mailgun-go v5.17.0, pinned in tests/conformance/go/go.mod)
against the emulator over loopback: ``go test`` in tests/conformance/go with the SDK's own
environment variables, ``MG_URL`` and ``MG_API_KEY``, pointing at a fresh emulator.

The first run downloads the SDK from the Go module proxy and builds it (go.sum pins what
it may download); later runs use Go's module and build caches, which stay where Go keeps
them by default.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mailgun_infra.emulator.models import Domain, Ip, Warmup
from tests.conftest import Emulator

pytestmark = pytest.mark.conformance

GO_MODULE = Path(__file__).resolve().parent / "go"
# A cold run downloads and compiles the SDK; on 2 cores that stays well under this.
TIMEOUT_SECONDS = 600
# More warmups than the SDK's page of 10, and more domains on one IP than its test's page
# of 2, so that its iterators have to follow the paging to the end.
EXTRA_WARMUPS = 25
EXTRA_DOMAINS = 4


def go_or_skip() -> str:
    """The `go` on PATH; ./dev test requires it, a bare pytest run skips without it."""
    found = shutil.which("go")
    if found:
        return found
    if os.environ.get("MAILGUN_INFRA_REQUIRE_E2E") == "1":
        pytest.fail("go is not on PATH: the Go SDK's conformance test needs Go 1.24+")
    pytest.skip("go is not on PATH")


def seed_lists_to_page_through(emulator: Emulator) -> None:
    """Adds dedicated IPs on warmup and domains sending from 192.0.2.10 to the running
    emulator's account; the next test's reset takes them away again."""
    account = emulator.backend.account
    with emulator.backend.lock:
        for n in range(EXTRA_WARMUPS):
            address = f"203.0.113.{n + 1}"
            account.ips[address] = Ip(ip=address, is_on_warmup=True)
            account.warmups[address] = Warmup(ip=address)
        for n in range(EXTRA_DOMAINS):
            name = f"p{n:02}.paging.example"
            account.domains[name] = Domain(name=name, ips=["192.0.2.10"])


def test_mailgun_go_sdk(emulator: Emulator) -> None:
    go = go_or_skip()
    seed_lists_to_page_through(emulator)
    env = {
        **os.environ,
        "MG_URL": emulator.url,
        "MG_API_KEY": emulator.api_key,
        # -mod=mod lets go fill in go.sum rather than fail; what it may fetch is go.mod's.
        "GOFLAGS": f"{os.environ.get('GOFLAGS', '')} -mod=mod".strip(),
    }
    try:
        run = subprocess.run([go, "test", "-count=1", "-v", "./..."], cwd=GO_MODULE, env=env,
                             capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                             check=False)
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"go test ran over {TIMEOUT_SECONDS} s:\n{expired.stdout or ''}"
                    f"{expired.stderr or ''}")
    assert run.returncode == 0, f"go test failed:\n{run.stdout}\n{run.stderr}"
    # Every test ran against the emulator: none skipped for want of MG_URL.
    assert "--- SKIP" not in run.stdout, run.stdout
