"""What every part of the response layer shares: the rules it asks, and the bodies many
operations answer with.

A response method holds the account's lock while it asks the rules and renders what they
return, so a body never mixes two states of the account.
"""

from __future__ import annotations

import threading
from typing import Any

from .models import reference_id
from .rules import Rules


class ResponsesBase:
    """Answers operations from ``rules``, as Mailgun's bodies."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    @property
    def lock(self) -> threading.RLock:
        return self.rules.lock


def message(text: str) -> dict[str, Any]:
    return {"message": text}


def success() -> dict[str, Any]:
    return message("success")


def started() -> dict[str, Any]:
    """A write Mailgun applies after answering (DIPP changes, legacy delegation)."""
    return {"message": "started", "reference_id": reference_id()}
