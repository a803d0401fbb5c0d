"""DIPP spillover: the DIPP that takes what a domain's (or the account's) own IPs cannot.

A spillover is extra capacity. Naming the DIPP the domain already sends from adds none,
and a DIPP of warming IPs only takes the overflow at the warmup plan's hourly rate, so the
mail it was meant to carry is deferred all the same. A spillover to a DIPP the stack
declares is judged by that declaration; one that names, by its id, a DIPP the stack does
not manage is judged by that DIPP's IPs as the account has them at this preview.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import DEDICATED_IP_POOL, DIPP_SPILLOVER, DOMAIN_IP_ASSIGNMENT

from ._about import rule_url
from ._account import READS_ACCOUNT, Unverified, dipp_facts, facts_of, stack_dipp_ids
from ._read import joined_sorted, known, label, of_type, present, referred, strings, warming_ips
from .warming import WARMING_IPS_SCHEMA


def _owner(spillover: PolicyResource) -> str:
    domain = known(spillover, "domain")
    return f"domain {domain}" if domain else "the account"


def _same_pool(spillover: PolicyResource, assignment: PolicyResource,
               pools: list[PolicyResource]) -> bool:
    spill_id, own_id = known(spillover, "pool_id"), known(assignment, "pool_id")
    if spill_id is not None and own_id is not None:
        return spill_id == own_id
    # One side is a DIPP created in this update: compare the DIPPs each one names.
    spill_pools = {p.urn for p in referred(spillover, "pool_id", pools, "pool_id")}
    own_pools = {p.urn for p in referred(assignment, "pool_id", pools, "pool_id")}
    return bool(spill_pools & own_pools)


def _not_own(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    pools = of_type(args, DEDICATED_IP_POOL)
    assignments = [a for a in of_type(args, DOMAIN_IP_ASSIGNMENT)
                   if present(a.props, "pool_id")]
    for spillover in of_type(args, DIPP_SPILLOVER):
        # The account's setting serves every domain: none of them owns its DIPP alone.
        if not present(spillover.props, "domain"):
            continue
        domain = str(spillover.props.get("domain")).lower()
        for assignment in assignments:
            if str(assignment.props.get("domain")).lower() != domain:
                continue
            if _same_pool(spillover, assignment, pools):
                report_violation(
                    f"DippSpillover '{spillover.name}' sends the overflow of domain {domain} "
                    f"to the DIPP the domain already sends from (DomainIpAssignment "
                    f"'{assignment.name}'): that adds no IPs. Name another DIPP.",
                    spillover.urn)


def _non_warming(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    warming = warming_ips(args, args.get_config() or {})
    pools = of_type(args, DEDICATED_IP_POOL)
    # A DIPP changed at this preview shows no id; its account facts say which it is.
    by_own_id = {str(own): p for p in pools if (own := (facts_of(p) or {}).get("self"))}
    stack_ids = stack_dipp_ids(args.resources)
    unverified = Unverified()

    def judge(spillover: PolicyResource, pool: str, ips: list[str]) -> None:
        if ips and not set(ips) <= warming:
            return
        held = f"only warming IPs ({joined_sorted(ips)})" if ips else "no IPs"
        report_violation(
            f"DippSpillover '{spillover.name}' sends the overflow of {_owner(spillover)} "
            f"to DIPP {pool}, which has {held}: the overflow would be deferred as before. "
            "Name a DIPP with at least one IP that is not on warmup.", spillover.urn)

    for spillover in of_type(args, DIPP_SPILLOVER):
        found = referred(spillover, "pool_id", pools, "pool_id")
        pool_id = known(spillover, "pool_id")
        if not found and pool_id in by_own_id:
            found = [by_own_id[pool_id]]
        for pool in found:
            judge(spillover, f"'{label(pool)}'", strings(pool.props, "ips"))
        if found or pool_id is None or pool_id in stack_ids:
            continue
        # A DIPP the stack does not manage: as the account has it now.
        unverified.note(spillover)
        about = dipp_facts(spillover, pool_id)
        if about is not None:
            judge(spillover, f"'{about.get('name')}' ({pool_id}) of the account",
                  [str(ip) for ip in about.get("ips") or []])
    unverified.report()


spillover_dipp_is_not_the_domains_own = StackValidationPolicy(
    name="spillover-dipp-is-not-the-domains-own",
    description="A domain's DippSpillover names a DIPP other than the one linked to the "
                "domain (DomainIpAssignment pool_id).",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_not_own,
    severity=Severity.MEDIUM,
    remediation_steps="Point the DippSpillover's pool_id at a DIPP other than the one the "
                      "domain's DomainIpAssignment links.",
    url=rule_url("spillover-dipp-is-not-the-domains-own"),
    tags=["spillover", "DippSpillover", "DomainIpAssignment"],
)

spillover_dipp_has_non_warming_ip = StackValidationPolicy(
    name="spillover-dipp-has-non-warming-ip",
    description="The DIPP a DippSpillover names, declared in the stack or not, has at least "
                "one IP that is not warming. Reads the account: the DIPP's IPs and the IPs on "
                "warmup.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_non_warming,
    config_schema=WARMING_IPS_SCHEMA,
    severity=Severity.MEDIUM,
    remediation_steps="Point the DippSpillover at a DIPP that has at least one IP not on "
                      "warmup, or add such an IP to that DIPP.",
    url=rule_url("spillover-dipp-has-non-warming-ip"),
    tags=["spillover", "warming", "DippSpillover", "DedicatedIpPool", READS_ACCOUNT],
)
