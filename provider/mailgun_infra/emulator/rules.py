"""The emulated Mailgun account and every rule Mailgun enforces on it: moto's backend.

Nothing here knows about HTTP or response bodies. Each operation returns the entities it
read or changed (``models``), or a plain result, and every rule breach raises its class
from ``errors``. Each part of the API keeps its rules in its own module; ``Rules`` puts
them together, and ``backend.Backend`` renders what they return.
"""

from __future__ import annotations

from .account_rules import AccountRules
from .domain_rules import DomainRules
from .dynamic_pool_history_rules import DynamicPoolHistoryRules
from .dynamic_pool_rules import DynamicPoolRules
from .ip_request_rules import IpRequestRules
from .ip_rules import IpRules
from .key_rules import KeyRules
from .on_behalf_rules import OnBehalfRules
from .spillover_rules import SpilloverRules
from .subaccount_rules import SubaccountRules
from .webhook_rules import WebhookRules


class Rules(IpRules, DomainRules, DynamicPoolHistoryRules, DynamicPoolRules, WebhookRules,
            SubaccountRules, AccountRules, SpilloverRules, KeyRules, IpRequestRules,
            OnBehalfRules):
    """One emulated Mailgun account and all of its rules."""
