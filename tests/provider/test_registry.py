"""Every kind the registry lists (``resources.RESOURCES``) is whole: declared by the stack
spec, read by discover, documented in README's resource reference, and taken through a
real-CLI lifecycle. A kind registered without one of them fails here, by name."""

from __future__ import annotations

import pytest

from mailgun_infra.discover.reader import reader_of
from mailgun_infra.resources import RESOURCES, Registered
from mailgun_infra.spec import KINDS, parse_spec
from tests.e2e.test_lifecycles import GROUPS, LIFECYCLES, OWN_TESTS
from tests.e2e.workspace import ROOT

README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda r: r.key)
def test_the_stack_spec_declares_it(kind: Registered) -> None:
    assert kind.key in {k.key for k in KINDS}
    assert parse_spec({kind.key: {}}).entries(kind.key) == {}


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda r: r.key)
def test_discover_has_a_reader(kind: Registered) -> None:
    assert callable(reader_of(kind.key))


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda r: r.key)
def test_readme_has_a_section(kind: Registered) -> None:
    assert f"\n### {kind.resource.__name__} (`{kind.key}`)\n" in README


@pytest.mark.parametrize("kind", RESOURCES, ids=lambda r: r.key)
def test_a_real_cli_lifecycle_takes_it_through(kind: Registered) -> None:
    rows = {row().kind for row in LIFECYCLES.values()}
    assert kind.key in rows | set(OWN_TESTS)


def test_every_lifecycle_row_runs_in_one_group() -> None:
    grouped = [row for rows in GROUPS.values() for row in rows]
    assert sorted(grouped) == sorted(LIFECYCLES), "a row in no group, or in two"
