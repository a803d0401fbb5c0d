"""Warming IPs: a pool whose every IP is on warmup cannot carry its traffic.

Mailgun throttles an IP on warmup to its plan's hourly limit; a DIPP made only of such
IPs queues or defers everything above that limit. Warming IPs come from the policy
config (``warmingIps``) for now.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)

from mailgun_infra.types import DEDICATED_IP_POOL

WARMING_IPS_SCHEMA = PolicyConfigSchema(
    properties={
        "warmingIps": {
            "type": "array",
            "items": {"type": "string"},
            "default": [],
            "description": "IPs that are on warmup, as GET /v3/ips reports is_on_warmup.",
        },
    },
)


def _validate_pool(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type != DEDICATED_IP_POOL:
        return
    warming = set((args.get_config() or {}).get("warmingIps") or [])
    ips = list(args.props.get("ips") or [])
    name = args.props.get("name") or args.name
    if not ips:
        report_violation(f"DIPP '{name}' has no IPs: add at least one IP that is not warming.",
                         None)
        return
    if all(ip in warming for ip in ips):
        report_violation(
            f"DIPP '{name}' has only warming IPs ({', '.join(sorted(ips))}): add at least one "
            "IP that is not on warmup, or the pool's traffic is throttled to the warmup plan.",
            None)


dedicated_ip_pool_has_non_warming_ip = ResourceValidationPolicy(
    name="dedicated-ip-pool-has-non-warming-ip",
    description="Every DedicatedIpPool contains at least one IP that is not warming.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_validate_pool,
    config_schema=WARMING_IPS_SCHEMA,
)
