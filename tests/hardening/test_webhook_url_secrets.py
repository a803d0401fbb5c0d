"""Webhook URLs with credentials (``https://user:password@host/...``) through the real CLI:
kept in secret config, named by the spec, and after up, refresh, a preview of a change to
each of the three webhook kinds, a `mailgun-infra ci preview` review, an update, a stack
export and a destroy, the password is in no output and no file of the project, the
backend or the Pulumi home; Mailgun got the URLs as they are."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from mailgun_infra.facts import ACCOUNT_WEBHOOK, DOMAIN_WEBHOOK_URL, WEBHOOK
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace
from tests.hardening.test_secrets import files_containing

pytestmark = pytest.mark.e2e

DOMAIN = "mail.example.com"
PASSWORD = "pw-Tr0ub4dor-v3"
NEW_PASSWORD = "pw-C0rrectHorse-v3"
V3 = f"https://hooks:{PASSWORD}@hooks.example.com/v3"
V4 = f"https://hooks:{PASSWORD}@hooks.example.com/v4"
ACCOUNT = f"https://hooks:{PASSWORD}@hooks.example.com/account"
PLAIN = "https://plain.example.com/opened"


def spec(description: str = "alerts", v4_events: tuple[str, ...] = ("delivered", "opened"),
         ) -> dict[str, object]:
    return {
        "webhooks": {"opens": {"domain": DOMAIN, "event": "opened",
                               "urls": ["${secret.hook-v3}", PLAIN]}},
        "domain_webhook_urls": {"events": {"domain": DOMAIN, "url": "${secret.hook-v4}",
                                           "event_types": list(v4_events)}},
        "account_webhooks": {"alerts": {"url": "${secret.hook-account}",
                                        "event_types": ["complained"],
                                        "description": description}},
    }


def leaks(text: str) -> list[str]:
    """The forms of the passwords found in ``text``: as they are and percent-encoded."""
    return [form for password in (PASSWORD, NEW_PASSWORD)
            for form in (password, quote(password, safe=""))
            if form in text]


def test_a_credentialed_url_is_a_secret_everywhere(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    for key, url in (("hook-v3", V3), ("hook-v4", V4), ("hook-account", ACCOUNT)):
        ws.run("config", "set", "--secret", f"mailgun-infra:{key}", url, check=True)
    ws.set_spec(spec())
    outputs = [ws.up().output]
    hooks = {d["name"]: d["webhooks"] for d in emulator.state()["domains"]}[DOMAIN]
    assert sorted(hooks["opened"]) == sorted([V3, V4, PLAIN])
    assert hooks["delivered"] == [V4]
    [account] = emulator.state()["account_webhooks"]
    assert account["url"] == ACCOUNT
    [v4_id] = ws.ids(DOMAIN_WEBHOOK_URL).values()
    assert v4_id.startswith(f"{DOMAIN}/secret-url-")
    outputs.append(ws.run("refresh", "--yes", "--expect-no-changes", check=True).output)

    # A change to each resource, the v3 URL's password among them.
    ws.run("config", "set", "--secret", "mailgun-infra:hook-v3",
           V3.replace(PASSWORD, NEW_PASSWORD), check=True)
    ws.set_spec(spec(description="complaints", v4_events=("clicked", "delivered", "opened")))
    preview = ws.run("preview", "--diff", check=True).output
    assert "[secret]" in preview
    outputs.append(preview)
    review, summary = tmp_path / "review.json", tmp_path / "summary.md"
    done = subprocess.run(
        [sys.executable, "-m", "mailgun_infra.ci", "preview", "--stack", ws.stack,
         "--cwd", str(ws.dir), "--policy-pack", str(ROOT / "policies"),
         "--summary", str(summary), "--json", str(review)],
        env=ws.env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(review.read_text())["counts"] == {"update": 3}
    outputs += [done.stdout + done.stderr, review.read_text(), summary.read_text()]
    outputs.append(ws.up().output)
    assert V3.replace(PASSWORD, NEW_PASSWORD) in {
        d["name"]: d["webhooks"] for d in emulator.state()["domains"]}[DOMAIN]["opened"]

    exported = ws.run("stack", "export", check=True).output
    outputs.append(exported)
    resources = json.loads(exported)["deployment"]["resources"]
    for resource in resources:
        if resource["type"] in (WEBHOOK, DOMAIN_WEBHOOK_URL, ACCOUNT_WEBHOOK):
            field = "urls" if resource["type"] == WEBHOOK else "url"
            for part in ("inputs", "outputs"):
                assert "ciphertext" in resource[part][field], (resource["type"], part)
    outputs.append(ws.run("stack", "output", check=True).output)
    outputs.append(ws.run("destroy", "--yes", check=True).output)
    assert emulator.state()["account_webhooks"] == []
    # Written in the spec's plain text, it is refused, and the error shows it masked.
    ws.set_spec({"account_webhooks": {"alerts": {"url": ACCOUNT,
                                                 "event_types": ["complained"]}}})
    refused = ws.run("preview")
    assert refused.code != 0
    assert "https://hooks:****@hooks.example.com/account has credentials" in refused.output
    outputs.append(refused.output)
    ws.set_spec({})

    for text in outputs:
        assert leaks(text) == [], text
    assert [path for form in (PASSWORD, NEW_PASSWORD, quote(PASSWORD, safe=""))
            for path in files_containing(tmp_path, form)] == []


def test_discover_keeps_credentialed_urls_in_secret_config(tmp_path: Path,
                                                          emulator: Emulator) -> None:
    client = emulator.client()
    client.create_domain_webhook(DOMAIN, "opened", [V3, PLAIN])
    client.create_account_webhook(ACCOUNT, ["complained"], "alerts")
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    env = {**ws.env, "MAILGUN_API_KEY": emulator.api_key}

    def discover(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "mailgun_infra.discover", "--only",
             "webhooks,account_webhooks", *args],
            cwd=ws.dir, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    printed = discover("--api-url", emulator.url)
    assert "${secret.webhook-url-hooks-hooks-example-com-v3}" in printed
    assert "REVIEW: https://hooks:****@hooks.example.com/v3 has credentials" in printed
    outputs = [printed, discover("--stack", ws.stack)]
    written = ws.config_file.read_text()
    config = yaml.safe_load(written)["config"]
    spec = config["mailgun-infra:spec"]
    [hook] = spec["webhooks"].values()
    assert hook["urls"] == ["${secret.webhook-url-hooks-hooks-example-com-v3}", PLAIN]
    [account] = spec["account_webhooks"].values()
    assert account["url"] == "${secret.webhook-url-hooks-hooks-example-com-account}"
    assert "secure" in config["mailgun-infra:webhook-url-hooks-hooks-example-com-v3"]
    got = ws.run("config", "get", "mailgun-infra:webhook-url-hooks-hooks-example-com-account",
                 check=True).output
    assert got.strip() == ACCOUNT

    emulator.admin("DELETE", "/requests")
    outputs.append(ws.up().output)
    assert [r for r in emulator.requests_log() if r["method"] != "GET"] == []
    outputs.append(ws.run("preview", "--expect-no-changes", check=True).output)
    outputs.append(discover("--stack", ws.stack))
    assert ws.config_file.read_text() == written, "a second discover changed the file"

    for text in outputs:
        assert leaks(text) == [], text
    assert files_containing(tmp_path, PASSWORD) == []
