"""Dynamic IP pools (``/v3/dynamic_pools``, the domains' enrollment and the ``/v1``
domain list and overrides, REFERENCE 5)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._transport import Transport, api_path


class DynamicPoolsApi(Transport):
    """The dynamic pools' IPs and the domains enrolled in them."""

    def list_dynamic_pools(self) -> dict[str, list[str]]:
        """``GET /v3/dynamic_pools``: the IPs of each dynamic pool, by pool name."""
        body = self.request("GET", "/v3/dynamic_pools")
        return {str(p["name"]): list(p.get("ips") or []) for p in body.get("pools") or []}

    def update_dynamic_pool(self, pool: str, *, add_ips: Iterable[str] = (),
                            remove_ips: Iterable[str] = ()) -> None:
        """``PATCH /v3/dynamic_pools/{pool}`` with ``add_ip`` / ``remove_ip``."""
        form = {"add_ip": list(add_ips), "remove_ip": list(remove_ips)}
        if not form["add_ip"] and not form["remove_ip"]:
            raise ValueError("update_dynamic_pool needs an IP to add or remove")
        self.request("PATCH", api_path("/v3/dynamic_pools/{}", pool), form=form)

    def enroll_domain_in_dynamic_pools(self, domain: str, replacement_ip: str) -> None:
        self.request("POST", api_path("/v3/domains/{}/dynamic_pools", domain),
                     params={"replacement_ip": replacement_ip})

    def remove_domain_from_dynamic_pools(
        self, domain: str, *, replacement_ips: Iterable[str] = (),
        replacement_pool_id: str | None = None,
    ) -> None:
        params: dict[str, str | list[str]] = {}
        if ips := list(replacement_ips):
            params["replacement_ip"] = ips
        if replacement_pool_id:
            params["replacement_pool_id"] = replacement_pool_id
        self.request("DELETE", api_path("/v3/domains/{}/dynamic_pools", domain), params=params)

    def list_dynamic_pool_enrollments(self) -> list[dict[str, Any]]:
        """``GET /v1/dynamic_pools/domains``, every page: each enrolled domain (``name``)
        with its pool, override and assignment."""
        return [item for items in self._token_pages("/v1/dynamic_pools/domains",
                                                     {"limit": "100"}, "items")
                for item in items]

    def get_dynamic_pool_enrollment(self, domain: str) -> dict[str, Any] | None:
        """The enrollment of one domain from ``GET /v1/dynamic_pools/domains``, or None.

        The list has no filter by name: every page is read until the domain is found.
        """
        for items in self._token_pages("/v1/dynamic_pools/domains", {"limit": "100"}, "items"):
            for item in items:
                if item.get("name") == domain:
                    return dict(item)
        return None

    def set_dynamic_pool_override(self, domain: str, pool: str) -> None:
        self.request("PUT", api_path("/v1/dynamic_pools/domains/{}/override", domain),
                     form={"pool": pool})

    def remove_dynamic_pool_override(self, domain: str) -> None:
        self.request("DELETE", api_path("/v1/dynamic_pools/domains/{}/override", domain))
