"""The emulated Mailgun account and every rule Mailgun enforces on it.

Nothing here knows about HTTP. Every rule breach raises ``errors.EmulatorError`` with the
status code and body Mailgun answers with; the app turns those into responses. Each part
of the API keeps its rules in its own module; ``Backend`` puts them together.
"""

from __future__ import annotations

from .account_rules import AccountRules
from .domain_rules import DomainRules
from .dynamic_pool_rules import DynamicPoolRules
from .ip_rules import IpRules
from .key_rules import KeyRules
from .spillover_rules import SpilloverRules
from .subaccount_rules import SubaccountRules
from .webhook_rules import WebhookRules


class Backend(IpRules, DomainRules, DynamicPoolRules, WebhookRules, SubaccountRules,
              AccountRules, SpilloverRules, KeyRules):
    """One emulated Mailgun account and all of its rules."""
