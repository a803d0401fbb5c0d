"""The HTTP shape of the emulated Mailgun API: one Flask view per operation.

Views parse the path, query and form (Mailgun takes parameters from either), call the
backend, and return its answer. They hold no state. ``/v1/ip_pools`` is the legacy alias
of ``/v3/ip_pools``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from .models import DYNAMIC_POOL_FORM_KEYS, Backend, bad_request

api = Blueprint("mailgun_api", __name__)


def backend() -> Backend:
    found: Backend = current_app.config["BACKEND"]
    return found


def _values(*names: str) -> list[str]:
    """Every value of the first-given of ``names``, from query and form alike."""
    for name in names:
        values = request.values.getlist(name)
        if values:
            return [v for v in values if v != ""]
    return []


def _value(name: str) -> str | None:
    values = request.values.getlist(name)
    return values[0] if values else None


def _flag(name: str) -> bool | None:
    value = _value(name)
    if value is None:
        return None
    return value.lower() in ("true", "1", "yes")


def _int(name: str, default: int) -> int:
    value = _value(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise bad_request(f"'{name}' must be an integer") from None


# -- IPs -------------------------------------------------------------------------------

@api.get("/v3/ips")
def list_ips() -> Any:
    return backend().list_ips(_flag("dedicated"), _flag("enabled"))


@api.get("/v3/ips/<ip>")
def get_ip(ip: str) -> Any:
    return backend().get_ip(ip)


# -- IP warmups ------------------------------------------------------------------------

@api.get("/v3/ip_warmups")
def list_warmups() -> Any:
    return backend().list_warmups(_int("limit", 10), _value("page"))


@api.get("/v3/ip_warmups/<ip>")
def get_warmup(ip: str) -> Any:
    return backend().get_warmup(ip)


@api.post("/v3/ip_warmups/<ip>")
def create_warmup(ip: str) -> Any:
    return backend().create_warmup(ip)


@api.delete("/v3/ip_warmups/<ip>")
def cancel_warmup(ip: str) -> Any:
    return backend().cancel_warmup(ip)


# -- Dedicated IP pools (DIPPs) ----------------------------------------------------------

@api.get("/<any(v1,v3):version>/ip_pools")
def list_pools(version: str) -> Any:
    return backend().list_pools()


@api.post("/<any(v1,v3):version>/ip_pools")
def create_pool(version: str) -> Any:
    name = _value("name")
    if name is None:
        raise bad_request("Missing parameter 'name'")
    ips = _values("ip", "ips", "add_ip")
    if len(ips) == 1 and "," in ips[0]:  # the legacy v1 comma-separated form
        ips = [ip.strip() for ip in ips[0].split(",") if ip.strip()]
    return backend().create_pool(name, _value("description") or "", ips)


@api.get("/<any(v1,v3):version>/ip_pools/<pool_id>")
def get_pool(version: str, pool_id: str) -> Any:
    return backend().get_pool(pool_id)


@api.patch("/<any(v1,v3):version>/ip_pools/<pool_id>")
def update_pool(version: str, pool_id: str) -> Any:
    return backend().update_pool(
        pool_id,
        name=_value("name"),
        description=_value("description"),
        add_ips=_values("add_ip"),
        remove_ips=_values("remove_ip"),
        link_domains=_values("link_domain"),
        unlink_domains=_values("unlink_domain"),
    )


@api.delete("/<any(v1,v3):version>/ip_pools/<pool_id>")
def delete_pool(version: str, pool_id: str) -> Any:
    return backend().delete_pool(pool_id, _value("ip"), _value("pool_id"))


@api.get("/<any(v1,v3):version>/ip_pools/<pool_id>/domains")
def pool_domains(version: str, pool_id: str) -> Any:
    return backend().pool_domains(pool_id, _int("limit", 10), _value("page"))


@api.put("/<any(v1,v3):version>/ip_pools/<pool_id>/ips/<ip>")
def add_pool_ip(version: str, pool_id: str, ip: str) -> Any:
    return backend().add_pool_ips(pool_id, [ip])


@api.delete("/<any(v1,v3):version>/ip_pools/<pool_id>/ips/<ip>")
def remove_pool_ip(version: str, pool_id: str, ip: str) -> Any:
    return backend().remove_pool_ip(pool_id, ip)


@api.post("/<any(v1,v3):version>/ip_pools/<pool_id>/ips.json")
def add_pool_ips(version: str, pool_id: str) -> Any:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("ips"), list):
        raise bad_request("the body must be JSON of the form {\"ips\": [...]}")
    return backend().add_pool_ips(pool_id, [str(ip) for ip in body["ips"]])


# -- Dynamic IP pools ----------------------------------------------------------------------

@api.get("/v3/dynamic_pools")
def list_dynamic_pools() -> Any:
    return backend().list_dynamic_pools()


@api.post("/v3/dynamic_pools/all")
def set_all_dynamic_pools() -> Any:
    by_pool = {name: _values(key) for name, key in DYNAMIC_POOL_FORM_KEYS.items()}
    return backend().set_all_dynamic_pools(by_pool)


@api.delete("/v3/dynamic_pools/all")
def delete_all_dynamic_pools() -> Any:
    return backend().delete_all_dynamic_pools()


@api.post("/v3/dynamic_pools/<pool>/<ip>")
def add_dynamic_pool_ip(pool: str, ip: str) -> Any:
    return backend().add_dynamic_pool_ip(pool, ip)


@api.patch("/v3/dynamic_pools/<pool>")
def update_dynamic_pool(pool: str) -> Any:
    return backend().update_dynamic_pool(pool, _values("add_ip"), _values("remove_ip"))


@api.post("/v3/domains/<name>/dynamic_pools")
def enroll_domain(name: str) -> Any:
    return backend().enroll_domain(name, _value("replacement_ip"))


@api.delete("/v3/domains/<name>/dynamic_pools")
def unenroll_domain(name: str) -> Any:
    return backend().unenroll_domain(name, _values("replacement_ip"), _value("replacement_pool_id"))


@api.get("/v1/dynamic_pools/domains")
def list_dynamic_pool_domains() -> Any:
    return backend().list_dynamic_pool_domains(_int("limit", 10))


@api.put("/v1/dynamic_pools/domains/<name>/override")
def set_dynamic_pool_override(name: str) -> Any:
    return backend().set_dynamic_pool_override(name, _value("pool"))


@api.delete("/v1/dynamic_pools/domains/<name>/override")
def remove_dynamic_pool_override(name: str) -> Any:
    return backend().remove_dynamic_pool_override(name)
