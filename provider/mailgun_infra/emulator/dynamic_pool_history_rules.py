"""Dynamic IP pools beyond one domain's enrollment: the domains still assignable
(``GET /v3/domains/dynamic_pools/assignable``), enrolling them all
(``POST /v3/domains/all/dynamic_pools/enroll``), a domain's health-check preview
(``GET /v1/dynamic_pools/domains/{name}/preview``) and the history of moves between pools
(``GET /v1/dynamic_pools/domains/{name}/history``, ``GET /v1/dynamic_pools/history``).

Every move is recorded: an enrollment (one domain's or all of them) and an override. The
emulator has no health checks, so nothing else moves a domain. Where the documents are
silent (inferred): enroll-all is applied at once, though it answers ``started``; a domain
without moves has no history (404); the account's history is newest first, its ``Limit``
defaults to 10 and there are no further pages. ``dynamic_pool_history_responses`` renders
what these return.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from .dynamic_pool_rules import DynamicPoolRules
from .errors import (
    DynamicPoolsNotConfigured,
    InvalidChoice,
    LimitOutOfRange,
    MissingParameter,
)
from .models import Domain, DynamicPoolMove, now
from .more_errors import (
    EnrollAllFromParentOnly,
    InvalidAccountId,
    InvalidDomainSearch,
    InvalidHistoryTime,
    NoDynamicPoolHistory,
)

# The pool every enrolled domain starts in until health checks move it.
FIRST_POOL = "dynamic_new"
DEFAULT_HISTORY_LIMIT = 10


class DynamicPoolHistoryRules(DynamicPoolRules):
    """Comes before ``DynamicPoolRules`` in ``Rules``: its enrollment and override record
    each move, then do what they always did."""

    def _record_move(self, domain: Domain, prev_band: str | None, reason: str) -> None:
        if domain.dynamic_pool and domain.dynamic_pool != prev_band:
            self.account.dynamic_pool_history.append(DynamicPoolMove(
                domain_id=domain.id, domain_name=domain.name, new_band=domain.dynamic_pool,
                prev_band=prev_band or "", reason=reason, subaccount_id=domain.subaccount_id))

    def enroll_domain(self, name: str, replacement_ip: str | None) -> None:
        with self.lock:
            super().enroll_domain(name, replacement_ip)
            self._record_move(self._domain(name), None, "enrolled")

    def set_dynamic_pool_override(self, name: str, pool: str | None) -> None:
        with self.lock:
            domain = self.account.domains.get(name)
            before = domain.dynamic_pool if domain else None
            super().set_dynamic_pool_override(name, pool)
            self._record_move(self._domain(name), before, "override")

    # -- assignable domains and enroll-all ------------------------------------------------

    def assignable_domains(self, subaccount_id: str | None,
                           pattern: str | None) -> list[Domain]:
        """The domains of the parent account, or of ``subaccount_id``, not yet enrolled;
        ``pattern`` a regular expression their names must match."""
        with self.lock:
            self._require_dynamic_pools()
            if subaccount_id and subaccount_id not in self.account.subaccounts:
                raise InvalidAccountId(subaccount_id)
            try:
                search = re.compile(pattern) if pattern else None
            except re.error:
                raise InvalidDomainSearch(str(pattern)) from None
            return [d for d in self.account.domains.values()
                    if not d.dynamic_pool and d.subaccount_id == (subaccount_id or None)
                    and (search is None or search.search(d.name))]

    def enroll_all_domains(self, include_subaccounts: str | None,
                           on_behalf_of: str | None) -> list[Domain]:
        """Every domain not yet enrolled, the subaccounts' too when asked, into the first
        pool; returns the domains it enrolled."""
        with self.lock:
            self._require_dynamic_pools()
            if on_behalf_of:
                raise EnrollAllFromParentOnly()
            if include_subaccounts is None or include_subaccounts == "":
                raise MissingParameter("include_subaccounts")
            if include_subaccounts.lower() not in ("true", "false"):
                raise InvalidChoice("include_subaccounts", include_subaccounts,
                                    "true or false")
            with_subaccounts = include_subaccounts.lower() == "true"
            if not self.account.dynamic_pools.get(FIRST_POOL):
                raise DynamicPoolsNotConfigured()
            enrolled = [d for d in self.account.domains.values() if not d.dynamic_pool
                        and (with_subaccounts or d.subaccount_id is None)]
            for domain in enrolled:
                domain.dynamic_pool = FIRST_POOL
                domain.dynamic_override = False
                domain.dynamic_registered_at = now()
                self._record_move(domain, None, "enrolled with all the account's domains")
            return enrolled

    # -- preview and history --------------------------------------------------------------

    def preview_domain(self, name: str) -> Domain:
        """The domain a health check runs on; its rates are the answer's to work out."""
        with self.lock:
            self._require_dynamic_pools()
            return self._domain(name)

    def domain_history(self, name: str) -> DynamicPoolMove:
        """The domain's latest move: the document's answer is one record."""
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            for move in reversed(self.account.dynamic_pool_history):
                if move.domain_id == domain.id:
                    return move
            raise NoDynamicPoolHistory(name)

    def dynamic_pool_history(
        self, *, limit: int | None, include_subaccounts: bool, domain: str | None,
        before: str | None, after: str | None, moved_to: str | None,
        moved_from: str | None,
    ) -> tuple[list[DynamicPoolMove], int]:
        """The moves that pass every filter, newest first: at most ``limit`` of them, and
        how many passed."""
        with self.lock:
            self._require_dynamic_pools()
            limit = DEFAULT_HISTORY_LIMIT if limit is None else limit
            if not 1 <= limit <= 100:
                raise LimitOutOfRange(1, 100)
            until = _moment("before", before)
            since = _moment("after", after)
            found = [m for m in reversed(self.account.dynamic_pool_history)
                     if (include_subaccounts or m.subaccount_id is None)
                     and (not domain or m.domain_name == domain)
                     and (not moved_to or m.new_band == moved_to)
                     and (not moved_from or m.prev_band == moved_from)
                     and (until is None or _parsed(m.timestamp) < until)
                     and (since is None or _parsed(m.timestamp) > since)]
            return found[:limit], len(found)


def _moment(name: str, value: str | None) -> datetime | None:
    """A filter's time, in the documented layout ``Mon, 02 Jan 2006 15:04:05 MST``."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        raise InvalidHistoryTime(name, value) from None
    if moment.tzinfo is None:
        raise InvalidHistoryTime(name, value)
    return moment


def _parsed(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp)
