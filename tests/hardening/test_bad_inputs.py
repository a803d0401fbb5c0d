"""The bad-input corpus: rejected by the spec and by each resource's check, naming the
property and the rule; through the real CLI, all of it at one preview, nothing sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.spec import KINDS, SpecError, parse_spec
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace
from tests.hardening.bad_inputs import CASES, SPEC_CASES

PROVIDERS = {kind.key: kind.resource for kind in KINDS}


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    assert len(CASES) + len(SPEC_CASES) >= 60
    assert {case[0] for case in CASES} == set(PROVIDERS)


@pytest.mark.parametrize(("kind", "entry", "prop", "rule"), CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_spec_and_check_reject_each_bad_input(kind: str, entry: dict[str, Any], prop: str,
                                              rule: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({kind: {"bad": entry}})
    path = f"spec.{kind}.bad" + (f".{prop}" if prop else "")
    assert any(_at(p, path) and rule in p for p in caught.value.problems), \
        caught.value.problems

    provider = _provider_of(kind)
    failures = provider.check({}, {"__provider": "blob", **entry}).failures
    assert any(f.property == prop and rule.replace("unknown key", "not a property") in f.reason
               for f in failures), [(f.property, f.reason) for f in failures]


def _at(problem: str, path: str) -> bool:
    """Whether a problem is reported at ``path`` (or inside it, such as ``ips.0``)."""
    return problem.startswith(path + ":") or problem.startswith(path + ".")


def _provider_of(kind: str) -> Any:
    resource_module = __import__(PROVIDERS[kind].__module__, fromlist=["x"])
    provider_class = getattr(resource_module, PROVIDERS[kind].__name__ + "Provider")
    return provider_class()


@pytest.mark.parametrize(("spec", "path", "rule"), SPEC_CASES)
def test_spec_level_mistakes(spec: dict[str, Any], path: str, rule: str) -> None:
    if not path:
        parse_spec(spec)
        return
    with pytest.raises(SpecError) as caught:
        parse_spec(spec)
    assert any(p.startswith(path) and rule in p for p in caught.value.problems), \
        caught.value.problems


@pytest.mark.e2e
def test_one_preview_rejects_the_whole_corpus(tmp_path: Path, emulator: Emulator) -> None:
    spec: dict[str, dict[str, Any]] = {}
    for n, (kind, entry, _, _) in enumerate(CASES):
        spec.setdefault(kind, {})[f"case{n}"] = entry
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(spec)
    emulator.admin("DELETE", "/requests")
    result = ws.run("preview")
    assert result.code != 0
    missing = []
    for n, (kind, _, prop, rule) in enumerate(CASES):
        path = f"spec.{kind}.case{n}" + (f".{prop}" if prop else "")
        if not any(_at(line.strip().removeprefix("- "), path) and rule in line
                   for line in result.output.splitlines()):
            missing.append(path)
    assert missing == [], result.output
    assert emulator.requests_log() == []
