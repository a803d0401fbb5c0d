"""One module per Mailgun resource, each in the same order: module docstring (endpoints,
ID, adopt key, replacement, delete), inputs model (its fields typed from ``_fields``),
provider (``inputs_model``, ``id_format``, ``output_fields``, ``replace_on``; create, the
read hooks ``find``/``inputs_from``/``outputs_from``, update, ``remove``), module helpers,
Resource class. ``_base`` holds the lifecycle policy they share."""

from typing import Any

from ._base import Inputs, MailgunProvider
from .account_webhook import AccountWebhook, AccountWebhookArgs, AccountWebhookProvider
from .dedicated_ip_pool import DedicatedIpPool, DedicatedIpPoolArgs, DedicatedIpPoolProvider
from .dedicated_ip_pool_delegation import (
    DedicatedIpPoolDelegation,
    DedicatedIpPoolDelegationArgs,
    DedicatedIpPoolDelegationProvider,
)
from .dipp_spillover import DippSpillover, DippSpilloverArgs, DippSpilloverProvider
from .domain_ip_assignment import (
    DomainIpAssignment,
    DomainIpAssignmentArgs,
    DomainIpAssignmentProvider,
)
from .domain_webhook_url import (
    DomainWebhookUrl,
    DomainWebhookUrlArgs,
    DomainWebhookUrlProvider,
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
from .http_signing_key import HttpSigningKey, HttpSigningKeyArgs, HttpSigningKeyProvider
from .ip_band import IpBand, IpBandArgs, IpBandProvider
from .ip_warmup import IpWarmup, IpWarmupArgs, IpWarmupProvider
from .subaccount import Subaccount, SubaccountArgs, SubaccountProvider
from .subaccount_ip_link import SubaccountIpLink, SubaccountIpLinkArgs, SubaccountIpLinkProvider
from .subaccount_sending_limit import (
    SubaccountSendingLimit,
    SubaccountSendingLimitArgs,
    SubaccountSendingLimitProvider,
)
from .webhook import Webhook, WebhookArgs, WebhookProvider

# Every resource's provider, for whatever walks them all (tests, docs).
PROVIDERS: tuple[type[MailgunProvider[Any]], ...] = (
    AccountWebhookProvider,
    DedicatedIpPoolProvider,
    DedicatedIpPoolDelegationProvider,
    DippSpilloverProvider,
    DomainIpAssignmentProvider,
    DomainWebhookUrlProvider,
    DynamicPoolEnrollmentProvider,
    DynamicPoolMembershipProvider,
    HttpSigningKeyProvider,
    IpBandProvider,
    IpWarmupProvider,
    SubaccountProvider,
    SubaccountIpLinkProvider,
    SubaccountSendingLimitProvider,
    WebhookProvider,
)

__all__ = [
    "PROVIDERS",
    "AccountWebhook",
    "AccountWebhookArgs",
    "AccountWebhookProvider",
    "DedicatedIpPool",
    "DedicatedIpPoolArgs",
    "DedicatedIpPoolDelegation",
    "DedicatedIpPoolDelegationArgs",
    "DedicatedIpPoolDelegationProvider",
    "DedicatedIpPoolProvider",
    "DippSpillover",
    "DippSpilloverArgs",
    "DippSpilloverProvider",
    "DomainIpAssignment",
    "DomainIpAssignmentArgs",
    "DomainIpAssignmentProvider",
    "DomainWebhookUrl",
    "DomainWebhookUrlArgs",
    "DomainWebhookUrlProvider",
    "DynamicPoolEnrollment",
    "DynamicPoolEnrollmentArgs",
    "DynamicPoolEnrollmentProvider",
    "DynamicPoolMembership",
    "DynamicPoolMembershipArgs",
    "DynamicPoolMembershipProvider",
    "HttpSigningKey",
    "HttpSigningKeyArgs",
    "HttpSigningKeyProvider",
    "Inputs",
    "IpBand",
    "IpBandArgs",
    "IpBandProvider",
    "IpWarmup",
    "IpWarmupArgs",
    "IpWarmupProvider",
    "MailgunProvider",
    "Subaccount",
    "SubaccountArgs",
    "SubaccountIpLink",
    "SubaccountIpLinkArgs",
    "SubaccountIpLinkProvider",
    "SubaccountProvider",
    "SubaccountSendingLimit",
    "SubaccountSendingLimitArgs",
    "SubaccountSendingLimitProvider",
    "Webhook",
    "WebhookArgs",
    "WebhookProvider",
]
