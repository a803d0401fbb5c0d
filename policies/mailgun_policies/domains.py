"""Where a domain sends from: one source, and a DIPP it links to that has IPs."""

from __future__ import annotations

from collections import defaultdict

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from mailgun_infra.facts import DEDICATED_IP_POOL, DOMAIN_IP_ASSIGNMENT, DYNAMIC_POOL_ENROLLMENT

from ._about import rule_url
from ._account import READS_ACCOUNT, Unverified, dipp_facts, facts_of, stack_dipp_ids
from ._read import of_type, present, strings


def _one_source(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    dipp_links: dict[str, int] = defaultdict(int)
    first_urn: dict[str, str] = {}
    for assignment in of_type(args, DOMAIN_IP_ASSIGNMENT):
        domain = str(assignment.props.get("domain"))
        first_urn.setdefault(domain, assignment.urn)
        if present(assignment.props, "pool_id"):
            kinds[domain].add("a linked DIPP")
            dipp_links[domain] += 1
        else:
            kinds[domain].add("direct IPs")
    for enrollment in of_type(args, DYNAMIC_POOL_ENROLLMENT):
        domain = str(enrollment.props.get("domain"))
        first_urn.setdefault(domain, enrollment.urn)
        kinds[domain].add("dynamic pools")
    for domain, found in sorted(kinds.items()):
        if len(found) > 1:
            report_violation(f"domain {domain} takes IPs from {' and '.join(sorted(found))}: "
                             "choose one of a linked DIPP, dynamic pools or direct IPs.",
                             first_urn[domain])
        elif dipp_links[domain] > 1:
            report_violation(f"domain {domain} is linked to {dipp_links[domain]} DIPPs; a "
                             "domain has one.", first_urn[domain])


def _linked_dipp_has_ips(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    pools = of_type(args, DEDICATED_IP_POOL)
    # A DIPP changed at this preview shows no id; its account facts say which it is.
    by_own_id = {str(own): p for p in pools if (own := (facts_of(p) or {}).get("self"))}
    stack_ids = stack_dipp_ids(args.resources)
    unverified = Unverified()
    for assignment in of_type(args, DOMAIN_IP_ASSIGNMENT):
        if not present(assignment.props, "pool_id"):
            continue
        domain = assignment.props.get("domain")
        try:
            pool_id = assignment.props.get("pool_id")
        except UnknownValueError:
            # The DIPP is created in this update: find it by the dependency instead.
            deps = {d.urn for d in assignment.property_dependencies.get("pool_id", [])}
            linked = [p for p in pools if p.urn in deps]
            pool_id = None
        else:
            linked = [p for p in pools if _known_pool_id(p) == pool_id]
            if not linked and str(pool_id) in by_own_id:
                linked = [by_own_id[str(pool_id)]]
        for pool in linked:
            if not strings(pool.props, "ips"):
                report_violation(
                    f"domain {domain} links DIPP '{pool.name}', which has no IPs: Mailgun "
                    "refuses to link an empty DIPP.", assignment.urn)
        if linked or pool_id is None or str(pool_id) in stack_ids:
            continue
        # A DIPP the stack does not manage: as the account has it now.
        unverified.note(assignment)
        about = dipp_facts(assignment, str(pool_id))
        if about is not None and not about.get("ips"):
            report_violation(
                f"domain {domain} links DIPP '{about.get('name')}' ({pool_id}) of the "
                "account, which has no IPs: Mailgun refuses to link an empty DIPP.",
                assignment.urn)
    unverified.report()


def _known_pool_id(pool: PolicyResource) -> object:
    try:
        return pool.props.get("pool_id")
    except UnknownValueError:
        return None


domain_has_one_ip_source = StackValidationPolicy(
    name="domain-has-one-ip-source",
    description="A domain takes its IPs from one source: a linked DIPP, dynamic pools, or "
                "direct IPs.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_source,
    severity=Severity.HIGH,
    remediation_steps="Give the domain one source: one DomainIpAssignment with a pool_id, "
                      "or a DynamicPoolEnrollment, or DomainIpAssignments of direct IPs.",
    url=rule_url("domain-has-one-ip-source"),
    tags=["domains", "DomainIpAssignment", "DynamicPoolEnrollment"],
)

linked_dipp_has_ips = StackValidationPolicy(
    name="linked-dipp-has-ips",
    description="A DIPP linked to a domain (DomainIpAssignment pool_id) has at least one IP. "
                "Reads the account: the IPs of a DIPP the stack does not manage.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_linked_dipp_has_ips,
    severity=Severity.MEDIUM,
    remediation_steps="Add at least one IP to the DIPP before a DomainIpAssignment links "
                      "the domain to it.",
    url=rule_url("linked-dipp-has-ips"),
    tags=["domains", "DomainIpAssignment", "DedicatedIpPool", READS_ACCOUNT],
)
