"""Subaccounts: each one capped by a monthly sending limit.

A subaccount sends on the parent's IPs and reputation; without a custom monthly limit
nothing stops a runaway or compromised subaccount before the parent's own plan does.
Advisory by default: a limit is a business decision, and an account may start without one.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from mailgun_infra.facts import SUBACCOUNT, SUBACCOUNT_SENDING_LIMIT

from ._about import rule_url
from ._read import label, of_type, referred


def _can_send(subaccount: PolicyResource) -> bool:
    try:
        return subaccount.props.get("enabled") is not False
    except UnknownValueError:
        return True


def _monthly_limit(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    exempt = set((args.get_config() or {}).get("exemptSubaccounts") or [])
    subaccounts = of_type(args, SUBACCOUNT)
    limited: set[str] = set()
    for limit in of_type(args, SUBACCOUNT_SENDING_LIMIT):
        limited.update(s.urn for s in referred(limit, "subaccount_id", subaccounts,
                                               "subaccount_id"))
    for subaccount in subaccounts:
        name = label(subaccount)
        # A disabled subaccount sends nothing, so it needs no cap yet.
        if subaccount.urn in limited or {name, subaccount.name} & exempt \
                or not _can_send(subaccount):
            continue
        report_violation(
            f"Subaccount '{name}' has no SubaccountSendingLimit: nothing caps what it sends "
            "in a month on the parent's IPs. Declare one, or list the subaccount in "
            "exemptSubaccounts.", subaccount.urn)


subaccount_has_monthly_limit = StackValidationPolicy(
    name="subaccount-has-monthly-limit",
    description="Every enabled Subaccount has a SubaccountSendingLimit (a custom monthly "
                "limit), unless the config exempts it by name.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_monthly_limit,
    config_schema=PolicyConfigSchema(properties={
        "exemptSubaccounts": {"type": "array", "items": {"type": "string"}, "default": [],
                              "description": "Subaccounts that need no monthly limit, by "
                                             "their name or their resource's."},
    }),
    severity=Severity.MEDIUM,
    remediation_steps="Declare a SubaccountSendingLimit for the subaccount, or list it in "
                      "exemptSubaccounts.",
    url=rule_url("subaccount-has-monthly-limit"),
    tags=["subaccounts", "Subaccount", "SubaccountSendingLimit"],
)
