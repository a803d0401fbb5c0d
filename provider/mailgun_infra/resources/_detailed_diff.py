"""A dynamic provider's diff, told to the engine property by property.

Pulumi's Python SDK (3.259.0) lets a dynamic provider's ``diff`` say only whether there are
changes and which properties force a replacement: its host (``pulumi/dynamic/__main__.py``)
builds the engine's ``DiffResponse`` from ``changes``, ``replaces`` and
``delete_before_replace`` alone. The engine then works out for the display which properties
changed by comparing the old and new inputs itself, so it shows every input that differs,
also the ones our ``diff`` ignores on purpose: the account facts read at ``check`` for the
policy pack (``_account``), which would then read ``[diff: +account_facts]`` to a reviewer.

The host builds that response by calling ``pulumi.runtime.proto.DiffResponse`` on the thread
that has just run our ``diff``. :func:`install` wraps that constructor once per process;
:func:`tell` (called by ``MailgunProvider.diff``) leaves the changed properties for this
thread, and the wrapper adds them as the response's ``diffs`` and ``detailedDiff``, which
the engine shows as they are. A response built without :func:`tell` on its thread (another
dynamic provider of the user's program) is left as the SDK makes it.

Delete this module once the SDK's ``DiffResult`` carries a detailed diff; the canary
``test_the_sdk_host_still_builds_diffs_without_details`` fails then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pulumi.runtime import proto


@dataclass(frozen=True)
class Changes:
    """What our ``diff`` found: the changed inputs, and those among them that replace."""

    changed: tuple[str, ...]
    replaces: frozenset[str]
    # Inputs that were unset before, or are unset now.
    added: frozenset[str] = frozenset()
    deleted: frozenset[str] = frozenset()


_pending = threading.local()
_lock = threading.Lock()
_installed = False


def tell(changes: Changes) -> None:
    """Leave ``changes`` for the ``DiffResponse`` the host builds next on this thread."""
    _pending.changes = changes


def install() -> None:
    """Wrap the host's ``DiffResponse`` constructor, once per process."""
    global _installed
    with _lock:
        if _installed:
            return
        # A stand-in that the host calls and reads as it would the class.
        proto.DiffResponse = _WithDetails(proto.DiffResponse)  # type: ignore[assignment,misc]
        _installed = True


class _WithDetails:
    """The message class, called with our details added; its constants (``DIFF_NONE``,
    which the host reads from it) and all else as the class has them."""

    def __init__(self, message: Callable[..., Any]) -> None:
        self._message = message

    def __getattr__(self, name: str) -> Any:
        return getattr(self._message, name)

    def __call__(self, *args: Any, **fields: Any) -> Any:
        changes: Changes | None = getattr(_pending, "changes", None)
        _pending.changes = None
        if changes is not None and not args:
            fields.setdefault("diffs", list(changes.changed))
            fields["detailedDiff"] = {key: proto.PropertyDiff(kind=_kind(key, changes),
                                                              inputDiff=True)
                                      for key in changes.changed}
            fields["hasDetailedDiff"] = True
        return self._message(*args, **fields)


def _kind(key: str, changes: Changes) -> Any:
    kinds = proto.PropertyDiff
    if key in changes.added:
        return kinds.ADD_REPLACE if key in changes.replaces else kinds.ADD
    if key in changes.deleted:
        return kinds.DELETE_REPLACE if key in changes.replaces else kinds.DELETE
    return kinds.UPDATE_REPLACE if key in changes.replaces else kinds.UPDATE


def changes_of(changed: Iterable[str], replaces: Iterable[str], olds: dict[str, Any],
               news: dict[str, Any]) -> Changes:
    """The ``Changes`` of a diff, each input's kind from whether it was or is set."""
    keys = tuple(changed)
    return Changes(
        changed=keys,
        replaces=frozenset(replaces),
        added=frozenset(k for k in keys if olds.get(k) is None and news.get(k) is not None),
        deleted=frozenset(k for k in keys if olds.get(k) is not None and news.get(k) is None),
    )
