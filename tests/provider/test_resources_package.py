"""The resources package loads its modules on first use of a name (resources/__init__.py)."""

from __future__ import annotations

import subprocess
import sys

import mailgun_infra.resources as resources


def test_every_exported_name_resolves_and_providers_are_all_of_them() -> None:
    for name in resources.__all__:
        assert getattr(resources, name) is not None, name
    provider_names = {name for name in resources.__all__
                      if name.endswith("Provider") and name != "MailgunProvider"}
    assert {cls.__name__ for cls in resources.PROVIDERS} == provider_names
    assert len(resources.PROVIDERS) == len(provider_names)


def test_unpickling_one_provider_imports_only_its_module() -> None:
    """What the provider host does: import a provider's module by its pickled path."""
    probe = ("import sys, mailgun_infra.resources.webhook; "
             "print(sorted(m for m in sys.modules if m.startswith('mailgun_infra.resources.')"
             " and not m.rpartition('.')[2].startswith('_')))")
    loaded = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True,
                            text=True).stdout.strip()
    assert loaded == "['mailgun_infra.resources.webhook']"
