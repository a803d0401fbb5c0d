"""Domains (``/v4/domains``) and the IPs and DIPP they send from (``/v3/domains/{name}/ips``,
REFERENCE 4)."""

from __future__ import annotations

from typing import Any

from ._transport import Transport, api_path


class DomainsApi(Transport):
    """A domain, and the IPs or DIPP it sends from."""

    def get_domain(self, name: str) -> dict[str, Any]:
        """``GET /v4/domains/{name}``: the domain, with its ``id``."""
        domain: dict[str, Any] = self.request("GET", api_path("/v4/domains/{}", name))["domain"]
        return domain

    def assign_domain_ip(self, name: str, ip: str) -> None:
        self.request("POST", api_path("/v3/domains/{}/ips", name), form={"ip": ip})

    def remove_domain_ip(self, name: str, ip: str) -> None:
        self.request("DELETE", api_path("/v3/domains/{}/ips/{}", name, ip))

    def unlink_domain_ip_pool(self, name: str, *, replacement_ip: str | None = None,
                              replacement_pool_id: str | None = None) -> None:
        """``DELETE /v3/domains/{name}/ips/ip_pool`` with exactly one replacement."""
        params = {"ip": replacement_ip} if replacement_ip else {"pool_id": replacement_pool_id}
        self.request("DELETE", api_path("/v3/domains/{}/ips/ip_pool", name),
                     params={k: str(v) for k, v in params.items()})
