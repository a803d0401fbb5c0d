"""The account itself (``/v5/accounts``, Mailgun's "Account Management"): the key
webhooks are signed with."""

from __future__ import annotations

from ._transport import Transport


class AccountApi(Transport):
    """The account's webhook signing key."""

    def get_http_signing_key(self) -> str:
        """``GET /v5/accounts/http_signing_key``: the key webhooks are signed with."""
        return str(self.request("GET", "/v5/accounts/http_signing_key")["http_signing_key"])

    def regenerate_http_signing_key(self) -> str:
        """``POST /v5/accounts/http_signing_key``: a new key (the old one stops verifying);
        returns it."""
        return str(self.request("POST", "/v5/accounts/http_signing_key")["http_signing_key"])
