"""The URL layer of the emulated Mailgun API: one Flask view per operation.

Views parse the path, query and form (Mailgun takes parameters from either), call the
backend, and return its answer as it is: the bodies are rendered by the ``*_responses``
modules behind ``Backend``. They hold no state. ``/v1/ip_pools`` is the legacy alias of
``/v3/ip_pools``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request

from ..facts import DYNAMIC_POOL_FORM_KEYS
from .backend import Backend
from .errors import JsonBodyExpected, MissingParameter, NotAnInteger

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
        raise NotAnInteger(name) from None


def _absolute(body: dict[str, Any]) -> dict[str, Any]:
    """A page whose paging URLs are absolute, as Mailgun's are."""
    root = request.host_url.rstrip("/")
    paging = {name: root + url for name, url in body["paging"].items()}
    return {**body, "paging": paging}


# -- IPs -------------------------------------------------------------------------------

@api.get("/v3/ips")
def list_ips() -> Any:
    return backend().list_ips(_flag("dedicated"), _flag("enabled"))


@api.get("/v3/ips/<ip>")
def get_ip(ip: str) -> Any:
    return backend().get_ip(ip)


@api.get("/v3/ips/<ip>/domains")
def list_ip_domains(ip: str) -> Any:
    return backend().list_ip_domains(ip, _int("limit", 10), _int("skip", 0), _value("search"))


@api.post("/v3/ips/<ip>/ip_band")
def place_ip_in_band(ip: str) -> Any:
    return backend().place_ip_in_band(ip, _value("ip_band"))


# -- DIPP spillover (JSON bodies, unlike the form-encoded IP endpoints) --------------------

def _spillover_pool_id() -> str | None:
    body = request.get_json(silent=True)
    settings = body.get("extra_dedicated_ips") if isinstance(body, dict) else None
    if not isinstance(settings, dict) or "pool_id" not in settings \
            or not isinstance(settings["pool_id"], str | None):
        raise JsonBodyExpected('{"extra_dedicated_ips": {"pool_id": "<id>" or null}}')
    pool_id: str | None = settings["pool_id"]
    return pool_id


@api.get("/v3/ips/account/settings")
def get_account_spillover() -> Any:
    return backend().get_account_spillover()


@api.patch("/v3/ips/account/settings")
def set_account_spillover() -> Any:
    return backend().set_account_spillover(_spillover_pool_id())


@api.get("/v3/ips/domain/<name>")
def get_domain_spillover(name: str) -> Any:
    return backend().get_domain_spillover(name)


@api.patch("/v3/ips/domain/<name>")
def set_domain_spillover(name: str) -> Any:
    return backend().set_domain_spillover(name, _spillover_pool_id())


# -- IP warmups ------------------------------------------------------------------------

@api.get("/v3/ip_warmups")
def list_warmups() -> Any:
    return _absolute(backend().list_warmups(_int("limit", 10), _value("page")))


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
    # The parent reading what one of its subaccounts sees (more_routes has the others).
    subaccount_id = request.headers.get("X-Mailgun-On-Behalf-Of")
    if subaccount_id:
        return backend().subaccount_pools(subaccount_id)
    return backend().list_pools()


@api.post("/<any(v1,v3):version>/ip_pools")
def create_pool(version: str) -> Any:
    name = _value("name")
    if name is None:
        raise MissingParameter("name")
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
    return _absolute(backend().pool_domains(pool_id, _int("limit", 10), _value("page")))


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
        raise JsonBodyExpected('{"ips": [...]}')
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
    return _absolute(backend().list_dynamic_pool_domains(
        _int("limit", 10), _value("page"), pools=_values("pool"),
        sort_by=_value("sort_by") or "name", sort_order=_value("sort_order") or "ascending",
        accounts=_values("account")))


@api.put("/v1/dynamic_pools/domains/<name>/override")
def set_dynamic_pool_override(name: str) -> Any:
    return backend().set_dynamic_pool_override(name, _value("pool"))


@api.delete("/v1/dynamic_pools/domains/<name>/override")
def remove_dynamic_pool_override(name: str) -> Any:
    return backend().remove_dynamic_pool_override(name)


# -- Domains and their IPs -------------------------------------------------------------------

@api.get("/v4/domains")
def list_domains() -> Any:
    return backend().list_domains(
        limit=_int("limit", 100), skip=_int("skip", 0), state=_value("state"),
        sort=_value("sort"), authority=_value("authority"), search=_value("search"),
        include_subaccounts=bool(_flag("include_subaccounts")))


@api.get("/v4/domains/<name>")
def get_domain(name: str) -> Any:
    return backend().get_domain(name)


@api.get("/v3/domains/<name>/ips")
def list_domain_ips(name: str) -> Any:
    return backend().list_domain_ips(name)


@api.post("/v3/domains/<name>/ips")
def assign_domain_ip(name: str) -> Any:
    return backend().assign_domain_ip(name, _value("ip"), _value("pool_id"))


# Mailgun documents /pool/{ip} as a second path of this one operation, with the same
# meaning for {ip} (an address, "all" or "ip_pool"), so ``kind`` changes nothing.
@api.delete("/v3/domains/<name>/<any(ips,pool):kind>/<ip>")
def remove_domain_ip(name: str, kind: str, ip: str) -> Any:
    return backend().remove_domain_ip(name, ip, _value("ip"), _value("pool_id"))


# -- One IP on every domain of the account ------------------------------------------------

@api.post("/v3/ips/<ip>/domains")
def assign_ip_to_all_domains(ip: str) -> Any:
    return backend().assign_ip_to_all_domains(ip)


@api.delete("/v3/ips/<ip>/domains")
def remove_ip_from_all_domains(ip: str) -> Any:
    return backend().remove_ip_from_all_domains(ip, _value("alternative"))


# -- Webhooks --------------------------------------------------------------------------------

@api.get("/v3/domains/<domain>/webhooks")
def list_domain_webhooks(domain: str) -> Any:
    return backend().list_domain_webhooks(domain)


@api.post("/v3/domains/<domain>/webhooks")
def create_domain_webhook(domain: str) -> Any:
    return backend().create_domain_webhook(domain, _value("id"), _values("url"))


@api.get("/v3/domains/<domain>/webhooks/<event>")
def get_domain_webhook(domain: str, event: str) -> Any:
    return backend().get_domain_webhook(domain, event)


@api.put("/v3/domains/<domain>/webhooks/<event>")
def update_domain_webhook(domain: str, event: str) -> Any:
    return backend().update_domain_webhook(domain, event, _values("url"))


@api.delete("/v3/domains/<domain>/webhooks/<event>")
def delete_domain_webhook(domain: str, event: str) -> Any:
    return backend().delete_domain_webhook(domain, event)


@api.post("/v4/domains/<domain>/webhooks")
def create_domain_webhook_url(domain: str) -> Any:
    return backend().create_domain_webhook_url(domain, _value("url"), _values("event_types"))


@api.put("/v4/domains/<domain>/webhooks")
def update_domain_webhook_url(domain: str) -> Any:
    return backend().update_domain_webhook_url(domain, _value("url"), _values("event_types"))


@api.delete("/v4/domains/<domain>/webhooks")
def delete_domain_webhook_urls(domain: str) -> Any:
    # One comma-separated ``url`` as documented; repeated ones are read as more of the list.
    urls = ",".join(request.values.getlist("url"))
    return backend().delete_domain_webhook_urls(domain, urls or None)


@api.get("/v1/webhooks")
def list_account_webhooks() -> Any:
    ids = [i for value in _values("webhook_ids") for i in value.split(",") if i]
    return backend().list_account_webhooks(ids)


@api.post("/v1/webhooks")
def create_account_webhook() -> Any:
    return backend().create_account_webhook(
        _value("url"), _values("event_types"), _value("description") or "")


@api.delete("/v1/webhooks")
def delete_account_webhooks() -> Any:
    # The rules parse the ids: an empty one among them is a documented 400.
    ids = request.values.getlist("webhook_ids")
    backend().delete_account_webhooks(",".join(ids) if ids else None, bool(_flag("all")))
    return "", 204


@api.get("/v1/webhooks/<webhook_id>")
def get_account_webhook(webhook_id: str) -> Any:
    return backend().get_account_webhook(webhook_id)


@api.put("/v1/webhooks/<webhook_id>")
def update_account_webhook(webhook_id: str) -> Any:
    backend().update_account_webhook(
        webhook_id, _value("url"), _values("event_types"), _value("description") or "")
    return "", 204


@api.delete("/v1/webhooks/<webhook_id>")
def delete_account_webhook(webhook_id: str) -> Any:
    backend().delete_account_webhook(webhook_id)
    return "", 204


# -- The account's webhook signing key (GET and POST only: Mailgun has no delete) -----------

@api.get("/v5/accounts/http_signing_key")
def get_http_signing_key() -> Any:
    return backend().get_http_signing_key()


@api.post("/v5/accounts/http_signing_key")
def regenerate_http_signing_key() -> Any:
    return backend().regenerate_http_signing_key()


# -- API keys (which requests each role may make is ``key_rules.allows``, in the app) -------

@api.get("/v1/keys")
def list_keys() -> Any:
    return backend().list_keys(_value("kind"), _value("domain_name"))


@api.post("/v1/keys")
def create_key() -> Any:
    return backend().create_key(
        _value("role"), _value("kind"), _value("description") or "", _value("expiration"),
        _value("domain_name"), _value("user_name"), _value("email"))


@api.delete("/v1/keys/<key_id>")
def delete_key(key_id: str) -> Any:
    return backend().delete_key(key_id)


# -- Subaccounts, their IPs and delegated DIPPs ---------------------------------------------

@api.post("/v5/accounts/subaccounts")
def create_subaccount() -> Any:
    return backend().create_subaccount(_value("name"))


@api.get("/v5/accounts/subaccounts")
def list_subaccounts() -> Any:
    return backend().list_subaccounts(_value("filter"), _int("skip", 0), _int("limit", 10),
                                      _flag("enabled"), sort=_value("sort"),
                                      closed=_flag("closed"))


@api.delete("/v5/accounts/subaccounts")
def delete_subaccount() -> Any:
    return backend().delete_subaccount(request.headers.get("X-Mailgun-On-Behalf-Of"))


@api.get("/v5/accounts/subaccounts/ip_pools/all")
def delegated_pools() -> Any:
    return backend().delegated_pools()


@api.get("/v5/accounts/subaccounts/<subaccount_id>")
def get_subaccount(subaccount_id: str) -> Any:
    return backend().get_subaccount(subaccount_id)


@api.post("/v5/accounts/subaccounts/<subaccount_id>/disable")
def disable_subaccount(subaccount_id: str) -> Any:
    return backend().disable_subaccount(subaccount_id)


@api.post("/v5/accounts/subaccounts/<subaccount_id>/enable")
def enable_subaccount(subaccount_id: str) -> Any:
    return backend().enable_subaccount(subaccount_id)


@api.put("/v5/accounts/subaccounts/<subaccount_id>/features")
def update_subaccount_features(subaccount_id: str) -> Any:
    # Each feature is a form field holding a JSON object; the rules read them.
    updates = {key: request.values.get(key, "") for key in request.values}
    return backend().update_subaccount_features(subaccount_id, updates)


@api.get("/v5/accounts/subaccounts/<subaccount_id>/limit/custom/monthly")
def get_subaccount_monthly_limit(subaccount_id: str) -> Any:
    return backend().get_subaccount_monthly_limit(subaccount_id)


@api.put("/v5/accounts/subaccounts/<subaccount_id>/limit/custom/monthly")
def set_subaccount_monthly_limit(subaccount_id: str) -> Any:
    return backend().set_subaccount_monthly_limit(subaccount_id, _value("limit"))


@api.delete("/v5/accounts/subaccounts/<subaccount_id>/limit/custom/monthly")
def delete_subaccount_monthly_limit(subaccount_id: str) -> Any:
    return backend().delete_subaccount_monthly_limit(subaccount_id)


# The legacy, deprecated delegation: one DIPP per subaccount.
@api.put("/v5/accounts/subaccounts/<subaccount_id>/ip_pool")
def delegate_pool_legacy(subaccount_id: str) -> Any:
    return backend().delegate_pool_legacy(subaccount_id, _value("pool_id"))


@api.delete("/v5/accounts/subaccounts/<subaccount_id>/ip_pool")
def revoke_pool_legacy(subaccount_id: str) -> Any:
    return backend().revoke_pool_legacy(subaccount_id, _value("pool_id"))


@api.patch("/v3/ips/subaccounts")
def link_subaccount_ips() -> Any:
    return backend().link_subaccount_ips(
        _values("subaccount_id"), bool(_flag("all_subaccounts")),
        _values("link_ip"), _values("unlink_ip"))


@api.get("/v3/ips/details/all")
def ip_details() -> Any:
    return backend().ip_details(_value("subaccount_id"), _value("ip"), _int("skip", 0),
                                _int("limit", 100), pool_id=_value("pool_id"),
                                domain_id=_value("domain_id"), sort_by=_value("sort_by"),
                                sort_order=_value("sort_order"))


@api.put("/v3/ip_pools/<pool_id>/delegate")
def delegate_pool(pool_id: str) -> Any:
    return backend().delegate_pool(pool_id, _value("subaccount_id"))


@api.delete("/v3/ip_pools/<pool_id>/delegate")
def revoke_pool(pool_id: str) -> Any:
    return backend().revoke_pool(pool_id, _value("subaccount_id"))
