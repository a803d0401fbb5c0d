"""One program of 1500 dynamic resources, through the real CLI: past the SDK's ceiling of ~985
(see resources/_pickling.py), which an account of 200 domains with 5 webhooks each reaches."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.e2e.workspace import PASSPHRASE, Workspace, operations

pytestmark = pytest.mark.e2e

COUNT = 1500
EVENTS_PER_DOMAIN = 5

# Webhooks, because preview calls only their provider's check (diff too, for resources that
# exist already), both the shared pydantic ones: no Mailgun call, so no emulator. The stack
# has no API key either, so a call would fail the preview rather than go anywhere.
PROGRAM = textwrap.dedent(f"""
    import pulumi

    from mailgun_infra.facts import WEBHOOK_EVENTS
    from mailgun_infra.resources import Webhook

    for n in range(pulumi.Config().require_int("webhooks")):
        domain, event = divmod(n, {EVENTS_PER_DOMAIN})
        Webhook(f"d{{domain}}-{{WEBHOOK_EVENTS[event]}}", domain=f"d{{domain}}.example.com",
                event=WEBHOOK_EVENTS[event], urls=[f"https://hooks.example.com/{{n}}"])
""")


class ManyWebhooks(Workspace):
    """The project's Pulumi.yaml and file backend, with the program above and no Mailgun
    settings."""

    def __init__(self, tmp: Path, count: int) -> None:
        self.lay_out(tmp, "many", PASSPHRASE)
        (self.dir / "stacks" / "__main__.py").write_text(PROGRAM)
        self.run("stack", "init", self.stack, check=True)
        self.run("config", "set", "mailgun-infra:webhooks", str(count), check=True)


def test_a_program_of_1500_resources_previews(tmp_path: Path) -> None:
    ws = ManyWebhooks(tmp_path, COUNT)
    previewed = ws.run("preview", "--json", check=True)
    ops = operations(previewed.output)
    assert len(ops) == COUNT
    assert set(ops.values()) == {"create"}, {op for op in ops.values() if op != "create"}
    assert all(name.startswith("Webhook::") for name in ops)
    document, _ = json.JSONDecoder().raw_decode(previewed.output.lstrip())
    assert not document.get("diagnostics"), document["diagnostics"][:3]
