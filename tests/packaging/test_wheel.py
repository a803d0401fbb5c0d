"""The built wheel in a user's own Pulumi project, outside this checkout.

A fresh virtualenv gets the newest ``pulumi`` from the package index first (or
PULUMI_SDK_NEWEST), then the wheel: the install keeps that pulumi and brings no web
framework. A project of the user's, its Pulumi.yaml naming that virtualenv in
``runtime.options.virtualenv``, declares two DIPPs and previews, ups and destroys them
against the emulator; the pack installed with the wheel (``mailgun-infra policy-pack``)
stops a violation, through the CLI and as the default of ``mailgun-infra ci preview``. The
CLI runs with no Python of ours on PATH: only the runtime options find the virtualenv.

Runs where MAILGUN_INFRA_WHEEL names the wheel: ``./dev test-compat`` builds it and sets it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import Emulator
from tests.e2e.workspace import PASSPHRASE, ROOT, pulumi_or_skip

pytestmark = pytest.mark.e2e

WHEEL = os.environ.get("MAILGUN_INFRA_WHEEL")
POOLS = {
    "transactional": {"name": "transactional", "description": "Receipts",
                      "ips": ["192.0.2.10", "192.0.2.11"]},
    "marketing": {"name": "marketing", "description": "Newsletters", "ips": ["192.0.2.12"]},
}
# 192.0.2.10 in both DIPPs: the pack's mandatory ip-in-one-dipp rule stops it.
VIOLATING = {**POOLS, "marketing": {**POOLS["marketing"], "ips": ["192.0.2.10", "192.0.2.12"]}}
PROGRAM = '''\
import json
from pathlib import Path

from mailgun_infra import DedicatedIpPool

for name, pool in json.loads(Path("pools.json").read_text()).items():
    DedicatedIpPool(name, **pool)
'''
WEB_FRAMEWORKS = {"flask", "werkzeug", "django", "fastapi", "starlette"}


# The user's machine: none of this checkout on the module path, no other virtualenv.
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def readme_own_rules() -> str:
    """The pack's __main__.py that README shows under "Your own rules beside ours"."""
    section = (ROOT / "README.md").read_text().split("**Your own rules beside ours.**", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def run(*command: str | Path, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd,
                          env=CLEAN_ENV if env is None else env,
                          capture_output=True, text=True, timeout=600, check=False)


def installed(venv: Path) -> dict[str, str]:
    done = run(venv / "bin" / "python", "-m", "pip", "list", "--format", "json",
               "--disable-pip-version-check")
    assert done.returncode == 0, done.stderr
    return {p["name"].lower(): p["version"] for p in json.loads(done.stdout)}


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not WHEEL:
        if os.environ.get("MAILGUN_INFRA_REQUIRE_WHEEL") == "1":
            pytest.fail("MAILGUN_INFRA_WHEEL is not set: ./dev test-compat builds the wheel")
        pytest.skip("no built wheel: ./dev test-compat builds one and runs this")
    venv = tmp_path_factory.mktemp("user") / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    newest = os.environ.get("PULUMI_SDK_NEWEST")
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check"]
    done = run(*pip, f"pulumi=={newest}" if newest else "pulumi")
    assert done.returncode == 0, done.stdout + done.stderr
    before = installed(venv)["pulumi"]
    done = run(*pip, WHEEL)
    assert done.returncode == 0, done.stdout + done.stderr
    after = installed(venv)
    assert after["pulumi"] == before, f"installing the wheel moved pulumi {before} -> {after}"
    assert after["mailgun-infra"]
    assert not WEB_FRAMEWORKS & set(after), sorted(WEB_FRAMEWORKS & set(after))
    return venv


class UserProject:
    def __init__(self, tmp: Path, venv: Path, emulator: Emulator) -> None:
        self.venv = venv
        self.dir = tmp / "mail-infra"
        self.dir.mkdir()
        (self.dir / "Pulumi.yaml").write_text(yaml.safe_dump({
            "name": "mail-infra",
            "runtime": {"name": "python", "options": {"virtualenv": str(venv)}}}))
        (self.dir / "__main__.py").write_text(PROGRAM)
        (tmp / "backend").mkdir()
        (tmp / "home").mkdir()
        # The CLI's folder and the system's: a python3 there has no pulumi, so anything
        # that ran the user's Python from PATH would fail.
        path = os.pathsep.join([str(Path(pulumi_or_skip()).parent), "/usr/bin", "/bin"])
        self.env = {"PATH": path, "HOME": str(tmp / "home"),
                    "PULUMI_HOME": str(tmp / "home"),
                    "PULUMI_BACKEND_URL": f"file://{tmp / 'backend'}",
                    "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                    "PULUMI_SKIP_UPDATE_CHECK": "true",
                    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                    "NO_COLOR": "1", "MAILGUN_WAIT_SCALE": "0"}
        self.pools(POOLS)
        self.pulumi("stack", "init", "prod", check=True)
        self.pulumi("config", "set", "mailgun:apiUrl", emulator.url, check=True)
        self.pulumi("config", "set", "--secret", "mailgun:apiKey", emulator.api_key,
                    check=True)

    def pools(self, pools: dict[str, object]) -> None:
        (self.dir / "pools.json").write_text(json.dumps(pools))

    def pulumi(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        done = run("pulumi", *args, "--non-interactive", "--color", "never",
                   cwd=self.dir, env=self.env)
        if check:
            assert done.returncode == 0, f"pulumi {args}:\n{done.stdout}{done.stderr}"
        return done

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run(self.venv / "bin" / "mailgun-infra", *args, cwd=self.dir, env=self.env)


def test_a_user_project_deploys_with_the_wheel_and_its_pack_stops_a_violation(
        tmp_path: Path, user_venv: Path, emulator: Emulator) -> None:
    seed = emulator.state()
    project = UserProject(tmp_path, user_venv, emulator)
    located = project.command("policy-pack")
    assert located.returncode == 0, located.stderr
    pack = Path(located.stdout.strip())
    assert pack == user_venv / "share" / "mailgun-infra" / "policy-pack"

    project.pulumi("preview", "--policy-pack", str(pack), check=True)
    project.pulumi("up", "--yes", "--policy-pack", str(pack), check=True)
    pools = {p["name"]: p["ips"] for p in emulator.state()["ip_pools"]}
    assert {name: pools.get(name) for name in POOLS} == {
        name: pool["ips"] for name, pool in POOLS.items()}

    project.pools(VIOLATING)
    stopped = project.pulumi("preview", "--policy-pack", str(pack))
    assert stopped.returncode != 0
    assert "mandatory" in stopped.stdout and "ip-in-one-dipp" in stopped.stdout, stopped.stdout

    review = project.command("ci", "preview", "--stack", "prod", "--json", "review.json")
    assert review.returncode == 2, review.stdout + review.stderr
    violations = json.loads((project.dir / "review.json").read_text())["violations"]
    assert {v["policy"] for v in violations} == {"ip-in-one-dipp"}
    assert all(v["severity"] and v["remediation"] for v in violations), violations

    # README's rules of the user's own beside ours: a copy of the pack, its virtualenv
    # named relative to the copy, README's __main__.py.
    copy = project.dir / "policies"
    shutil.copytree(pack, copy)
    settings = yaml.safe_load((copy / "PulumiPolicy.yaml").read_text())
    settings["runtime"]["options"]["virtualenv"] = os.path.relpath(user_venv, copy)
    (copy / "PulumiPolicy.yaml").write_text(yaml.safe_dump(settings))
    (copy / "__main__.py").write_text(readme_own_rules())
    project.pools({**VIOLATING, "marketing": {**VIOLATING["marketing"], "name": "Marketing"}})
    review = project.command("ci", "preview", "--stack", "prod", "--policy-pack", "policies",
                             "--json", "review.json")
    assert review.returncode == 2, review.stdout + review.stderr
    violations = json.loads((project.dir / "review.json").read_text())["violations"]
    by_policy = {v["policy"]: v for v in violations}
    assert set(by_policy) == {"ip-in-one-dipp", "dipp-names-lower-case"}, violations
    assert by_policy["ip-in-one-dipp"]["remediation"], "ours lost their remediation"

    project.pools(POOLS)
    project.pulumi("destroy", "--yes", check=True)
    assert emulator.state() == seed
