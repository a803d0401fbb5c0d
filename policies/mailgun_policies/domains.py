"""Where a domain sends from: one source, and a DIPP it links to that has IPs."""

from __future__ import annotations

from collections import defaultdict

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from mailgun_infra.types import DEDICATED_IP_POOL, DOMAIN_IP_ASSIGNMENT, DYNAMIC_POOL_ENROLLMENT

from ._stack import of_type, present, strings


def _one_source(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    sources: dict[str, set[str]] = defaultdict(set)
    first_urn: dict[str, str] = {}
    for assignment in of_type(args, DOMAIN_IP_ASSIGNMENT):
        domain = str(assignment.props.get("domain"))
        kind = "a linked DIPP" if present(assignment.props, "pool_id") else "direct IPs"
        sources[domain].add(kind)
        first_urn.setdefault(domain, assignment.urn)
        if kind == "a linked DIPP":
            sources[domain].add(f"dipp:{assignment.urn}")
    for enrollment in of_type(args, DYNAMIC_POOL_ENROLLMENT):
        domain = str(enrollment.props.get("domain"))
        sources[domain].add("dynamic pools")
        first_urn.setdefault(domain, enrollment.urn)
    for domain, found in sorted(sources.items()):
        kinds = sorted(k for k in found if not k.startswith("dipp:"))
        dipps = [k for k in found if k.startswith("dipp:")]
        if len(kinds) > 1:
            report_violation(f"domain {domain} takes IPs from {' and '.join(kinds)}: choose "
                             "one of a linked DIPP, dynamic pools or direct IPs.",
                             first_urn[domain])
        elif len(dipps) > 1:
            report_violation(f"domain {domain} is linked to {len(dipps)} DIPPs; a domain has "
                             "one.", first_urn[domain])


def _linked_dipp_has_ips(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    pools = of_type(args, DEDICATED_IP_POOL)
    for assignment in of_type(args, DOMAIN_IP_ASSIGNMENT):
        if not present(assignment.props, "pool_id"):
            continue
        try:
            pool_id = assignment.props.get("pool_id")
        except UnknownValueError:
            # The DIPP is created in this update: find it by the dependency instead.
            deps = {d.urn for d in assignment.property_dependencies.get("pool_id", [])}
            linked = [p for p in pools if p.urn in deps]
        else:
            linked = [p for p in pools if _known_pool_id(p) == pool_id]
        for pool in linked:
            if not strings(pool.props, "ips"):
                report_violation(
                    f"domain {assignment.props.get('domain')} links DIPP '{pool.name}', which "
                    "has no IPs: Mailgun refuses to link an empty DIPP.", assignment.urn)


def _known_pool_id(pool: object) -> object:
    try:
        return pool.props.get("pool_id")  # type: ignore[attr-defined]
    except UnknownValueError:
        return None


domain_has_one_ip_source = StackValidationPolicy(
    name="domain-has-one-ip-source",
    description="A domain takes its IPs from one source: a linked DIPP, dynamic pools, or "
                "direct IPs.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_source,
)

linked_dipp_has_ips = StackValidationPolicy(
    name="linked-dipp-has-ips",
    description="A DIPP linked to a domain (DomainIpAssignment pool_id) has at least one IP.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_linked_dipp_has_ips,
)
