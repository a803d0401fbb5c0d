"""The emulated Mailgun account: its state and the rules Mailgun enforces on it.

Nothing here knows about HTTP. Every rule breach raises ``EmulatorError`` with the status
code and message Mailgun answers with; ``routes`` turns those into responses. All methods
run under one lock, so the threaded server sees each request as atomic.
"""

from __future__ import annotations

import base64
import copy
import ipaddress
import json
import secrets
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

FEATURE_DIPPS = "dipps"
FEATURE_DYNAMIC_POOLS = "dynamic_pools"
DYNAMIC_POOLS = ("dynamic_good", "dynamic_poor", "dynamic_new")
# The legacy form keys of POST /v3/dynamic_pools/all, by pool.
DYNAMIC_POOL_FORM_KEYS = {
    "dynamic_good": "good_reputation",
    "dynamic_poor": "poor_reputation",
    "dynamic_new": "new_senders",
}


class EmulatorError(Exception):
    """A rule breach, answered as ``{"message": ...}`` with ``status``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def body(self) -> dict[str, Any]:
        return {"message": self.message}


class InvalidParameter(EmulatorError):
    """Some services answer a bad parameter as ``{"Field": ..., "Value": ...}``."""

    def __init__(self, field_name: str, value: str) -> None:
        super().__init__(400, f"invalid value {value!r} for {field_name}")
        self.field_name = field_name
        self.value = value

    def body(self) -> dict[str, Any]:
        return {"Field": self.field_name, "Value": self.value}


def bad_request(message: str) -> EmulatorError:
    return EmulatorError(400, message)


def not_found(message: str) -> EmulatorError:
    return EmulatorError(404, message)


def forbidden(message: str) -> EmulatorError:
    return EmulatorError(403, message)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reference_id() -> str:
    return secrets.token_hex(12)


@dataclass
class Ip:
    ip: str
    dedicated: bool = True
    enabled: bool = True
    is_on_warmup: bool = False
    rdns: str = ""


@dataclass
class Domain:
    name: str
    id: str = field(default_factory=lambda: secrets.token_hex(12))
    # Direct IPs; while a DIPP is linked the domain sends from the DIPP's IPs instead.
    ips: list[str] = field(default_factory=list)
    pool_id: str | None = None
    # Dynamic IP pools: the pool health checks put the domain in, and a manual override.
    dynamic_pool: str | None = None
    dynamic_override: bool = False


@dataclass
class IpPool:
    pool_id: str
    name: str
    description: str = ""
    ips: list[str] = field(default_factory=list)
    is_inherited: bool = False


@dataclass
class Warmup:
    ip: str
    plan_started_at: str = field(default_factory=_now)
    stage: int = 1
    total_stages: int = 15


@dataclass
class Account:
    api_key: str
    features: list[str] = field(default_factory=lambda: [FEATURE_DIPPS])
    shared_ips_eligible: bool = True
    ips: dict[str, Ip] = field(default_factory=dict)
    dynamic_pools: dict[str, list[str]] = field(
        default_factory=lambda: {name: [] for name in DYNAMIC_POOLS})
    domains: dict[str, Domain] = field(default_factory=dict)
    pools: dict[str, IpPool] = field(default_factory=dict)
    warmups: dict[str, Warmup] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "api_key": self.api_key,
            "features": list(self.features),
            "shared_ips_eligible": self.shared_ips_eligible,
            "ips": [asdict(ip) for ip in self.ips.values()],
            "domains": [asdict(d) for d in self.domains.values()],
            "ip_pools": [asdict(p) for p in self.pools.values()],
            "ip_warmups": [asdict(w) for w in self.warmups.values()],
            "dynamic_pools": {name: list(ips) for name, ips in self.dynamic_pools.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        """Build an account from a seed or a saved state (the same format)."""
        account = cls(
            api_key=str(data.get("api_key") or "key-emulator"),
            features=list(data.get("features", [FEATURE_DIPPS])),
            shared_ips_eligible=bool(data.get("shared_ips_eligible", True)),
        )
        for raw in data.get("ips", []):
            ip = Ip(**raw) if isinstance(raw, dict) else Ip(ip=str(raw))
            ipaddress.ip_address(ip.ip)
            account.ips[ip.ip] = ip
        for raw in data.get("domains", []):
            domain = Domain(**raw) if isinstance(raw, dict) else Domain(name=str(raw))
            account.domains[domain.name] = domain
        for raw in data.get("ip_pools", []):
            pool = IpPool(**raw)
            account.pools[pool.pool_id] = pool
        for name, ips in (data.get("dynamic_pools") or {}).items():
            account.dynamic_pools[name] = list(ips)
        for raw in data.get("ip_warmups", []):
            warmup = Warmup(**raw)
            account.warmups[warmup.ip] = warmup
            if warmup.ip in account.ips:
                account.ips[warmup.ip].is_on_warmup = True
        return account


class DynamicPoolsMixin:
    """Dynamic IP pools (``/v3/dynamic_pools``) and domain enrollment in them."""

    account: Account
    lock: threading.RLock

    def _require_dynamic_pools(self) -> None:
        if FEATURE_DYNAMIC_POOLS not in self.account.features:
            raise forbidden("the Dynamic IP Pools feature is not enabled for this account")

    def _dynamic_pool(self, name: str) -> list[str]:
        self._require_dynamic_pools()
        if name not in self.account.dynamic_pools:
            raise EmulatorError(400, f"invalid pool name '{name}'")
        return self.account.dynamic_pools[name]

    def _dynamic_pool_of_ip(self, ip: str) -> str | None:
        for name, ips in self.account.dynamic_pools.items():
            if ip in ips:
                return name
        return None

    def _check_dynamic_pool_ips(self, name: str, ips: list[str]) -> None:
        """The rules a pool's new IP list must keep."""
        for ip in ips:
            self._dedicated_ip(ip)  # type: ignore[attr-defined]
            owner = self._dynamic_pool_of_ip(ip)
            if owner is not None and owner != name:
                raise bad_request(f"IP {ip} is already in dynamic pool {owner}")
        if len(set(ips)) != len(ips):
            raise bad_request("an IP is listed more than once")
        if ips and all(self.account.ips[ip].is_on_warmup for ip in ips):
            raise bad_request(
                f"dynamic pool {name} must contain at least 1 IP that is not warming")
        if not ips and any(d.dynamic_pool == name for d in self.account.domains.values()):
            raise bad_request(
                f"dynamic pool {name} has enrolled domains and must keep at least 1 IP "
                "that is not warming")

    def list_dynamic_pools(self) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            pools = [{"id": name, "name": name, "enabled": True, "ips": list(ips),
                      "account_id": "emulated"}
                     for name, ips in self.account.dynamic_pools.items()]
            result: dict[str, Any] = {"pools": pools}
            for name, key in DYNAMIC_POOL_FORM_KEYS.items():
                result[key] = list(self.account.dynamic_pools.get(name, []))
            return result

    def set_all_dynamic_pools(self, by_pool: dict[str, list[str]]) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            seen: dict[str, str] = {}
            for name, ips in by_pool.items():
                for ip in ips:
                    if ip in seen:
                        raise bad_request(f"IP {ip} is in both {seen[ip]} and {name}")
                    seen[ip] = name
            for name, ips in by_pool.items():
                for ip in ips:
                    self._dedicated_ip(ip)  # type: ignore[attr-defined]
                if not ips or all(self.account.ips[ip].is_on_warmup for ip in ips):
                    raise bad_request(
                        f"dynamic pool {name} must contain at least 1 IP that is not warming")
            for name, ips in by_pool.items():
                self.account.dynamic_pools[name] = list(ips)
            return {key: list(by_pool[name]) for name, key in DYNAMIC_POOL_FORM_KEYS.items()}

    def delete_all_dynamic_pools(self) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            enrolled = [d.name for d in self.account.domains.values() if d.dynamic_pool]
            if enrolled:
                raise bad_request("all domains must be removed from dynamic pools first")
            for name in self.account.dynamic_pools:
                self.account.dynamic_pools[name] = []
            return {"message": "success"}

    def add_dynamic_pool_ip(self, name: str, ip: str) -> dict[str, Any]:
        with self.lock:
            ips = self._dynamic_pool(name)
            if ip in ips:
                return {"message": "success"}
            self._check_dynamic_pool_ips(name, [*ips, ip])
            ips.append(ip)
            return {"message": "success"}

    def update_dynamic_pool(self, name: str, add_ips: list[str],
                            remove_ips: list[str]) -> dict[str, Any]:
        with self.lock:
            ips = self._dynamic_pool(name)
            if not add_ips and not remove_ips:
                raise bad_request("add_ip or remove_ip is required")
            for ip in remove_ips:
                if ip not in ips:
                    raise bad_request(f"IP {ip} is not in dynamic pool {name}")
            new = [ip for ip in ips if ip not in remove_ips]
            new += [ip for ip in dict.fromkeys(add_ips) if ip not in new]
            self._check_dynamic_pool_ips(name, new)
            self.account.dynamic_pools[name] = new
            return {"message": "success"}

    # -- domain enrollment -------------------------------------------------------------

    def _domain(self, name: str) -> Domain:
        domain = self.account.domains.get(name)
        if domain is None:
            raise not_found("Domain not found")
        return domain

    def enroll_domain(self, name: str, replacement_ip: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            if not replacement_ip:
                raise bad_request("Missing parameter 'replacement_ip'")
            if domain.dynamic_pool:
                raise bad_request(f"domain {name} is already enrolled in dynamic pools")
            if not self.account.dynamic_pools.get("dynamic_new"):
                raise bad_request("dynamic pools are not configured: dynamic_new has no IPs")
            # New domains start in dynamic_new until health checks move them.
            domain.dynamic_pool = "dynamic_new"
            domain.dynamic_override = False
            return {"message": "success"}

    def unenroll_domain(self, name: str, replacement_ips: list[str],
                        replacement_pool_id: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            if bool(replacement_ips) == bool(replacement_pool_id):
                raise bad_request(
                    "exactly one of replacement_ip or replacement_pool_id is required")
            if not domain.dynamic_pool:
                raise not_found(f"domain {name} is not enrolled in dynamic pools")
            if replacement_pool_id:
                pool = self.account.pools.get(replacement_pool_id)
                if pool is None:
                    raise bad_request("replacement DIPP not found")
                domain.pool_id = pool.pool_id
            elif replacement_ips != ["shared"]:
                if "shared" in replacement_ips:
                    raise bad_request("'shared' cannot be combined with dedicated IPs")
                for ip in replacement_ips:
                    self._dedicated_ip(ip)  # type: ignore[attr-defined]
                    if self._pool_of_ip(ip) or self._dynamic_pool_of_ip(ip):  # type: ignore[attr-defined]
                        raise bad_request(
                            f"replacement IP {ip} is already in a dedicated or dynamic IP pool")
                domain.ips = list(replacement_ips)
            elif not self.account.shared_ips_eligible:
                raise bad_request("the account is not eligible for shared IPs")
            domain.dynamic_pool = None
            domain.dynamic_override = False
            return {"message": "success"}

    def list_dynamic_pool_domains(self, limit: int) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            if not 1 <= limit <= 100:
                raise EmulatorError(400, "limit must be between 1 and 100")
            items = [
                {"id": d.id, "account_id": "emulated", "account_name": "emulated",
                 "name": d.name, "pool": d.dynamic_pool, "override": d.dynamic_override,
                 "bounce_rate": 0.0, "complaint_rate": 0.0, "processed_count": 0}
                for d in sorted(self.account.domains.values(), key=lambda d: d.name)
                if d.dynamic_pool
            ]
            return {"items": items[:limit], "total_items": len(items), "paging": {}}

    def set_dynamic_pool_override(self, name: str, pool: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            if pool not in self.account.dynamic_pools:
                raise InvalidParameter("pool", pool or "")
            domain = self._domain(name)
            if not domain.dynamic_pool:
                raise bad_request(f"domain {name} is not enrolled in dynamic pools")
            domain.dynamic_pool = pool
            domain.dynamic_override = True
            return {"message": "success"}

    def remove_dynamic_pool_override(self, name: str) -> dict[str, Any]:
        with self.lock:
            self._require_dynamic_pools()
            domain = self._domain(name)
            if not domain.dynamic_override:
                raise not_found(f"domain {name} has no dynamic pool override")
            domain.dynamic_override = False
            return {"message": "success"}


class Backend(DynamicPoolsMixin):
    """One emulated Mailgun account and its rules."""

    def __init__(self, seed: dict[str, Any]) -> None:
        self._seed = copy.deepcopy(seed)
        self.lock = threading.RLock()
        self.account = Account.from_json(self._seed)

    def restore(self, data: dict[str, Any]) -> None:
        """Take over a saved state (the seed stays what ``reset`` returns to)."""
        with self.lock:
            self.account = Account.from_json(copy.deepcopy(data))

    def reset(self) -> None:
        with self.lock:
            self.account = Account.from_json(copy.deepcopy(self._seed))

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return self.account.to_json()

    # -- checks shared by many operations ---------------------------------------------

    def _require_dipps(self) -> None:
        if FEATURE_DIPPS not in self.account.features:
            raise forbidden("the 'DIPPs' feature is not enabled for this account")

    def _pool(self, pool_id: str) -> IpPool:
        pool = self.account.pools.get(pool_id)
        if pool is None:
            raise not_found("IP pool not found")
        return pool

    def _editable_pool(self, pool_id: str) -> IpPool:
        self._require_dipps()
        pool = self._pool(pool_id)
        if pool.is_inherited:
            raise forbidden("a DIPP inherited from the parent account cannot be modified")
        return pool

    def _dedicated_ip(self, ip: str) -> Ip:
        try:
            ipaddress.ip_address(ip)
        except ValueError:
            raise bad_request(f"'{ip}' is not a valid IP address") from None
        found = self.account.ips.get(ip)
        if found is None:
            raise bad_request(f"IP {ip} does not belong to the account")
        if not found.dedicated:
            raise bad_request(f"IP {ip} is not a dedicated IP")
        return found

    def _pool_of_ip(self, ip: str) -> IpPool | None:
        for pool in self.account.pools.values():
            if ip in pool.ips:
                return pool
        return None

    def _check_poolable(self, ip: str, into: IpPool | None) -> None:
        self._dedicated_ip(ip)
        owner = self._pool_of_ip(ip)
        if owner is not None and owner is not into:
            raise bad_request(f"IP {ip} already belongs to another DIPP ({owner.pool_id})")

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
                raise not_found("IP not found")
            rdns = ip.rdns or f"ip-{address.replace('.', '-')}.mailgun.net"
            return {"ip": ip.ip, "rdns": rdns, "dedicated": ip.dedicated}

    # -- IP warmups -------------------------------------------------------------------

    def list_warmups(self, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            items = [self._warmup_summary(w) for w in self.account.warmups.values()]
            return _paginate(items, "items", limit, page, "/v3/ip_warmups")

    def _warmup_summary(self, warmup: Warmup) -> dict[str, Any]:
        return {
            "ip": warmup.ip, "sent_within_stage": "0%", "throttle": 0,
            "stage_number": warmup.stage, "stage_start_volume": 0,
            "stage_start_time": warmup.plan_started_at, "stage_volume_limit": 1000,
        }

    def get_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            self._dedicated_ip(ip)
            warmup = self.account.warmups.get(ip)
            if warmup is None:
                raise not_found(f"IP {ip} is not on warmup")
            return {"details": {
                "sent_within_stage": "0%", "throttle": 0, "stage": warmup.stage,
                "stage_number": warmup.stage, "total_stages": warmup.total_stages,
                "plan_started_at": warmup.plan_started_at,
                "stage_started_at": warmup.plan_started_at, "stage_history": [],
            }}

    def create_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            address = self._dedicated_ip(ip)
            if ip in self.account.warmups:
                raise bad_request(f"IP {ip} is already on warmup")
            self.account.warmups[ip] = Warmup(ip=ip)
            address.is_on_warmup = True
            return {"message": "success"}

    def cancel_warmup(self, ip: str) -> dict[str, Any]:
        with self.lock:
            address = self._dedicated_ip(ip)
            if self.account.warmups.pop(ip, None) is None:
                raise not_found(f"IP {ip} is not on warmup")
            address.is_on_warmup = False
            return {"message": "success"}

    # -- Dedicated IP pools (DIPPs) ---------------------------------------------------

    def _linked_domains(self, pool: IpPool) -> list[Domain]:
        return [d for d in self.account.domains.values() if d.pool_id == pool.pool_id]

    def list_pools(self) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pools = [
                {"pool_id": p.pool_id, "name": p.name, "description": p.description,
                 "ips": list(p.ips), "is_linked": bool(self._linked_domains(p)),
                 "is_inherited": p.is_inherited}
                for p in self.account.pools.values()
            ]
            return {"ip_pools": pools, "message": "success"}

    def get_pool(self, pool_id: str) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            linked = self._linked_domains(pool)
            details: dict[str, Any] = {
                "pool_id": pool.pool_id, "name": pool.name, "description": pool.description,
                "ips": list(pool.ips), "is_linked": bool(linked),
            }
            if linked:
                details["linked_domains"] = [d.name for d in linked]
            return {"details": details, "message": "success"}

    def create_pool(self, name: str, description: str, ips: list[str]) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            if not name.strip():
                raise bad_request("Missing parameter 'name'")
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
                raise bad_request("name cannot be empty")
            for ip in add_ips:
                self._check_poolable(ip, into=pool)
            for ip in remove_ips:
                if ip not in pool.ips:
                    raise bad_request(f"IP {ip} does not belong to the DIPP")
            if set(add_ips) & set(remove_ips):
                raise bad_request("an IP cannot be both added and removed")
            domains_by_id = {d.id: d for d in self.account.domains.values()}
            for domain_id in [*link_domains, *unlink_domains]:
                if domain_id not in domains_by_id:
                    raise bad_request(f"domain {domain_id} not found")
            for domain_id in unlink_domains:
                if domains_by_id[domain_id].pool_id != pool.pool_id:
                    raise bad_request(f"domain {domain_id} is not linked to the DIPP")
            new_ips = [ip for ip in pool.ips if ip not in remove_ips]
            new_ips += [ip for ip in dict.fromkeys(add_ips) if ip not in new_ips]
            to_link = [i for i in link_domains if domains_by_id[i].pool_id != pool.pool_id]
            if link_domains and not new_ips:
                raise bad_request("a DIPP without IPs cannot be linked to a domain")
            renamed = name is not None and name != pool.name
            redescribed = description is not None and description != pool.description
            ips_changed = new_ips != pool.ips
            if not (renamed or redescribed or ips_changed or to_link or unlink_domains):
                raise bad_request("no changes to apply: the DIPP already matches the request")
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
                return {"message": "started", "reference_id": _reference_id()}
            return {"message": "success"}

    def delete_pool(self, pool_id: str, replacement_ip: str | None,
                    replacement_pool_id: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if pool.is_inherited:
                raise forbidden("a DIPP inherited from the parent account cannot be deleted")
            if replacement_ip and replacement_pool_id:
                raise bad_request("specify either ip or pool_id, not both")
            if pool.ips and not (replacement_ip or replacement_pool_id):
                raise bad_request(
                    "the DIPP contains IPs: a replacement IP (ip) or DIPP (pool_id) is required")
            replacement: IpPool | None = None
            if replacement_pool_id:
                if replacement_pool_id == pool.pool_id:
                    raise bad_request("the replacement DIPP cannot be the DIPP being deleted")
                replacement = self.account.pools.get(replacement_pool_id)
                if replacement is None:
                    raise bad_request("replacement DIPP not found")
                if not replacement.ips:
                    raise bad_request("the replacement DIPP must contain at least one IP")
            if replacement_ip == "shared":
                if not self.account.shared_ips_eligible:
                    raise bad_request("the account is not eligible for shared IPs")
            elif replacement_ip:
                self._dedicated_ip(replacement_ip)
                owner = self._pool_of_ip(replacement_ip)
                if owner is not None and owner is not pool:
                    raise bad_request(f"replacement IP {replacement_ip} belongs to another "
                                      f"DIPP ({owner.pool_id})")
            for domain in self._linked_domains(pool):
                if replacement is not None:
                    domain.pool_id = replacement.pool_id
                else:
                    domain.pool_id = None
                    if replacement_ip and replacement_ip != "shared":
                        domain.ips = [replacement_ip]
            del self.account.pools[pool.pool_id]
            return {"message": "started", "reference_id": _reference_id()}

    def add_pool_ips(self, pool_id: str, ips: Iterable[str]) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            wanted = list(dict.fromkeys(ips))
            if not wanted:
                raise bad_request("Missing parameter 'ips'")
            for ip in wanted:
                self._check_poolable(ip, into=pool)
            pool.ips += [ip for ip in wanted if ip not in pool.ips]
            return {"message": "started", "reference_id": _reference_id()}

    def remove_pool_ip(self, pool_id: str, ip: str) -> dict[str, Any]:
        with self.lock:
            pool = self._editable_pool(pool_id)
            if ip not in pool.ips:
                raise not_found(f"IP {ip} not found in the DIPP")
            pool.ips.remove(ip)
            return {"message": "started", "reference_id": _reference_id()}

    def pool_domains(self, pool_id: str, limit: int, page: str | None) -> dict[str, Any]:
        with self.lock:
            self._require_dipps()
            pool = self._pool(pool_id)
            if not 10 <= limit <= 500:
                raise bad_request("limit must be between 10 and 500")
            items = [{"id": d.id, "name": d.name} for d in self._linked_domains(pool)]
            return _paginate(items, "domains", limit, page, f"/v3/ip_pools/{pool_id}/domains")


def _paginate(
    items: list[dict[str, Any]], key: str, limit: int, page: str | None, path: str,
) -> dict[str, Any]:
    """Token paging as Mailgun does it: ``paging.first`` and ``paging.next`` URLs."""
    try:
        offset = int(json.loads(base64.urlsafe_b64decode(page))["offset"]) if page else 0
    except (ValueError, KeyError, TypeError):
        raise bad_request("invalid page token") from None

    def token(at: int) -> str:
        return base64.urlsafe_b64encode(json.dumps({"offset": at}).encode()).decode()

    chunk = items[offset:offset + limit]
    paging = {"first": f"{path}?limit={limit}&page={token(0)}"}
    if offset + limit < len(items):
        paging["next"] = f"{path}?limit={limit}&page={token(offset + limit)}"
    return {key: chunk, "paging": paging}
