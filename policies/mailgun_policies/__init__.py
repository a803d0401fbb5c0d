"""The rules of the mailgun-sending-safety policy pack, one concern per module."""

from pulumi_policy import Policy

from .domains import domain_has_one_ip_source, linked_dipp_has_ips
from .ip_exclusivity import ip_in_dipp_or_dynamic_pool, ip_in_one_dipp, ip_in_one_dynamic_pool
from .protection import production_resources_protected
from .warming import dedicated_ip_pool_has_non_warming_ip, dynamic_pool_has_non_warming_ip
from .webhooks import webhook_hosts_allowed, webhook_urls_per_event, webhook_urls_use_https

POLICIES: list[Policy] = [
    dedicated_ip_pool_has_non_warming_ip,
    dynamic_pool_has_non_warming_ip,
    ip_in_one_dipp,
    ip_in_one_dynamic_pool,
    ip_in_dipp_or_dynamic_pool,
    domain_has_one_ip_source,
    linked_dipp_has_ips,
    webhook_urls_use_https,
    webhook_urls_per_event,
    webhook_hosts_allowed,
    production_resources_protected,
]

__all__ = ["POLICIES"]
