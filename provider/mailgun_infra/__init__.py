"""mailgun_infra: Mailgun dedicated IPs, pools, warmups, webhooks and subaccounts as
Pulumi resources.

The resource classes load on first use, so the client and the emulator work without
importing Pulumi.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .resources import (
        AccountWebhook,
        DedicatedIpPool,
        DedicatedIpPoolDelegation,
        DippSpillover,
        DomainIpAssignment,
        DomainWebhookUrl,
        DynamicPoolEnrollment,
        DynamicPoolMembership,
        HttpSigningKey,
        IpBand,
        IpWarmup,
        Subaccount,
        SubaccountIpLink,
        SubaccountSendingLimit,
        Webhook,
    )

__all__ = [
    "AccountWebhook",
    "DedicatedIpPool",
    "DedicatedIpPoolDelegation",
    "DippSpillover",
    "DomainIpAssignment",
    "DomainWebhookUrl",
    "DynamicPoolEnrollment",
    "DynamicPoolMembership",
    "HttpSigningKey",
    "IpBand",
    "IpWarmup",
    "Subaccount",
    "SubaccountIpLink",
    "SubaccountSendingLimit",
    "Webhook",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import resources

        return getattr(resources, name)
    raise AttributeError(f"module 'mailgun_infra' has no attribute {name!r}")
