"""One lifecycle for every resource, through the real CLI against the emulator.

create → assert the emulator → update in place → assert → change it out of band →
``refresh`` records the drift → ``up`` repairs it → ``preview --expect-no-changes`` →
``destroy`` → the emulator is back to its seed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

Live = Callable[[Emulator], Any]


@dataclass
class Lifecycle:
    kind: str                     # the spec key, e.g. "ip_warmups"
    type_token: str
    name: str                     # the Pulumi resource name
    create: dict[str, Any]
    expect_create: Any
    update: dict[str, Any]
    expect_update: Any
    live: Live                    # what of the emulator's state the resource owns
    drift: Callable[[Emulator], None]
    expect_drift: Any
    # Other resources the one under test needs (spec kinds → entries).
    context: dict[str, dict[str, Any]] = field(default_factory=dict)


def _spec(lc: Lifecycle, entry: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(lc.context)
    spec.setdefault(lc.kind, {})[lc.name] = entry
    return spec


def run_lifecycle(tmp_path: Path, emulator: Emulator, lc: Lifecycle) -> None:
    seed = emulator.state()
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)

    ws.set_spec(_spec(lc, lc.create))
    ws.up()
    assert lc.live(emulator) == lc.expect_create, "after create"

    ws.set_spec(_spec(lc, lc.update))
    before_update = ws.resources(lc.type_token)[lc.name]
    ws.up()
    assert lc.live(emulator) == lc.expect_update, "after update"
    after_update = ws.resources(lc.type_token)[lc.name]
    assert before_update.get("id", lc.name) == after_update.get("id", lc.name)

    lc.drift(emulator)
    assert lc.live(emulator) == lc.expect_drift, "after the out-of-band change"
    ws.run("refresh", "--yes", check=True)
    refreshed = ws.resources(lc.type_token).get(lc.name)
    assert refreshed != after_update, "refresh did not record the drift"

    ws.up()
    assert lc.live(emulator) == lc.expect_update, "after the repair"
    ws.run("preview", "--expect-no-changes", check=True)

    ws.run("destroy", "--yes", check=True)
    assert emulator.state() == seed, "destroy did not bring the emulator back to its seed"
