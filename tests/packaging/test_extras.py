"""The library needs no web framework: only the emulator (``mailgun-infra[emulator]``)
imports Flask. Checked in a fresh interpreter where importing Flask or Werkzeug fails, the
way it does in a user's environment that installed the package without the extra."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.e2e.workspace import ROOT

# Refuses the web framework's imports, then runs the snippet: an import of Flask anywhere
# beneath it fails the snippet.
WITHOUT_FLASK = """\
import importlib.abc, sys
class NoWebFramework(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("flask", "werkzeug"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None
sys.meta_path.insert(0, NoWebFramework())
"""

LIBRARY = """\
import mailgun_infra, mailgun_infra.resources, mailgun_infra.cli, mailgun_infra.ci
import mailgun_infra.discover, mailgun_infra.client, mailgun_infra.lookups, mailgun_policies
for name in mailgun_infra.__all__:
    getattr(mailgun_infra, name)
assert not {"flask", "werkzeug"} & set(sys.modules), sorted(sys.modules)
print("ok")
"""


def run(snippet: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_FLASK + snippet], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_library_and_its_resources_import_without_flask() -> None:
    done = run(LIBRARY)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


def test_the_check_catches_an_import_of_flask() -> None:
    done = run("import mailgun_infra.emulator\n")
    assert done.returncode != 0
    assert "No module named 'flask'" in done.stderr


def test_flask_is_a_dependency_of_the_emulator_extra_only() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    def named(requirements: list[str]) -> set[str]:
        return {r.split(">")[0].split("=")[0].split("[")[0].strip().lower() for r in requirements}
    assert "flask" not in named(project["dependencies"])
    assert "flask" in named(project["optional-dependencies"]["emulator"])
