"""Resource ids: one way to build them and one way to take them apart.

Every resource declares its ``IdFormat``; the id formats are part of the state of stacks
already deployed and never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class IdFormat:
    """The id shapes of one resource, e.g. ``IdFormat("Webhook", "{domain}/{event}")``.

    A shape is ``/``-separated; each part is a ``{field}`` or a literal word. With several
    shapes, ``join`` uses the first whose fields are all given and ``split`` the first that
    matches (shapes with more literal words are tried first).
    """

    resource: str
    shapes: tuple[str, ...]

    def __init__(self, resource: str, *shapes: str) -> None:
        object.__setattr__(self, "resource", resource)
        object.__setattr__(self, "shapes", shapes)

    def join(self, **fields: str | None) -> str:
        """The id of the object with these fields; ValueError when no shape fits."""
        for shape in self.shapes:
            names = _PLACEHOLDER.findall(shape)
            if all(fields.get(name) for name in names):
                for name in names:
                    if "/" in str(fields[name]):
                        raise ValueError(f"a {self.resource} {name} cannot contain '/': "
                                         f"'{fields[name]}'")
                return _PLACEHOLDER.sub(lambda m: str(fields[m[1]]), shape)
        raise ValueError(f"a {self.resource} id needs {self._expected()}, got {fields}")

    def split(self, id_: str) -> dict[str, str]:
        """The fields of an id; ValueError that states the expected shape."""
        parts = id_.split("/")
        for shape in sorted(self.shapes, key=_literal_count, reverse=True):
            words = shape.split("/")
            if len(words) != len(parts):
                continue
            fields: dict[str, str] = {}
            for word, part in zip(words, parts, strict=True):
                name = _PLACEHOLDER.fullmatch(word)
                if name is None and word != part:
                    break
                if name is not None:
                    if not part:
                        break
                    fields[name[1]] = part
            else:
                return fields
        raise ValueError(f"a {self.resource} id reads {self._expected()}, not '{id_}'")

    def _expected(self) -> str:
        return " or ".join("'" + _PLACEHOLDER.sub(r"<\1>", s) + "'" for s in self.shapes)


def _literal_count(shape: str) -> int:
    return sum(1 for word in shape.split("/") if not _PLACEHOLDER.fullmatch(word))
