"""Warming IPs: a pool whose every IP is on warmup cannot carry its traffic.

Mailgun throttles an IP on warmup to its plan's hourly limit; a pool made only of such IPs
defers everything above that limit, and Mailgun refuses a dynamic pool without an IP that
is not warming. Warming IPs come from the policy config (``warmingIps``), the stack's
IpWarmup resources, and the account: the warmups Mailgun reports at this preview for the
pools that change, started by this stack or not.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import DEDICATED_IP_POOL, DYNAMIC_POOL_MEMBERSHIP

from ._about import rule_url
from ._account import READS_ACCOUNT, Unverified, account_warming
from ._read import joined_sorted, label, of_type, strings, warming_ips

WARMING_IPS_SCHEMA = PolicyConfigSchema(
    properties={
        "warmingIps": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "IPs on warmup besides the stack's IpWarmups (GET /v3/ips "
                           "reports is_on_warmup).",
        },
    },
)


def _in_the_account(ips: list[str], args: StackValidationArgs) -> str:
    """Which of ``ips`` the account itself reports on warmup, for a message."""
    reported = set(ips) & account_warming(args.resources)
    return f"; on warmup in the account: {joined_sorted(reported)}" if reported else ""


def _dipps(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    warming = warming_ips(args, args.get_config() or {})
    unverified = Unverified()
    for pool in of_type(args, DEDICATED_IP_POOL):
        unverified.note(pool)
        ips = strings(pool.props, "ips")
        name = label(pool)
        if not ips:
            report_violation(f"DIPP '{name}' has no IPs: add at least one IP that is not "
                             "warming.", pool.urn)
        elif set(ips) <= warming:
            report_violation(
                f"DIPP '{name}' has only warming IPs ({joined_sorted(ips)}"
                f"{_in_the_account(ips, args)}): add at least one IP that is not on warmup, "
                "or the pool's traffic is throttled to the warmup plan.", pool.urn)
    unverified.report()


def _dynamic_pools(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    warming = warming_ips(args, args.get_config() or {})
    unverified = Unverified()
    for membership in of_type(args, DYNAMIC_POOL_MEMBERSHIP):
        unverified.note(membership)
        ips = strings(membership.props, "ips")
        if set(ips) <= warming:
            report_violation(
                f"dynamic pool {label(membership, 'pool')} has only warming IPs "
                f"({joined_sorted(ips)}{_in_the_account(ips, args)}): Mailgun requires at "
                "least one IP that is not warming.", membership.urn)
    unverified.report()


dedicated_ip_pool_has_non_warming_ip = StackValidationPolicy(
    name="dedicated-ip-pool-has-non-warming-ip",
    description="Every DedicatedIpPool contains at least one IP that is not warming. Reads "
                "the account: IPs on warmup.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_dipps,
    config_schema=WARMING_IPS_SCHEMA,
    severity=Severity.HIGH,
    remediation_steps="Add to the DIPP at least one IP that is not on warmup, or create the "
                      "pool once one of its IPs has finished warming up.",
    url=rule_url("dedicated-ip-pool-has-non-warming-ip"),
    tags=["warming", "DedicatedIpPool", READS_ACCOUNT],
)

dynamic_pool_has_non_warming_ip = StackValidationPolicy(
    name="dynamic-pool-has-non-warming-ip",
    description="Every dynamic pool (DynamicPoolMembership) contains at least one IP that "
                "is not warming. Reads the account: IPs on warmup.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_dynamic_pools,
    config_schema=WARMING_IPS_SCHEMA,
    severity=Severity.MEDIUM,
    remediation_steps="Add to the dynamic pool at least one IP that is not on warmup.",
    url=rule_url("dynamic-pool-has-non-warming-ip"),
    tags=["warming", "DynamicPoolMembership", READS_ACCOUNT],
)
