"""The emulated Mailgun API as its answers: what each operation returns on the wire.

``Backend`` is the responses layer, as moto's ``responses`` modules are: each operation
asks ``rules.Rules`` (the account and its rules, moto's backend), which returns entities
or raises an ``errors`` class, and renders the body Mailgun answers with. The rendering of
each part of the API is in its ``*_responses`` module. ``routes`` parses requests and
hands them here; the app turns raised errors into responses.
"""

from __future__ import annotations

from typing import Any

from .account_responses import AccountResponses
from .domain_responses import DomainResponses
from .dynamic_pool_history_responses import DynamicPoolHistoryResponses
from .dynamic_pool_responses import DynamicPoolResponses
from .ip_request_responses import IpRequestResponses
from .ip_responses import IpResponses
from .key_responses import KeyResponses
from .models import Account
from .on_behalf_responses import OnBehalfResponses
from .rules import Rules
from .rules_base import ASYNC_LAG_DOCUMENTED, DEFAULT_ASYNC_LAG_READS
from .subaccount_responses import SubaccountResponses
from .webhook_responses import WebhookResponses


class Backend(IpResponses, DomainResponses, DynamicPoolResponses, WebhookResponses,
              SubaccountResponses, AccountResponses, KeyResponses, IpRequestResponses,
              DynamicPoolHistoryResponses, OnBehalfResponses):
    """One emulated Mailgun account, answering as Mailgun does."""

    def __init__(self, seed: dict[str, Any],
                 async_lag_reads: int = DEFAULT_ASYNC_LAG_READS,
                 async_lag_scope: str = ASYNC_LAG_DOCUMENTED) -> None:
        super().__init__(Rules(seed, async_lag_reads, async_lag_scope))

    # -- the account's state, kept by the rules --------------------------------------------

    @property
    def account(self) -> Account:
        return self.rules.account

    @property
    def async_lag_reads(self) -> int:
        return self.rules.async_lag_reads

    @async_lag_reads.setter
    def async_lag_reads(self, reads: int) -> None:
        self.rules.async_lag_reads = reads

    @property
    def async_lag_scope(self) -> str:
        return self.rules.async_lag_scope

    @async_lag_scope.setter
    def async_lag_scope(self, scope: str) -> None:
        self.rules.async_lag_scope = scope

    def snapshot(self) -> dict[str, Any]:
        return self.rules.snapshot()

    def restore(self, data: dict[str, Any]) -> None:
        self.rules.restore(data)

    def reset(self) -> None:
        self.rules.reset()

    def apply_pending_writes(self) -> None:
        self.rules.apply_pending_writes()

    def role_of(self, secret: str) -> str | None:
        return self.rules.role_of(secret)
