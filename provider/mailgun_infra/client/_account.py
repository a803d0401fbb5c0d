"""The account itself (``/v5/accounts``, Mailgun's "Account Management" and "Custom
Message Limit"): the key webhooks are signed with, and the monthly sending limit."""

from __future__ import annotations

from typing import Any

from ._transport import Transport


class AccountApi(Transport):
    """The account's webhook signing key and custom monthly sending limit."""

    def get_account_monthly_limit(self) -> dict[str, Any]:
        """``GET /v5/accounts/limit/custom/monthly``: ``limit``, ``current`` and ``period``;
        a NotFound when no limit is set."""
        return self.request("GET", "/v5/accounts/limit/custom/monthly")

    def set_account_monthly_limit(self, limit: int) -> None:
        # The limit goes in the query, where the documents put it.
        self.request("PUT", "/v5/accounts/limit/custom/monthly", params={"limit": str(limit)})

    def delete_account_monthly_limit(self) -> None:
        self.request("DELETE", "/v5/accounts/limit/custom/monthly")

    def get_http_signing_key(self) -> str:
        """``GET /v5/accounts/http_signing_key``: the key webhooks are signed with."""
        return str(self.request("GET", "/v5/accounts/http_signing_key")["http_signing_key"])

    def regenerate_http_signing_key(self) -> str:
        """``POST /v5/accounts/http_signing_key``: a new key (the old one stops verifying);
        returns it."""
        return str(self.request("POST", "/v5/accounts/http_signing_key")["http_signing_key"])
