"""The account's own settings: its webhook signing key (``/v5/accounts/http_signing_key``,
GET and POST only, OpenAPI "Account Management") and its custom monthly sending limit
(``/v5/accounts/limit/custom/...``, OpenAPI "Custom Message Limit"). ``account_responses``
renders what it returns."""

from __future__ import annotations

import math

from ..facts import MIN_ACCOUNT_MONTHLY_LIMIT
from .errors import MissingParameter, MonthlyLimitNotDeletable, NoHttpSigningKey, NoMonthlyLimit
from .models import signing_key
from .more_errors import (
    AccountLimitBelowMinimum,
    AccountLimitNotANumber,
    AccountNotDisabledForLimit,
)
from .rules_base import RulesBase


class AccountRules(RulesBase):
    def get_http_signing_key(self) -> str:
        with self.lock:
            if self.account.http_signing_key is None:
                raise NoHttpSigningKey()
            return self.account.http_signing_key

    def regenerate_http_signing_key(self) -> str:
        """Creates the key, or replaces it: the old one stops verifying at once."""
        with self.lock:
            key = self.account.http_signing_key = signing_key()
            return key

    # -- the custom monthly sending limit ------------------------------------------------

    def get_account_monthly_limit(self) -> int | float:
        with self.lock:
            if self.account.monthly_limit is None:
                raise NoMonthlyLimit()
            return self.account.monthly_limit

    def set_account_monthly_limit(self, limit: str | None) -> None:
        """``limit`` is a required number (OpenAPI), 1000 at least (its 400's text)."""
        with self.lock:
            if limit is None or limit == "":
                raise MissingParameter("limit")
            try:
                number = float(limit)
            except ValueError:
                raise AccountLimitNotANumber() from None
            if not math.isfinite(number):
                raise AccountLimitNotANumber()
            if number < MIN_ACCOUNT_MONTHLY_LIMIT:
                raise AccountLimitBelowMinimum()
            self.account.monthly_limit = int(number) if number.is_integer() else number

    def delete_account_monthly_limit(self) -> None:
        with self.lock:
            if self.account.monthly_limit is None:
                raise MonthlyLimitNotDeletable()
            self.account.monthly_limit = None

    def reenable_account(self) -> None:
        """``PUT /v5/accounts/limit/custom/enable``: the emulator sends no mail, so no
        account is ever disabled for reaching its limit, and there is nothing to undo."""
        raise AccountNotDisabledForLimit()
