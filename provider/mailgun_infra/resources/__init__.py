"""One module per Mailgun resource, each in the same order: module docstring (endpoints,
ID, adopt key, replacement, delete), inputs model (its fields typed from ``_fields``),
provider (``inputs_model``, ``id_format``, ``output_fields``, ``replace_on``; create, the
read hooks ``find``/``inputs_from``/``outputs_from``, update, ``remove``), module helpers,
Resource class. ``_base`` holds the lifecycle policy they share.

The modules load on first use of a name, so the provider host, which unpickles providers by
their module, imports only the resources the stack has and not all of them with their models."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._base import RETRY_BACKOFF, Inputs, MailgunProvider
    from ._fields import MAX_RESOURCE_NAME, canonical_ips, reads_as_text
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

    PROVIDERS: tuple[type[MailgunProvider[Any]], ...]

# Where each name lives, for __getattr__.
_MODULES: dict[str, str] = {
    "Inputs": "_base",
    "MailgunProvider": "_base",
    "RETRY_BACKOFF": "_base",
    # What the commands beside the resources (discover) share with their inputs' rules.
    "MAX_RESOURCE_NAME": "_fields",
    "canonical_ips": "_fields",
    "reads_as_text": "_fields",
    "AccountWebhook": "account_webhook",
    "AccountWebhookArgs": "account_webhook",
    "AccountWebhookProvider": "account_webhook",
    "DedicatedIpPool": "dedicated_ip_pool",
    "DedicatedIpPoolArgs": "dedicated_ip_pool",
    "DedicatedIpPoolProvider": "dedicated_ip_pool",
    "DedicatedIpPoolDelegation": "dedicated_ip_pool_delegation",
    "DedicatedIpPoolDelegationArgs": "dedicated_ip_pool_delegation",
    "DedicatedIpPoolDelegationProvider": "dedicated_ip_pool_delegation",
    "DippSpillover": "dipp_spillover",
    "DippSpilloverArgs": "dipp_spillover",
    "DippSpilloverProvider": "dipp_spillover",
    "DomainIpAssignment": "domain_ip_assignment",
    "DomainIpAssignmentArgs": "domain_ip_assignment",
    "DomainIpAssignmentProvider": "domain_ip_assignment",
    "DomainWebhookUrl": "domain_webhook_url",
    "DomainWebhookUrlArgs": "domain_webhook_url",
    "DomainWebhookUrlProvider": "domain_webhook_url",
    "DynamicPoolEnrollment": "dynamic_pool_enrollment",
    "DynamicPoolEnrollmentArgs": "dynamic_pool_enrollment",
    "DynamicPoolEnrollmentProvider": "dynamic_pool_enrollment",
    "DynamicPoolMembership": "dynamic_pool_membership",
    "DynamicPoolMembershipArgs": "dynamic_pool_membership",
    "DynamicPoolMembershipProvider": "dynamic_pool_membership",
    "HttpSigningKey": "http_signing_key",
    "HttpSigningKeyArgs": "http_signing_key",
    "HttpSigningKeyProvider": "http_signing_key",
    "IpBand": "ip_band",
    "IpBandArgs": "ip_band",
    "IpBandProvider": "ip_band",
    "IpWarmup": "ip_warmup",
    "IpWarmupArgs": "ip_warmup",
    "IpWarmupProvider": "ip_warmup",
    "Subaccount": "subaccount",
    "SubaccountArgs": "subaccount",
    "SubaccountProvider": "subaccount",
    "SubaccountIpLink": "subaccount_ip_link",
    "SubaccountIpLinkArgs": "subaccount_ip_link",
    "SubaccountIpLinkProvider": "subaccount_ip_link",
    "SubaccountSendingLimit": "subaccount_sending_limit",
    "SubaccountSendingLimitArgs": "subaccount_sending_limit",
    "SubaccountSendingLimitProvider": "subaccount_sending_limit",
    "Webhook": "webhook",
    "WebhookArgs": "webhook",
    "WebhookProvider": "webhook",
}

# Every resource's provider, for whatever walks them all (tests, docs, discover): by name,
# so that naming them loads nothing.
_PROVIDER_NAMES: tuple[str, ...] = (
    "AccountWebhookProvider",
    "DedicatedIpPoolProvider",
    "DedicatedIpPoolDelegationProvider",
    "DippSpilloverProvider",
    "DomainIpAssignmentProvider",
    "DomainWebhookUrlProvider",
    "DynamicPoolEnrollmentProvider",
    "DynamicPoolMembershipProvider",
    "HttpSigningKeyProvider",
    "IpBandProvider",
    "IpWarmupProvider",
    "SubaccountProvider",
    "SubaccountIpLinkProvider",
    "SubaccountSendingLimitProvider",
    "WebhookProvider",
)

__all__ = [
    "MAX_RESOURCE_NAME",
    "PROVIDERS",
    "RETRY_BACKOFF",
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
    "canonical_ips",
    "reads_as_text",
]


def __getattr__(name: str) -> Any:
    if name == "PROVIDERS":
        providers: tuple[type[MailgunProvider[Any]], ...] = tuple(
            __getattr__(provider) for provider in _PROVIDER_NAMES)
        return providers
    if name in _MODULES:
        value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
