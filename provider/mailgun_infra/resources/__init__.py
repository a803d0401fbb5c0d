"""One module per Mailgun resource, each in the same order: inputs, provider, resource."""

from .dedicated_ip_pool import DedicatedIpPool, DedicatedIpPoolArgs, DedicatedIpPoolProvider

__all__ = ["DedicatedIpPool", "DedicatedIpPoolArgs", "DedicatedIpPoolProvider"]
