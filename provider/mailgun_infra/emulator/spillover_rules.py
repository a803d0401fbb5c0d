"""DIPP spillover: the DIPP whose IPs take the account's, or one domain's, overflow
(``GET`` / ``PATCH /v3/ips/account/settings`` and ``/v3/ips/domain/{name}``).

Only the September 2026 spec documents these (REFERENCE 3.5): a read answers
``{"extra_dedicated_ips": {"pool_id": ...}}``, a PATCH takes that shape as JSON, ``null``
clearing it, and answers ``{"message": ...}``. The rest is inferred, from how Mailgun's
other DIPP endpoints behave:

- the DIPPs feature gates them, as every DIPP endpoint (403);
- an unknown domain in the path is a 404 ``Domain not found``, as on the domain IP paths;
- a ``pool_id`` that is no DIPP of the account is a 400, as an unknown replacement DIPP is
  on a DIPP delete: it is a parameter, not the path;
- a read with nothing set shows ``pool_id: null``, the value that clears it;
- deleting a DIPP clears the spillover settings that name it (``ip_rules.delete_pool``).

Each read returns the DIPP id set (None: none); ``account_responses`` renders it.
"""

from __future__ import annotations

from .errors import SpilloverPoolNotFound
from .rules_base import RulesBase


class SpilloverRules(RulesBase):
    def get_account_spillover(self) -> str | None:
        with self.lock:
            self._require_dipps()
            return self.account.spillover_pool_id

    def set_account_spillover(self, pool_id: str | None) -> None:
        with self.lock:
            self._require_dipps()
            self._check_spillover_pool(pool_id)
            self.account.spillover_pool_id = pool_id

    def get_domain_spillover(self, name: str) -> str | None:
        with self.lock:
            self._require_dipps()
            return self._domain(name).spillover_pool_id

    def set_domain_spillover(self, name: str, pool_id: str | None) -> None:
        with self.lock:
            self._require_dipps()
            domain = self._domain(name)
            self._check_spillover_pool(pool_id)
            domain.spillover_pool_id = pool_id

    def _check_spillover_pool(self, pool_id: str | None) -> None:
        # An inherited DIPP is one of the account's too: its domains may send from it.
        if pool_id is not None and pool_id not in self.account.pools:
            raise SpilloverPoolNotFound(pool_id)
