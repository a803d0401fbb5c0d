"""Mailgun's official JavaScript SDK (``mailgun.js``, the range in tests/conformance/js/
package.json) against the emulator over loopback: ``node --test`` runs
tests/conformance/js/conformance.test.cjs with ``MG_URL`` and ``MG_API_KEY`` pointing at
the emulator as it starts, with its default settings.

npm installs the SDK into pytest's cache folder (``.pytest_cache/d/mailgun-js``, git-ignored),
once: later runs find it there and install nothing, until package.json changes or the cache
is cleared. Nothing fetched is committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Emulator

pytestmark = pytest.mark.conformance

JS_TESTS = Path(__file__).resolve().parent / "js"
# A cold install on 2 cores takes a few seconds; a registry that does not answer, not minutes.
INSTALL_TIMEOUT_SECONDS = 300
RUN_TIMEOUT_SECONDS = 120


def tool_or_skip(name: str) -> str:
    """``name`` on PATH; ./dev test requires it, a bare pytest run skips without it."""
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("MAILGUN_INFRA_REQUIRE_E2E") == "1":
        pytest.fail(f"{name} is not on PATH: the JS SDK's conformance test needs Node 18+ "
                    "and npm")
    pytest.skip(f"{name} is not on PATH: the JS SDK's conformance test needs Node 18+ and npm")


@pytest.fixture(scope="session")
def mailgun_js(request: pytest.FixtureRequest) -> Path:
    """The node_modules folder holding mailgun.js, installed on first use."""
    npm = tool_or_skip("npm")
    cache = request.config.cache
    # The SDK is installed into pytest's cache, which -p no:cacheprovider takes away.
    assert cache is not None, "run without -p no:cacheprovider"
    folder = cache.mkdir("mailgun-js")
    wanted = (JS_TESTS / "package.json").read_text()
    installed = folder / "package.json"
    if (installed.exists() and installed.read_text() == wanted
            and (folder / "node_modules" / "mailgun.js" / "package.json").exists()):
        return folder / "node_modules"
    installed.write_text(wanted)
    try:
        run = subprocess.run([npm, "install", "--no-package-lock", "--no-audit", "--no-fund",
                              "--omit=dev"], cwd=folder, capture_output=True, text=True,
                             timeout=INSTALL_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        installed.unlink()
        pytest.fail(f"npm install ran over {INSTALL_TIMEOUT_SECONDS} s")
    if run.returncode != 0:
        # Not kept as installed: the next run tries again.
        installed.unlink()
        pytest.fail(f"npm install failed:\n{run.stdout}\n{run.stderr}")
    return folder / "node_modules"


def test_mailgun_js_sdk(emulator: Emulator, mailgun_js: Path) -> None:
    node = tool_or_skip("node")
    env = {**os.environ, "MG_URL": emulator.url, "MG_API_KEY": emulator.api_key,
           "NODE_PATH": str(mailgun_js)}
    try:
        run = subprocess.run([node, "--test", "--test-reporter=tap",
                              str(JS_TESTS / "conformance.test.cjs")],
                             env=env, capture_output=True, text=True,
                             timeout=RUN_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"node --test ran over {RUN_TIMEOUT_SECONDS} s:\n{expired.stdout or ''}"
                    f"{expired.stderr or ''}")
    assert run.returncode == 0, f"node --test failed:\n{run.stdout}\n{run.stderr}"
    # Every test ran: none skipped, and the file was not empty.
    summary = dict(line[2:].split(" ", 1) for line in run.stdout.splitlines()
                   if line.startswith("# ") and line[2:].split(" ", 1)[0] in
                   ("tests", "pass", "fail", "skipped", "todo", "cancelled"))
    assert int(summary["tests"]) >= 10 and summary["pass"] == summary["tests"], run.stdout
