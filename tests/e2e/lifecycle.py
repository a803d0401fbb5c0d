"""One lifecycle for every resource, through the real CLI against the emulator; several
resources that own disjoint objects go through it together, in one stack.

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


def _merged(rows: dict[str, Lifecycle], entry: Callable[[Lifecycle], dict[str, Any] | None]
            ) -> dict[str, Any]:
    """One spec of every row's context and entry (``entry`` picks which, None: the create)."""
    spec: dict[str, dict[str, Any]] = {}
    for row, lc in rows.items():
        for kind, entries in [*lc.context.items(),
                              (lc.kind, {lc.name: entry(lc) or lc.create})]:
            for name, value in entries.items():
                kept = spec.setdefault(kind, {}).setdefault(name, copy.deepcopy(value))
                assert kept == value, f"{row}: {kind}.{name} differs from another row's"
    return spec


def _each(rows: dict[str, Lifecycle], emulator: Emulator, step: str,
          expected: Callable[[Lifecycle], Any]) -> None:
    for row, lc in rows.items():
        assert lc.live(emulator) == expected(lc), f"{row}: {step}"


def run_lifecycles(tmp_path: Path, emulator: Emulator, rows: dict[str, Lifecycle]) -> None:
    """The lifecycle of several rows in one stack, step by step together: the rows must
    own disjoint objects, and each row's ``live`` must see its own only."""
    seed = emulator.state()
    settings: dict[str, Any] = {}
    for row, lc in rows.items():
        for key, value in lc.emulator_settings.items():
            assert settings.setdefault(key, value) == value, f"{row}: emulator setting {key}"
    if settings:
        emulator.admin("POST", "/settings", json=settings)
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)

    ws.set_spec(_merged(rows, lambda lc: None))
    ws.up()
    _each(rows, emulator, "after create", lambda lc: lc.expect_create)
    declared = {row: lc.expect_create for row, lc in rows.items()}

    updated = {row: lc for row, lc in rows.items() if lc.update is not None}
    if updated:
        created_ids = {row: ws.ids(lc.type_token)[lc.name] for row, lc in updated.items()}
        ws.set_spec(_merged(rows, lambda lc: lc.update))
        done = ws.up_as_previewed()
        for row, lc in updated.items():
            assert done[lc.type_token.split(":")[-1] + "::" + lc.name] == "update", row
            assert ws.ids(lc.type_token)[lc.name] == created_ids[row], \
                f"{row}: the update replaced the resource"
            declared[row] = lc.expect_update
        _each(updated, emulator, "after update", lambda lc: lc.expect_update)

    for lc in rows.values():
        lc.drift(emulator)
    # In a user's account an out-of-band change lands long before the next refresh.
    emulator.backend.apply_pending_writes()
    _each(rows, emulator, "after the out-of-band change", lambda lc: lc.expect_drift)
    ws.run("refresh", "--yes", check=True)
    for row, lc in rows.items():
        refreshed = ws.resources(lc.type_token)
        if lc.refreshed == GONE:
            assert lc.name not in refreshed, f"{row}: refresh kept a resource that is gone"
        else:
            assert isinstance(lc.refreshed, dict)
            recorded = {key: refreshed[lc.name].get(key) for key in lc.refreshed}
            assert recorded == lc.refreshed, f"{row}: refresh did not record the drift"

    ws.up_as_previewed()
    for row, lc in rows.items():
        assert lc.live(emulator) == (declared[row] if lc.repairs else lc.expect_drift), \
            f"{row}: after up"
    ws.run("preview", "--expect-no-changes", check=True)

    ws.run("destroy", "--yes", check=True)
    leaves = {key for lc in rows.values() for key in lc.destroy_leaves}
    left = {key: value for key, value in emulator.state().items() if key not in leaves}
    assert left == {key: value for key, value in seed.items() if key not in leaves}, \
        "destroy did not bring the emulator back to its seed"
