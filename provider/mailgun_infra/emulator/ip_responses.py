"""The bodies of the IP, IP warmup and DIPP operations (``ip_rules`` holds their rules)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from .models import DippView, Ip, Warmup
from .paging import paginate
from .responses import ResponsesBase, started, success

# A warmup plan's volumes. The documents give examples only, so these are plausible ones:
# the first stage allows 1,000 messages, each next stage twice the one before, and a stage
# lasts a day.
FIRST_STAGE_LIMIT = 1000
STAGE_LENGTH = timedelta(days=1)
RFC3339 = "%Y-%m-%dT%H:%M:%SZ"


class IpResponses(ResponsesBase):
    # -- IPs --------------------------------------------------------------------------

    def list_ips(self, dedicated: bool | None, enabled: bool | None) -> dict[str, Any]:
        with self.lock:
            ips = self.rules.list_ips(dedicated, enabled)
            body: dict[str, Any] = {
                "items": [ip.ip for ip in ips],
                "total_count": len(ips),
                "details": [_ip_detail(ip) for ip in ips],
            }
            assignable = self.rules.assignable_to_pools(ips)
            if assignable is not None:
                body["assignable_to_pools"] = assignable
            return body

    def get_ip(self, address: str) -> dict[str, Any]:
        with self.lock:
            ip = self.rules.get_ip(address)
            rdns = ip.rdns or f"ip-{address.replace('.', '-')}.mailgun.net"
            return {"ip": ip.ip, "rdns": rdns, "dedicated": ip.dedicated}

    def place_ip_in_band(self, ip: str, ip_band: str | None) -> dict[str, Any]:
        self.rules.place_ip_in_band(ip, ip_band)
        return success()

    def assign_ip_to_all_domains(self, ip: str) -> dict[str, Any]:
        # Mailgun answers ``started`` and finishes later, the emulator at once.
        self.rules.assign_ip_to_all_domains(ip)
        return started()

    def remove_ip_from_all_domains(self, ip: str, alternative: str | None) -> dict[str, Any]:
        self.rules.remove_ip_from_all_domains(ip, alternative)
        return started()

    # -- IP warmups -------------------------------------------------------------------

    def list_warmups(self, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            items = [_warmup_summary(w) for w in self.rules.list_warmups()]
            return paginate(items, "items", limit, page, "/v3/ip_warmups")

    def get_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            return {"details": _warmup_details(self.rules.get_warmup(ip))}

    def create_warmup(self, ip: str) -> dict[str, Any]:
        self.rules.create_warmup(ip)
        return success()

    def cancel_warmup(self, ip: str) -> dict[str, Any]:
        self.rules.cancel_warmup(ip)
        return success()

    # -- Dedicated IP pools (DIPPs) ---------------------------------------------------

    def list_pools(self) -> dict[str, Any]:
        with self.lock:
            return {"ip_pools": [_pool_json(view) for view in self.rules.list_pools()],
                    "message": "success"}

    def get_pool(self, pool_id: str) -> dict[str, Any]:
        with self.lock:
            details = _pool_json(self.rules.get_pool(pool_id), detailed=True)
            return {"details": details, "message": "success"}

    def create_pool(self, name: str, description: str, ips: list[str]) -> dict[str, Any]:
        pool = self.rules.create_pool(name, description, ips)
        return {"message": "success", "pool_id": pool.pool_id}

    def update_pool(
        self, pool_id: str, *, name: str | None, description: str | None,
        add_ips: list[str], remove_ips: list[str],
        link_domains: list[str], unlink_domains: list[str],
    ) -> dict[str, Any]:
        applied_later = self.rules.update_pool(
            pool_id, name=name, description=description, add_ips=add_ips,
            remove_ips=remove_ips, link_domains=link_domains, unlink_domains=unlink_domains)
        return started() if applied_later else success()

    def delete_pool(self, pool_id: str, replacement_ip: str | None,
                    replacement_pool_id: str | None) -> dict[str, Any]:
        self.rules.delete_pool(pool_id, replacement_ip, replacement_pool_id)
        return started()

    def add_pool_ips(self, pool_id: str, ips: list[str]) -> dict[str, Any]:
        self.rules.add_pool_ips(pool_id, ips)
        return started()

    def remove_pool_ip(self, pool_id: str, ip: str) -> dict[str, Any]:
        self.rules.remove_pool_ip(pool_id, ip)
        return started()

    def pool_domains(self, pool_id: str, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            items = [{"id": d.id, "name": d.name}
                     for d in self.rules.pool_domains(pool_id, limit)]
            return paginate(items, "domains", limit, page, f"/v3/ip_pools/{pool_id}/domains")


def _ip_detail(ip: Ip) -> dict[str, Any]:
    return {"ip": ip.ip, "is_on_warmup": ip.is_on_warmup, "dedicated": ip.dedicated,
            "enabled": ip.enabled}


def _pool_json(view: DippView, *, detailed: bool = False) -> dict[str, Any]:
    """A DIPP in the list, or (``detailed``) as its own read shows it: that one names the
    linked domains but not ``is_inherited``, the list the other way round."""
    pool = view.pool
    body: dict[str, Any] = {
        "pool_id": pool.pool_id, "name": pool.name, "description": pool.description,
        "ips": list(pool.ips), "is_linked": bool(view.linked_domains),
    }
    if not detailed:
        body["is_inherited"] = pool.is_inherited
    elif view.linked_domains:
        body["linked_domains"] = list(view.linked_domains)
    return body


def _warmup_summary(warmup: Warmup) -> dict[str, Any]:
    stage = _stage_figures(warmup)
    return {
        "ip": warmup.ip, "sent_within_stage": "0%", "throttle": 0,
        "stage_number": warmup.stage, "stage_start_volume": stage["start_volume"],
        "stage_start_time": stage["started_at"], "stage_volume_limit": stage["limit"],
    }


def _warmup_details(warmup: Warmup) -> dict[str, Any]:
    stage = _stage_figures(warmup)
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    # The document's spellings, and beside them the ones mailgun-go decodes
    # (``stage_number``, ``stage_start_volume``, ...), so both clients read them.
    return {
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
    }


def _stage_limit(stage: int) -> int:
    limit: int = FIRST_STAGE_LIMIT * 2 ** (stage - 1)
    return limit


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(RFC3339)


def _parse_time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
