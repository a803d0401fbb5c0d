"""The account's own settings: its webhook signing key (``/v5/accounts/http_signing_key``,
GET and POST only, OpenAPI "Account Management"). ``account_responses`` renders what it
returns."""

from __future__ import annotations

from .errors import NoHttpSigningKey
from .models import signing_key
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
