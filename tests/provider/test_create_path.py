"""The base's one create path (resources/_base.py), with a provider that records its hooks
and needs no Mailgun: what it does when the object is there, when it is not, when Mailgun
refuses the write because it is, and when the step after the write fails."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import Field

from mailgun_infra.client import NotFound
from mailgun_infra.resources._base import AlreadyThere, Found, Inputs, Live, MailgunProvider
from mailgun_infra.resources._ids import IdFormat


class NoteArgs(Inputs):
    name: str = Field(description="The note's name.")


class Recording(MailgunProvider[NoteArgs]):
    inputs_model = NoteArgs
    id_format = IdFormat("Note", "{name}")

    def __init__(self, found: Found | None = None, refused_with: Found | None = None,
                 after_write_fails: bool = False, undo_fails: Exception | None = None) -> None:
        super().__init__()
        self.found, self.refused_with = found, refused_with
        self.after_write_fails, self.undo_fails = after_write_fails, undo_fails
        self.calls: list[str] = []

    def existing(self, args: NoteArgs) -> Found | None:
        self.calls.append("existing")
        return self.found

    def write(self, args: NoteArgs) -> tuple[str, Live | None]:
        self.calls.append("write")
        if self.refused_with is not None:
            raise AlreadyThere(self.refused_with)
        return f"id-{args.name}", {"made": True}

    def after_write(self, id_: str, args: NoteArgs, live: Live | None) -> Live | None:
        self.calls.append("after_write")
        if self.after_write_fails:
            raise RuntimeError("the second call failed")
        return live

    def adopt(self, found: Found, args: NoteArgs) -> Live | None:
        self.calls.append("adopt")
        return found.live

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.calls.append(f"remove {id_}")
        if self.undo_fails is not None:
            raise self.undo_fails


THERE = Found("id-x", "a note named 'x'", "id-x", live={"there": True})


def test_nothing_there_writes_then_completes() -> None:
    provider = Recording()
    result = provider.create({"name": "x"})
    assert (result.id, provider.calls) == ("id-x", ["existing", "write", "after_write"])


def test_something_there_is_refused_unless_adopting() -> None:
    provider = Recording(found=THERE)
    with pytest.raises(RuntimeError, match=r"^a note named 'x' already exists \(id-x\): "
                                           "set adopt=True to manage it"):
        provider.create({"name": "x"})
    assert provider.calls == ["existing"]


def test_adopting_takes_it_over_without_a_write(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_ADOPT_MANAGED_ELSEWHERE", "1")
    provider = Recording(found=THERE)
    result = provider.create({"name": "x", "adopt": True})
    assert (result.id, provider.calls) == ("id-x", ["existing", "adopt"])


def test_a_write_refused_because_it_exists_goes_on_as_if_found() -> None:
    provider = Recording(refused_with=THERE)
    with pytest.raises(RuntimeError, match="already exists"):
        provider.create({"name": "x"})
    assert provider.calls == ["existing", "write"]


def test_what_is_the_resources_to_set_needs_no_adopt() -> None:
    provider = Recording(found=Found("id-x", "a note named 'x'", "", taken=False))
    assert provider.create({"name": "x"}).id == "id-x"
    assert provider.calls == ["existing", "adopt"]


def test_several_matches_are_refused_even_when_adopting() -> None:
    provider = Recording(found=Found("a", "a note named 'x'", "a, b", matches=("a", "b")))
    with pytest.raises(RuntimeError, match=r"^adopt: Mailgun has 2 matches for a note named "
                                           r"'x' \(a, b\)"):
        provider.create({"name": "x", "adopt": True})


def test_a_failed_step_after_the_write_undoes_it() -> None:
    provider = Recording(after_write_fails=True)
    with pytest.raises(RuntimeError, match=r"^the second call failed$"):
        provider.create({"name": "x"})
    assert provider.calls == ["existing", "write", "after_write", "remove id-x"]


def test_an_undo_that_finds_nothing_is_done() -> None:
    provider = Recording(after_write_fails=True,
                         undo_fails=NotFound(404, "DELETE", "/notes/x", "gone"))
    with pytest.raises(RuntimeError, match=r"^the second call failed$"):
        provider.create({"name": "x"})


def test_a_failed_undo_says_what_is_left_in_mailgun() -> None:
    provider = Recording(after_write_fails=True, undo_fails=RuntimeError("503"))
    with pytest.raises(RuntimeError, match=r"^the second call failed; deleting the Note id-x "
                                           r"this create made failed too \(503\): delete it "
                                           "in Mailgun$"):
        provider.create({"name": "x"})
