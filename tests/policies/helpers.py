"""Build the arguments the engine gives a stack policy, and collect what it reports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from mailgun_infra.facts import PREFIX

# A value preview cannot know yet (the id of a resource created in the same update).
UNKNOWN = UNKNOWN_STRING_VALUE


def resource(kind: str, resource_name: str, /, protect: bool = False, stack: str = "dev",
             deps: Mapping[str, list[PolicyResource]] | None = None,
             **props: Any) -> PolicyResource:
    """A resource as a stack policy sees it: ``props`` behind the engine's proxy, which
    raises on an UNKNOWN, and ``deps`` the resources each property was computed from."""
    token = PREFIX + kind
    opts = PolicyResourceOptions(protect=protect, ignore_changes=[], delete_before_replace=None,
                                 aliases=[], custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
                                 additional_secret_outputs=[])
    return PolicyResource(resource_type=token, props=unknown_checking_proxy(props),
                          urn=f"urn:pulumi:{stack}::mailgun-infra::{token}::{resource_name}",
                          name=resource_name,
                          opts=opts, provider=None, parent=None, dependencies=[],
                          property_dependencies=dict(deps or {}))


def violations(policy: StackValidationPolicy, *resources: PolicyResource,
               **config: Any) -> list[str]:
    found: list[str] = []
    args = StackValidationArgs(resources=list(resources), config=config)

    def report(message: str, urn: str | None = None) -> None:
        found.append(message)

    policy.validate(args, report)
    return found
