"""The bad-input corpus: rejected by the spec and by each resource's check, naming the
property and the rule; through the real CLI, all of it at one preview, nothing sent."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.spec import KINDS, SpecError, parse_spec
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace
from tests.hardening.bad_inputs import (
    CASES,
    CONTROL_CHARACTERS,
    LONG,
    NAME_CASES,
    NOT_BOOLEANS,
    NOT_FINITE,
    OPTION_CASES,
    SPEC_CASES,
    TEXT_RULES,
    URL,
    VALID,
    number_inputs,
    text_inputs,
)

PROVIDERS = {kind.key: kind.resource for kind in KINDS}
# A rejection quotes at most a short piece of the value: never the 100,000 characters back.
LONGEST_MESSAGE = 400


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    assert len(CASES) + len(SPEC_CASES) >= 60
    assert {case[0] for case in CASES} == set(PROVIDERS) == set(VALID)


@pytest.mark.parametrize("kind", list(VALID))
def test_each_class_of_bad_input_reaches_every_input_it_applies_to(kind: str) -> None:
    """Every string input of every kind has a case too long and one per control character;
    every number input 1e30, a negative, NaN and the infinities; every kind a non-boolean
    adopt and protect: a new input joins the corpus or fails here."""
    ours = [case for case in CASES if case[0] == kind]
    for field in text_inputs(kind):
        assert field in TEXT_RULES, f"{kind}.{field}: give the corpus its rule"
        values = [json.dumps(entry.get(field)) for _, entry, prop, _ in ours if prop == field]
        assert any(len(v) >= LONG for v in values), field
        for char in CONTROL_CHARACTERS:
            assert any(json.dumps(char)[1:-1] in v for v in values), (field, char)
    for field in number_inputs(kind):
        numbers = [entry.get(field) for _, entry, prop, _ in ours if prop == field]
        for bad in (1e30, -1, *NOT_FINITE):
            assert any(n == bad or (n != n and bad != bad) for n in numbers), (field, bad)
    for cases, option in ((ours, "adopt"), (OPTION_CASES, "protect")):
        given = [entry.get(option) for k, entry, prop, _ in cases if k == kind and prop == option]
        assert [v for v in NOT_BOOLEANS if v not in given] == [], option


@pytest.mark.parametrize(("kind", "entry", "prop", "rule"), CASES,
                         ids=[f"{c[0]}-{n}" for n, c in enumerate(CASES)])
def test_spec_and_check_reject_each_bad_input(kind: str, entry: dict[str, Any], prop: str,
                                              rule: str) -> None:
    _spec_rejects(kind, entry, prop, rule)
    provider = _provider_of(kind)
    failures = provider.check({}, {"__provider": "blob", **entry}).failures
    assert any(f.property == prop and rule.replace("unknown key", "not a property") in f.reason
               for f in failures), [(f.property, f.reason) for f in failures]
    assert all(len(f.reason) < LONGEST_MESSAGE for f in failures), failures


@pytest.mark.parametrize(("kind", "entry", "prop", "rule"), OPTION_CASES)
def test_the_spec_rejects_each_bad_option(kind: str, entry: dict[str, Any], prop: str,
                                          rule: str) -> None:
    _spec_rejects(kind, entry, prop, rule)


@pytest.mark.parametrize(("kind", "name", "rule"), NAME_CASES)
def test_the_spec_rejects_each_bad_resource_name(kind: str, name: Any, rule: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({kind: {name: VALID[kind]}})
    path = f"spec.{kind}[{_shown_key(name)}"
    assert any(_reported(p, path) and "resource name" in p and rule in p
               for p in caught.value.problems), caught.value.problems


def test_values_at_the_bounds_pass() -> None:
    """The bounds reject only what is past them: each value here is at its limit."""
    label = "a" * 63
    at_bounds: list[tuple[str, dict[str, Any]]] = [
        ("subaccounts", {"name": "x" * 255, "enabled": False, "features": {"sending": True}}),
        ("subaccounts", {"name": "Équipe d'été, 2026 (ß)"}),
        ("dedicated_ip_pools", {"name": "p", "description": "d" * 1024, "adopt": True,
                                "protect": False, "replacement_pool_id": "x" * 256}),
        ("subaccount_sending_limits", {"subaccount_id": "s", "limit": 1e12}),
        ("subaccount_sending_limits", {"subaccount_id": "s", "limit": 0.0}),
        ("account_sending_limits", {"limit": 1000.0}),
        ("account_sending_limits", {"limit": 1e12}),
        ("http_signing_keys", {"rotation": float(2**53)}),
        ("http_signing_keys", {"rotation": "r" * 255}),
        ("webhooks", {"domain": f"{label}.{label}.{label}.{'a' * 61}", "event": "opened",
                      "urls": [URL + "x" * (2048 - len(URL))]}),
        ("webhooks", {"domain": "xn--bcher-kva.Example.COM", "event": "opened",
                      "urls": [URL]}),
        ("dipp_spillovers", {"pool_id": "p", "domain": "a-b.example"}),
        ("dipp_spillovers", {"pool_id": "p", "domain": "localhost"}),
        ("account_webhooks", {"url": URL, "event_types": ["opened"], "description": ""}),
    ]
    for kind, entry in at_bounds:
        name = "x" * 128 if kind == "subaccounts" else "a-name_1"
        parse_spec({kind: {name: entry}})
        inputs = {k: v for k, v in entry.items() if k != "protect"}
        failures = _provider_of(kind).check({}, inputs).failures
        assert failures == [], (kind, [(f.property, f.reason) for f in failures])


@pytest.mark.parametrize(("spec", "path", "rule"), SPEC_CASES)
def test_spec_level_mistakes(spec: dict[str, Any], path: str, rule: str) -> None:
    if not path:
        parse_spec(spec)
        return
    with pytest.raises(SpecError) as caught:
        parse_spec(spec)
    assert any(p.startswith(path) and rule in p for p in caught.value.problems), \
        caught.value.problems


def _spec_rejects(kind: str, entry: dict[str, Any], prop: str, rule: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({kind: {"bad": entry}})
    path = f"spec.{kind}.bad" + (f".{prop}" if prop else "")
    assert any(_at(p, path) and rule in p for p in caught.value.problems), \
        caught.value.problems
    assert all(len(p) < LONGEST_MESSAGE for p in caught.value.problems), caught.value.problems


def _at(problem: str, path: str) -> bool:
    """Whether a problem is reported at ``path`` (or inside it, such as ``ips.0``)."""
    return problem.startswith(path + ":") or problem.startswith(path + ".")


def _reported(problem: str, path: str) -> bool:
    """``_at``, or for a resource name (``spec.kind['name``) a problem starting there."""
    return problem.startswith(path) if "[" in path else _at(problem, path)


def _shown_key(name: Any) -> str:
    return repr(name)[:40]


def _provider_of(kind: str) -> Any:
    resource_module = __import__(PROVIDERS[kind].__module__, fromlist=["x"])
    provider_class = getattr(resource_module, PROVIDERS[kind].__name__ + "Provider")
    return provider_class()


def _through_config(entry: Any) -> bool:
    """Whether a value can reach the program through Pulumi's config. Pulumi refuses NaN
    and infinities there itself (its own error, before the program runs), and hands the
    whole config to the program in one environment variable, which holds 128 KiB at most:
    the 100,000-character values stay in the unit tests, their rules are each met here by
    a value one character over the bound."""
    finite = all(math.isfinite(v) for v in entry.values() if isinstance(v, float)) \
        if isinstance(entry, dict) else True
    return finite and len(json.dumps(entry)) < 10_000


@pytest.mark.e2e
def test_one_preview_rejects_the_whole_corpus(tmp_path: Path, emulator: Emulator) -> None:
    spec: dict[Any, dict[Any, Any]] = {}
    expected: list[tuple[str, str]] = []
    for n, (kind, entry, prop, rule) in enumerate(c for c in CASES if _through_config(c[1])):
        spec.setdefault(kind, {})[f"case{n}"] = entry
        expected.append((f"spec.{kind}.case{n}" + (f".{prop}" if prop else ""), rule))
    for n, (kind, entry, prop, rule) in enumerate(OPTION_CASES):
        spec.setdefault(kind, {})[f"option{n}"] = entry
        expected.append((f"spec.{kind}.option{n}.{prop}", rule))
    for kind, name, rule in (c for c in NAME_CASES if _through_config(c[1])):
        spec.setdefault(kind, {})[name] = VALID[kind]
        # Pulumi's config hands a key YAML reads as no string over as text.
        arrived = json.dumps(name) if not isinstance(name, str) else name
        expected.append((f"spec.{kind}[{_shown_key(arrived)}", rule))
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(spec)
    emulator.admin("DELETE", "/requests")
    result = ws.run("preview")
    assert result.code != 0
    lines = [line.strip().removeprefix("- ") for line in result.output.splitlines()]
    missing = [path for path, rule in expected
               if not any(_reported(line, path) and rule in line for line in lines)]
    assert missing == [], result.output[-20_000:]
    assert emulator.requests_log() == []
