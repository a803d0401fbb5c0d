"""Subaccounts (``/v5/accounts/subaccounts``), their linked IPs (``/v3/ips/subaccounts``,
``/v3/ips/details/all``) and DIPPs delegated to them (``/v3/ip_pools/{id}/delegate``)."""

from __future__ import annotations

import json
import math
import secrets
from typing import Any

from ..facts import SUBACCOUNT_FEATURES
from .backend_base import BackendBase
from .errors import bad_request, forbidden, not_found
from .models import (
    FEATURE_CENTRALIZED_IP_ASSIGNMENT,
    FEATURE_DETAILED_IP_VIEW,
    Subaccount,
    http_date,
    reference_id,
)

# The emulated parent account's id, where an answer names it.
PARENT_ACCOUNT_ID = "emulated"
# Mailgun queues IP link changes that touch more subaccounts than this.
SYNC_LINK_LIMIT = 100
# The legacy delegation's answers for any bad parameter and an unknown subaccount.
INVALID_PARAMETERS = "invalid request parameters"
ACCOUNT_NOT_FOUND = "account not found"


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
                         enabled: bool | None, *, sort: str | None = None,
                         closed: bool | None = None) -> dict[str, Any]:
        with self.lock:
            if not 1 <= limit <= 1000:
                raise bad_request("limit must be between 1 and 1000")
            if skip < 0:
                raise bad_request("skip must be 0 or more")
            if sort not in (None, "asc", "desc"):
                raise bad_request(f"invalid sort '{sort}': use asc or desc")
            found = sorted(self.account.subaccounts.values(), key=lambda s: s.name,
                           reverse=sort == "desc")
            if name_filter:
                found = [s for s in found if name_filter.lower() in s.name.lower()]
            if enabled is not None:
                found = [s for s in found if (s.status == "open") == enabled]
            if closed is not None:
                found = [s for s in found if (s.status == "closed") == closed]
            return {"subaccounts": [_subaccount_json(s) for s in found[skip:skip + limit]],
                    "total": len(found)}

    def disable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        return self._set_status(subaccount_id, "disabled", "disabled")

    def enable_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        return self._set_status(subaccount_id, "open", "enabled")

    def update_subaccount_features(self, subaccount_id: str,
                                   updates: dict[str, str]) -> dict[str, Any]:
        """``PUT .../features``: each known feature's value is a JSON object with a boolean
        ``enabled``; anything else is no valid update. Answers all of the subaccount's
        feature overrides."""
        with self.lock:
            subaccount = self._subaccount(subaccount_id)
            valid: dict[str, dict[str, bool]] = {}
            for name, raw in updates.items():
                if name not in SUBACCOUNT_FEATURES:
                    continue
                try:
                    value = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(value, dict) and isinstance(value.get("enabled"), bool):
                    valid[name] = {"enabled": value["enabled"]}
            if not valid:
                raise bad_request("No valid updates provided")
            subaccount.features.update(valid)
            subaccount.updated_at = http_date()
            return {"features": {k: dict(v) for k, v in subaccount.features.items()}}

    def get_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None:
                raise bad_request("Not a subaccount")
            if subaccount.monthly_limit is None:
                raise not_found("No threshold for account")
            # The emulator sends no mail: nothing counts against the limit.
            return {"limit": subaccount.monthly_limit, "current": 0, "period": "1m"}

    def set_subaccount_monthly_limit(self, subaccount_id: str,
                                     limit: str | None) -> dict[str, Any]:
        """``limit`` is a required number (OpenAPI); a count of messages is not negative."""
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None:
                raise bad_request("Invalid subaccount ID")
            try:
                number = float(limit or "")
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number < 0:
                raise bad_request("limit must be a number, 0 or more")
            subaccount.monthly_limit = int(number) if number.is_integer() else number
            return {"success": True}

    def delete_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None or subaccount.monthly_limit is None:
                raise bad_request("Could not delete threshold for account")
            subaccount.monthly_limit = None
            return {"success": True}

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
            # No range is documented; these are the ones any list keeps.
            if limit < 1:
                raise bad_request("limit must be at least 1")
            if skip < 0:
                raise bad_request("skip must be 0 or more")
            # The list's documentation names the feature it needs.
            if FEATURE_DETAILED_IP_VIEW not in self.account.features:
                raise forbidden("the detailed IP view feature is not enabled for this account")
            # The parent's record of each IP, then one more for each subaccount it is
            # linked to, as documented; ``subaccount_id`` keeps that subaccount's records.
            items = []
            for address in self.account.ips.values():
                if ip and address.ip != ip:
                    continue
                linked = [s.id for s in self.account.subaccounts.values() if address.ip in s.ips]
                for account_id in [PARENT_ACCOUNT_ID, *linked]:
                    if subaccount_id and account_id != subaccount_id:
                        continue
                    items.append({
                        "address": address.ip,
                        "parent_account_id": PARENT_ACCOUNT_ID,
                        "account_id": account_id,
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

    # The legacy (deprecated) delegation, ``/v5/accounts/subaccounts/{id}/ip_pool``: one
    # DIPP per subaccount, which a new delegation replaces (REFERENCE 8.1).

    def delegate_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            if subaccount_id not in self.account.subaccounts:
                raise not_found(ACCOUNT_NOT_FOUND)
            if not pool_id or pool_id not in self.account.pools:
                raise bad_request(INVALID_PARAMETERS)
            pool = self._editable_pool(pool_id)
            for other in self.account.pools.values():
                if other is not pool and subaccount_id in other.delegated_to:
                    other.delegated_to.remove(subaccount_id)
            if subaccount_id not in pool.delegated_to:
                pool.delegated_to.append(subaccount_id)
            return {"message": "started", "reference_id": reference_id()}

    def revoke_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> dict[str, Any]:
        """Revokes the DIPP; as documented, the subaccount's domains linked to it are
        unlinked."""
        with self.lock:
            self._require_dipps()
            if subaccount_id not in self.account.subaccounts:
                raise not_found(ACCOUNT_NOT_FOUND)
            pool = self.account.pools.get(pool_id or "")
            if pool is None or subaccount_id not in pool.delegated_to:
                raise bad_request(INVALID_PARAMETERS)
            pool.delegated_to.remove(subaccount_id)
            for domain in self.account.domains.values():
                if domain.subaccount_id == subaccount_id and domain.pool_id == pool.pool_id:
                    domain.pool_id = None
            return {"message": "started", "reference_id": reference_id()}

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
    body: dict[str, Any] = {
        "id": subaccount.id, "name": subaccount.name, "status": subaccount.status,
        "created_at": subaccount.created_at, "updated_at": subaccount.updated_at}
    # ``features`` is optional in the documented object; shown once one is overridden.
    if subaccount.features:
        body["features"] = {k: dict(v) for k, v in subaccount.features.items()}
    return body
