"""Subaccounts (``/v5/accounts/subaccounts``), their linked IPs (``/v3/ips/subaccounts``,
``/v3/ips/details/all``) and DIPPs delegated to them (``/v3/ip_pools/{id}/delegate``)."""

from __future__ import annotations

import secrets
from typing import Any

from .backend_base import BackendBase
from .errors import bad_request, forbidden, not_found
from .models import FEATURE_CENTRALIZED_IP_ASSIGNMENT, Subaccount, http_date

# Mailgun queues IP link changes that touch more subaccounts than this.
SYNC_LINK_LIMIT = 100


class SubaccountRules(BackendBase):
    def _subaccount(self, subaccount_id: str) -> Subaccount:
        found = self.account.subaccounts.get(subaccount_id)
        if found is None:
            raise not_found("Not Found")
        return found

    # -- subaccounts ---------------------------------------------------------------------

    def create_subaccount(self, name: str | None) -> dict[str, Any]:
        with self.lock:
            if not name or not name.strip():
                raise bad_request("Bad request")
            subaccount = Subaccount(id=secrets.token_hex(12), name=name)
            self.account.subaccounts[subaccount.id] = subaccount
            return {"subaccount": _subaccount_json(subaccount)}

    def get_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            return {"subaccount": _subaccount_json(self._subaccount(subaccount_id))}

    def list_subaccounts(self, name_filter: str | None, skip: int, limit: int,
                         enabled: bool | None) -> dict[str, Any]:
        with self.lock:
            if not 1 <= limit <= 1000:
                raise bad_request("limit must be between 1 and 1000")
            found = sorted(self.account.subaccounts.values(), key=lambda s: s.name)
            if name_filter:
                found = [s for s in found if name_filter.lower() in s.name.lower()]
            if enabled is not None:
                found = [s for s in found if (s.status == "open") == enabled]
            return {"subaccounts": [_subaccount_json(s) for s in found[skip:skip + limit]],
                    "total": len(found)}

    def disable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        return self._set_status(subaccount_id, "disabled", "disabled")

    def enable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        return self._set_status(subaccount_id, "open", "enabled")

    def _set_status(self, subaccount_id: str, status: str, word: str) -> dict[str, Any]:
        with self.lock:
            subaccount = self._subaccount(subaccount_id)
            if subaccount.status == status:
                raise bad_request(f"subaccount is already {word}")
            subaccount.status = status
            subaccount.updated_at = http_date()
            return {"subaccount": _subaccount_json(subaccount)}

    def delete_subaccount(self, on_behalf_of: str | None) -> dict[str, Any]:
        with self.lock:
            if not on_behalf_of:
                raise bad_request("Bad request")
            if on_behalf_of not in self.account.subaccounts:
                raise forbidden("Forbidden")
            del self.account.subaccounts[on_behalf_of]
            for pool in self.account.pools.values():
                if on_behalf_of in pool.delegated_to:
                    pool.delegated_to.remove(on_behalf_of)
            return {"message": "Subaccount successfully deleted"}

    # -- IPs linked to subaccounts -------------------------------------------------------

    def link_subaccount_ips(self, subaccount_ids: list[str], all_subaccounts: bool,
                            link_ips: list[str], unlink_ips: list[str]) -> dict[str, Any]:
        with self.lock:
            if FEATURE_CENTRALIZED_IP_ASSIGNMENT not in self.account.features:
                raise forbidden("the centralized IP assignment feature is not enabled")
            if bool(subaccount_ids) == all_subaccounts:
                raise bad_request("specify subaccount_id or all_subaccounts=true, not both")
            if not link_ips and not unlink_ips:
                raise bad_request("link_ip or unlink_ip is required")
            targets = (list(self.account.subaccounts.values()) if all_subaccounts
                       else [self._subaccount(i) for i in subaccount_ids])
            for ip in link_ips:
                self._dedicated_ip(ip)
                if self._dynamic_pool_of_ip(ip):
                    raise bad_request(f"IP {ip} is in a dynamic IP pool and cannot be linked")
            for subaccount in targets:
                for ip in unlink_ips:
                    self._check_unlinkable(subaccount, ip)
            for subaccount in targets:
                subaccount.ips = [ip for ip in subaccount.ips if ip not in unlink_ips]
                subaccount.ips += [ip for ip in dict.fromkeys(link_ips) if ip not in subaccount.ips]
            queued = all_subaccounts or len(targets) > SYNC_LINK_LIMIT
            return {"message": "queued" if queued else "success"}

    def _check_unlinkable(self, subaccount: Subaccount, ip: str) -> None:
        for pool in self.account.pools.values():
            if subaccount.id in pool.delegated_to and ip in pool.ips:
                raise bad_request(f"IP {ip} is in an IP pool of subaccount {subaccount.id}")
        for domain in self.account.domains.values():
            if domain.subaccount_id == subaccount.id and ip in domain.ips:
                raise bad_request(
                    f"IP {ip} is assigned to domain {domain.name} of subaccount {subaccount.id}")

    def ip_details(self, subaccount_id: str | None, ip: str | None, skip: int,
                   limit: int) -> dict[str, Any]:
        with self.lock:
            # Inferred: the list comes with the IP assignment API it serves, whose links
            # need the feature (REFERENCE 3.6).
            if FEATURE_CENTRALIZED_IP_ASSIGNMENT not in self.account.features:
                raise forbidden("the centralized IP assignment feature is not enabled")
            items = []
            for address in self.account.ips.values():
                if ip and address.ip != ip:
                    continue
                linked = [s.id for s in self.account.subaccounts.values() if address.ip in s.ips]
                if subaccount_id and subaccount_id not in linked:
                    continue
                items.append({
                    "address": address.ip,
                    "parent_account_id": "emulated",
                    "account_id": subaccount_id or "emulated",
                    "subaccount_ids": linked,
                    "pool_ids": [p.pool_id for p in self.account.pools.values()
                                 if address.ip in p.ips],
                    "dedicated": address.dedicated,
                })
            return {"items": items[skip:skip + limit], "total_count": len(items)}

    # -- DIPP delegation -----------------------------------------------------------------

    def delegate_pool(self, pool_id: str, subaccount_id: str | None) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if not subaccount_id:
                raise bad_request("Missing parameter 'subaccount_id'")
            self._subaccount(subaccount_id)
            if subaccount_id not in pool.delegated_to:
                pool.delegated_to.append(subaccount_id)
            return {"message": "success"}

    def revoke_pool(self, pool_id: str, subaccount_id: str | None) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if not subaccount_id:
                raise bad_request("Missing parameter 'subaccount_id'")
            if subaccount_id not in pool.delegated_to:
                raise not_found("the DIPP is not delegated to that subaccount")
            pool.delegated_to.remove(subaccount_id)
            return {"message": "success"}

    def delegated_pools(self) -> dict[str, Any]:
        with self.lock:
            # Documented as 404 "account not found"; read here as an account that has no
            # subaccount to delegate to (inferred: the documents do not say when).
            if not self.account.subaccounts:
                raise not_found("account not found")
            items = [{"pool_id": pool.pool_id, "subaccount_id": sub}
                     for pool in self.account.pools.values() for sub in pool.delegated_to]
            return {"items": items, "total_count": len(items)}


def _subaccount_json(subaccount: Subaccount) -> dict[str, Any]:
    return {"id": subaccount.id, "name": subaccount.name, "status": subaccount.status,
            "created_at": subaccount.created_at, "updated_at": subaccount.updated_at}
