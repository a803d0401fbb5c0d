"""Reading the stack's resources in a policy: by type, with unknown values made explicit.

During preview a value computed by another resource (a pool id, say) is unknown. Reading
it raises ``UnknownValueError``, and pulumi-policy then reports the policy as "can't run"
(advisory) with the path of the value, instead of passing silently. ``present`` tells
whether a value is set without reading it, for rules that need only that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pulumi_policy import PolicyResource, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from mailgun_infra.facts import DEDICATED_IP_POOL, DYNAMIC_POOL_MEMBERSHIP, IP_WARMUP

from ._account import account_warming


def of_type(args: StackValidationArgs, *type_tokens: str) -> list[PolicyResource]:
    return [r for r in args.resources if r.resource_type in type_tokens]


def present(props: Mapping[str, Any], key: str) -> bool:
    """Whether ``key`` is set: an unknown value counts as set."""
    try:
        return props.get(key) not in (None, "", [])
    except UnknownValueError:
        return True


def strings(props: Mapping[str, Any], key: str) -> list[str]:
    """A list property as strings (raises UnknownValueError while unknown)."""
    return [str(v) for v in props.get(key) or []]


def warming_ips(args: StackValidationArgs, config: Mapping[str, Any]) -> set[str]:
    """IPs on warmup, from every source known at preview: the policy config's
    ``warmingIps``, the stack's IpWarmups, the ``warming_ips`` that pools report from
    Mailgun (set by create, update and refresh; unknown while a pool is being changed), and
    the account itself, as read at this preview for the resources that change."""
    warming = {str(ip) for ip in config.get("warmingIps") or []}
    warming.update(account_warming(args.resources))
    for warmup in of_type(args, IP_WARMUP):
        warming.add(str(warmup.props.get("ip")))
    for pool in of_type(args, DEDICATED_IP_POOL, DYNAMIC_POOL_MEMBERSHIP):
        try:
            warming.update(str(ip) for ip in pool.props.get("warming_ips") or [])
        except UnknownValueError:
            continue
    return warming


def stack_of(urn: str) -> str:
    """The stack a URN (``urn:pulumi:STACK::PROJECT::TYPE::NAME``) belongs to; "" for
    anything else."""
    if urn.startswith("urn:pulumi:") and "::" in urn:
        return urn.removeprefix("urn:pulumi:").split("::", 1)[0]
    return ""


def known(resource: PolicyResource, key: str) -> str | None:
    """A property as a string when it is set and known; None otherwise."""
    try:
        value = resource.props.get(key)
    except UnknownValueError:
        return None
    return None if value in (None, "") else str(value)


def referred(resource: PolicyResource, key: str, targets: Iterable[PolicyResource],
             id_key: str) -> list[PolicyResource]:
    """The ``targets`` that property ``key`` of ``resource`` names, each target's own id
    being its property ``id_key``.

    Ids are compared when both are known. Otherwise the property's dependencies decide: a
    reference to a resource created in this update (``pool.pool_id``) is unknown at preview
    but still depends on that resource, and a resource updated in place shows its id output as
    unknown while references to it stay known. An unknown value that names none of the
    targets raises UnknownValueError: the rule can't run rather than pass.
    """
    unknown: UnknownValueError | None = None
    try:
        raw = resource.props.get(key)
    except UnknownValueError as error:
        raw, unknown = None, error
    value = None if raw in (None, "") else str(raw)
    depends_on = {d.urn for d in resource.property_dependencies.get(key, [])}
    found = []
    for target in targets:
        target_id = known(target, id_key)
        if value is not None and target_id is not None:
            if value == target_id:
                found.append(target)
        elif target.urn in depends_on:
            found.append(target)
    if unknown is not None and not found:
        raise unknown
    return found


def kind_and_name(resource: PolicyResource) -> str:
    return f"{resource.resource_type.rsplit(':', 1)[1]} '{resource.name}'"


def label(resource: PolicyResource, key: str = "name") -> str:
    try:
        value = resource.props.get(key)
    except UnknownValueError:
        value = None
    return str(value or resource.name)


def joined_sorted(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))
