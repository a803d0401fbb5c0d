"""What discover makes of an account: an entry per object, by kind and spec name, with the
remarks on what it left out; the kinds in the spec's order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..secret_urls import SecretUrls
from ..spec import KINDS

SPEC_KEY = "mailgun-infra:spec"
KIND_KEYS = tuple(kind.key for kind in KINDS)
ENTRY_MODELS = {kind.key: kind.entry for kind in KINDS}

Say = Callable[[str], None]


class DiscoverError(Exception):
    """A failure told in one line the user can act on."""


@dataclass
class Entry:
    """One object to declare: its inputs in the order a reader wants them, and a comment
    for some of them."""

    inputs: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Discovered:
    """What discover found: entries by kind and name, and remarks on what it left out."""

    source: str
    kinds: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {key: {} for key in KIND_KEYS})
    remarks: dict[str, list[str]] = field(
        default_factory=lambda: {key: [] for key in KIND_KEYS})
    # The Mailgun id of each entry a reference may name, by kind and name: what a reference
    # becomes when its target is declared in another stack (see split.py).
    ids: dict[str, dict[str, str]] = field(default_factory=dict)
    # Webhook URLs with credentials, kept out of the entries, which name their keys.
    secrets: SecretUrls = field(default_factory=SecretUrls)

    def spec(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The plain spec: kinds with objects only."""
        return {kind: {name: dict(entry.inputs) for name, entry in entries.items()}
                for kind, entries in self.kinds.items() if entries}

    def count(self) -> int:
        return sum(len(entries) for entries in self.kinds.values())

