"""One lifecycle for every resource, through the real CLI against the emulator.

create → assert the emulator → update in place, where something can change (same id, and
preview showed the update `up` made) → assert → change it out of band → ``refresh``
records the drift → ``up`` repairs it, as previewed →
``preview --expect-no-changes`` → ``destroy`` → the emulator is back to its seed (but
for what the resource documents that destroy leaves).
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
GONE = "gone"


@dataclass
class Lifecycle:
    kind: str                     # the spec key, e.g. "ip_warmups"
    type_token: str
    name: str                     # the Pulumi resource name
    create: dict[str, Any]
    expect_create: Any
    live: Live                    # what of the emulator's state the resource owns
    drift: Callable[[Emulator], None]
    expect_drift: Any
    # What refresh records after the drift: outputs that changed (a subset), or GONE.
    refreshed: dict[str, Any] | str
    # An in-place change, for resources that have one; None where nothing can change.
    update: dict[str, Any] | None = None
    expect_update: Any = None
    # Other resources the one under test needs (spec kinds → entries).
    context: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Whether ``up`` restores what the spec declares after the drift; False where the
    # resource documents that it cannot (the account's signing key is not given back).
    repairs: bool = True
    # The keys of the emulator's state that destroy leaves as they are, as the resource
    # documents (the account keeps its signing key).
    destroy_leaves: tuple[str, ...] = ()
    # Emulator settings for the run (``POST /_emulator/settings``), e.g. Mailgun's lag.
    emulator_settings: dict[str, Any] = field(default_factory=dict)


def _spec(lc: Lifecycle, entry: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(lc.context)
    spec.setdefault(lc.kind, {})[lc.name] = entry
    return spec


def run_lifecycle(tmp_path: Path, emulator: Emulator, lc: Lifecycle) -> None:
    seed = emulator.state()
    if lc.emulator_settings:
        emulator.admin("POST", "/settings", json=lc.emulator_settings)
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)

    ws.set_spec(_spec(lc, lc.create))
    ws.up()
    assert lc.live(emulator) == lc.expect_create, "after create"
    declared = lc.expect_create

    if lc.update is not None:
        created_id = ws.ids(lc.type_token)[lc.name]
        ws.set_spec(_spec(lc, lc.update))
        done = ws.up_as_previewed()
        assert done[lc.type_token.split(":")[-1] + "::" + lc.name] == "update"
        assert lc.live(emulator) == lc.expect_update, "after update"
        assert ws.ids(lc.type_token)[lc.name] == created_id, "the update replaced the resource"
        declared = lc.expect_update

    lc.drift(emulator)
    # In a user's account an out-of-band change lands long before the next refresh.
    emulator.backend.apply_pending_writes()
    assert lc.live(emulator) == lc.expect_drift, "after the out-of-band change"
    ws.run("refresh", "--yes", check=True)
    refreshed = ws.resources(lc.type_token)
    if lc.refreshed == GONE:
        assert lc.name not in refreshed, "refresh kept a resource that is gone"
    else:
        assert isinstance(lc.refreshed, dict)
        recorded = {key: refreshed[lc.name].get(key) for key in lc.refreshed}
        assert recorded == lc.refreshed, "refresh did not record the drift"

    ws.up_as_previewed()
    assert lc.live(emulator) == (declared if lc.repairs else lc.expect_drift), "after up"
    ws.run("preview", "--expect-no-changes", check=True)

    ws.run("destroy", "--yes", check=True)
    left = {key: value for key, value in emulator.state().items()
            if key not in lc.destroy_leaves}
    assert left == {key: value for key, value in seed.items() if key not in lc.destroy_leaves}, \
        "destroy did not bring the emulator back to its seed"
