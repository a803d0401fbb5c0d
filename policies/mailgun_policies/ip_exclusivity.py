"""Where an IP may be: in one DIPP, in one dynamic pool, never in both, an IP linked to a
subaccount never in a dynamic pool of the parent (Mailgun refuses such links), and in one
IP band.

The first three read the account too: for a pool or link that changes at this preview,
an IP that a DIPP or dynamic pool outside the stack holds now counts like one the stack
declares. A pool the stack manages is judged by what the stack declares of it, since the
same update changes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

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
from ._account import READS_ACCOUNT, Unverified, facts_of, ip_facts, stack_dipp_ids
from ._read import kind_and_name, label, of_type, strings
from .owners import same_ip

NOT_MANAGED = "which this stack does not manage"


def _owners(resources: list[PolicyResource]) -> dict[str, list[PolicyResource]]:
    owners: dict[str, list[PolicyResource]] = defaultdict(list)
    for resource in resources:
        for ip in strings(resource.props, "ips"):
            owners[same_ip(ip)].append(resource)
    return owners


def _outside_dipps(about: Mapping[str, Any], stack_ids: set[str],
                   own: object = None) -> list[str]:
    """The account's DIPPs holding an IP (``about``) that the stack does not manage."""
    return [f"'{d.get('name')}' ({d.get('id')})" for d in about.get("dipps") or []
            if d.get("id") not in stack_ids and d.get("id") != own]


def _managed_dynamic_pools(args: StackValidationArgs) -> set[str]:
    return {label(m, "pool") for m in of_type(args, DYNAMIC_POOL_MEMBERSHIP)}


def _one_dipp(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for ip, pools in sorted(_owners(of_type(args, DEDICATED_IP_POOL)).items()):
        if len(pools) > 1:
            names = ", ".join(sorted(f"'{label(p)}'" for p in pools))
            report_violation(f"IP {ip} is in {len(pools)} DIPPs ({names}); Mailgun allows one.",
                             pools[1].urn)
    stack_ids = stack_dipp_ids(args.resources)
    unverified = Unverified()
    for pool in of_type(args, DEDICATED_IP_POOL):
        unverified.note(pool)
        own = (facts_of(pool) or {}).get("self")
        for ip, about in ip_facts(pool):
            others = _outside_dipps(about, stack_ids, own)
            if others:
                report_violation(
                    f"IP {ip} of DIPP '{label(pool)}' is in DIPP {', '.join(others)} of the "
                    f"account, {NOT_MANAGED}: Mailgun allows one DIPP per IP.", pool.urn)
    unverified.report()


def _one_dynamic_pool(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for ip, pools in sorted(_owners(of_type(args, DYNAMIC_POOL_MEMBERSHIP)).items()):
        if len(pools) > 1:
            names = ", ".join(sorted(label(p, "pool") for p in pools))
            report_violation(f"IP {ip} is in {len(pools)} dynamic pools ({names}); Mailgun "
                             "allows one.", pools[1].urn)
    managed = _managed_dynamic_pools(args)
    unverified = Unverified()
    for membership in of_type(args, DYNAMIC_POOL_MEMBERSHIP):
        unverified.note(membership)
        for ip, about in ip_facts(membership):
            held = about.get("dynamic_pool")
            if held and held not in managed:
                report_violation(
                    f"IP {ip} of dynamic pool {label(membership, 'pool')} is in dynamic pool "
                    f"{held} of the account, {NOT_MANAGED}: Mailgun allows one.",
                    membership.urn)
    unverified.report()


def _dipp_or_dynamic(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    _dipp_or_dynamic_declared(args, report_violation)
    stack_ids = stack_dipp_ids(args.resources)
    managed = _managed_dynamic_pools(args)
    unverified = Unverified()
    for resource in of_type(args, DEDICATED_IP_POOL, SUBACCOUNT_IP_LINK):
        unverified.note(resource)
        for ip, about in ip_facts(resource):
            held = about.get("dynamic_pool")
            if held and held not in managed:
                what = ("linked to a subaccount" if resource.resource_type == SUBACCOUNT_IP_LINK
                        else f"in DIPP '{label(resource)}'")
                report_violation(
                    f"IP {ip} is {what} and in dynamic pool {held} of the account, "
                    f"{NOT_MANAGED}: take it out of the dynamic pool first.", resource.urn)
    for membership in of_type(args, DYNAMIC_POOL_MEMBERSHIP):
        unverified.note(membership)
        for ip, about in ip_facts(membership):
            others = _outside_dipps(about, stack_ids)
            if others:
                report_violation(
                    f"IP {ip} of dynamic pool {label(membership, 'pool')} is in DIPP "
                    f"{', '.join(others)} of the account, {NOT_MANAGED}: a dedicated pool's "
                    "IPs must not also carry dynamic pool traffic.", membership.urn)
    unverified.report()


def _dipp_or_dynamic_declared(args: StackValidationArgs,
                              report_violation: ReportViolation) -> None:
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
    description="An IP is in at most one DedicatedIpPool across the stack and the account. "
                "Reads the account: the DIPPs holding each IP.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_dipp,
    severity=Severity.MEDIUM,
    remediation_steps="Keep the IP in one DedicatedIpPool and take it out of the others.",
    url=rule_url("ip-in-one-dipp"),
    tags=["ip-exclusivity", "DedicatedIpPool", READS_ACCOUNT],
)

ip_in_one_dynamic_pool = StackValidationPolicy(
    name="ip-in-one-dynamic-pool",
    description="An IP is in at most one dynamic pool across the stack and the account. "
                "Reads the account: the dynamic pool holding each IP.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_dynamic_pool,
    severity=Severity.MEDIUM,
    remediation_steps="Keep the IP in one DynamicPoolMembership and take it out of the "
                      "others.",
    url=rule_url("ip-in-one-dynamic-pool"),
    tags=["ip-exclusivity", "DynamicPoolMembership", READS_ACCOUNT],
)

ip_in_dipp_or_dynamic_pool = StackValidationPolicy(
    name="ip-in-dipp-or-dynamic-pool",
    description="An IP is not in both a DIPP and a dynamic pool, and an IP linked to a "
                "subaccount is not in a dynamic pool of the parent. Reads the account: the "
                "DIPPs and dynamic pool holding each IP.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_dipp_or_dynamic,
    severity=Severity.HIGH,
    remediation_steps="Take the IP out of the DIPP or out of the dynamic pool; for a "
                      "SubaccountIpLink, take the IP out of the parent's dynamic pools "
                      "first.",
    url=rule_url("ip-in-dipp-or-dynamic-pool"),
    tags=["ip-exclusivity", "DedicatedIpPool", "DynamicPoolMembership", "SubaccountIpLink",
          READS_ACCOUNT],
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
