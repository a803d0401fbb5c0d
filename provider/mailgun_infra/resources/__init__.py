"""One module per Mailgun resource, each in the same order: module docstring (endpoints,
ID, adopt key, replacement, delete), inputs model, provider, Resource class."""

from .account_webhook import AccountWebhook, AccountWebhookArgs, AccountWebhookProvider
from .dedicated_ip_pool import DedicatedIpPool, DedicatedIpPoolArgs, DedicatedIpPoolProvider
from .dedicated_ip_pool_delegation import (
    DedicatedIpPoolDelegation,
    DedicatedIpPoolDelegationArgs,
    DedicatedIpPoolDelegationProvider,
)
from .domain_ip_assignment import (
    DomainIpAssignment,
    DomainIpAssignmentArgs,
    DomainIpAssignmentProvider,
)
from .dynamic_pool_enrollment import (
    DynamicPoolEnrollment,
    DynamicPoolEnrollmentArgs,
    DynamicPoolEnrollmentProvider,
)
from .dynamic_pool_membership import (
    DynamicPoolMembership,
    DynamicPoolMembershipArgs,
    DynamicPoolMembershipProvider,
)
from .ip_warmup import IpWarmup, IpWarmupArgs, IpWarmupProvider
from .subaccount import Subaccount, SubaccountArgs, SubaccountProvider
from .subaccount_ip_link import SubaccountIpLink, SubaccountIpLinkArgs, SubaccountIpLinkProvider
from .webhook import Webhook, WebhookArgs, WebhookProvider

__all__ = [
    "AccountWebhook",
    "AccountWebhookArgs",
    "AccountWebhookProvider",
    "DedicatedIpPool",
    "DedicatedIpPoolArgs",
    "DedicatedIpPoolDelegation",
    "DedicatedIpPoolDelegationArgs",
    "DedicatedIpPoolDelegationProvider",
    "DedicatedIpPoolProvider",
    "DomainIpAssignment",
    "DomainIpAssignmentArgs",
    "DomainIpAssignmentProvider",
    "DynamicPoolEnrollment",
    "DynamicPoolEnrollmentArgs",
    "DynamicPoolEnrollmentProvider",
    "DynamicPoolMembership",
    "DynamicPoolMembershipArgs",
    "DynamicPoolMembershipProvider",
    "IpWarmup",
    "IpWarmupArgs",
    "IpWarmupProvider",
    "Subaccount",
    "SubaccountArgs",
    "SubaccountIpLink",
    "SubaccountIpLinkArgs",
    "SubaccountIpLinkProvider",
    "SubaccountProvider",
    "Webhook",
    "WebhookArgs",
    "WebhookProvider",
]
