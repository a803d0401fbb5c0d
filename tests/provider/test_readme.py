"""README.md's resource reference cannot drift from the code: every input and output of
every resource is documented under it, and nothing documented is gone."""

from __future__ import annotations

import re

import pytest

from mailgun_infra.resources import PROVIDERS
from mailgun_infra.spec import KINDS
from tests.e2e.workspace import ROOT

README = (ROOT / "README.md").read_text()
ROW = re.compile(r"^\| `(\w+)` \|", re.MULTILINE)


def section(name: str) -> str:
    kind = next(k.key for k in KINDS if k.resource.__name__ == name)
    start = README.index(f"### {name} (`{kind}`)\n")
    end = re.compile(r"^##", re.MULTILINE).search(README, start + 4)
    return README[start:end.start() if end else len(README)]


def table(text: str, header: str) -> set[str]:
    """The names in the first column of the table whose header starts with ``header``."""
    start = text.find(f"| {header} |")
    if start < 0:
        return set()
    rows = text[start:].split("\n\n", 1)[0]
    return set(ROW.findall(rows))


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.__name__)
def test_every_input_and_output_is_documented(provider: type) -> None:
    name = provider.__name__.removesuffix("Provider")
    text = section(name)
    assert table(text, "input") == set(provider.inputs_model.model_fields)  # type: ignore[attr-defined]
    outputs: tuple[str, ...] = provider.output_fields  # type: ignore[attr-defined]
    assert table(text, "output") == set(outputs)
    if not outputs:
        assert "No computed outputs." in text


def test_every_provider_setting_is_documented() -> None:
    from mailgun_infra.config import ProviderSettings

    keys = set(re.findall(r"``(mailgun:\w+)``", ProviderSettings.__doc__ or ""))
    assert len(keys) == 7
    configuration = README[README.index("## Configuration"):]
    assert {key for key in keys if f"`{key}`" in configuration} == keys


def test_the_readme_sends_nobody_outside_the_repository() -> None:
    assert "../shared" not in README
