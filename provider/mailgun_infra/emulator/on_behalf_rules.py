"""What a subaccount sees, read by its parent with ``X-Mailgun-On-Behalf-Of``
(REFERENCE 1.2): the DIPPs delegated to it (``GET /v3/ip_pools``), which the subaccount
sees as inherited (REFERENCE 8.1, inferred there). ``on_behalf_responses`` renders them.

A header naming no subaccount of the account is refused with a 403 (inferred: the
documents do not say).
"""

from __future__ import annotations

from .models import DippView
from .more_errors import OnBehalfOfUnknownSubaccount
from .rules_base import RulesBase


class OnBehalfRules(RulesBase):
    def subaccount_pools(self, subaccount_id: str) -> list[DippView]:
        """The DIPPs delegated to the subaccount, each with the subaccount's own domains
        linked to it."""
        with self.lock:
            if subaccount_id not in self.account.subaccounts:
                raise OnBehalfOfUnknownSubaccount(subaccount_id)
            self._require_dipps()
            return [DippView(pool, [d.name for d in self.account.domains.values()
                                    if d.pool_id == pool.pool_id
                                    and d.subaccount_id == subaccount_id])
                    for pool in self.account.pools.values()
                    if subaccount_id in pool.delegated_to]
