"""Serializing dynamic providers without the SDK's growing pickler patch.

Pulumi's Python SDK (3.259.0) makes ``pulumi.dynamic.dynamic.serialize_provider`` sort dict
items by rebinding ``pickle._Pickler._batch_setitems`` (and ``save_dict``) to a wrapper around
whatever it finds there, and never puts them back. Each call thus adds one wrapper frame to
every dict pickled afterwards, so the time per call grows with the number of calls and the
986th call of a process (our ~985th dynamic resource) raises RecursionError.

The workaround: every dynamic Resource's provider goes through :func:`serialize_provider`,
which runs the SDK's own function and then restores the two attributes. The SDK thus patches
a pristine pickler on every call, and its bytes are those of a process's first call (which
equal what deeper chains wrote before: sorting sorted items changes nothing).

Delete this module and its ``install()`` call in ``_base`` once the pinned SDK is a release
that no longer leaves the patch behind (none is, as of 3.259.0; the upstream report is
docs/upstream/serialize-provider-recursion.md). The canary test
``test_the_sdk_alone_still_stacks_a_wrapper_per_call`` fails on the first such release.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

import pulumi.dynamic.dynamic as sdk_dynamic
from pulumi.dynamic import ResourceProvider

# What the SDK rebinds on the pure-Python pickler (dill's Pickler subclasses it) and leaves.
# It restores ``pickle.Pickler`` itself.
PATCHED_ATTRIBUTES: Final = ("_batch_setitems", "save_dict")

# Captured at import, before install() replaces the module global the SDK's Resource reads.
SDK_SERIALIZE_PROVIDER: Final[Callable[[ResourceProvider], str]] = (
    sdk_dynamic.serialize_provider)

# Reentrant: pickling a provider may await an Output, and the event loop may then construct
# another dynamic Resource on this same thread.
_lock = threading.RLock()


def pickler_state() -> dict[str, Any]:
    """The pure-Python pickler's attributes that the SDK rebinds, as they are now."""
    return {name: vars(pickle._Pickler)[name] for name in PATCHED_ATTRIBUTES}


@contextmanager
def pickler_restored() -> Iterator[None]:
    """On exit, the pickler as it was on entry; one thread at a time, since the patch the
    SDK applies inside is process-wide."""
    with _lock:
        saved = pickler_state()
        try:
            yield
        finally:
            for name, value in saved.items():
                setattr(pickle._Pickler, name, value)


def serialize_provider(provider: ResourceProvider) -> str:
    """The SDK's serialization of ``provider``, byte for byte, leaving pickle as it was."""
    with pickler_restored():
        return SDK_SERIALIZE_PROVIDER(provider)


def install() -> None:
    """Make ``pulumi.dynamic.Resource`` serialize its provider through
    :func:`serialize_provider`; it looks the function up at each construction. Idempotent."""
    sdk_dynamic.serialize_provider = serialize_provider
