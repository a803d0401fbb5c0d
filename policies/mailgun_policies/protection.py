"""Production stacks protect what is costly to lose: a deleted DIPP, subaccount or domain
assignment moves or stops real mail at once."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import DEDICATED_IP_POOL, DOMAIN_IP_ASSIGNMENT, SUBACCOUNT

from ._read import current_stack, of_type

PROTECTED_TYPES = (DEDICATED_IP_POOL, SUBACCOUNT, DOMAIN_IP_ASSIGNMENT)


def _protected(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    production = set((args.get_config() or {}).get("productionStacks") or [])
    stack = current_stack(args)
    if stack not in production:
        return
    for resource in of_type(args, *PROTECTED_TYPES):
        if not resource.opts.protect:
            kind = resource.resource_type.rsplit(":", 1)[1]
            report_violation(f"{kind} '{resource.name}' is not protected in production stack "
                             f"'{stack}': set protect=True so a destroy cannot remove it.",
                             resource.urn)


production_resources_protected = StackValidationPolicy(
    name="production-resources-protected",
    description="DedicatedIpPools, Subaccounts and DomainIpAssignments are protected "
                "(protect=True) in the stacks the config marks as production.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_protected,
    config_schema=PolicyConfigSchema(properties={
        "productionStacks": {"type": "array", "items": {"type": "string"}, "default": [],
                             "description": "Names of the production stacks."},
    }),
)
