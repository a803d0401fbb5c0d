"""The engine floor's provider: a dynamic provider that calls nothing.

Whatever the benchmark measures for these resources is Pulumi's own cost (the program,
the engine, the provider host, the state backend), with no Mailgun call behind it. The
module is importable and side-effect free, so the provider pickles by reference exactly
as ours does: a few bytes in each resource's state, one unpickling per provider process.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, ResourceProvider


class FloorProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(props["key"], props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        # Inputs too, as ours returns them: the engine then diffs them the same way.
        return ReadResult(id_, props, props)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        return None


class Floor(Resource, module="bench", name="Floor"):
    """A trivial dynamic resource carrying the same inputs as the real one it stands for,
    so that the state the engine writes is about as large."""

    def __init__(self, resource_name: str, props: dict[str, Any],
                 opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(FloorProvider(), resource_name, {**props, "key": resource_name},
                         opts)
