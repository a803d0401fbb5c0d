"""A throwaway Pulumi project and file backend for driving the real CLI in tests."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "e2e-passphrase"


def pulumi_or_skip() -> str:
    """The `pulumi` on PATH; ./dev test requires it, a bare pytest run skips without it."""
    found = shutil.which("pulumi")
    if found:
        return found
    if os.environ.get("MAILGUN_INFRA_REQUIRE_E2E") == "1":
        pytest.fail("pulumi is not on PATH: run the tests through ./dev test")
    pytest.skip("pulumi is not on PATH (./dev test puts the project's CLI there)")


@dataclass
class Result:
    code: int
    output: str


class Workspace:
    """A copy of the project's Pulumi.yaml and program, one stack, a file backend."""

    def __init__(self, tmp: Path, api_url: str, api_key: str, stack: str = "e2e") -> None:
        self.lay_out(tmp, stack, PASSPHRASE)
        self.run("stack", "init", stack, check=True)
        self.run("config", "set", "mailgun:apiUrl", api_url, check=True)
        self.run("config", "set", "--secret", "mailgun:apiKey", api_key, check=True)

    def read_only(self, read_key: str) -> None:
        """From now on the stack holds only ``read_key``, as mailgun:readApiKey (the way a
        CI preview job holds a read-only key)."""
        self.run("config", "rm", "mailgun:apiKey", check=True)
        self.run("config", "set", "--secret", "mailgun:readApiKey", read_key, check=True)

    def another_stack(self, stack: str) -> Workspace:
        """A second stack of this project, in the same backend and on the same account."""
        other = copy.copy(self)
        other.env = dict(self.env)
        other.stack = stack
        other.config_file = self.dir / "stacks" / f"Pulumi.{stack}.yaml"
        other.run("stack", "init", stack, check=True)
        config = json.loads(self.run("config", "--json", check=True).output)
        api_url = config["mailgun:apiUrl"]["value"]
        other.run("config", "set", "mailgun:apiUrl", api_url, check=True)
        api_key = self.run("config", "get", "mailgun:apiKey", check=True).output.strip()
        other.run("config", "set", "--secret", "mailgun:apiKey", api_key, check=True)
        return other

    def lay_out(self, tmp: Path, stack: str, passphrase: str) -> None:
        """The project files, a file backend and the environment; no stack yet."""
        self.pulumi = pulumi_or_skip()
        self.dir = tmp / "project"
        (self.dir / "stacks").mkdir(parents=True)
        shutil.copy(ROOT / "Pulumi.yaml", self.dir / "Pulumi.yaml")
        shutil.copy(ROOT / "stacks" / "__main__.py", self.dir / "stacks" / "__main__.py")
        (tmp / "backend").mkdir()
        (tmp / "home").mkdir()
        self.stack = stack
        self.config_file = self.dir / "stacks" / f"Pulumi.{stack}.yaml"
        self.env = {
            **os.environ,
            "PULUMI_BACKEND_URL": f"file://{tmp / 'backend'}",
            "PULUMI_HOME": str(tmp / "home"),
            "PULUMI_CONFIG_PASSPHRASE": passphrase,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "NO_COLOR": "1",
            # The provider's own waits (re-reads, back-off) cost nothing in tests.
            "MAILGUN_WAIT_SCALE": "0",
        }
        for name in ("MAILGUN_API_KEY", "MAILGUN_READ_API_KEY", "MAILGUN_API_URL",
                     "MAILGUN_REGION"):
            self.env.pop(name, None)

    def run(self, *args: str, check: bool = False) -> Result:
        command = [self.pulumi, *args, "--non-interactive", "--color", "never"]
        if args[:2] != ("stack", "init"):  # init names the stack itself
            command += ["--stack", self.stack]
        done = subprocess.run(command, cwd=self.dir, env=self.env, capture_output=True,
                              text=True, timeout=300, check=False)
        result = Result(done.returncode, done.stdout + done.stderr)
        if check and result.code != 0:
            raise AssertionError(
                f"pulumi {' '.join(args)} failed ({result.code}):\n{result.output}")
        return result

    def set_spec(self, spec: dict[str, Any]) -> None:
        data = yaml.safe_load(self.config_file.read_text())
        data["config"]["mailgun-infra:spec"] = spec
        self.config_file.write_text(yaml.safe_dump(data, sort_keys=False))

    def up(self, *extra: str) -> Result:
        return self.run("up", "--yes", *extra, check=True)

    def up_as_previewed(self) -> dict[str, str]:
        """Preview, then `up`: each resource's operation must be the one preview showed, so
        that what a reviewer reads is what happens. Returns them, by ``Type::name``, but
        for the resources left as they are: preview's document lists few of those."""
        previewed = changes(operations(self.run("preview", "--json", check=True).output))
        done = changes(performed(self.run("up", "--yes", "--json", check=True).output))
        assert previewed == done, f"preview showed {previewed}, up did {done}"
        return done

    def export(self, *extra: str) -> dict[str, Any]:
        exported: dict[str, Any] = json.loads(
            self.run("stack", "export", *extra, check=True).output)
        return exported

    def resources(self, type_token: str) -> dict[str, dict[str, Any]]:
        """Outputs of the stack's resources of one type, by resource name."""
        return {name: resource.get("outputs", {})
                for name, resource in self._of_type(type_token).items()}

    def ids(self, type_token: str) -> dict[str, str]:
        """The ids of the stack's resources of one type, by resource name (the state keeps
        them beside the outputs, not among them)."""
        return {name: resource["id"] for name, resource in self._of_type(type_token).items()}

    def _of_type(self, type_token: str) -> dict[str, dict[str, Any]]:
        return {resource["urn"].rsplit("::", 1)[1]: resource
                for resource in self.export()["deployment"].get("resources", [])
                if resource["type"] == type_token}


def operations(output: str) -> dict[str, str]:
    """Each of our resources' operation, by ``Type::name``, as `preview --json` shows it
    (the JSON document comes first; the engine's messages may follow it). Of `up --json`
    this is its preview: read what `up` did with ``performed``."""
    document, _ = json.JSONDecoder().raw_decode(output.lstrip())
    return {step["urn"].split("dynamic/mailgun:", 1)[1]: step["op"]
            for step in document.get("steps") or [] if "dynamic/mailgun:" in step["urn"]}


def changes(ops: dict[str, str]) -> dict[str, str]:
    return {name: op for name, op in ops.items() if op != "same"}


# The steps of one replacement, which the preview's document shows as one "replace".
REPLACEMENT_STEPS = {"replace", "create-replacement", "delete-replaced"}


def performed(output: str) -> dict[str, str]:
    """Each of our resources' operation, by ``Type::name``, as `up --json` performed it:
    from the engine's events, one JSON object a line after the document of the preview
    that `up` prints first."""
    _, end = json.JSONDecoder().raw_decode(output.lstrip())
    steps: dict[str, set[str]] = {}
    for line in output.lstrip()[end:].splitlines():
        if not line.startswith("{"):
            continue
        event = json.loads(line).get("resourcePreEvent")
        if event and "dynamic/mailgun:" in event["metadata"]["urn"]:
            name = event["metadata"]["urn"].split("dynamic/mailgun:", 1)[1]
            steps.setdefault(name, set()).add(event["metadata"]["op"])
    return {name: "replace" if ops & REPLACEMENT_STEPS else "+".join(sorted(ops))
            for name, ops in steps.items()}


def left_by_destroy(seed: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The emulator's state once ``spec`` has been applied and destroyed, from ``seed``: the
    seed, but with the IP bands the spec set, which Mailgun has no call to undo."""
    state = copy.deepcopy(seed)
    bands = {entry["ip"]: entry["ip_band"] for entry in (spec.get("ip_bands") or {}).values()}
    for ip in state["ips"]:
        if ip["ip"] in bands:
            ip["ip_band"] = bands[ip["ip"]]
    return state
