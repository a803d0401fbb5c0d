"""The emulated Mailgun account: its state and the rules Mailgun enforces on it.

Nothing here knows about HTTP. Every rule breach raises ``EmulatorError`` with the status
code and body Mailgun answers with; ``routes`` turns those into responses. Each part of
the API keeps its rules in its own module; ``Backend`` puts them together.
"""

from __future__ import annotations

from .dynamic_pool_rules import DynamicPoolRules
from .ip_rules import IpRules
from .state import (
    DYNAMIC_POOL_FORM_KEYS,
    Account,
    Domain,
    EmulatorError,
    InvalidParameter,
    bad_request,
)
from .subaccount_rules import SubaccountRules
from .webhook_rules import WebhookRules


class Backend(IpRules, DynamicPoolRules, WebhookRules, SubaccountRules):
    """One emulated Mailgun account and all of its rules."""


__all__ = [
    "DYNAMIC_POOL_FORM_KEYS",
    "Account",
    "Backend",
    "Domain",
    "EmulatorError",
    "InvalidParameter",
    "bad_request",
]
