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

    def list_assignable_domains(self, *, subaccount_id: str | None = None,
                                domain: str | None = None) -> list[dict[str, Any]]:
        """``GET /v3/domains/dynamic_pools/assignable``: the domains not yet enrolled
        (``account_id``, ``id``, ``name``), the parent's or ``subaccount_id``'s;
        ``domain`` a regular expression their names match."""
        params = {key: value for key, value in
                  (("subaccount_id", subaccount_id), ("domain", domain)) if value}
        items: list[dict[str, Any]] = self.request(
            "GET", "/v3/domains/dynamic_pools/assignable", params=params).get("items") or []
        return items

    def enroll_all_domains_in_dynamic_pools(self, *, include_subaccounts: bool) -> None:
        """``POST /v3/domains/all/dynamic_pools/enroll``: starts enrolling every domain not
        yet enrolled, the subaccounts' too when ``include_subaccounts``; Mailgun finishes
        after answering."""
        self.request("POST", "/v3/domains/all/dynamic_pools/enroll",
                     params={"include_subaccounts": "true" if include_subaccounts else "false"})

    def preview_dynamic_pool(self, domain: str) -> dict[str, Any]:
        """``GET /v1/dynamic_pools/domains/{name}/preview``: the pool a health check would
        put the domain in, and each metric's value and band. Enrolls nothing."""
        return self.request("GET", api_path("/v1/dynamic_pools/domains/{}/preview", domain))

    def get_dynamic_pool_domain_history(self, domain: str) -> dict[str, Any]:
        """``GET /v1/dynamic_pools/domains/{name}/history``: the domain's history record."""
        return self.request("GET", api_path("/v1/dynamic_pools/domains/{}/history", domain))

    def list_dynamic_pool_history(
        self, *, limit: int = 100, include_subaccounts: bool = False, domain: str | None = None,
        moved_to: str | None = None, moved_from: str | None = None,
        before: str | None = None, after: str | None = None,
    ) -> dict[str, Any]:
        """``GET /v1/dynamic_pools/history``: ``items`` (history records) and
        ``total_items``; ``before`` and ``after`` as ``Mon, 02 Jan 2006 15:04:05 MST``."""
        # ``Limit``: the document's spelling of this one parameter.
        params = {"Limit": str(limit),
                  "include_subaccounts": "true" if include_subaccounts else "false"}
        for key, value in (("domain", domain), ("moved_to", moved_to),
                           ("moved_from", moved_from), ("before", before), ("after", after)):
            if value:
                params[key] = value
        return self.request("GET", "/v1/dynamic_pools/history", params=params)

    def set_dynamic_pool_override(self, domain: str, pool: str) -> None:
        self.request("PUT", api_path("/v1/dynamic_pools/domains/{}/override", domain),
                     form={"pool": pool})

    def remove_dynamic_pool_override(self, domain: str) -> None:
        self.request("DELETE", api_path("/v1/dynamic_pools/domains/{}/override", domain))
