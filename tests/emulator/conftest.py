"""What the emulator's rule tests share: the seed, a fresh backend on it, and ``rejects``."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mailgun_infra.emulator import Backend, EmulatorError, default_seed


@pytest.fixture
def seed() -> dict[str, Any]:
    """The demo seed, a copy a test (or a module's override of this fixture) may edit."""
    return copy.deepcopy(default_seed())


@pytest.fixture
def backend(seed: dict[str, Any]) -> Backend:
    # Rules read right after their writes here; the lag has tests of its own.
    return Backend(seed, async_lag_reads=0)


@contextmanager
def rejects(status: int, message_fragment: str) -> Iterator[pytest.ExceptionInfo[EmulatorError]]:
    """The block raises an EmulatorError with ``status`` and ``message_fragment`` in its
    message; the ExceptionInfo it yields holds the error for checks of its body."""
    with pytest.raises(EmulatorError) as caught:
        yield caught
    assert caught.value.status == status, caught.value.message
    assert message_fragment in caught.value.message, caught.value.message
