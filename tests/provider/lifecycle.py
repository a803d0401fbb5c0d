"""One in-process lifecycle for every provider, against the emulator over loopback.

check → create → read → diff (no change) → each in-place update (diff reports it without a
replacement; read agrees) → a change of each ``replace_on`` input (diff reports the
replacement) → drift made through the API → read shows it → update repairs it → delete →
delete again → read finds nothing. Milliseconds each; the real-CLI lifecycle in
tests/e2e covers the engine around it. Where Mailgun offers no read of a setting or no
call to undo it (an IP's band), ``UNSEEN`` and ``expect_delete`` say what stays instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mailgun_infra.client import MailgunClient
from mailgun_infra.resources import MailgunProvider
from tests.conftest import Emulator

GONE = "gone"
# expect_drift of a resource that no read can show drift for (Mailgun offers none): read
# keeps the state, so nothing repairs the change.
UNSEEN = "unseen"
# expect_drift of a change that read shows in computed outputs alone (a signing key rotated
# elsewhere): nothing declared differs, so there is nothing to repair.
OUTPUTS_ONLY = "outputs only"
# expect_delete of a resource whose delete removes what it made.
BEFORE = "before"
Context = dict[str, str]


@dataclass
class ProviderLifecycle:
    provider: type[MailgunProvider[Any]]
    create: dict[str, Any]
    # What of the emulator's state the resource owns, and what it is after each step.
    live: Callable[[Emulator], Any]
    expect_create: Any
    # In-place changes, each laid over the inputs before it, with the live view after it.
    updates: list[tuple[dict[str, Any], Any]]
    # A new value for each input that forces replacement.
    replacements: dict[str, Any]
    # An out-of-band change through the API, given the resource's id.
    drift: Callable[[MailgunClient, str], None]
    # The inputs read reports after the drift (a subset), GONE, UNSEEN or OUTPUTS_ONLY.
    expect_drift: dict[str, Any] | str
    # Objects the resource needs, made first; their ids fill "{name}" in the inputs.
    setup: Callable[[MailgunClient], Context] = lambda client: {}
    # The live view after delete: BEFORE (as before create), or what a delete that Mailgun
    # gives no call for leaves in place; read still finds such an object.
    expect_delete: Any = BEFORE
    # Account features the resource needs that the seed leaves off.
    features: tuple[str, ...] = ()


def fill(value: Any, context: Context) -> Any:
    if isinstance(value, str):
        return value.format(**context)
    if isinstance(value, list):
        return [fill(v, context) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, context) for k, v in value.items()}
    return value


def checked(provider: MailgunProvider[Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


def run_provider_lifecycle(emulator: Emulator, lc: ProviderLifecycle) -> None:
    provider = emulator.provider(lc.provider)
    client = emulator.client()
    # The emulator is reset to its seed before each test: these go with it.
    emulator.backend.account.features.extend(lc.features)
    context = lc.setup(client)
    before = lc.live(emulator)

    declared = checked(provider, fill(lc.create, context))
    created = provider.create(declared)
    assert created.id, "create returned no id"
    assert lc.live(emulator) == lc.expect_create, "after create"
    state = _read_back(provider, created.id, created.outs, declared)

    for change, expect_live in lc.updates:
        news = checked(provider, {**provider.inputs_of(declared), **fill(change, context)})
        diff = provider.diff(created.id, state, news)
        assert diff.changes is True, f"diff does not see {change}"
        assert not diff.replaces, f"{change} should change in place, diff replaces {diff.replaces}"
        updated = provider.update(created.id, state, news)
        assert lc.live(emulator) == expect_live, f"after the update {change}"
        declared = news
        state = _read_back(provider, created.id, updated.outs, declared)

    for key, value in lc.replacements.items():
        diff = provider.diff(created.id, state, {**declared, key: fill(value, context)})
        assert diff.replaces == [key], f"a new {key} should replace, diff says {diff.replaces}"

    lc.drift(client, created.id)
    # In a user's account an out-of-band change lands long before the next refresh.
    emulator.backend.apply_pending_writes()
    drifted = provider.read(created.id, state)
    if lc.expect_drift == GONE:
        assert drifted.id == "", "read does not see the object gone"
        state = dict(provider.create(declared).outs)
    elif lc.expect_drift == UNSEEN:
        assert drifted.id == created.id and dict(drifted.outs) == state, "read changed state"
        assert provider.diff(created.id, drifted.outs, declared).changes is False
    elif lc.expect_drift == OUTPUTS_ONLY:
        assert drifted.id == created.id and dict(drifted.outs) != state, "read misses drift"
        assert drifted.inputs == provider.inputs_of(state), "read changed an input"
        assert provider.diff(created.id, drifted.outs, declared).changes is False
        state = dict(drifted.outs)
    else:
        assert drifted.id == created.id and drifted.inputs is not None
        expected = fill(lc.expect_drift, context)
        assert {k: drifted.inputs.get(k) for k in expected} == expected, "read misses drift"
        assert provider.diff(created.id, drifted.outs, declared).changes is True
        state = dict(provider.update(created.id, drifted.outs, declared).outs)
    expect_declared = lc.updates[-1][1] if lc.updates else lc.expect_create
    if lc.expect_drift == UNSEEN:
        assert lc.live(emulator) != expect_declared, "the drift changed nothing to go unseen"
    else:
        assert lc.live(emulator) == expect_declared, \
            "the repair did not restore the declared state"

    provider.delete(created.id, state)
    left = before if lc.expect_delete == BEFORE else lc.expect_delete
    assert lc.live(emulator) == left, "delete left something behind"
    provider.delete(created.id, state)  # already gone: done too
    if lc.expect_delete == BEFORE:
        assert provider.read(created.id, state).id == "", "read finds a deleted object"


def _read_back(provider: MailgunProvider[Any], id_: str, outs: Mapping[str, Any],
               declared: Mapping[str, Any]) -> dict[str, Any]:
    """Read right after a write: the same id and outputs, and no change against the
    declared inputs (what a refresh followed by a preview would show)."""
    read = provider.read(id_, dict(outs))
    assert read.id == id_, "read lost the object"
    assert read.outs == dict(outs), "read disagrees with what the write reported"
    assert provider.diff(id_, read.outs, dict(declared)).changes is False, "spurious diff"
    return dict(read.outs)
