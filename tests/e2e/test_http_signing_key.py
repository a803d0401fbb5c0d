"""HttpSigningKey through the real CLI against the emulator: the key's value is kept as a
secret, nowhere in plain text (the exported state, the CLI's output of up, refresh,
preview and destroy, any file the CLI writes), while the state does hold it, encrypted;
a rotation changes it in place; destroy leaves it. And a program reads the account with
the lookups, at preview too, from its stack config."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import HTTP_SIGNING_KEY
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

# The program of the test's project: the key, exported, and a rotation from the config.
KEY_PROGRAM = '''\
import pulumi

import mailgun_infra

key = mailgun_infra.HttpSigningKey("signing", rotation=pulumi.Config().get_int("rotation"))
pulumi.export("signing_key", key.http_signing_key)
'''

LOOKUP_PROGRAM = '''\
import pulumi

from mailgun_infra.lookups import get_dedicated_ip_pool, get_dedicated_ips

pool = get_dedicated_ip_pool("transactional")
pulumi.export("free", [ip.ip for ip in get_dedicated_ips() if not ip.in_a_pool])
pulumi.export("pool_ips", list(pool.ips))
'''


def workspace(tmp_path: Path, emulator: Emulator, program: str) -> Workspace:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    (ws.dir / "stacks" / "__main__.py").write_text(program)
    return ws


def files_containing(root: Path, needle: str) -> list[str]:
    return [str(path.relative_to(root)) for path in root.rglob("*")
            if path.is_file() and needle.encode() in path.read_bytes()]


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and "ciphertext" in value


def test_the_key_is_a_secret_everywhere(tmp_path: Path, emulator: Emulator) -> None:
    seeded = emulator.state()["http_signing_key"]
    ws = workspace(tmp_path, emulator, KEY_PROGRAM)
    outputs = [ws.up().output]
    # Declaring the key reads it: the account's key is unchanged.
    assert emulator.state()["http_signing_key"] == seeded
    outputs += [ws.run("refresh", "--yes", check=True).output,
                ws.run("preview", "--expect-no-changes", check=True).output,
                ws.run("stack", "output", check=True).output]
    exported = ws.export()
    outputs.append(json.dumps(exported))
    resource = next(r for r in exported["deployment"]["resources"]
                    if r["type"] == HTTP_SIGNING_KEY)
    assert resource["id"] == "account"
    assert is_secret(resource["outputs"]["http_signing_key"])
    stack = next(r for r in exported["deployment"]["resources"]
                 if r["type"] == "pulumi:pulumi:Stack")
    assert is_secret(stack["outputs"]["signing_key"])
    # The state does hold the key: the checks above can fail.
    shown = ws.export("--show-secrets")
    value = next(r for r in shown["deployment"]["resources"]
                 if r["type"] == HTTP_SIGNING_KEY)["outputs"]["http_signing_key"]
    assert json.loads(value["plaintext"]) == seeded

    # A new rotation mark regenerates the key, in place.
    ws.run("config", "set", "rotation", "1", check=True)
    outputs.append(ws.run("preview", check=True).output)
    outputs.append(ws.up().output)
    rotated = emulator.state()["http_signing_key"]
    assert rotated != seeded
    assert ws.ids(HTTP_SIGNING_KEY) == {"signing": "account"}
    outputs.append(json.dumps(ws.export()))
    assert json.dumps(ws.export("--show-secrets")).count(rotated) >= 2  # resource and stack

    destroyed = ws.run("destroy", "--yes", check=True).output
    outputs.append(destroyed)
    assert "the account keeps its key" in destroyed
    assert emulator.state()["http_signing_key"] == rotated

    for key in (seeded, rotated):
        for text in outputs:
            assert key not in text, text
        assert files_containing(tmp_path, key) == []


def test_a_program_reads_the_account_at_preview(tmp_path: Path, emulator: Emulator) -> None:
    client = emulator.client()
    client.create_ip_pool("transactional", "receipts", ["192.0.2.10", "192.0.2.11"])
    emulator.backend.apply_pending_writes()
    ws = workspace(tmp_path, emulator, LOOKUP_PROGRAM)
    emulator.admin("DELETE", "/requests")
    preview = ws.run("preview", "--diff", check=True).output
    assert "192.0.2.13" in preview
    requests = emulator.requests_log()
    assert {r["path"] for r in requests} >= {"/v3/ips", "/v3/ip_pools"}
    assert {r["method"] for r in requests} == {"GET"}
    ws.up()
    outputs = ws.export()["deployment"]["resources"][0]["outputs"]
    assert outputs["pool_ips"] == ["192.0.2.10", "192.0.2.11"]
    assert outputs["free"] == ["192.0.2.12", "192.0.2.13", "192.0.2.14", "192.0.2.15",
                               "192.0.2.20", "192.0.2.21"]
