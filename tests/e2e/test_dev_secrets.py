"""`./dev` keeps the demo's public passphrase to the emulator demo stack: the real script,
run in a copy of the project (the repository's stacks/ is never written), with the real
CLI on a file backend of its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.workspace import ROOT, pulumi_or_skip

pytestmark = pytest.mark.e2e

DEMO_PASSPHRASE = "mailgun-infra-dev"
OWN = "a passphrase of my own"
KEY = "key-0123456789abcdef0123456789abcdef"
REFUSED = "stack 'prod' needs secrets of your own"


class Project:
    def __init__(self, tmp: Path) -> None:
        self.pulumi = pulumi_or_skip()
        venv = Path(sys.prefix)
        if not (venv / ".installed").exists() or not (
                Path(self.pulumi).parent / "pulumi-language-python").exists():
            # Without them ./dev would install into this venv, or build a CLI.
            pytest.skip("run through ./dev test: it needs the venv and CLI ./dev set up")
        self.dir = tmp / "project"
        (self.dir / "stacks").mkdir(parents=True)
        (self.dir / "scripts").mkdir()
        for name in ("dev", "Pulumi.yaml", "stacks/__main__.py", "stacks/Pulumi.dev.yaml",
                     "scripts/ensure-pulumi.sh"):
            shutil.copy2(ROOT / name, self.dir / name)
        # No pyproject.toml here: ./dev then finds the venv installed and leaves it alone.
        (self.dir / ".venv").symlink_to(venv)
        (tmp / "home").mkdir()
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE",
                                 "PULUMI_BACKEND_URL")}
        self.env.update(PULUMI_HOME=str(tmp / "home"), NO_COLOR="1")

    def dev(self, *args: str, passphrase: str | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        if passphrase is not None:
            env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
        return subprocess.run(["./dev", *args], cwd=self.dir, env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    def key_with(self, passphrase: str) -> subprocess.CompletedProcess[str]:
        """Stack prod's key read by the CLI itself, not through ./dev."""
        env = {**self.env, "PULUMI_CONFIG_PASSPHRASE": passphrase,
               "PULUMI_BACKEND_URL": f"file://{self.dir / '.pulumi-state' / 'backend'}"}
        return subprocess.run(
            [self.pulumi, "config", "get", "--stack", "prod", "mailgun:apiKey",
             "--non-interactive"], cwd=self.dir, env=env, capture_output=True, text=True,
            timeout=120, check=False)


def test_a_key_set_for_another_stack_never_gets_the_demo_passphrase(tmp_path: Path) -> None:
    project = Project(tmp_path)
    prod_file = project.dir / "stacks" / "Pulumi.prod.yaml"

    # No passphrase, an empty one, the public one: refused before Pulumi runs.
    for passphrase in (None, "", DEMO_PASSPHRASE):
        for stack in (["--stack", "prod"], ["--stack=prod"], ["-s", "prod"]):
            done = project.dev("pulumi", "config", "set", *stack, "--secret",
                               "mailgun:apiKey", KEY, passphrase=passphrase)
            assert done.returncode == 1, done
            assert REFUSED in done.stderr and "PULUMI_CONFIG_PASSPHRASE" in done.stderr
    refused_init = project.dev("pulumi", "stack", "init", "prod")
    assert refused_init.returncode == 1 and REFUSED in refused_init.stderr
    assert not prod_file.exists()
    assert not list((project.dir / ".pulumi-state").rglob("prod*"))

    # The user's own passphrase: the key is set, and the demo passphrase cannot read it.
    for args in (["stack", "init", "prod"],
                 ["config", "set", "--stack", "prod", "--secret", "mailgun:apiKey", KEY]):
        done = project.dev("pulumi", *args, passphrase=OWN)
        assert done.returncode == 0, done
    assert KEY not in prod_file.read_text()
    assert project.key_with(OWN).stdout.strip() == KEY
    opened = project.key_with(DEMO_PASSPHRASE)
    assert opened.returncode != 0 and "incorrect passphrase" in opened.stderr, opened
    assert KEY not in opened.stdout + opened.stderr

    # The selected stack counts when the command names none.
    assert project.dev("pulumi", "stack", "select", "prod", passphrase=OWN).returncode == 0
    selected = project.dev("pulumi", "config", "get", "mailgun:apiKey")
    assert selected.returncode == 1 and REFUSED in selected.stderr, selected


def test_the_demo_stack_opens_with_no_passphrase_and_only_while_it_is_the_emulators(
        tmp_path: Path) -> None:
    project = Project(tmp_path)
    assert project.dev("pulumi", "stack", "init", "dev").returncode == 0
    # Whatever the user has set: the committed dev stack file opens with no other.
    for passphrase in (None, OWN):
        done = project.dev("pulumi", "config", "get", "--stack", "dev", "mailgun:apiKey",
                           passphrase=passphrase)
        assert (done.returncode, done.stdout.strip()) == (0, "key-emulator-demo"), done

    dev_file = project.dir / "stacks" / "Pulumi.dev.yaml"
    dev_file.write_text(dev_file.read_text().replace(
        "http://127.0.0.1:8025", "https://api.mailgun.net"))
    done = project.dev("pulumi", "config", "get", "--stack", "dev", "mailgun:apiKey")
    assert done.returncode == 1 and "is not a loopback URL" in done.stderr, done
    demo = project.dev("demo")
    assert demo.returncode == 1 and "runs against the emulator only" in demo.stderr, demo
    assert not (project.dir / ".pulumi-state" / "emulator.pid").exists()
