"""The table of Mailgun's answers the provider interprets (``mailgun_infra.answers``): every
entry is used by a resource, shown in README, and either checked live by a read or named
as one only a write shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailgun_infra import answers
from tests.e2e.workspace import ROOT
from tests.live.test_answers import PROBES, WRITES_ONLY

RESOURCES = Path(answers.__file__).parent / "resources"
NAMES = [name for name, value in vars(answers).items() if isinstance(value, answers.Answer)]


def test_the_table_lists_every_answer() -> None:
    assert {getattr(answers, name) for name in NAMES} == set(answers.ANSWERS)


@pytest.mark.parametrize("name", NAMES)
def test_a_resource_uses_it(name: str) -> None:
    used = [path.name for path in RESOURCES.glob("*.py")
            if f"answers.{name}" in path.read_text()]
    assert used, f"answers.{name} is in the table, and no resource reads it"


def test_readme_shows_the_table() -> None:
    readme = (ROOT / "README.md").read_text()
    for row in answers.readme_rows():
        assert row in readme


def test_each_answer_is_checked_live_or_named_as_shown_by_writes_only() -> None:
    probed = {answer for answer, _ in PROBES.values()}
    assert probed | WRITES_ONLY | {answers.SUBACCOUNT_CLOSED} == set(answers.ANSWERS)
    assert not probed & WRITES_ONLY
