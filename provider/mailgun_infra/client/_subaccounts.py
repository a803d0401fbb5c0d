"""Subaccounts (``/v5/accounts/subaccounts``, REFERENCE 8): their state, features and
monthly sending limit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ._transport import Transport, api_path


class SubaccountsApi(Transport):
    """Subaccounts, their features and their monthly sending limit."""

    def create_subaccount(self, name: str) -> dict[str, Any]:
        # The name goes in the query, where the documents put it.
        sub: dict[str, Any] = self.request("POST", "/v5/accounts/subaccounts",
                                           params={"name": name})["subaccount"]
        return sub

    def get_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        sub: dict[str, Any] = self.request(
            "GET", api_path("/v5/accounts/subaccounts/{}", subaccount_id))["subaccount"]
        return sub

    def list_subaccounts(self) -> list[dict[str, Any]]:
        """``GET /v5/accounts/subaccounts``, every page."""
        return self._skip_pages("/v5/accounts/subaccounts", {"limit": "1000"}, "subaccounts",
                                "total")

    def list_subaccounts_named(self, name: str) -> list[dict[str, Any]]:
        """Subaccounts whose name is exactly ``name`` (the list filter matches parts)."""
        listed = self._skip_pages("/v5/accounts/subaccounts",
                                  {"filter": name, "limit": "1000"}, "subaccounts", "total")
        return [s for s in listed if s.get("name") == name]

    def set_subaccount_enabled(self, subaccount_id: str, enabled: bool) -> None:
        action = "enable" if enabled else "disable"
        self.request("POST", api_path("/v5/accounts/subaccounts/{}/{}", subaccount_id, action))

    def delete_subaccount(self, subaccount_id: str) -> None:
        """``DELETE /v5/accounts/subaccounts`` acting on behalf of the subaccount."""
        self.request("DELETE", "/v5/accounts/subaccounts",
                     headers={"X-Mailgun-On-Behalf-Of": subaccount_id})

    def update_subaccount_features(self, subaccount_id: str,
                                   features: Mapping[str, bool]) -> dict[str, Any]:
        """``PUT .../{id}/features``: each feature a form field holding the JSON object
        ``{"enabled": ...}``; returns every feature override the subaccount has."""
        form = {name: json.dumps({"enabled": enabled}) for name, enabled in features.items()}
        found: dict[str, Any] = self.request(
            "PUT", api_path("/v5/accounts/subaccounts/{}/features", subaccount_id),
            form=form).get("features") or {}
        return found

    def get_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        """``GET .../{id}/limit/custom/monthly``: ``limit``, ``current`` and ``period``; a
        NotFound when no limit is set."""
        return self.request(
            "GET", api_path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id))

    def set_subaccount_monthly_limit(self, subaccount_id: str, limit: int) -> None:
        # The limit goes in the query, where the documents put it.
        self.request("PUT",
                     api_path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id),
                     params={"limit": str(limit)})

    def delete_subaccount_monthly_limit(self, subaccount_id: str) -> None:
        self.request("DELETE",
                     api_path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id))
