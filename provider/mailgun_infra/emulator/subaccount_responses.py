"""The bodies of the subaccount, subaccount IP and DIPP delegation operations
(``subaccount_rules`` holds their rules)."""

from __future__ import annotations

from typing import Any

from .models import Subaccount
from .responses import ResponsesBase, message, started, success
from .subaccount_rules import PARENT_ACCOUNT_ID


class SubaccountResponses(ResponsesBase):
    # -- subaccounts ---------------------------------------------------------------------

    def create_subaccount(self, name: str | None) -> dict[str, Any]:
        with self.lock:
            return {"subaccount": _subaccount_json(self.rules.create_subaccount(name))}

    def get_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            return {"subaccount": _subaccount_json(self.rules.get_subaccount(subaccount_id))}

    def list_subaccounts(self, name_filter: str | None, skip: int, limit: int,
                         enabled: bool | None, *, sort: str | None = None,
                         closed: bool | None = None) -> dict[str, Any]:
        with self.lock:
            found = self.rules.list_subaccounts(name_filter, skip, limit, enabled, sort=sort,
                                                closed=closed)
            return {"subaccounts": [_subaccount_json(s) for s in found[skip:skip + limit]],
                    "total": len(found)}

    def disable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            return {"subaccount": _subaccount_json(self.rules.disable_subaccount(subaccount_id))}

    def enable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            return {"subaccount": _subaccount_json(self.rules.enable_subaccount(subaccount_id))}

    def update_subaccount_features(self, subaccount_id: str,
                                   updates: dict[str, str]) -> dict[str, Any]:
        """Answers all of the subaccount's feature overrides, not only the updated ones."""
        with self.lock:
            subaccount = self.rules.update_subaccount_features(subaccount_id, updates)
            return {"features": _features(subaccount)}

    def get_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        limit = self.rules.get_subaccount_monthly_limit(subaccount_id)
        # The emulator sends no mail: nothing counts against the limit.
        return {"limit": limit, "current": 0, "period": "1m"}

    def set_subaccount_monthly_limit(self, subaccount_id: str,
                                     limit: str | None) -> dict[str, Any]:
        self.rules.set_subaccount_monthly_limit(subaccount_id, limit)
        return {"success": True}

    def delete_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        self.rules.delete_subaccount_monthly_limit(subaccount_id)
        return {"success": True}

    def delete_subaccount(self, on_behalf_of: str | None) -> dict[str, Any]:
        self.rules.delete_subaccount(on_behalf_of)
        return message("Subaccount successfully deleted")

    # -- IPs linked to subaccounts -------------------------------------------------------

    def link_subaccount_ips(self, subaccount_ids: list[str], all_subaccounts: bool,
                            link_ips: list[str], unlink_ips: list[str]) -> dict[str, Any]:
        queued = self.rules.link_subaccount_ips(subaccount_ids, all_subaccounts, link_ips,
                                                unlink_ips)
        return message("queued") if queued else success()

    def ip_details(self, subaccount_id: str | None, ip: str | None, skip: int,
                   limit: int, *, pool_id: str | None = None, domain_id: str | None = None,
                   sort_by: str | None = None, sort_order: str | None = None,
                   ) -> dict[str, Any]:
        with self.lock:
            records = self.rules.ip_details(subaccount_id, ip, skip, limit, pool_id=pool_id,
                                            domain_id=domain_id, sort_by=sort_by,
                                            sort_order=sort_order)
            items = [{"address": r.address.ip, "parent_account_id": PARENT_ACCOUNT_ID,
                      "account_id": r.account_id, "pool_ids": list(r.pool_ids),
                      "dedicated": r.address.dedicated}
                     for r in records]
            return {"items": items[skip:skip + limit], "total_count": len(items)}

    # -- DIPP delegation -----------------------------------------------------------------

    def delegate_pool(self, pool_id: str, subaccount_id: str | None) -> dict[str, Any]:
        self.rules.delegate_pool(pool_id, subaccount_id)
        return success()

    def revoke_pool(self, pool_id: str, subaccount_id: str | None) -> dict[str, Any]:
        self.rules.revoke_pool(pool_id, subaccount_id)
        return success()

    def delegate_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> dict[str, Any]:
        self.rules.delegate_pool_legacy(subaccount_id, pool_id)
        return started()

    def revoke_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> dict[str, Any]:
        self.rules.revoke_pool_legacy(subaccount_id, pool_id)
        return started()

    def delegated_pools(self) -> dict[str, Any]:
        with self.lock:
            items = [{"pool_id": pool_id, "subaccount_id": sub}
                     for pool_id, sub in self.rules.delegated_pools()]
            return {"items": items, "total_count": len(items)}


def _features(subaccount: Subaccount) -> dict[str, Any]:
    return {k: dict(v) for k, v in subaccount.features.items()}


def _subaccount_json(subaccount: Subaccount) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": subaccount.id, "name": subaccount.name, "status": subaccount.status,
        "created_at": subaccount.created_at, "updated_at": subaccount.updated_at}
    # ``features`` is optional in the documented object; shown once one is overridden.
    if subaccount.features:
        body["features"] = _features(subaccount)
    return body
