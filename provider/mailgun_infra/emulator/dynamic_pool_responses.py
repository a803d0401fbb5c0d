"""The bodies of the dynamic IP pool and enrollment operations (``dynamic_pool_rules``
holds their rules)."""

from __future__ import annotations

from typing import Any

from ..facts import DYNAMIC_POOL_FORM_KEYS
from .models import Domain, now
from .paging import paginate
from .responses import ResponsesBase, success

# The emulated parent account, where a dynamic pool's answers name it.
ACCOUNT = "emulated"


class DynamicPoolResponses(ResponsesBase):
    def list_dynamic_pools(self) -> dict[str, Any]:
        with self.lock:
            by_pool = self.rules.list_dynamic_pools()
            body: dict[str, Any] = {"pools": [
                {"id": name, "name": name, "enabled": True, "ips": list(ips),
                 "account_id": ACCOUNT}
                for name, ips in by_pool.items()]}
            body.update(_by_form_key(by_pool))
            return body

    def set_all_dynamic_pools(self, by_pool: dict[str, list[str]]) -> dict[str, Any]:
        with self.lock:
            return _by_form_key(self.rules.set_all_dynamic_pools(by_pool))

    def delete_all_dynamic_pools(self) -> dict[str, Any]:
        self.rules.delete_all_dynamic_pools()
        return success()

    def add_dynamic_pool_ip(self, name: str, ip: str) -> dict[str, Any]:
        self.rules.add_dynamic_pool_ip(name, ip)
        return success()

    def update_dynamic_pool(self, name: str, add_ips: list[str],
                            remove_ips: list[str]) -> dict[str, Any]:
        self.rules.update_dynamic_pool(name, add_ips, remove_ips)
        return success()

    # -- domain enrollment -------------------------------------------------------------

    def enroll_domain(self, name: str, replacement_ip: str | None) -> dict[str, Any]:
        self.rules.enroll_domain(name, replacement_ip)
        return success()

    def unenroll_domain(self, name: str, replacement_ips: list[str],
                        replacement_pool_id: str | None) -> dict[str, Any]:
        self.rules.unenroll_domain(name, replacement_ips, replacement_pool_id)
        return success()

    def list_dynamic_pool_domains(
        self, limit: int, page: str | None, *, pools: tuple[str, ...] | list[str] = (),
        sort_by: str = "name", sort_order: str = "ascending",
        accounts: tuple[str, ...] | list[str] = (),
    ) -> dict[str, Any]:
        """Every domain of the one emulated account: ``accounts`` filters nothing here,
        but the pages' URLs carry it with the other filters."""
        with self.lock:
            domains = self.rules.list_dynamic_pool_domains(
                limit, pools=pools, sort_by=sort_by, sort_order=sort_order)
            items = [_enrolled_domain(d) for d in domains]
            # The emulator sends no mail, so every rate is 0: names break the ties.
            items.sort(key=lambda item: (item[sort_by], item["name"]),
                       reverse=sort_order == "descending")
            query = [("sort_by", sort_by), ("sort_order", sort_order),
                     *(("pool", pool) for pool in pools),
                     *(("account", account) for account in accounts)]
            body = paginate(items, "items", limit, page, "/v1/dynamic_pools/domains",
                            capitalised=True, query=query)
            return {**body, "total_items": len(items)}

    def set_dynamic_pool_override(self, name: str, pool: str | None) -> dict[str, Any]:
        self.rules.set_dynamic_pool_override(name, pool)
        return success()

    def remove_dynamic_pool_override(self, name: str) -> dict[str, Any]:
        self.rules.remove_dynamic_pool_override(name)
        return success()


def _by_form_key(by_pool: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each pool's IPs under the form key that sets them (``facts.DYNAMIC_POOL_FORM_KEYS``)."""
    return {key: list(by_pool.get(name, [])) for name, key in DYNAMIC_POOL_FORM_KEYS.items()}


def _enrolled_domain(domain: Domain) -> dict[str, Any]:
    return {"id": domain.id, "account_id": ACCOUNT, "account_name": ACCOUNT,
            "name": domain.name, "registered_at": domain.dynamic_registered_at or now(),
            "pool": domain.dynamic_pool, "override": domain.dynamic_override,
            "bounce_rate": 0.0, "complaint_rate": 0.0, "processed_count": 0}
