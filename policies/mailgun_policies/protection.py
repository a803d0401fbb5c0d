"""Production stacks protect what is costly to lose: a deleted DIPP, subaccount or domain
assignment moves or stops real mail at once."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
)

from mailgun_infra.facts import DEDICATED_IP_POOL, DOMAIN_IP_ASSIGNMENT, SUBACCOUNT

from ._about import rule_url
from ._read import stack_of

PROTECTED_TYPES = (DEDICATED_IP_POOL, SUBACCOUNT, DOMAIN_IP_ASSIGNMENT)


def _protected(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    production = set((args.get_config() or {}).get("productionStacks") or [])
    stack = stack_of(args.urn)
    if stack not in production or args.resource_type not in PROTECTED_TYPES:
        return
    if not args.opts.protect:
        kind = args.resource_type.rsplit(":", 1)[1]
        report_violation(f"{kind} '{args.name}' is not protected in production stack "
                         f"'{stack}': set protect=True so a destroy cannot remove it.", args.urn)


production_resources_protected = ResourceValidationPolicy(
    name="production-resources-protected",
    description="DedicatedIpPools, Subaccounts and DomainIpAssignments are protected "
                "(protect=True) in the stacks the config marks as production.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_protected,
    config_schema=PolicyConfigSchema(properties={
        "productionStacks": {"type": "array", "items": {"type": "string"}, "default": [],
                             "description": "Names of the production stacks."},
    }),
    severity=Severity.LOW,
    remediation_steps="Set protect=True on the resource (protect: true on its spec entry).",
    url=rule_url("production-resources-protected"),
    tags=["protection", "DedicatedIpPool", "Subaccount", "DomainIpAssignment"],
)
