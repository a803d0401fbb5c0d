"""One owner per Mailgun object: two resources of the stack that write one object would
undo each other's writes, and after ``up`` the state of one of them contradicts Mailgun,
so every refresh and up flips them.

What each kind writes as a whole: a DynamicPoolMembership the whole IP list of its dynamic
pool, a DynamicPoolEnrollment its domain's enrollment, an IpWarmup the warmup of its IP, a
SubaccountIpLink every IP link of its subaccount. (An IpBand the band of its IP:
``one-ip-band-per-ip``.) Domain names and IPs compare in one form whatever their spelling
(``facts.canonical_domain``, ``facts.canonical_ip``). A subaccount compares by id, or, while
an id is unknown at preview, by the Subaccount of the stack its reference depends on.

These rules read only the stack, never the account: an object owned by another stack, or
by nobody, is not their concern.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import (
    DYNAMIC_POOL_ENROLLMENT,
    DYNAMIC_POOL_MEMBERSHIP,
    IP_WARMUP,
    SUBACCOUNT,
    SUBACCOUNT_IP_LINK,
    canonical_domain,
    canonical_ip,
)

from ._about import rule_url
from ._read import kind_and_name, known, label, of_type, referred


def same_ip(value: object) -> str:
    """An IP in its one form; a value that is no IP as it is (the resource's check refuses
    it)."""
    try:
        return canonical_ip(str(value))
    except ValueError:
        return str(value)


# What a resource owns, in words, from the resource and the stack: ``(key, shown)``.
Owned = Callable[[PolicyResource, StackValidationArgs], tuple[str, str]]


def _pool(resource: PolicyResource, _args: StackValidationArgs) -> tuple[str, str]:
    pool = str(resource.props.get("pool"))
    return pool, f"dynamic pool {pool}"


def _domain(resource: PolicyResource, _args: StackValidationArgs) -> tuple[str, str]:
    domain = canonical_domain(str(resource.props.get("domain")))
    return domain, f"domain {domain}"


def _ip(resource: PolicyResource, _args: StackValidationArgs) -> tuple[str, str]:
    ip = same_ip(resource.props.get("ip"))
    return ip, f"IP {ip}"


def _subaccount(resource: PolicyResource, args: StackValidationArgs) -> tuple[str, str]:
    # The id when it is known (a reference to a subaccount updated in place is, while the
    # subaccount's own id output is not); else the Subaccount of the stack the reference
    # depends on (a new one). An unknown id that depends on none makes the rule "can't run".
    found = referred(resource, "subaccount_id", of_type(args, SUBACCOUNT), "subaccount_id")
    subaccount_id = known(resource, "subaccount_id")
    shown = f"subaccount '{label(found[0])}'" if found else f"subaccount {subaccount_id}"
    return subaccount_id or found[0].urn, shown


@dataclass(frozen=True)
class _Rule:
    type_token: str
    owned: Owned
    # What each owner writes, and so undoes of the other's.
    writes: str


def _one_owner(rule: _Rule) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        owners: dict[str, list[PolicyResource]] = defaultdict(list)
        shown: dict[str, str] = {}
        for resource in of_type(args, rule.type_token):
            key, what = rule.owned(resource, args)
            owners[key].append(resource)
            shown.setdefault(key, what)
        for key, resources in sorted(owners.items()):
            if len(resources) > 1:
                names = " and ".join(sorted(kind_and_name(r) for r in resources))
                report_violation(
                    f"{shown[key]} is managed by {names}: each writes {rule.writes} and "
                    "would undo the other's, and refresh would flip them. Declare one.",
                    resources[-1].urn)
    return validate


def _policy(name: str, description: str, rule: _Rule, severity: Severity,
            remediation: str) -> StackValidationPolicy:
    return StackValidationPolicy(name=name, description=description,
                                 enforcement_level=EnforcementLevel.MANDATORY,
                                 validate=_one_owner(rule), severity=severity,
                                 remediation_steps=remediation, url=rule_url(name),
                                 tags=["one-owner", rule.type_token.rsplit(":", 1)[1]])


one_membership_per_dynamic_pool = _policy(
    "one-membership-per-dynamic-pool",
    "A dynamic pool has one DynamicPoolMembership across the stack (it sets the pool's "
    "whole IP list). Reads only the stack.",
    _Rule(DYNAMIC_POOL_MEMBERSHIP, _pool, "the pool's whole IP list"), Severity.HIGH,
    "Declare one DynamicPoolMembership per dynamic pool, listing all its IPs.")

one_enrollment_per_domain = _policy(
    "one-enrollment-per-domain",
    "A domain has one DynamicPoolEnrollment across the stack, its name compared without "
    "case or trailing dot. Reads only the stack.",
    _Rule(DYNAMIC_POOL_ENROLLMENT, _domain, "the domain's enrollment"), Severity.MEDIUM,
    "Keep one DynamicPoolEnrollment for the domain and delete the others.")

one_warmup_per_ip = _policy(
    "one-warmup-per-ip",
    "An IP has one IpWarmup across the stack, however the IP is written. Reads only the "
    "stack.",
    _Rule(IP_WARMUP, _ip, "the IP's warmup"), Severity.MEDIUM,
    "Keep one IpWarmup for the IP and delete the others.")

one_ip_link_per_subaccount = _policy(
    "one-ip-link-per-subaccount",
    "A subaccount has one SubaccountIpLink across the stack (it sets all the subaccount's "
    "IP links). Reads only the stack.",
    _Rule(SUBACCOUNT_IP_LINK, _subaccount, "all the subaccount's IP links"), Severity.HIGH,
    "Declare one SubaccountIpLink per subaccount, listing all its IPs.")
