"""The rules of the mailgun-sending-safety policy pack, one concern per module."""

from pulumi_policy import Policy

from .domains import domain_has_one_ip_source, linked_dipp_has_ips
from .ip_exclusivity import (
    ip_in_dipp_or_dynamic_pool,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
    one_ip_band_per_ip,
)
from .owners import (
    one_enrollment_per_domain,
    one_ip_link_per_subaccount,
    one_membership_per_dynamic_pool,
    one_warmup_per_ip,
)
from .protection import production_resources_protected
from .spillover import spillover_dipp_has_non_warming_ip, spillover_dipp_is_not_the_domains_own
from .subaccounts import subaccount_has_monthly_limit
from .warming import dedicated_ip_pool_has_non_warming_ip, dynamic_pool_has_non_warming_ip
from .webhooks import (
    webhook_hosts_allowed,
    webhook_url_has_one_owner,
    webhook_urls_per_event,
    webhook_urls_use_https,
)

PACK = "mailgun-sending-safety"

POLICIES: list[Policy] = [
    dedicated_ip_pool_has_non_warming_ip,
    dynamic_pool_has_non_warming_ip,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
    ip_in_dipp_or_dynamic_pool,
    one_ip_band_per_ip,
    one_membership_per_dynamic_pool,
    one_enrollment_per_domain,
    one_warmup_per_ip,
    one_ip_link_per_subaccount,
    domain_has_one_ip_source,
    linked_dipp_has_ips,
    spillover_dipp_is_not_the_domains_own,
    spillover_dipp_has_non_warming_ip,
    webhook_urls_use_https,
    webhook_urls_per_event,
    webhook_url_has_one_owner,
    webhook_hosts_allowed,
    subaccount_has_monthly_limit,
    production_resources_protected,
]

__all__ = ["PACK", "POLICIES"]
