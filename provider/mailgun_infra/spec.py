"""The declarative stack spec: what a stack's config asks for, validated before any call.

A stack's config carries the spec under ``mailgun-infra:spec``::

    dedicated_ip_pools:
      transactional:                # the Pulumi resource name
        name: transactional
        description: Receipts and password resets
        ips: [192.0.2.10, 192.0.2.11]

Each entry takes the keyword arguments of its resource class. A bad spec fails with every
problem listed, each under its path (``spec.dedicated_ip_pools.transactional.ips``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .resources.dedicated_ip_pool import DedicatedIpPoolArgs


class SpecError(ValueError):
    """A stack spec that breaks one or more rules; ``problems`` lists each with its path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the stack spec has {len(problems)} problem(s):\n{lines}")


class StackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    dedicated_ip_pools: dict[str, DedicatedIpPoolArgs] = Field(default_factory=dict)


def parse_spec(raw: Any) -> StackSpec:
    """Validate a spec; raise SpecError naming every problem."""
    if raw is None:
        raw = {}
    try:
        return StackSpec.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            path = ".".join(["spec", *(str(p) for p in item["loc"])])
            message = str(item["msg"]).removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = "unknown key"
            elif item["type"] == "missing":
                message = "is required"
            problems.append(f"{path}: {message}")
        raise SpecError(problems) from None


def build(spec: StackSpec) -> dict[str, Any]:
    """Declare the spec's resources; returns them by resource name."""
    from .resources.dedicated_ip_pool import DedicatedIpPool

    made: dict[str, Any] = {}
    for resource_name, args in spec.dedicated_ip_pools.items():
        made[resource_name] = DedicatedIpPool(resource_name, **args.model_dump())
    return made
