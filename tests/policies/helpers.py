"""Build the arguments the engine gives a policy, and collect what it reports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    Policy,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
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


def violations(policy: Policy, *resources: PolicyResource, **config: Any) -> list[str]:
    """What ``policy`` reports on a stack of ``resources``: a stack policy sees them all at
    once, a resource policy each one alone, as the engine calls them."""
    found: list[str] = []

    def report(message: str, urn: str | None = None) -> None:
        found.append(message)

    if isinstance(policy, ResourceValidationPolicy):
        for r in resources:
            policy.validate(ResourceValidationArgs(r.resource_type, r.props, r.urn, r.name,
                                                   r.opts, r.provider, config), report)
    else:
        assert isinstance(policy, StackValidationPolicy)
        policy.validate(StackValidationArgs(resources=list(resources), config=config), report)
    return found
