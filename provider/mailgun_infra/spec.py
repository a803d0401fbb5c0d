"""The declarative stack spec: what a stack's config asks for, validated before any call.

A stack's config carries the spec under ``mailgun-infra:spec``, one map per kind of
resource, keyed by Pulumi resource name; each entry takes its resource's keyword arguments::

    dedicated_ip_pools:
      transactional:
        name: transactional
        ips: [192.0.2.10, 192.0.2.11]
    dynamic_pool_enrollments:
      news:
        domain: news.example.com
        replacement_pool_id: ${dedicated_ip_pools.transactional.pool_id}

A value ``${kind.name.output}`` refers to another resource's output and becomes a Pulumi
dependency, so ``up`` and ``destroy`` run in a valid order. A bad spec fails with every
problem listed under its path (``spec.dedicated_ip_pools.transactional.ips``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pulumi
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .resources import (
    PROVIDERS,
    AccountWebhook,
    AccountWebhookArgs,
    DedicatedIpPool,
    DedicatedIpPoolArgs,
    DedicatedIpPoolDelegation,
    DedicatedIpPoolDelegationArgs,
    DomainIpAssignment,
    DomainIpAssignmentArgs,
    DynamicPoolEnrollment,
    DynamicPoolEnrollmentArgs,
    DynamicPoolMembership,
    DynamicPoolMembershipArgs,
    Inputs,
    IpWarmup,
    IpWarmupArgs,
    Subaccount,
    SubaccountArgs,
    SubaccountIpLink,
    SubaccountIpLinkArgs,
    Webhook,
    WebhookArgs,
)

REFERENCE = re.compile(r"^\$\{(?P<kind>\w+)\.(?P<name>[\w-]+)\.(?P<output>\w+)\}$")


@dataclass(frozen=True)
class Kind:
    """One kind of resource the spec can declare."""

    key: str
    resource: type[Any]
    # Kinds every resource of this kind depends on as a whole, beyond its references:
    # a domain is enrolled only once the dynamic pools have IPs, and removed before.
    after: tuple[str, ...] = ()


# In dependency order: a resource may refer only to kinds listed before its own.
KINDS: tuple[Kind, ...] = (
    Kind("subaccounts", Subaccount),
    Kind("dedicated_ip_pools", DedicatedIpPool),
    Kind("ip_warmups", IpWarmup),
    Kind("dynamic_pool_memberships", DynamicPoolMembership,
         after=("ip_warmups",)),
    Kind("dynamic_pool_enrollments", DynamicPoolEnrollment,
         after=("dynamic_pool_memberships",)),
    Kind("domain_ip_assignments", DomainIpAssignment),
    Kind("subaccount_ip_links", SubaccountIpLink,
         after=("dynamic_pool_memberships",)),
    Kind("dedicated_ip_pool_delegations", DedicatedIpPoolDelegation),
    Kind("webhooks", Webhook),
    Kind("account_webhooks", AccountWebhook),
)


class SpecError(ValueError):
    """A stack spec that breaks one or more rules; ``problems`` lists each with its path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the stack spec has {len(problems)} problem(s):\n{lines}")


class StackSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    subaccounts: dict[str, SubaccountArgs] = Field(default_factory=dict)
    dedicated_ip_pools: dict[str, DedicatedIpPoolArgs] = Field(default_factory=dict)
    ip_warmups: dict[str, IpWarmupArgs] = Field(default_factory=dict)
    dynamic_pool_memberships: dict[str, DynamicPoolMembershipArgs] = Field(default_factory=dict)
    dynamic_pool_enrollments: dict[str, DynamicPoolEnrollmentArgs] = Field(default_factory=dict)
    domain_ip_assignments: dict[str, DomainIpAssignmentArgs] = Field(default_factory=dict)
    subaccount_ip_links: dict[str, SubaccountIpLinkArgs] = Field(default_factory=dict)
    dedicated_ip_pool_delegations: dict[str, DedicatedIpPoolDelegationArgs] = Field(
        default_factory=dict)
    webhooks: dict[str, WebhookArgs] = Field(default_factory=dict)
    account_webhooks: dict[str, AccountWebhookArgs] = Field(default_factory=dict)


def parse_spec(raw: Any) -> StackSpec:
    """Validate a spec; raise SpecError naming every problem."""
    if raw is None:
        raw = {}
    problems: list[str] = []
    try:
        spec = StackSpec.model_validate(raw)
    except ValidationError as error:
        for item in error.errors():
            path = ".".join(["spec", *(str(p) for p in item["loc"])])
            message = str(item["msg"]).removeprefix("Value error, ")
            if item["type"] == "extra_forbidden":
                message = "unknown key"
            elif item["type"] == "missing":
                message = "is required"
            problems.append(f"{path}: {message}")
        raise SpecError(problems) from None
    problems.extend(_reference_problems(spec))
    problems.extend(_duplicate_keys(spec))
    if problems:
        raise SpecError(problems)
    return spec


def _references(args: Inputs) -> list[tuple[str, re.Match[str]]]:
    found = []
    for field, value in args.model_dump().items():
        if isinstance(value, str) and (match := REFERENCE.match(value)):
            found.append((field, match))
    return found


def _reference_problems(spec: StackSpec) -> list[str]:
    problems = []
    earlier: list[Kind] = []
    for kind in KINDS:
        for name, args in getattr(spec, kind.key).items():
            for field, match in _references(args):
                path = f"spec.{kind.key}.{name}.{field}"
                target = next((k for k in earlier if k.key == match["kind"]), None)
                if target is None:
                    allowed = ", ".join(k.key for k in earlier) or "nothing"
                    problems.append(f"{path}: may refer to {allowed}, not '{match['kind']}'")
                elif match["name"] not in getattr(spec, target.key):
                    problems.append(f"{path}: no {target.key} named '{match['name']}'")
                elif not hasattr(target.resource, "__annotations__") or \
                        match["output"] not in target.resource.__annotations__:
                    problems.append(
                        f"{path}: {target.resource.__name__} has no output '{match['output']}'")
        earlier.append(kind)
    return problems


# Natural keys Mailgun does not make unique but the provider adopts by: two resources with
# the same key would fight over one object.
NATURAL_KEYS = {"dedicated_ip_pools": "name", "subaccounts": "name", "account_webhooks": "url"}


def _duplicate_keys(spec: StackSpec) -> list[str]:
    problems = []
    for kind, key in NATURAL_KEYS.items():
        seen: dict[str, str] = {}
        for name, args in getattr(spec, kind).items():
            value = getattr(args, key)
            if value in seen:
                problems.append(f"spec.{kind}.{name}.{key}: '{value}' is also the {key} of "
                                f"{seen[value]}; each must be unique")
            seen.setdefault(value, name)
    return problems


# Resource class -> the output that repeats its id.
_ID_OUTPUTS: dict[type[Any], str] = {
    kind.resource: provider.id_output
    for kind in KINDS for provider in PROVIDERS
    if provider.__name__ == f"{kind.resource.__name__}Provider" and provider.id_output
}


def build(spec: StackSpec) -> dict[str, dict[str, Any]]:
    """Declare the spec's resources; returns them by kind and resource name."""
    made: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        made[kind.key] = {}
        for name, args in getattr(spec, kind.key).items():
            kwargs = args.model_dump()
            for field, match in _references(args):
                target = made[match["kind"]][match["name"]]
                # The id, where the output repeats it: it stays known in preview.
                output = "id" if match["output"] == _ID_OUTPUTS.get(type(target)) else \
                    match["output"]
                kwargs[field] = getattr(target, output)
            depends_on = [r for key in kind.after for r in made[key].values()]
            opts = pulumi.ResourceOptions(depends_on=depends_on) if depends_on else None
            made[kind.key][name] = kind.resource(name, **kwargs, opts=opts)
    return made
