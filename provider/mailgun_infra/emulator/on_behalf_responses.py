"""The bodies of reads made on behalf of a subaccount (``on_behalf_rules``)."""

from __future__ import annotations

from typing import Any

from .responses import ResponsesBase


class OnBehalfResponses(ResponsesBase):
    def subaccount_pools(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            # The list's shape (``GET /v3/ip_pools``): every DIPP here is the parent's,
            # so the subaccount sees it inherited and cannot change it.
            pools = [{"pool_id": view.pool.pool_id, "name": view.pool.name,
                      "description": view.pool.description, "ips": list(view.pool.ips),
                      "is_linked": bool(view.linked_domains), "is_inherited": True}
                     for view in self.rules.subaccount_pools(subaccount_id)]
            return {"ip_pools": pools, "message": "success"}
