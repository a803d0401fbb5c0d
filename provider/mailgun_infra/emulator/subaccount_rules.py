"""Subaccounts (``/v5/accounts/subaccounts``), their linked IPs (``/v3/ips/subaccounts``,
``/v3/ips/details/all``) and DIPPs delegated to them (``/v3/ip_pools/{id}/delegate``).

Each method returns the subaccounts or records it read or changed; ``subaccount_responses``
renders them."""

from __future__ import annotations

import ipaddress
import json
import math
import secrets
from typing import NamedTuple

from ..facts import SUBACCOUNT_FEATURES
from .errors import (
    AccountNotFound,
    CentralizedIpAssignmentNotEnabled,
    DetailedIpViewNotEnabled,
    DynamicPoolIpNotLinkable,
    InvalidChoice,
    InvalidMonthlyLimit,
    InvalidRequestParameters,
    InvalidSort,
    InvalidSubaccountId,
    IpInSubaccountPool,
    IpOnSubaccountDomain,
    LimitBelowOne,
    LimitOutOfRange,
    LinkOrUnlinkRequired,
    MissingParameter,
    MonthlyLimitNotDeletable,
    NoMonthlyLimit,
    NotASubaccount,
    NoValidFeatureUpdates,
    PoolNotDelegated,
    SkipNegative,
    SubaccountAlready,
    SubaccountBadRequest,
    SubaccountForbidden,
    SubaccountNotFound,
    SubaccountsOrAll,
    SubaccountsRequired,
)
from .models import (
    FEATURE_CENTRALIZED_IP_ASSIGNMENT,
    FEATURE_DETAILED_IP_VIEW,
    Ip,
    Subaccount,
    http_date,
)
from .rules_base import RulesBase

# The emulated parent account's id, where an answer names it.
PARENT_ACCOUNT_ID = "emulated"
# Mailgun queues IP link changes that touch more subaccounts than this.
SYNC_LINK_LIMIT = 100


# The values ``GET /v3/ips/details/all`` takes for ``sort_by`` (the documents name none).
IP_DETAIL_SORTS = ("address", "account_id")


class IpRecord(NamedTuple):
    """One account's record of an IP in ``/v3/ips/details/all``."""

    address: Ip
    account_id: str
    pool_ids: list[str]


class SubaccountRules(RulesBase):
    def _subaccount(self, subaccount_id: str) -> Subaccount:
        found = self.account.subaccounts.get(subaccount_id)
        if found is None:
            raise SubaccountNotFound()
        return found

    # -- subaccounts ---------------------------------------------------------------------

    def create_subaccount(self, name: str | None) -> Subaccount:
        with self.lock:
            if not name or not name.strip():
                raise SubaccountBadRequest()
            subaccount = Subaccount(id=secrets.token_hex(12), name=name)
            self.account.subaccounts[subaccount.id] = subaccount
            return subaccount

    def get_subaccount(self, subaccount_id: str) -> Subaccount:
        with self.lock:
            return self._subaccount(subaccount_id)

    def list_subaccounts(self, name_filter: str | None, skip: int, limit: int,
                         enabled: bool | None, *, sort: str | None = None,
                         closed: bool | None = None) -> list[Subaccount]:
        """Every match: the answer takes its page."""
        with self.lock:
            if not 1 <= limit <= 1000:
                raise LimitOutOfRange(1, 1000)
            if skip < 0:
                raise SkipNegative()
            if sort not in (None, "asc", "desc"):
                raise InvalidSort(sort, "asc or desc")
            found = sorted(self.account.subaccounts.values(), key=lambda s: s.name,
                           reverse=sort == "desc")
            if name_filter:
                found = [s for s in found if name_filter.lower() in s.name.lower()]
            if enabled is not None:
                found = [s for s in found if (s.status == "open") == enabled]
            if closed is not None:
                found = [s for s in found if (s.status == "closed") == closed]
            return found

    def disable_subaccount(self, subaccount_id: str) -> Subaccount:
        return self._set_status(subaccount_id, "disabled", "disabled")

    def enable_subaccount(self, subaccount_id: str) -> Subaccount:
        return self._set_status(subaccount_id, "open", "enabled")

    def update_subaccount_features(self, subaccount_id: str,
                                   updates: dict[str, str]) -> Subaccount:
        """``PUT .../features``: each known feature's value is a JSON object with a boolean
        ``enabled``; anything else is no valid update."""
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
                raise NoValidFeatureUpdates()
            subaccount.features.update(valid)
            subaccount.updated_at = http_date()
            return subaccount

    def get_subaccount_monthly_limit(self, subaccount_id: str) -> int | float:
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None:
                raise NotASubaccount()
            if subaccount.monthly_limit is None:
                raise NoMonthlyLimit()
            return subaccount.monthly_limit

    def set_subaccount_monthly_limit(self, subaccount_id: str, limit: str | None) -> None:
        """``limit`` is a required number (OpenAPI); a count of messages is not negative."""
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None:
                raise InvalidSubaccountId()
            try:
                number = float(limit or "")
            except ValueError:
                number = math.nan
            if not math.isfinite(number) or number < 0:
                raise InvalidMonthlyLimit()
            subaccount.monthly_limit = int(number) if number.is_integer() else number

    def delete_subaccount_monthly_limit(self, subaccount_id: str) -> None:
        with self.lock:
            subaccount = self.account.subaccounts.get(subaccount_id)
            if subaccount is None or subaccount.monthly_limit is None:
                raise MonthlyLimitNotDeletable()
            subaccount.monthly_limit = None

    def _set_status(self, subaccount_id: str, status: str, word: str) -> Subaccount:
        with self.lock:
            subaccount = self._subaccount(subaccount_id)
            if subaccount.status == status:
                raise SubaccountAlready(word)
            subaccount.status = status
            subaccount.updated_at = http_date()
            return subaccount

    def delete_subaccount(self, on_behalf_of: str | None) -> None:
        with self.lock:
            if not on_behalf_of:
                raise SubaccountBadRequest()
            if on_behalf_of not in self.account.subaccounts:
                raise SubaccountForbidden()
            del self.account.subaccounts[on_behalf_of]
            for pool in self.account.pools.values():
                if on_behalf_of in pool.delegated_to:
                    pool.delegated_to.remove(on_behalf_of)

    # -- IPs linked to subaccounts -------------------------------------------------------

    def link_subaccount_ips(self, subaccount_ids: list[str], all_subaccounts: bool,
                            link_ips: list[str], unlink_ips: list[str]) -> bool:
        """Whether Mailgun queues the change (it touches many subaccounts)."""
        with self.lock:
            if FEATURE_CENTRALIZED_IP_ASSIGNMENT not in self.account.features:
                raise CentralizedIpAssignmentNotEnabled()
            if subaccount_ids and all_subaccounts:
                raise SubaccountsOrAll()
            if not subaccount_ids and not all_subaccounts:
                raise SubaccountsRequired()
            if not link_ips and not unlink_ips:
                raise LinkOrUnlinkRequired()
            targets = (list(self.account.subaccounts.values()) if all_subaccounts
                       else [self._subaccount(i) for i in subaccount_ids])
            for ip in link_ips:
                self._dedicated_ip(ip)
                if self._dynamic_pool_of_ip(ip):
                    raise DynamicPoolIpNotLinkable(ip)
            for subaccount in targets:
                for ip in unlink_ips:
                    self._check_unlinkable(subaccount, ip)
            for subaccount in targets:
                subaccount.ips = [ip for ip in subaccount.ips if ip not in unlink_ips]
                subaccount.ips += [ip for ip in dict.fromkeys(link_ips) if ip not in subaccount.ips]
            return all_subaccounts or len(targets) > SYNC_LINK_LIMIT

    def _check_unlinkable(self, subaccount: Subaccount, ip: str) -> None:
        for pool in self.account.pools.values():
            if subaccount.id in pool.delegated_to and ip in pool.ips:
                raise IpInSubaccountPool(ip, subaccount.id)
        for domain in self.account.domains.values():
            if domain.subaccount_id == subaccount.id and ip in domain.ips:
                raise IpOnSubaccountDomain(ip, domain.name, subaccount.id)

    def ip_details(self, subaccount_id: str | None, ip: str | None, skip: int,
                   limit: int, *, pool_id: str | None = None, domain_id: str | None = None,
                   sort_by: str | None = None, sort_order: str | None = None,
                   ) -> list[IpRecord]:
        """Every match: the answer takes its page. The documents name ``sort_by`` but not
        its values: ``address`` (by number, the default once ``sort_order`` is given) and
        ``account_id`` are the emulator's choice (inferred); unsorted, the account's order.
        ``domain_id`` keeps the IPs that domain sends from; an unknown one matches none."""
        with self.lock:
            # No range is documented; these are the ones any list keeps.
            if limit < 1:
                raise LimitBelowOne()
            if skip < 0:
                raise SkipNegative()
            if sort_by is not None and sort_by not in IP_DETAIL_SORTS:
                raise InvalidChoice("sort_by", sort_by, " or ".join(IP_DETAIL_SORTS))
            if sort_order is not None and sort_order not in ("ascending", "descending"):
                raise InvalidChoice("sort_order", sort_order, "ascending or descending")
            # The list's documentation names the feature it needs.
            if FEATURE_DETAILED_IP_VIEW not in self.account.features:
                raise DetailedIpViewNotEnabled()
            sending: list[str] | None = None
            if domain_id is not None:
                domain = next((d for d in self.account.domains.values() if d.id == domain_id),
                              None)
                sending = self.sending_ips(domain) if domain else []
            # The parent's record of each IP, then one more for each subaccount it is
            # linked to, as documented; ``subaccount_id`` keeps that subaccount's records.
            items = []
            for address in self.account.ips.values():
                if (ip and address.ip != ip) or (sending is not None
                                                 and address.ip not in sending):
                    continue
                pools = [p.pool_id for p in self.account.pools.values() if address.ip in p.ips]
                if pool_id and pool_id not in pools:
                    continue
                linked = [s.id for s in self.account.subaccounts.values() if address.ip in s.ips]
                for account_id in [PARENT_ACCOUNT_ID, *linked]:
                    if subaccount_id and account_id != subaccount_id:
                        continue
                    items.append(IpRecord(address, account_id, pools))
            if sort_by or sort_order:
                def by_number(record: IpRecord) -> tuple[int, int]:
                    # IPv4 before IPv6, then by value: a mixed list still sorts.
                    address = ipaddress.ip_address(record.address.ip)
                    return address.version, int(address)

                items.sort(key=lambda r: (r.account_id, *by_number(r))
                           if sort_by == "account_id" else by_number(r),
                           reverse=sort_order == "descending")
            return items

    # -- DIPP delegation -----------------------------------------------------------------

    def delegate_pool(self, pool_id: str, subaccount_id: str | None) -> None:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if not subaccount_id:
                raise MissingParameter("subaccount_id")
            self._subaccount(subaccount_id)
            if subaccount_id not in pool.delegated_to:
                pool.delegated_to.append(subaccount_id)

    def revoke_pool(self, pool_id: str, subaccount_id: str | None) -> None:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if not subaccount_id:
                raise MissingParameter("subaccount_id")
            if subaccount_id not in pool.delegated_to:
                raise PoolNotDelegated()
            pool.delegated_to.remove(subaccount_id)

    # The legacy (deprecated) delegation, ``/v5/accounts/subaccounts/{id}/ip_pool``: one
    # DIPP per subaccount, which a new delegation replaces (REFERENCE 8.1).

    def delegate_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> None:
        with self.lock:
            self._require_dipps()
            if subaccount_id not in self.account.subaccounts:
                raise AccountNotFound()
            if not pool_id or pool_id not in self.account.pools:
                raise InvalidRequestParameters()
            pool = self._editable_pool(pool_id)
            # Answered "started": readers see the delegations as before for a while.
            self._before_delegations_change()
            for other in self.account.pools.values():
                if other is not pool and subaccount_id in other.delegated_to:
                    other.delegated_to.remove(subaccount_id)
            if subaccount_id not in pool.delegated_to:
                pool.delegated_to.append(subaccount_id)

    def revoke_pool_legacy(self, subaccount_id: str, pool_id: str | None) -> None:
        """Revokes the DIPP; as documented, the subaccount's domains linked to it are
        unlinked."""
        with self.lock:
            self._require_dipps()
            if subaccount_id not in self.account.subaccounts:
                raise AccountNotFound()
            pool = self.account.pools.get(pool_id or "")
            if pool is None or subaccount_id not in pool.delegated_to:
                raise InvalidRequestParameters()
            self._before_delegations_change()
            self._before_domains_change(
                d for d in self.account.domains.values()
                if d.subaccount_id == subaccount_id and d.pool_id == pool.pool_id)
            pool.delegated_to.remove(subaccount_id)
            for domain in self.account.domains.values():
                if domain.subaccount_id == subaccount_id and domain.pool_id == pool.pool_id:
                    domain.pool_id = None

    def delegated_pools(self) -> list[tuple[str, str]]:
        """Each delegation, as (DIPP id, subaccount id)."""
        with self.lock:
            # Documented as 404 "account not found"; read here as an account that has no
            # subaccount to delegate to (inferred: the documents do not say when).
            if not self.account.subaccounts:
                raise AccountNotFound()
            return self.read_delegations()
