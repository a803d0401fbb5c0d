"""The scheduled jobs of the CI examples in examples/ci (drift of each stack, an audit of the
account), run the way test_ci_examples runs the others, with the same stand-ins: one
deployed stack, two nights. On the first nothing changed (GitLab's jobs pass); before the
second the account was changed by hand through Mailgun's API (GitHub's jobs fail and open
issues). Each example's scheduled jobs run once: the real CLI is slow. The account the audit
reads is the emulator's: MAILGUN_API_URL in the runner's environment stands in for the
default region."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mailgun_policies import POLICIES
from tests.conftest import Emulator
from tests.e2e.test_ci_examples import (
    POOLS,
    PULUMI_PIN,
    STACK,
    Example,
    GitHubWorkflow,
    GitLabPipeline,
    JobRun,
    Keys,
    UserRepository,
    mutations,
)

pytestmark = pytest.mark.e2e


def issue_opened(run: JobRun, title: str) -> str:
    """Where the team reads a GitHub scheduled job's finding: an issue, opened (no open
    issue of that title here) with the review; its body."""
    listed, created = run.posts
    assert listed["argv"][:2] == ["issue", "list"] and f'"{title}" in:title' in listed["argv"]
    argv = created["argv"]
    assert argv[:2] == ["issue", "create"] and argv[argv.index("--title") + 1] == title, argv
    assert created["GH_TOKEN"] == "ghs_test-token", created
    body: str = created["files"][argv[argv.index("--body-file") + 1]]
    assert body in run.summary
    return body


def nightly(example: Example, repo: UserRepository, keys: Keys,
            emulator: Emulator) -> tuple[JobRun, JobRun]:
    """The scheduled jobs of ``example``: drift and audit, with reads only, with the
    read-only key."""
    emulator.admin("DELETE", "/requests")
    runs = {run.job: run for run in example.run_all(example.schedule_event, repo, keys)}
    assert set(runs) == {"drift", "audit"}, runs
    # With preview and deploy (test_ci_examples), every job of the example runs in a test.
    jobs = example.jobs if isinstance(example, GitLabPipeline) else example.workflow["jobs"]
    assert set(jobs) == {"preview", "deploy", "drift", "audit"}, set(jobs)
    drift, audit = runs["drift"], runs["audit"]
    assert {*drift.codes, *audit.codes} == example.shell_steps({"drift", "audit"})
    skipped = "\n".join(drift.skipped + audit.skipped)
    # They install the tagged package, as the preview and deploy jobs do.
    assert '"$MAILGUN_INFRA"' in skipped and PULUMI_PIN in skipped, skipped
    assert mutations(emulator) == [], "a scheduled job wrote to Mailgun"
    assert {r["role"] for r in emulator.requests_log()} == {"basic"}
    return drift, audit


def review_of(run: JobRun) -> dict[str, Any]:
    review = run.artifacts["review.json"]
    assert review is not None, run.log
    found: dict[str, Any] = json.loads(review)
    return found


HOOK_URL = "https://ci:hook-password@hooks.example.com/delivered"
WATCHED = {**{"dedicated_ip_pools": POOLS},
           "webhooks": {"delivered": {"domain": "mail.example.com", "event": "delivered",
                                      "urls": ["${secret.hook}"]}},
           "ip_warmups": {"fresh": {"ip": "192.0.2.13"}}}


def test_the_schedules_find_drift_and_audit_the_account(tmp_path: Path,
                                                        emulator: Emulator) -> None:
    repo = UserRepository(tmp_path, emulator.url, WATCHED)
    repo.run("config", "set", "--secret", "mailgun-infra:hook", HOOK_URL, check=True)
    keys = Keys(api_key=emulator.api_key, read_api_key=emulator.new_key("basic"))
    done = subprocess.run([repo.pulumi, "up", "--yes", "--non-interactive", "--stack", STACK],
                          cwd=repo.dir, env={**repo.env, "MAILGUN_API_KEY": keys.api_key},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    emulator.backend.apply_pending_writes()
    # The account the audit reads: the emulator stands in for the default region.
    repo.job_env["MAILGUN_API_URL"] = emulator.url

    drift, audit = nightly(GitLabPipeline(), repo, keys, emulator)
    assert drift.posts == [] and audit.posts == []
    assert drift.code_of("ci drift") == 0, drift.log
    assert f"## Drift of stack `{STACK}`" in drift.log and "No drift" in drift.log
    assert review_of(drift)["drifted"] == [] and review_of(drift)["read"] == 4
    assert audit.code_of("mailgun-infra audit") == 0, audit.log
    assert review_of(audit)["violations"] == [] and review_of(audit)["error"] is None

    # In the control panel: a DIPP's description and IPs changed, a webhook deleted, a
    # warmup stopped, and a DIPP of warming IPs only put together.
    client = emulator.client()
    client.update_ip_pool(emulator.pools_by_name()["transactional"]["pool_id"],
                          description="Moved by support", add_ips=["192.0.2.14"],
                          remove_ips=["192.0.2.11"])
    client.delete_domain_webhook("mail.example.com", "delivered")
    client.cancel_ip_warmup("192.0.2.13")
    client.create_ip_pool("warm", "by support", ["192.0.2.20"])
    emulator.backend.apply_pending_writes()
    state = repo.run("stack", "export", check=True).output

    drift, audit = nightly(GitHubWorkflow(), repo, keys, emulator)
    assert repo.run("stack", "export", check=True).output == state, "drift changed the state"
    assert drift.code_of("ci drift") == 4, drift.log
    found = {(d["type"].rsplit(":", 1)[1], d["urn"].rsplit("::", 1)[1], d["op"]):
             d["properties"] for d in review_of(drift)["drifted"]}
    assert found == {
        ("DedicatedIpPool", "transactional", "update"): [
            {"name": "description", "state": '"Receipts"', "mailgun": '"Moved by support"'},
            {"name": "ips", "state": '["192.0.2.10", "192.0.2.11"]',
             "mailgun": '["192.0.2.10", "192.0.2.14"]'}],
        ("Webhook", "delivered", "delete"): [], ("IpWarmup", "fresh", "delete"): []}, found
    body = issue_opened(drift, f"mailgun-infra drift: stack {STACK}")
    assert body.startswith(f"## Drift of stack `{STACK}`"), body
    assert ('| `DedicatedIpPool` `transactional` | description | "Receipts" | '
            '"Moved by support" |') in body
    assert "- `Webhook` `delivered`" in body and "- `IpWarmup` `fresh`" in body
    assert "run `up`" in body and "take it into the code" in body

    assert audit.code_of("mailgun-infra audit") == 2, audit.log
    rule = next(p for p in POLICIES if p.name == "dedicated-ip-pool-has-non-warming-ip")
    [finding] = [v for v in review_of(audit)["violations"] if v["level"] == "mandatory"]
    assert (finding["policy"], finding["urn"].rsplit("::", 1)[1]) == (rule.name, "warm")
    assert (finding["severity"], finding["remediation"]) == ("high", rule.remediation_steps)
    body = issue_opened(audit, "mailgun-infra audit: the Mailgun account")
    assert body.startswith("## Audit of the Mailgun account"), body
    assert f"[{rule.name}]({rule.url}) | warm |" in body and "DIPP 'warm'" in body
    for run in (drift, audit):
        assert "hook-password" not in run.log + run.summary + json.dumps(run.posts)
        assert keys.read_api_key not in run.log + run.summary
