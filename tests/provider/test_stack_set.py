"""`ci preview|up|drift` over several stacks, in process with the CLI faked: the stacks a
glob names, a review each then the total, the worst exit code, one failing stack not
stopping the next."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pulumi import automation as auto

from mailgun_infra import ci, drift, stack_set
from mailgun_infra.stack_set import NoSuchStacks, Total, stack_names, worst

STACKS = ["big-account", "big-domains-01", "big-domains-02", "org/other"]


@pytest.fixture
def project(monkeypatch: pytest.MonkeyPatch) -> None:
    class Workspace:
        def __init__(self, work_dir: str) -> None:
            pass

        def list_stacks(self) -> list[Any]:
            return [SimpleNamespace(name=name) for name in STACKS]

    monkeypatch.setattr(stack_set.auto, "LocalWorkspace", Workspace)


def test_names_and_globs_give_each_stack_once_in_order(project: None) -> None:
    assert stack_names(["big-domains-*", "big-account", "big-domains-01"], ".") == \
        ["big-domains-01", "big-domains-02", "big-account"]
    assert stack_names(["oth?r"], ".") == ["org/other"]
    # A plain name is taken as it is: the CLI says whether it exists.
    assert stack_names(["nowhere"], ".") == ["nowhere"]
    with pytest.raises(NoSuchStacks, match="'prod-\\*'"):
        stack_names(["prod-*"], ".")


def test_the_worst_code_follows_the_given_order() -> None:
    assert worst([0, 3, 5, 0], ci.WORST_FIRST) == 5
    assert worst([3, 1, 2], ci.WORST_FIRST) == 2
    assert worst([0, 0], ci.WORST_FIRST) == 0
    assert worst([4, 1], (1, 4)) == 1


def test_the_total_sums_the_counts_of_every_stack() -> None:
    total = Total("preview")
    total.add("a", 0, {"same": 0, "create": 2})
    total.add("b", 3, {"create": 1, "delete": 1})
    text = total.markdown(3)
    assert "| `a` | 0 | 2 create |" in text and "| `b` | 3 | 1 create, 1 delete |" in text
    assert "All stacks: 3 create, 1 delete; exit code 3, the worst." in text
    assert total.to_json(3, [])["counts"] == {"create": 3, "delete": 1, "same": 0}


class FakeStack:
    """A stack whose preview shows ``ops`` (one resource each), or fails."""

    def __init__(self, name: str, ops: list[str] | None) -> None:
        self.name, self.ops, self.updated = name, ops, False

    def _events(self, on_event: Any) -> None:
        if self.ops is None:
            raise auto.CommandError(auto.CommandResult(
                stdout="", stderr=f"error: {self.name} broke", code=255))
        for n, op in enumerate(self.ops):
            meta = SimpleNamespace(type="mailgun-infra:index:Webhook", op=SimpleNamespace(
                value=op), urn=f"urn:pulumi:s::p::mailgun-infra:index:Webhook::w{n}",
                keys=None, diffs=["urls"], detailed_diff=None, old=None, new=None)
            on_event(SimpleNamespace(resource_pre_event=SimpleNamespace(metadata=meta),
                                     policy_event=None))

    def preview(self, on_event: Any, **_: Any) -> None:
        self._events(on_event)

    def up(self, on_event: Any, **_: Any) -> None:
        self.updated = True
        self._events(on_event)


def fake_stacks(monkeypatch: pytest.MonkeyPatch,
                plans: dict[str, list[str] | None]) -> dict[str, FakeStack]:
    stacks = {name: FakeStack(name, ops) for name, ops in plans.items()}
    monkeypatch.setattr(ci.auto, "select_stack", lambda name, work_dir: stacks[name])
    return stacks


def test_up_over_several_stacks_goes_on_after_one_fails_and_exits_the_worst(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    stacks = fake_stacks(monkeypatch, {"a": ["create", "same"], "b": None,
                                       "c": ["update", "delete"]})
    code = ci.main(["up", "--stack", "a", "--stack", "b", "--stack", "c", "--json",
                    str(tmp_path / "r.json"), "--fail-on-replace"])
    out = capsys.readouterr().out
    assert code == ci.ERROR
    # c's delete stops its own update only (exit 3); b's error is worse and wins.
    assert (stacks["a"].updated, stacks["c"].updated) == (True, False)
    assert out.index("of stack `a`") < out.index("of stack `b`") < out.index("of stack `c`")
    assert "**Error:** stderr: error: b broke" in out
    assert "| `c` | 3 | 1 delete, 1 update |" in out
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["exit_code"] == 1 and [s["stack"] for s in data["stacks"]] == ["a", "b", "c"]
    assert data["counts"] == {"create": 1, "delete": 1, "update": 1}


def test_one_stack_keeps_its_review_alone(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    fake_stacks(monkeypatch, {"a": ["create"]})
    assert ci.main(["preview", "--stack", "a"]) == 0
    assert "Total" not in capsys.readouterr().out


def test_a_glob_that_matches_nothing_is_an_error(project: None, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert ci.main(["preview", "--stack", "prod-*"]) == ci.ERROR
    assert drift.main(["--stack", "prod-*"]) == drift.ERROR
    assert capsys.readouterr().out.count("no stack of the project matches 'prod-*'") == 2


def test_drift_over_several_stacks_exits_the_worst(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)

    class Refreshed:
        def __init__(self, deleted: int) -> None:
            self.deleted = deleted

        def preview_refresh(self, on_event: Any, **_: Any) -> None:
            for n in range(self.deleted):
                meta = SimpleNamespace(type="mailgun-infra:index:Webhook", op=SimpleNamespace(
                    value="delete"), urn=f"urn:pulumi:s::p::mailgun-infra:index:Webhook::w{n}")
                on_event(SimpleNamespace(res_outputs_event=SimpleNamespace(metadata=meta)))

    stacks = {"a": Refreshed(0), "b": Refreshed(2)}
    monkeypatch.setattr(drift.auto, "select_stack", lambda name, work_dir: stacks[name])
    assert drift.main(["--stack", "a", "--stack", "b"]) == drift.DRIFTED
    out = capsys.readouterr().out
    assert "| `b` | 4 | 2 drifted, 2 read |" in out and "| `a` | 0 | none |" in out
