"""One module per Mailgun resource, and the one table that registers them (``RESOURCES``).

Each module has the same order: module docstring (endpoints, ID, adopt key, replacement,
delete), inputs model (its fields typed from ``_fields``), provider (``inputs_model``,
``id_format``, ``output_fields``, ``replace_on``; create, the read hooks
``find``/``inputs_from``/``outputs_from``, update, ``remove``), module helpers, Resource
class. ``_base`` holds the lifecycle policy they share.

A new resource is its module and one entry below: the package's exports, ``PROVIDERS``,
the stack spec's kinds and order, and discover's tables are all read from ``RESOURCES``
(CONTRIBUTING.md walks through it).
"""

from __future__ import annotations

from typing import Any

from ._base import RETRY_BACKOFF as RETRY_BACKOFF
from ._base import Inputs as Inputs
from ._base import MailgunProvider as MailgunProvider
from ._fields import MAX_RESOURCE_NAME as MAX_RESOURCE_NAME
from ._fields import canonical_ips as canonical_ips
from ._fields import reads_as_text as reads_as_text
from ._registry import Registered as Registered
from .account_sending_limit import (
    AccountSendingLimit as AccountSendingLimit,
)
from .account_sending_limit import (
    AccountSendingLimitProvider as AccountSendingLimitProvider,
)
from .account_webhook import (
    AccountWebhook as AccountWebhook,
)
from .account_webhook import (
    AccountWebhookProvider as AccountWebhookProvider,
)
from .dedicated_ip_pool import (
    DedicatedIpPool as DedicatedIpPool,
)
from .dedicated_ip_pool import (
    DedicatedIpPoolProvider as DedicatedIpPoolProvider,
)
from .dedicated_ip_pool_delegation import (
    DedicatedIpPoolDelegation as DedicatedIpPoolDelegation,
)
from .dedicated_ip_pool_delegation import (
    DedicatedIpPoolDelegationProvider as DedicatedIpPoolDelegationProvider,
)
from .dipp_spillover import (
    DippSpillover as DippSpillover,
)
from .dipp_spillover import (
    DippSpilloverProvider as DippSpilloverProvider,
)
from .domain_ip_assignment import (
    DomainIpAssignment as DomainIpAssignment,
)
from .domain_ip_assignment import (
    DomainIpAssignmentProvider as DomainIpAssignmentProvider,
)
from .domain_webhook_url import (
    DomainWebhookUrl as DomainWebhookUrl,
)
from .domain_webhook_url import (
    DomainWebhookUrlProvider as DomainWebhookUrlProvider,
)
from .dynamic_pool_enrollment import (
    DynamicPoolEnrollment as DynamicPoolEnrollment,
)
from .dynamic_pool_enrollment import (
    DynamicPoolEnrollmentProvider as DynamicPoolEnrollmentProvider,
)
from .dynamic_pool_membership import (
    DynamicPoolMembership as DynamicPoolMembership,
)
from .dynamic_pool_membership import (
    DynamicPoolMembershipProvider as DynamicPoolMembershipProvider,
)
from .http_signing_key import (
    HttpSigningKey as HttpSigningKey,
)
from .http_signing_key import (
    HttpSigningKeyProvider as HttpSigningKeyProvider,
)
from .ip_band import (
    IpBand as IpBand,
)
from .ip_band import (
    IpBandProvider as IpBandProvider,
)
from .ip_warmup import (
    IpWarmup as IpWarmup,
)
from .ip_warmup import (
    IpWarmupProvider as IpWarmupProvider,
)
from .subaccount import (
    Subaccount as Subaccount,
)
from .subaccount import (
    SubaccountProvider as SubaccountProvider,
)
from .subaccount_ip_link import (
    SubaccountIpLink as SubaccountIpLink,
)
from .subaccount_ip_link import (
    SubaccountIpLinkProvider as SubaccountIpLinkProvider,
)
from .subaccount_sending_limit import (
    SubaccountSendingLimit as SubaccountSendingLimit,
)
from .subaccount_sending_limit import (
    SubaccountSendingLimitProvider as SubaccountSendingLimitProvider,
)
from .webhook import (
    Webhook as Webhook,
)
from .webhook import (
    WebhookProvider as WebhookProvider,
)

# In dependency order: a spec entry may refer only to kinds listed before its own.
RESOURCES: tuple[Registered, ...] = (
    Registered("subaccounts", Subaccount, SubaccountProvider, unique_by="name"),
    Registered("subaccount_sending_limits", SubaccountSendingLimit,
               SubaccountSendingLimitProvider, unique_by="subaccount_id"),
    Registered("account_sending_limits", AccountSendingLimit, AccountSendingLimitProvider,
               one_per_account="monthly sending limit"),
    Registered("dedicated_ip_pools", DedicatedIpPool, DedicatedIpPoolProvider,
               unique_by="name"),
    Registered("dipp_spillovers", DippSpillover, DippSpilloverProvider, unique_by="domain",
               per_domain=True),
    Registered("ip_warmups", IpWarmup, IpWarmupProvider, unique_by="ip"),
    Registered("ip_bands", IpBand, IpBandProvider, unique_by="ip"),
    Registered("dynamic_pool_memberships", DynamicPoolMembership,
               DynamicPoolMembershipProvider, after=("ip_warmups",), unique_by="pool"),
    Registered("dynamic_pool_enrollments", DynamicPoolEnrollment,
               DynamicPoolEnrollmentProvider, after=("dynamic_pool_memberships",),
               unique_by="domain", per_domain=True),
    Registered("domain_ip_assignments", DomainIpAssignment, DomainIpAssignmentProvider,
               per_domain=True),
    Registered("subaccount_ip_links", SubaccountIpLink, SubaccountIpLinkProvider,
               after=("dynamic_pool_memberships",), unique_by="subaccount_id"),
    Registered("dedicated_ip_pool_delegations", DedicatedIpPoolDelegation,
               DedicatedIpPoolDelegationProvider),
    Registered("webhooks", Webhook, WebhookProvider, url_fields=("urls", "foreign_urls"),
               per_domain=True),
    # A v3 webhook and a v4 URL on one event both write its URL list: one at a time.
    Registered("domain_webhook_urls", DomainWebhookUrl, DomainWebhookUrlProvider,
               after=("webhooks",), url_fields=("url",), per_domain=True),
    Registered("account_webhooks", AccountWebhook, AccountWebhookProvider, unique_by="url",
               url_fields=("url",)),
    Registered("http_signing_keys", HttpSigningKey, HttpSigningKeyProvider,
               one_per_account="signing key"),
)

PROVIDERS: tuple[type[MailgunProvider[Any]], ...] = tuple(r.provider for r in RESOURCES)

# Every kind's Resource, inputs model and provider, by class name.
_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls for r in RESOURCES for cls in (r.resource, r.args, r.provider)}

# What the package offers: the shared names, then every kind's classes. No ``__all__``:
# a type checker reads a literal one only, and the ``X as X`` imports above already tell
# it what is exported.
EXPORTS: tuple[str, ...] = (
    "MAX_RESOURCE_NAME", "PROVIDERS", "RESOURCES", "RETRY_BACKOFF", "Inputs",
    "MailgunProvider", "Registered", "canonical_ips", "reads_as_text", *sorted(_CLASSES))


def __getattr__(name: str) -> Any:
    # The inputs models, which the table reaches through their providers.
    if name in _CLASSES:
        return _CLASSES[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
