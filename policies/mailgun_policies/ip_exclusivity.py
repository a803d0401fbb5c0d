"""Where an IP may be: in one DIPP, in one dynamic pool, never in both, an IP linked to a
subaccount never in a dynamic pool of the parent (Mailgun refuses such links), and in one
IP band."""

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

from mailgun_infra.facts import (
    DEDICATED_IP_POOL,
    DYNAMIC_POOL_MEMBERSHIP,
    IP_BAND,
    SUBACCOUNT_IP_LINK,
)

from ._about import rule_url
from ._read import kind_and_name, label, of_type, strings
from .owners import same_ip


def _owners(resources: list[PolicyResource]) -> dict[str, list[PolicyResource]]:
    owners: dict[str, list[PolicyResource]] = defaultdict(list)
    for resource in resources:
        for ip in strings(resource.props, "ips"):
            owners[same_ip(ip)].append(resource)
    return owners


def _one_dipp(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for ip, pools in sorted(_owners(of_type(args, DEDICATED_IP_POOL)).items()):
        if len(pools) > 1:
            names = ", ".join(sorted(f"'{label(p)}'" for p in pools))
            report_violation(f"IP {ip} is in {len(pools)} DIPPs ({names}); Mailgun allows one.",
                             pools[1].urn)


def _one_dynamic_pool(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for ip, pools in sorted(_owners(of_type(args, DYNAMIC_POOL_MEMBERSHIP)).items()):
        if len(pools) > 1:
            names = ", ".join(sorted(label(p, "pool") for p in pools))
            report_violation(f"IP {ip} is in {len(pools)} dynamic pools ({names}); Mailgun "
                             "allows one.", pools[1].urn)


def _dipp_or_dynamic(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    dipps = _owners(of_type(args, DEDICATED_IP_POOL))
    dynamic = _owners(of_type(args, DYNAMIC_POOL_MEMBERSHIP))
    for ip in sorted(set(dipps) & set(dynamic)):
        report_violation(
            f"IP {ip} is in DIPP '{label(dipps[ip][0])}' and in dynamic pool "
            f"{label(dynamic[ip][0], 'pool')}: a dedicated pool's IPs must not also carry "
            "dynamic pool traffic.", dynamic[ip][0].urn)
    for ip, links in sorted(_owners(of_type(args, SUBACCOUNT_IP_LINK)).items()):
        if ip in dynamic:
            report_violation(
                f"IP {ip} is linked to a subaccount and in dynamic pool "
                f"{label(dynamic[ip][0], 'pool')} of the parent: Mailgun refuses such links.",
                links[0].urn)


def _one_band(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    bands: dict[str, list[PolicyResource]] = defaultdict(list)
    for band in of_type(args, IP_BAND):
        bands[same_ip(band.props.get("ip"))].append(band)
    for ip, placed in sorted(bands.items()):
        if len(placed) > 1:
            names = " and ".join(sorted(kind_and_name(b) for b in placed))
            # Mailgun has no read of an IP's band: neither resource would ever see the other.
            report_violation(f"IP {ip} is placed in a band by {names}: the last write wins "
                             "and no refresh shows it. Declare one IpBand per IP.",
                             placed[-1].urn)


ip_in_one_dipp = StackValidationPolicy(
    name="ip-in-one-dipp",
    description="An IP is in at most one DedicatedIpPool across the stack.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_dipp,
    severity=Severity.MEDIUM,
    remediation_steps="Keep the IP in one DedicatedIpPool and take it out of the others.",
    url=rule_url("ip-in-one-dipp"),
    tags=["ip-exclusivity", "DedicatedIpPool"],
)

ip_in_one_dynamic_pool = StackValidationPolicy(
    name="ip-in-one-dynamic-pool",
    description="An IP is in at most one dynamic pool across the stack.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_dynamic_pool,
    severity=Severity.MEDIUM,
    remediation_steps="Keep the IP in one DynamicPoolMembership and take it out of the "
                      "others.",
    url=rule_url("ip-in-one-dynamic-pool"),
    tags=["ip-exclusivity", "DynamicPoolMembership"],
)

ip_in_dipp_or_dynamic_pool = StackValidationPolicy(
    name="ip-in-dipp-or-dynamic-pool",
    description="An IP is not in both a DIPP and a dynamic pool, and an IP linked to a "
                "subaccount is not in a dynamic pool of the parent.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_dipp_or_dynamic,
    severity=Severity.HIGH,
    remediation_steps="Take the IP out of the DIPP or out of the dynamic pool; for a "
                      "SubaccountIpLink, take the IP out of the parent's dynamic pools "
                      "first.",
    url=rule_url("ip-in-dipp-or-dynamic-pool"),
    tags=["ip-exclusivity", "DedicatedIpPool", "DynamicPoolMembership", "SubaccountIpLink"],
)

one_ip_band_per_ip = StackValidationPolicy(
    name="one-ip-band-per-ip",
    description="An IP is placed in a band by one IpBand across the stack.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_band,
    severity=Severity.MEDIUM,
    remediation_steps="Keep one IpBand for the IP and delete the others.",
    url=rule_url("one-ip-band-per-ip"),
    tags=["ip-exclusivity", "IpBand"],
)
