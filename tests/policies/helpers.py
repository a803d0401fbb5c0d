"""Build the arguments the engine gives a stack policy, and collect what it reports."""

from __future__ import annotations

from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import PREFIX


def resource(kind: str, resource_name: str, /, protect: bool = False, stack: str = "dev",
             **props: Any) -> PolicyResource:
    token = PREFIX + kind
    opts = PolicyResourceOptions(protect=protect, ignore_changes=[], delete_before_replace=None,
                                 aliases=[], custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
                                 additional_secret_outputs=[])
    return PolicyResource(resource_type=token, props=props,
                          urn=f"urn:pulumi:{stack}::mailgun-infra::{token}::{resource_name}",
                          name=resource_name,
                          opts=opts, provider=None, parent=None, dependencies=[],
                          property_dependencies={})


def violations(policy: StackValidationPolicy, *resources: PolicyResource,
               **config: Any) -> list[str]:
    found: list[str] = []
    args = StackValidationArgs(resources=list(resources), config=config)
    policy.validate(args, lambda message, urn=None: found.append(message))
    return found
