"""Dedicated IP pools, DIPPs (``/v3/ip_pools``, REFERENCE 2), and their delegation to
subaccounts (REFERENCE 8.1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._transport import Transport, api_path


class IpPoolsApi(Transport):
    """DIPPs: their IPs, the domains linked to them, the subaccounts they are delegated to."""

    def list_ip_pools(self) -> list[dict[str, Any]]:
        """``GET /v3/ip_pools``: every DIPP with ``is_inherited`` and ``is_linked``."""
        pools: list[dict[str, Any]] = self.request("GET", "/v3/ip_pools").get("ip_pools") or []
        return pools

    def list_ip_pools_of_subaccount(self, subaccount_id: str) -> list[dict[str, Any]]:
        """``GET /v3/ip_pools`` on behalf of a subaccount (``X-Mailgun-On-Behalf-Of``): the
        DIPPs it sees, those delegated to it with ``is_inherited``."""
        pools: list[dict[str, Any]] = self.request(
            "GET", "/v3/ip_pools",
            headers={"X-Mailgun-On-Behalf-Of": subaccount_id}).get("ip_pools") or []
        return pools

    def get_ip_pool(self, pool_id: str) -> dict[str, Any]:
        """``GET /v3/ip_pools/{id}``: the details, with ``linked_domains``."""
        details: dict[str, Any] = self.request(
            "GET", api_path("/v3/ip_pools/{}", pool_id))["details"]
        return details

    def create_ip_pool(self, name: str, description: str, ips: Iterable[str]) -> str:
        """``POST /v3/ip_pools``; returns the new pool id."""
        form = {"name": name, "description": description, "ip": list(ips)}
        result = self.request("POST", "/v3/ip_pools", form=form)
        return str(result["pool_id"])

    def update_ip_pool(
        self,
        pool_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        add_ips: Iterable[str] = (),
        remove_ips: Iterable[str] = (),
        link_domains: Iterable[str] = (),
        unlink_domains: Iterable[str] = (),
    ) -> dict[str, Any]:
        """``PATCH /v3/ip_pools/{id}``. Mailgun rejects a PATCH that changes nothing."""
        form: dict[str, str | list[str]] = {}
        if name is not None:
            form["name"] = name
        if description is not None:
            form["description"] = description
        for key, values in (("add_ip", add_ips), ("remove_ip", remove_ips),
                            ("link_domain", link_domains), ("unlink_domain", unlink_domains)):
            if values := list(values):
                form[key] = values
        if not form:
            raise ValueError("update_ip_pool needs at least one change")
        return self.request("PATCH", api_path("/v3/ip_pools/{}", pool_id), form=form)

    def delete_ip_pool(
        self, pool_id: str, *, replacement_ip: str | None = None,
        replacement_pool_id: str | None = None,
    ) -> None:
        """``DELETE /v3/ip_pools/{id}``; a pool with IPs needs one replacement."""
        if replacement_ip and replacement_pool_id:
            raise ValueError("give replacement_ip or replacement_pool_id, not both")
        params = {}
        if replacement_ip:
            params["ip"] = replacement_ip
        if replacement_pool_id:
            params["pool_id"] = replacement_pool_id
        self.request("DELETE", api_path("/v3/ip_pools/{}", pool_id), params=params)

    def remove_ip_from_pool(self, pool_id: str, ip: str) -> None:
        self.request("DELETE", api_path("/v3/ip_pools/{}/ips/{}", pool_id, ip))

    # -- DIPP delegation to subaccounts ------------------------------------------------

    def delegate_ip_pool(self, pool_id: str, subaccount_id: str) -> None:
        self.request("PUT", api_path("/v3/ip_pools/{}/delegate", pool_id),
                     form={"subaccount_id": subaccount_id})

    def revoke_ip_pool(self, pool_id: str, subaccount_id: str) -> None:
        self.request("DELETE", api_path("/v3/ip_pools/{}/delegate", pool_id),
                     form={"subaccount_id": subaccount_id})

    def list_delegated_ip_pools(self) -> list[dict[str, Any]]:
        """``GET /v5/accounts/subaccounts/ip_pools/all``: ``{pool_id, subaccount_id}`` items."""
        items: list[dict[str, Any]] = self.request(
            "GET", "/v5/accounts/subaccounts/ip_pools/all").get("items") or []
        return items
