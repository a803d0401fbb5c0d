"""Several stacks in one CI command (``--stack a --stack b``, or a glob such as
``'prod-*'``): the stacks named, a review each, then a total, and the worst exit code.

A large account is split into stacks that never refer to one another's state (see
``discover.split``), so each one is previewed, updated or read for drift alone, one after
the other: one that fails does not stop the next.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi import automation as auto

GLOB = frozenset("*?[")


class NoSuchStacks(Exception):
    """A glob that matches none of the project's stacks."""


def stack_names(patterns: Sequence[str], work_dir: str) -> list[str]:
    """The stacks ``patterns`` name, in order, each once: a glob matches the project's
    stacks by their whole name or their last part (``org/prod-1`` for ``prod-*``)."""
    known: list[str] | None = None
    names: list[str] = []
    for pattern in patterns:
        if not GLOB & set(pattern):
            matched = [pattern]
        else:
            if known is None:
                known = sorted(s.name for s in auto.LocalWorkspace(work_dir=work_dir)
                               .list_stacks())
            matched = [name for name in known if fnmatch.fnmatchcase(name, pattern)
                       or fnmatch.fnmatchcase(name.rsplit("/", 1)[-1], pattern)]
            if not matched:
                raise NoSuchStacks(f"no stack of the project matches {pattern!r}")
        names += [name for name in matched if name not in names]
    return names


def worst(codes: Iterable[int], order: Sequence[int]) -> int:
    """The exit code first in ``order`` (worst first) among ``codes``; 0 for none."""
    found = set(codes)
    return next((code for code in order if code in found), 0)


@dataclass
class Total:
    """What each stack's review came to, for the total under them."""

    command: str
    # Per stack: its exit code and its counts (operations, or drifted objects).
    stacks: list[tuple[str, int, dict[str, int]]] = field(default_factory=list)

    def add(self, stack: str, code: int, counts: Mapping[str, int]) -> None:
        self.stacks.append((stack, code, dict(counts)))

    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for _, _, counts in self.stacks:
            total.update(counts)
        return dict(sorted(total.items()))

    def markdown(self, code: int) -> str:
        lines = [f"## Total of `{self.command}` over {len(self.stacks)} stacks", "",
                 "| stack | exit code | counts |", "|---|---|---|"]
        lines += [f"| `{stack}` | {stack_code} | {_counts(counts)} |"
                  for stack, stack_code, counts in self.stacks]
        lines += ["", f"All stacks: {_counts(self.counts())}; exit code {code}, the worst."]
        return "\n".join(lines) + "\n"

    def to_json(self, code: int, reviews: list[dict[str, Any]]) -> dict[str, Any]:
        return {"command": self.command, "exit_code": code, "counts": self.counts(),
                "stacks": reviews}


def _counts(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items()) if n) or "none"
