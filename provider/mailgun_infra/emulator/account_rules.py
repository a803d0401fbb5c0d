"""The account's own settings: its webhook signing key (``/v5/accounts/http_signing_key``,
GET and POST only, OpenAPI "Account Management")."""

from __future__ import annotations

from typing import Any

from .errors import NoHttpSigningKey
from .models import signing_key
from .rules_base import RulesBase

# What a POST says, as documented.
REGENERATED = "regenerated HTTP signing key for account"


class AccountRules(RulesBase):
    def get_http_signing_key(self) -> dict[str, Any]:
        with self.lock:
            if self.account.http_signing_key is None:
                raise NoHttpSigningKey()
            return {"http_signing_key": self.account.http_signing_key}

    def regenerate_http_signing_key(self) -> dict[str, Any]:
        """Creates the key, or replaces it: the old one stops verifying at once."""
        with self.lock:
            self.account.http_signing_key = signing_key()
            return {"message": REGENERATED, "http_signing_key": self.account.http_signing_key}
