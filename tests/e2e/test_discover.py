"""`mailgun-infra discover` through the real CLI: an account built by hand through the API
is discovered into a new stack, whose first `up` adopts every object with reads only;
nothing is left to change or to refresh, discover finds the same spec again, and a change
made afterwards is an update. The Python program it writes previews, and runs, with no
writes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailgun_infra.client import MailgunClient
from mailgun_infra.client._ratelimit import RateLimits
from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from mailgun_infra.facts import WEBHOOK
from mailgun_infra.spec import KINDS
from tests.conftest import Emulator, fast_retry
from tests.e2e.workspace import Workspace, operations, performed
from tests.provider.test_discover import build_account

pytestmark = pytest.mark.e2e

# With promo.example.com, one more than a page of GET /v1/dynamic_pools/domains (100).
DOMAINS = [f"d{n:03}.example.com" for n in range(100)]
HOOK = "mail-example-com-permanent-fail"


@pytest.fixture
def account() -> Iterator[Emulator]:
    seed = default_seed()
    seed["domains"] += [{"name": name, "ips": ["198.51.100.1"]} for name in DOMAINS]
    backend = Backend(seed)
    server = EmulatorServer(create_app(backend)).start()
    emulator = Emulator(server, backend)
    # Making the account is set-up, not the subject, and this emulator enforces no limit:
    # unthrottled, it leaves the client's ledger to the processes under test.
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(),
                           rate_limits=RateLimits({}))
    build_account(client)
    for name in DOMAINS:
        client.enroll_domain_in_dynamic_pools(name, "shared")
    # Mailgun applied what it answered "started" long before anyone runs discover.
    backend.apply_pending_writes()
    yield emulator
    server.stop()


def discover(ws: Workspace, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "mailgun_infra.discover", *args],
                          cwd=ws.dir, env=env or ws.env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def stack_spec(ws: Workspace) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(ws.config_file.read_text())["config"][
        "mailgun-infra:spec"]
    return spec


def test_a_discovered_account_is_adopted_without_a_write(tmp_path: Path,
                                                        account: Emulator) -> None:
    ws = Workspace(tmp_path, account.url, account.api_key)
    # No MAILGUN_API_KEY: the key is the stack's secret, read through the CLI, which needs
    # the stack's passphrase.
    assert "MAILGUN_API_KEY" not in ws.env
    locked = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.discover", "--stack", ws.stack],
        cwd=ws.dir, env={k: v for k, v in ws.env.items() if k != "PULUMI_CONFIG_PASSPHRASE"},
        capture_output=True, text=True, timeout=120, check=False)
    assert locked.returncode == 1
    assert locked.stderr.endswith("needs PULUMI_CONFIG_PASSPHRASE (or set MAILGUN_API_KEY)\n")
    discover(ws, "--stack", ws.stack, "-q")
    written = ws.config_file.read_text()
    spec = stack_spec(ws)
    assert len(spec["dynamic_pool_enrollments"]) == len(DOMAINS) + 1
    assert {kind for kind, entries in spec.items() if entries} == {
        "subaccounts", "dedicated_ip_pools", "ip_warmups", "dynamic_pool_memberships",
        "dynamic_pool_enrollments", "domain_ip_assignments", "subaccount_ip_links",
        "dedicated_ip_pool_delegations", "webhooks", "account_webhooks",
        "subaccount_sending_limits", "dipp_spillovers", "http_signing_keys",
        "account_sending_limits"}

    account.admin("DELETE", "/requests")
    done = performed(ws.run("up", "--yes", "--json", check=True).output)
    assert set(done.values()) == {"create"}
    assert len(done) == sum(len(entries) for entries in spec.values())
    assert writes(account) == [], "adopting sent Mailgun a write"
    assert account.requests_log(), "adopting read nothing"

    ws.run("preview", "--expect-no-changes", check=True)
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)
    assert writes(account) == []
    # Again: every entry is the same, so nothing is refused, and the file is as it was.
    discover(ws, "--stack", ws.stack, "-q")
    assert ws.config_file.read_text() == written, "a second discover found another account"

    # A change after adoption is an update in place of the adopted object.
    hook_id = ws.ids(WEBHOOK)[HOOK]
    spec["webhooks"][HOOK]["urls"] = ["https://hooks.example.com/bounces-v2"]
    ws.set_spec(spec)
    done = ws.up_as_previewed()
    assert {op for name, op in done.items() if op != "same"} == {"update"}
    assert done[f"Webhook::{HOOK}"] == "update"
    assert ws.ids(WEBHOOK)[HOOK] == hook_id
    mail = next(d for d in account.state()["domains"] if d["name"] == "mail.example.com")
    assert mail["webhooks"]["permanent_fail"] == ["https://hooks.example.com/bounces-v2"]

    # Protected: an accidental destroy deletes nothing.
    account.admin("DELETE", "/requests")
    refused = ws.run("destroy", "--yes")
    assert refused.code != 0 and "protected" in refused.output
    assert writes(account) == []


def test_the_python_program_previews_and_adopts_with_no_writes(tmp_path: Path,
                                                   emulator: Emulator) -> None:
    build_account(emulator.client())
    emulator.backend.apply_pending_writes()
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    program = ws.dir / "stacks" / "__main__.py"
    env = {**ws.env, "MAILGUN_API_KEY": emulator.api_key}
    discover(ws, "--api-url", emulator.url, "--format", "python", "-o", str(program), "-q",
             env=env)
    assert "pool_id=pool_transactional.pool_id" in program.read_text()
    spec = yaml.safe_load(discover(ws, "--api-url", emulator.url, "-q", env=env))
    declared = {f"{kind.resource.__name__}::{name}"
                for kind in KINDS for name in spec.get(kind.key, {})}

    emulator.admin("DELETE", "/requests")
    previewed = operations(ws.run("preview", "--json", check=True).output)
    assert previewed == dict.fromkeys(declared, "create")
    assert writes(emulator) == []
    # And run, it adopts as the spec does: reads only.
    ws.up()
    assert writes(emulator) == []
    ws.run("preview", "--expect-no-changes", check=True)
