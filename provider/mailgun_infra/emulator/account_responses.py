"""The bodies of the account's own settings: its webhook signing key and custom monthly
sending limit (``account_rules``) and its DIPP spillover, the account's and each domain's
(``spillover_rules``)."""

from __future__ import annotations

from typing import Any

from .responses import ResponsesBase, success

# What a signing key POST says, as documented.
REGENERATED = "regenerated HTTP signing key for account"


class AccountResponses(ResponsesBase):
    # -- the webhook signing key ---------------------------------------------------------

    def get_http_signing_key(self) -> dict[str, Any]:
        return {"http_signing_key": self.rules.get_http_signing_key()}

    def regenerate_http_signing_key(self) -> dict[str, Any]:
        return {"message": REGENERATED,
                "http_signing_key": self.rules.regenerate_http_signing_key()}

    # -- the custom monthly sending limit ------------------------------------------------

    def get_account_monthly_limit(self) -> dict[str, Any]:
        # The emulator sends no mail: nothing counts against the limit.
        return {"limit": self.rules.get_account_monthly_limit(), "current": 0, "period": "1m"}

    def set_account_monthly_limit(self, limit: str | None) -> dict[str, Any]:
        self.rules.set_account_monthly_limit(limit)
        return {"success": True}

    def delete_account_monthly_limit(self) -> dict[str, Any]:
        self.rules.delete_account_monthly_limit()
        return {"success": True}

    def reenable_account(self) -> dict[str, Any]:
        self.rules.reenable_account()
        return {"success": True}

    # -- DIPP spillover ------------------------------------------------------------------

    def get_account_spillover(self) -> dict[str, Any]:
        return _spillover_json(self.rules.get_account_spillover())

    def set_account_spillover(self, pool_id: str | None) -> dict[str, Any]:
        self.rules.set_account_spillover(pool_id)
        return success()

    def get_domain_spillover(self, name: str) -> dict[str, Any]:
        return _spillover_json(self.rules.get_domain_spillover(name))

    def set_domain_spillover(self, name: str, pool_id: str | None) -> dict[str, Any]:
        self.rules.set_domain_spillover(name, pool_id)
        return success()


def _spillover_json(pool_id: str | None) -> dict[str, Any]:
    # Nothing set reads as ``null``, the value that clears it.
    return {"extra_dedicated_ips": {"pool_id": pool_id}}
