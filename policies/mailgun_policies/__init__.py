"""The rules of the mailgun-sending-safety policy pack."""

from pulumi_policy import Policy

from .warming import dedicated_ip_pool_has_non_warming_ip

POLICIES: list[Policy] = [dedicated_ip_pool_has_non_warming_ip]

__all__ = ["POLICIES", "dedicated_ip_pool_has_non_warming_ip"]
