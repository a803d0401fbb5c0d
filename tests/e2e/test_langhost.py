"""The project's Python language host (toolchain/langhost) through the real CLI: the
`virtualenv` and `toolchain` runtime options, `pulumi install`, and stacks without config.

One virtualenv, with this repository installed editable, is made by `pulumi install` once
for the whole module and shared by every test that needs one (a full install takes
seconds to minutes; the tests themselves take a few seconds each)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.workspace import PASSPHRASE, ROOT, Result, Workspace

pytestmark = pytest.mark.e2e

# Pulumi's own template for a pip project with a virtualenv.
VENV_RUNTIME: dict[str, Any] = {
    "name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}}

# Where each part of a run found its Python: the program itself, the environment it was
# given, and a dynamic provider (started by the engine, not by the language host).
WHERE_PROGRAM = '''\
import os
import sys

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider

import mailgun_infra


class Where(ResourceProvider):
    def create(self, props):
        import sys
        return CreateResult("where", {"prefix": sys.prefix})


class Here(Resource):
    prefix: pulumi.Output[str]

    def __init__(self, name):
        super().__init__(Where(), name, {"prefix": None})


pulumi.export("prefix", sys.prefix)
pulumi.export("virtual_env", os.environ.get("VIRTUAL_ENV"))
pulumi.export("mailgun_infra", mailgun_infra.__file__)
pulumi.export("provider_prefix", Here("here").prefix)
'''

TRIVIAL_PROGRAM = 'import pulumi\n\npulumi.export("answer", 42)\n'


class Project(Workspace):
    """A project of the test's own (Pulumi.yaml and files at its root, no `main`), with the
    same file backend and environment as the project's other e2e tests."""

    def __init__(self, tmp: Path, runtime: Any, files: dict[str, str],
                 stack: str = "t") -> None:
        self.lay_out(tmp, stack, PASSPHRASE)
        shutil.rmtree(self.dir / "stacks")
        self.config_file = self.dir / f"Pulumi.{stack}.yaml"
        project = {"name": "langhost-test", "runtime": runtime}
        (self.dir / "Pulumi.yaml").write_text(yaml.safe_dump(project, sort_keys=False))
        for name, text in files.items():
            (self.dir / name).write_text(text)
        self.run("stack", "init", stack, check=True)

    def install(self) -> Result:
        """`pulumi install`, which takes no --stack."""
        done = subprocess.run(
            [self.pulumi, "install", "--non-interactive", "--color", "never"],
            cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=600,
            check=False)
        return Result(done.returncode, done.stdout + done.stderr)

    def outputs(self) -> dict[str, Any]:
        outputs: dict[str, Any] = json.loads(
            self.run("stack", "output", "--json", check=True).output)
        return outputs


def stack_settings(ws: Workspace) -> dict[str, Any]:
    """The stack's Pulumi.<stack>.yaml: `stack init` writes only the encryption salt."""
    settings: dict[str, Any] = yaml.safe_load(ws.config_file.read_text())
    return settings


@pytest.fixture(scope="module")
def venv_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Result]:
    """A project with Pulumi's pip template options, after one `pulumi install`."""
    project = Project(tmp_path_factory.mktemp("venv"), VENV_RUNTIME, {
        "__main__.py": WHERE_PROGRAM,
        # An absolute path, so the venv gets this checkout wherever the test runs.
        "requirements.txt": f"-e {ROOT}\n",
    })
    return project, project.install()


def test_install_creates_the_virtualenv_and_the_program_runs_in_it(
        venv_project: tuple[Project, Result]) -> None:
    project, installed = venv_project
    venv = project.dir / "venv"
    assert installed.code == 0, installed.output
    assert f"Creating the virtualenv {venv}" in installed.output
    assert f"Installing {project.dir / 'requirements.txt'} into {venv}" in installed.output
    assert "Successfully installed" in installed.output  # pip's own output, streamed
    assert (venv / "bin" / "python").exists()

    project.run("preview", check=True)
    project.up()
    assert project.outputs() == {
        "prefix": str(venv),
        "virtual_env": str(venv),
        "mailgun_infra": str(ROOT / "provider" / "mailgun_infra" / "__init__.py"),
        "provider_prefix": str(venv),
    }


def test_a_policy_pack_runs_in_its_virtualenv(tmp_path: Path,
                                              venv_project: tuple[Project, Result]) -> None:
    """PulumiPolicy.yaml takes the same options; an absolute path works too."""
    if venv_project[1].code != 0:
        pytest.skip("pulumi install failed (see the test above)")
    venv = venv_project[0].dir / "venv"
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "PulumiPolicy.yaml").write_text(yaml.safe_dump({
        "runtime": {"name": "python", "options": {"toolchain": "pip", "virtualenv": str(venv)}},
        "description": "reports the Python it runs with", "version": "0.0.1"}))
    (pack / "__main__.py").write_text(
        "import sys\n"
        "from pulumi_policy import EnforcementLevel, PolicyPack, StackValidationPolicy\n"
        "PolicyPack('where', policies=[StackValidationPolicy(\n"
        "    name='where', description='d', enforcement_level=EnforcementLevel.ADVISORY,\n"
        "    validate=lambda args, report: report(f'python is {sys.prefix}'))])\n")
    project = Project(tmp_path / "p", "python", {"__main__.py": TRIVIAL_PROGRAM})
    result = project.run("preview", "--policy-pack", str(pack), check=True)
    assert f"python is {venv}" in result.output


# Reports what a pack knows of the stack it checks, and where it runs.
STACK_PACK = """\
import os

import pulumi
from pulumi_policy import EnforcementLevel, PolicyPack, StackValidationPolicy


def where(args, report):
    report(f"stack={pulumi.get_stack()} project={pulumi.get_project()} "
           f"greeting={pulumi.Config().get('greeting')} cwd={os.getcwd()}")


PolicyPack("where", policies=[StackValidationPolicy(
    name="where", description="d", enforcement_level=EnforcementLevel.ADVISORY,
    validate=where)])
"""


def test_a_policy_pack_learns_the_stack_it_checks(tmp_path: Path) -> None:
    """As under Pulumi's own host: the pack runs in its folder, with the stack's name,
    project and config in its environment (pulumi.get_stack(), pulumi.Config())."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "PulumiPolicy.yaml").write_text(yaml.safe_dump({
        "runtime": "python", "description": "reports the stack", "version": "0.0.1"}))
    (pack / "__main__.py").write_text(STACK_PACK)
    project = Project(tmp_path / "p", "python", {"__main__.py": TRIVIAL_PROGRAM})
    project.run("config", "set", "greeting", "hello", check=True)
    result = project.run("preview", "--policy-pack", str(pack), check=True)
    assert f"stack=t project=langhost-test greeting=hello cwd={pack}" in result.output, \
        result.output


def test_a_missing_virtualenv_says_to_run_pulumi_install(tmp_path: Path) -> None:
    project = Project(tmp_path, VENV_RUNTIME, {"__main__.py": TRIVIAL_PROGRAM})
    result = project.run("preview")
    assert result.code != 0
    assert (f"the virtualenv {project.dir / 'venv'} (runtime option virtualenv) does not exist"
            in result.output), result.output
    assert "run `pulumi install`" in result.output
    assert "Traceback" not in result.output


def test_other_toolchains_are_refused_by_name(tmp_path: Path) -> None:
    runtime = {"name": "python", "options": {"toolchain": "poetry"}}
    project = Project(tmp_path, runtime, {"__main__.py": TRIVIAL_PROGRAM})
    refused = "runtime option toolchain: poetry is not supported"
    preview = project.run("preview")
    assert preview.code != 0 and refused in preview.output, preview.output
    install = project.install()
    assert install.code != 0 and refused in install.output, install.output


def test_without_a_virtualenv_install_says_it_installs_nothing(tmp_path: Path) -> None:
    project = Project(tmp_path, "python", {"__main__.py": TRIVIAL_PROGRAM})
    result = project.install()
    assert result.code == 0, result.output
    assert "no runtime option virtualenv, so nothing to install" in result.output
    assert not (project.dir / "venv").exists()


def test_a_stack_without_config_previews_and_ups(tmp_path: Path) -> None:
    project = Project(tmp_path, "python", {"__main__.py": TRIVIAL_PROGRAM})
    assert "config" not in stack_settings(project)
    project.run("preview", check=True)
    project.up()
    assert project.outputs() == {"answer": 42}


def test_the_project_program_without_config(tmp_path: Path) -> None:
    """No config at all: an empty spec, nothing to declare, a clean run. A spec without
    mailgun:apiKey previews (preview calls no API) and `up` stops with the missing key
    named, not a traceback."""
    ws = Workspace.__new__(Workspace)
    ws.lay_out(tmp_path, "bare", PASSPHRASE)
    ws.run("stack", "init", "bare", check=True)
    assert "config" not in stack_settings(ws)
    ws.run("preview", check=True)
    ws.up()
    assert [r["type"] for r in ws.export()["deployment"]["resources"]] == ["pulumi:pulumi:Stack"]

    ws.run("config", "set", "--path", "mailgun-infra:spec.subaccounts.acme.name", "Acme",
           check=True)
    ws.run("preview", check=True)
    result = ws.run("up", "--yes")
    assert result.code != 0
    assert "no Mailgun API key: run `pulumi config set --secret mailgun:apiKey KEY`" \
        in result.output, result.output
    assert "Traceback" not in result.output
