"""IPs, IP warmups and dedicated IP pools (DIPPs): ``/v3/ips``, ``/v3/ip_warmups``,
``/v3/ip_pools``.

Each method returns the JSON body Mailgun answers with. Mailgun applies IP and link
changes, deletes and IP additions and removals of a DIPP after answering
``{"message": "started"}``; with ``async_lag_reads`` set to N, the next N reads of such a
DIPP (by ``get_pool``, or ``list_pools`` while it lists it) still show it as it was
before the write, a deleted one included. A further such write while a DIPP lags keeps
the oldest view and starts the N reads again. Writes always see the current state.
"""

from __future__ import annotations

import copy
import math
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from .backend_base import BackendBase, Lag
from .errors import (
    AlternativeIpIsTheIp,
    AlternativeIpNotOfAccount,
    DomainNotLinkedToPool,
    DynamicPoolAllWarming,
    EmptyPoolNotLinkable,
    InheritedPoolNotDeletable,
    IpAddedAndRemoved,
    IpAlreadyOnWarmup,
    IpBandsNotEnabled,
    IpNotDedicated,
    IpNotFound,
    IpNotFoundInPool,
    IpNotOfPool,
    IpNotOnWarmup,
    LastIpNotRemovable,
    LimitOutOfRange,
    LinkedDomainNotFound,
    MissingParameter,
    PoolHoldsIps,
    PoolNameEmpty,
    PoolUnchanged,
    ReplacementIpAndPool,
    ReplacementIpInAnotherPool,
    ReplacementIsTheDeletedPool,
    ReplacementPoolEmpty,
    ReplacementPoolNotFound,
    SharedIpsNotEligible,
)
from .models import (
    FEATURE_DEDICATED_IP_BANDS,
    FEATURE_DIPPS,
    Domain,
    IpPool,
    Warmup,
    reference_id,
)
from .paging import paginate

# A warmup plan's volumes. The documents give examples only, so these are plausible ones:
# the first stage allows 1,000 messages, each next stage twice the one before, and a stage
# lasts a day.
FIRST_STAGE_LIMIT = 1000
STAGE_LENGTH = timedelta(days=1)
RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


def _stage_limit(stage: int) -> int:
    limit: int = FIRST_STAGE_LIMIT * 2 ** (stage - 1)
    return limit


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(RFC3339)


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class IpRules(BackendBase):
    # -- IPs --------------------------------------------------------------------------

    def list_ips(self, dedicated: bool | None, enabled: bool | None) -> dict[str, Any]:
        with self.lock:
            ips = [
                ip for ip in self.account.ips.values()
                if (dedicated is None or ip.dedicated == dedicated)
                and (enabled is None or ip.enabled == enabled)
            ]
            result: dict[str, Any] = {
                "items": [ip.ip for ip in ips],
                "total_count": len(ips),
                "details": [
                    {"ip": ip.ip, "is_on_warmup": ip.is_on_warmup, "dedicated": ip.dedicated,
                     "enabled": ip.enabled}
                    for ip in ips
                ],
            }
            if FEATURE_DIPPS in self.account.features:
                result["assignable_to_pools"] = [
                    ip.ip for ip in ips if ip.dedicated and self._pool_of_ip(ip.ip) is None
                ]
            return result

    def get_ip(self, address: str) -> dict[str, Any]:
        with self.lock:
            ip = self.account.ips.get(address)
            if ip is None:
                raise IpNotFound()
            rdns = ip.rdns or f"ip-{address.replace('.', '-')}.mailgun.net"
            return {"ip": ip.ip, "rdns": rdns, "dedicated": ip.dedicated}

    def place_ip_in_band(self, ip: str, ip_band: str | None) -> dict[str, Any]:
        """``POST /v3/ips/{addr}/ip_band``: the feature and a dedicated IP of the account
        are documented. The documents name no bands, so any non-blank name is taken
        (inferred), and nothing reads a band back: no documented answer carries it."""
        with self.lock:
            if FEATURE_DEDICATED_IP_BANDS not in self.account.features:
                raise IpBandsNotEnabled()
            address = self._ip_of_account(ip)
            if not address.dedicated:
                raise IpNotDedicated(ip)
            if not ip_band or not ip_band.strip():
                raise MissingParameter("ip_band")
            address.ip_band = ip_band
            return {"message": "success"}

    # -- one IP on every domain of the account: POST/DELETE /v3/ips/{ip}/domains -----------


    def _domains_with_own_ips(self) -> list[Domain]:
        """The account's domains whose IPs these calls change: a subaccount's domains are
        not the account's, and a domain linked to a DIPP sends from the DIPP's IPs, which
        Mailgun does not let domain IP changes touch (REFERENCE 4.3)."""
        return [d for d in self.account.domains.values()
                if d.subaccount_id is None and not d.pool_id]

    def assign_ip_to_all_domains(self, ip: str) -> dict[str, Any]:
        """Adds ``ip`` to every domain of the account; Mailgun answers ``started`` and
        finishes later, the emulator at once."""
        with self.lock:
            self._ip_of_account(ip)
            for domain in self._domains_with_own_ips():
                if ip not in domain.ips:
                    domain.ips.append(ip)
            return {"message": "started", "reference_id": reference_id()}

    def remove_ip_from_all_domains(self, ip: str, alternative: str | None) -> dict[str, Any]:
        """Takes ``ip`` off every domain of the account, putting ``alternative`` in its
        place when given. The OpenAPI file flags ``alternative`` required but describes it
        as used "if present"; the description wins, as REFERENCE section 0 advises."""
        with self.lock:
            self._ip_of_account(ip)
            if alternative:
                if alternative == ip:
                    raise AlternativeIpIsTheIp()
                self._ip_of_account(alternative, AlternativeIpNotOfAccount(alternative))
            affected = [d for d in self._domains_with_own_ips() if ip in d.ips]
            if not alternative and not self.account.shared_ips_eligible:
                # The rule of removing one IP from one domain (REFERENCE 4.3) holds for each.
                stranded = [d.name for d in affected if d.ips == [ip]]
                if stranded:
                    raise LastIpNotRemovable(stranded)
            for domain in affected:
                at = domain.ips.index(ip)
                domain.ips.remove(ip)
                if alternative and alternative not in domain.ips:
                    domain.ips.insert(at, alternative)
            return {"message": "started", "reference_id": reference_id()}

    # -- IP warmups -------------------------------------------------------------------

    def list_warmups(self, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            items = [self._warmup_summary(w) for w in self.account.warmups.values()]
            return paginate(items, "items", limit, page, "/v3/ip_warmups")

    def _warmup_summary(self, warmup: Warmup) -> dict[str, Any]:
        stage = _stage_figures(warmup)
        return {
            "ip": warmup.ip, "sent_within_stage": "0%", "throttle": 0,
            "stage_number": warmup.stage, "stage_start_volume": stage["start_volume"],
            "stage_start_time": stage["started_at"], "stage_volume_limit": stage["limit"],
        }

    def get_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            self._dedicated_ip(ip)
            warmup = self.account.warmups.get(ip)
            if warmup is None:
                raise IpNotOnWarmup(ip)
            stage = _stage_figures(warmup)
            hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            # The document's spellings, and beside them the ones mailgun-go decodes
            # (``stage_number``, ``stage_start_volume``, ...), so both clients read them.
            return {"details": {
                "sent_within_stage": "0%", "throttle": 0,
                "stage": warmup.stage, "stage_number": warmup.stage,
                "start_volume": stage["start_volume"],
                "stage_start_volume": stage["start_volume"],
                "stage_limit": stage["limit"], "stage_volume_limit": stage["limit"],
                "hourly_limit": math.ceil(stage["limit"] / 24),
                "stage_started_at": stage["started_at"],
                "stage_start_time": stage["started_at"],
                "hour_started_at": _rfc3339(hour),
                "plan_started_at": warmup.plan_started_at,
                "plan_last_updated_at": stage["started_at"],
                "total_stages": warmup.total_stages,
                "stage_history": stage["history"],
            }}

    def create_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            address = self._dedicated_ip(ip)
            if ip in self.account.warmups:
                raise IpAlreadyOnWarmup(ip)
            # The rule a dynamic pool's edits keep (``dynamic_pool_rules``) holds here too:
            # warming its last other IP up would leave the pool nothing to send from.
            dynamic = self._dynamic_pool_of_ip(ip)
            if dynamic is not None and all(
                    self.account.ips[other].is_on_warmup
                    for other in self.account.dynamic_pools[dynamic] if other != ip):
                raise DynamicPoolAllWarming(dynamic)
            self.account.warmups[ip] = Warmup(ip=ip)
            address.is_on_warmup = True
            return {"message": "success"}

    def cancel_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            address = self._dedicated_ip(ip)
            if self.account.warmups.pop(ip, None) is None:
                raise IpNotOnWarmup(ip)
            address.is_on_warmup = False
            return {"message": "success"}

    # -- Dedicated IP pools (DIPPs) ---------------------------------------------------

    def _linked_domains(self, pool: IpPool) -> list[Domain]:
        return [d for d in self.account.domains.values() if d.pool_id == pool.pool_id]

    def _details(self, pool: IpPool) -> dict[str, Any]:
        linked = self._linked_domains(pool)
        details: dict[str, Any] = {
            "pool_id": pool.pool_id, "name": pool.name, "description": pool.description,
            "ips": list(pool.ips), "is_linked": bool(linked), "is_inherited": pool.is_inherited,
        }
        if linked:
            details["linked_domains"] = [d.name for d in linked]
        return details

    def _before_async_write(self, pool: IpPool) -> None:
        """Start (or restart) the lag of ``pool`` before a write answered ``started``."""
        if self.async_lag_reads <= 0:
            return
        lag = self._lagging.get(pool.pool_id)
        if lag is None:
            self._lagging[pool.pool_id] = Lag(self._details(pool), self.async_lag_reads)
        else:
            # Mailgun may still be applying the first write: readers can see the DIPP as it
            # was before any of them, for as long as the newest write takes to land.
            lag.reads_left = self.async_lag_reads

    def apply_pending_writes(self) -> None:
        """Land every write still lagging, as Mailgun has some time after it answered: for
        tests whose out-of-band change happened, in a user's account, long before."""
        with self.lock:
            self._lagging.clear()

    def _lagging_view(self, pool_id: str) -> dict[str, Any] | None:
        """The pre-write view of a lagging DIPP, counting this read; None once current."""
        lag = self._lagging.get(pool_id)
        if lag is None:
            return None
        lag.reads_left -= 1
        if lag.reads_left <= 0:
            del self._lagging[pool_id]
        return copy.deepcopy(lag.view)

    def list_pools(self) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            # A DIPP deleted while lagging is listed (after the others) until it catches up.
            ids = list(dict.fromkeys([*self.account.pools, *self._lagging]))
            pools = []
            for pool_id in ids:
                view = self._lagging_view(pool_id)
                if view is None:
                    view = self._details(self.account.pools[pool_id])
                view.pop("linked_domains", None)
                pools.append(view)
            return {"ip_pools": pools, "message": "success"}

    def get_pool(self, pool_id: str) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            details = self._lagging_view(pool_id)
            if details is None:
                details = self._details(self._pool(pool_id))
            # The details endpoint does not report is_inherited; the list does.
            details.pop("is_inherited", None)
            return {"details": details, "message": "success"}

    def create_pool(self, name: str, description: str, ips: list[str]) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            if not name.strip():
                raise MissingParameter("name")
            if not description.strip():
                raise MissingParameter("description")
            unique = list(dict.fromkeys(ips))
            for ip in unique:
                self._check_poolable(ip, into=None)
            pool = IpPool(pool_id=secrets.token_hex(12), name=name, description=description,
                          ips=unique)
            self.account.pools[pool.pool_id] = pool
            return {"message": "success", "pool_id": pool.pool_id}

    def update_pool(
        self, pool_id: str, *, name: str | None, description: str | None,
        add_ips: list[str], remove_ips: list[str],
        link_domains: list[str], unlink_domains: list[str],
    ) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if name is not None and not name.strip():
                raise PoolNameEmpty()
            for ip in add_ips:
                self._check_poolable(ip, into=pool)
            for ip in remove_ips:
                if ip not in pool.ips:
                    raise IpNotOfPool(ip)
            if set(add_ips) & set(remove_ips):
                raise IpAddedAndRemoved()
            domains_by_id = {d.id: d for d in self.account.domains.values()}
            for domain_id in [*link_domains, *unlink_domains]:
                if domain_id not in domains_by_id:
                    raise LinkedDomainNotFound(domain_id)
            for domain_id in unlink_domains:
                if domains_by_id[domain_id].pool_id != pool.pool_id:
                    raise DomainNotLinkedToPool(domain_id)
            new_ips = [ip for ip in pool.ips if ip not in remove_ips]
            new_ips += [ip for ip in dict.fromkeys(add_ips) if ip not in new_ips]
            to_link = [i for i in link_domains if domains_by_id[i].pool_id != pool.pool_id]
            if link_domains and not new_ips:
                raise EmptyPoolNotLinkable()
            renamed = name is not None and name != pool.name
            redescribed = description is not None and description != pool.description
            ips_changed = new_ips != pool.ips
            if not (renamed or redescribed or ips_changed or to_link or unlink_domains):
                raise PoolUnchanged()
            if ips_changed or to_link or unlink_domains:
                self._before_async_write(pool)
            if renamed:
                pool.name = name  # type: ignore[assignment]
            if redescribed:
                pool.description = description  # type: ignore[assignment]
            pool.ips = new_ips
            for domain_id in to_link:
                domains_by_id[domain_id].pool_id = pool.pool_id
            for domain_id in unlink_domains:
                domains_by_id[domain_id].pool_id = None
            if ips_changed or to_link or unlink_domains:
                return {"message": "started", "reference_id": reference_id()}
            return {"message": "success"}

    def delete_pool(self, pool_id: str, replacement_ip: str | None,
                    replacement_pool_id: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if pool.is_inherited:
                raise InheritedPoolNotDeletable()
            if replacement_ip and replacement_pool_id:
                raise ReplacementIpAndPool()
            # Removals answered "started" have not landed while the DIPP lags: it still
            # holds the IPs its readers see.
            lag = self._lagging.get(pool.pool_id)
            holds_ips = bool(pool.ips) or (lag is not None and bool(lag.view.get("ips")))
            if holds_ips and not (replacement_ip or replacement_pool_id):
                raise PoolHoldsIps()
            replacement: IpPool | None = None
            if replacement_pool_id:
                if replacement_pool_id == pool.pool_id:
                    raise ReplacementIsTheDeletedPool()
                replacement = self.account.pools.get(replacement_pool_id)
                if replacement is None:
                    raise ReplacementPoolNotFound()
                if not replacement.ips:
                    raise ReplacementPoolEmpty()
            if replacement_ip == "shared":
                if not self.account.shared_ips_eligible:
                    raise SharedIpsNotEligible()
            elif replacement_ip:
                self._dedicated_ip(replacement_ip)
                owner = self._pool_of_ip(replacement_ip)
                if owner is not None and owner is not pool:
                    raise ReplacementIpInAnotherPool(replacement_ip, owner.pool_id)
            for domain in self._linked_domains(pool):
                if replacement is not None:
                    domain.pool_id = replacement.pool_id
                else:
                    domain.pool_id = None
                    if replacement_ip and replacement_ip != "shared":
                        domain.ips = [replacement_ip]
            self._before_async_write(pool)
            # Subaccounts the DIPP was delegated to lose it with the DIPP: the delegation
            # lives on the pool.
            del self.account.pools[pool.pool_id]
            # Inferred (the documents say nothing): a spillover setting naming the DIPP is
            # cleared with it, rather than left naming a DIPP the account no longer has.
            if self.account.spillover_pool_id == pool.pool_id:
                self.account.spillover_pool_id = None
            for domain in self.account.domains.values():
                if domain.spillover_pool_id == pool.pool_id:
                    domain.spillover_pool_id = None
            return {"message": "started", "reference_id": reference_id()}

    def add_pool_ips(self, pool_id: str, ips: Iterable[str]) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            wanted = list(dict.fromkeys(ips))
            if not wanted:
                raise MissingParameter("ips")
            for ip in wanted:
                self._check_poolable(ip, into=pool)
            self._before_async_write(pool)
            pool.ips += [ip for ip in wanted if ip not in pool.ips]
            return {"message": "started", "reference_id": reference_id()}

    def remove_pool_ip(self, pool_id: str, ip: str) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if ip not in pool.ips:
                raise IpNotFoundInPool(ip)
            self._before_async_write(pool)
            pool.ips.remove(ip)
            return {"message": "started", "reference_id": reference_id()}

    def pool_domains(self, pool_id: str, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if not 10 <= limit <= 500:
                raise LimitOutOfRange(10, 500)
            items = [{"id": d.id, "name": d.name} for d in self._linked_domains(pool)]
            return paginate(items, "domains", limit, page, f"/v3/ip_pools/{pool_id}/domains")


def _stage_figures(warmup: Warmup) -> dict[str, Any]:
    """Where a plan stands: its stage's limit, the volume the stages before it allowed, when
    the stage started, and the finished stages."""
    plan_start = _parse_time(warmup.plan_started_at)
    history = [
        {"first_updated_at": _rfc3339(plan_start + STAGE_LENGTH * (done - 1)),
         "completed_at": _rfc3339(plan_start + STAGE_LENGTH * done),
         "limit": _stage_limit(done)}
        for done in range(1, warmup.stage)
    ]
    return {
        "limit": _stage_limit(warmup.stage),
        "start_volume": sum(entry["limit"] for entry in history),
        "started_at": _rfc3339(plan_start + STAGE_LENGTH * (warmup.stage - 1)),
        "history": history,
    }
