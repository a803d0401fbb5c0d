"""The bodies of the dynamic pools' assignable domains, enroll-all, preview and history
(``dynamic_pool_history_rules`` holds their rules)."""

from __future__ import annotations

from typing import Any

from .dynamic_pool_responses import ACCOUNT
from .models import DynamicPoolMove
from .responses import ResponsesBase, message

# The documents' example answers name a parent account's domain's owner so.
NO_OWNING_ACCOUNT = "000000000000000000000000"
# The emulator sends no mail: every rate is 0 and nothing was processed. A domain without
# volume is a new sender, whatever its (zero) rates would say.
PREVIEW_BANDS = {"bounce_rate": "dynamic_good", "complaint_rate": "dynamic_good",
                 "processed_count": "dynamic_new"}


class DynamicPoolHistoryResponses(ResponsesBase):
    def assignable_domains(self, subaccount_id: str | None,
                           pattern: str | None) -> dict[str, Any]:
        with self.lock:
            return {"items": [{"account_id": d.subaccount_id or ACCOUNT, "id": d.id,
                               "name": d.name}
                              for d in self.rules.assignable_domains(subaccount_id, pattern)]}

    def enroll_all_domains(self, include_subaccounts: str | None,
                           on_behalf_of: str | None) -> dict[str, Any]:
        self.rules.enroll_all_domains(include_subaccounts, on_behalf_of)
        return message("started")

    def preview_domain(self, name: str) -> dict[str, Any]:
        with self.lock:
            self.rules.preview_domain(name)
            results = {metric: {"value": 0 if metric == "processed_count" else 0.0,
                                "band": band}
                       for metric, band in PREVIEW_BANDS.items()}
            return {"pool": "dynamic_new", "results": results}

    def domain_history(self, name: str) -> dict[str, Any]:
        with self.lock:
            return self._move_json(self.rules.domain_history(name))

    def dynamic_pool_history(self, **filters: Any) -> dict[str, Any]:
        with self.lock:
            moves, total = self.rules.dynamic_pool_history(**filters)
            return {"items": [self._move_json(m) for m in moves], "total_items": total,
                    "paging": {}}

    def _move_json(self, move: DynamicPoolMove) -> dict[str, Any]:
        owner = move.subaccount_id
        subaccount = self.rules.account.subaccounts.get(owner) if owner else None
        return {
            "id": move.id, "owning_account_id": ACCOUNT if owner else NO_OWNING_ACCOUNT,
            "account_id": owner or ACCOUNT,
            "account_name": subaccount.name if subaccount else ACCOUNT,
            "domain_id": move.domain_id, "domain_name": move.domain_name,
            "new_band": move.new_band, "prev_band": move.prev_band, "reason": move.reason,
            "bounce_rate": 0.0, "complaint_rate": 0.0, "processed_count": 0,
            "initiated_by": "api", "timestamp": move.timestamp,
        }
