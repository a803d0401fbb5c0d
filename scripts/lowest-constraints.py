"""Prints pip constraints that hold every dependency of pyproject.toml at its lower bound.

./dev installs with them, so the main CI job tests the oldest releases the package claims
to support; `./dev test-compat` tests the newest. A requirement without a lower bound, or
this package's own extras, constrains nothing.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

LOWER_BOUND = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*>=\s*([^,;\s]+)")


def main() -> int:
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml")
                            .read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    for requirement in requirements:
        found = LOWER_BOUND.match(requirement)
        if found and found.group(1) != project["name"]:
            print(f"{found.group(1)}=={found.group(2)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
