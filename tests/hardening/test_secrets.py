"""The API key never shows: not in state, CLI output, provider messages, errors or the
pickled provider, after a full up/refresh/destroy and after a run that fails."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

SPEC = {
    "dedicated_ip_pools": {"p": {"name": "p", "description": "d", "ips": ["192.0.2.10"]}},
    "subaccounts": {"s": {"name": "Secretive"}},
    "webhooks": {"w": {"domain": "mail.example.com", "event": "opened",
                       "urls": ["https://hooks.example.com/o"]}},
}


def files_containing(root: Path, needle: str) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and needle.encode() in path.read_bytes():
            hits.append(str(path.relative_to(root)))
    return hits


def test_the_key_appears_nowhere(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(SPEC)
    outputs = [ws.up().output,
               ws.run("refresh", "--yes", check=True).output,
               ws.run("stack", "export", check=True).output,
               ws.run("stack", "export", "--show-secrets=false", check=True).output]
    exported = json.loads(outputs[-1])
    for resource in exported["deployment"]["resources"]:
        blob = resource.get("inputs", {}).get("__provider")
        if isinstance(blob, dict) and "plaintext" in blob:
            blob = json.loads(blob["plaintext"])
        if isinstance(blob, str):
            assert emulator.api_key.encode() not in base64.b64decode(blob)
    outputs.append(ws.run("destroy", "--yes", check=True).output)
    for text in outputs:
        assert emulator.api_key not in text
    assert files_containing(tmp_path, emulator.api_key) == []


def test_a_failing_run_does_not_show_the_key(tmp_path: Path, emulator: Emulator) -> None:
    wrong_key = "key-wrong-0123456789abcdef"
    ws = Workspace(tmp_path, emulator.url, wrong_key)
    ws.set_spec(SPEC)
    failed = ws.run("up", "--yes")
    assert failed.code != 0
    # The engine stops starting creates after the first failure, so which resources got
    # to call Mailgun varies: each that did names its call and the likely cause.
    assert re.search(r"401 Unauthorized on (GET|POST) /v\d/\S+: Invalid private key "
                     r"\(check mailgun:apiKey; EU accounts need mailgun:region eu\)",
                     failed.output), failed.output
    assert wrong_key not in failed.output
    assert files_containing(tmp_path, wrong_key) == []
