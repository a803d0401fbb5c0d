"""The emulator's admin surface under ``/_emulator/``, for tests and demos. It has no auth
and hands out the whole account, its key included, so it answers only requests that
neither another host nor a web page the developer's browser opens can make:

- the client is on loopback, whatever address the emulator binds (403 otherwise);
- the ``Host`` header names loopback (``localhost``, ``127.x.x.x``, ``[::1]``), with any
  port: a page whose own name the attacker's DNS later answers with 127.0.0.1 (DNS
  rebinding) still sends that name, and is refused (403);
- a request other than ``GET`` and ``HEAD`` carries ``Content-Type: application/json``
  (a 415 otherwise, before anything changes). A cross-site page can send only a form's
  or ``text/plain`` body without asking first (a CORS preflight), and the emulator
  grants no preflight. Send ``{}`` when there is nothing to say.

    GET    /_emulator/health      {"ok": true}
    GET    /_emulator/state       the whole account, in the seed format
    POST   /_emulator/reset       back to the seed and the lag it started with; clears faults,
                                  limits and the request log
    POST   /_emulator/settings    {"async_lag_reads": 2}: reads lag behind "started" writes;
                                  {"async_lag_scope": "every_started_write"}: the DIPP's own
                                  record lags too ("documented": only the write's effects);
                                  {"rate_limits": {"domains": [300, 60]}}: enforce limits.
                                  Answers {"async_lag_reads": N, "async_lag_scope": S,
                                  "rate_limited": M}
    POST   /_emulator/faults      {"rules": [...]} (see ``faults``); DELETE clears them
    GET    /_emulator/faults      {"fired": N, "held": M}: how many requests a fault
                                  answered, and how many a hold rule kept waiting
    GET    /_emulator/requests    every API request served: method, path, query, status and
                                  the role of the key it went with
    DELETE /_emulator/requests    clears that log
"""

from __future__ import annotations

import ipaddress
from typing import Any

from flask import Blueprint, current_app, request

from .backend import Backend
from .errors import (
    AdminNeedsJson,
    AdminNotLoopbackClient,
    AdminNotLoopbackHost,
    BadFaultRule,
    BadLagReads,
    BadLagScope,
    UnknownSettings,
)
from .rules_base import ASYNC_LAG_SCOPES

ADMIN_PREFIX = "/_emulator"
SETTINGS = frozenset({"async_lag_reads", "async_lag_scope", "rate_limits"})
SAFE_METHODS = frozenset({"GET", "HEAD"})

admin = Blueprint("emulator_admin", __name__, url_prefix=ADMIN_PREFIX)


@admin.before_request
def _nothing_a_browser_page_can_send() -> None:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        address = None
    # A dual-stack socket shows an IPv4 client as ::ffff:a.b.c.d.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address is None or not address.is_loopback:
        raise AdminNotLoopbackClient()
    if not _loopback_host(request.host):
        raise AdminNotLoopbackHost()
    if request.method not in SAFE_METHODS and request.mimetype != "application/json":
        raise AdminNeedsJson(request.method)


def _loopback_host(host: str) -> bool:
    """``host`` is a Host header: a name or address, and maybe a port."""
    if host.startswith("["):
        name = host[1:].partition("]")[0]
    else:
        name = host.rpartition(":")[0] if host.count(":") == 1 else host
    name = name.lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _backend() -> Backend:
    found: Backend = current_app.config["BACKEND"]
    return found


@admin.get("/health")
def health() -> Any:
    return {"ok": True}


@admin.get("/state")
def state() -> Any:
    return _backend().snapshot()


@admin.post("/reset")
def reset() -> Any:
    config = current_app.config
    _backend().reset()
    config["FAULTS"].clear()
    config["RATE_LIMITER"].configure({})
    with config["REQUEST_LOG_LOCK"]:
        config["REQUEST_LOG"].clear()
    config["PERSIST"]()
    return {"message": "reset"}


@admin.post("/settings")
def settings() -> Any:
    """``{"async_lag_reads": N}``: the next N reads of what a write Mailgun answers
    ``started`` reaches later show it as it was before (0: none); ``{"async_lag_scope":
    "documented" | "every_started_write"}``: what that is (``ip_rules``).
    ``{"rate_limits": {"domains": [300, 60]}}``: enforce request limits per API family
    (``{}`` turns them off). Reset turns both off. An unknown setting is a 400, so a stale
    caller fails rather than goes on without what it asked for."""
    body = request.get_json(silent=True) or {}
    unknown = sorted(set(body) - SETTINGS)
    if unknown:
        raise UnknownSettings(unknown)
    backend = _backend()
    if "async_lag_reads" in body:
        reads = body["async_lag_reads"]
        # bool is an int to Python; true/false here is a caller's mistake.
        if not isinstance(reads, int) or isinstance(reads, bool) or reads < 0:
            raise BadLagReads()
        with backend.lock:
            backend.async_lag_reads = reads
    if "async_lag_scope" in body:
        if body["async_lag_scope"] not in ASYNC_LAG_SCOPES:
            raise BadLagScope()
        with backend.lock:
            backend.async_lag_scope = body["async_lag_scope"]
    limiter = current_app.config["RATE_LIMITER"]
    if "rate_limits" in body:
        limiter.configure(body["rate_limits"] or {})
    return {"async_lag_reads": backend.async_lag_reads,
            "async_lag_scope": backend.async_lag_scope, "rate_limited": limiter.rejected}


@admin.post("/faults")
def set_faults() -> Any:
    body = request.get_json(silent=True) or {}
    try:
        current_app.config["FAULTS"].set(list(body.get("rules", [])), int(body.get("seed", 0)))
    except TypeError as exc:
        raise BadFaultRule(exc) from None
    return {"message": "faults set"}


@admin.get("/faults")
def faults_fired() -> Any:
    faults = current_app.config["FAULTS"]
    return {"fired": faults.fired, "held": faults.held}


@admin.delete("/faults")
def clear_faults() -> Any:
    current_app.config["FAULTS"].clear()
    return {"message": "faults cleared"}


@admin.get("/requests")
def requests_log() -> Any:
    with current_app.config["REQUEST_LOG_LOCK"]:
        return {"requests": list(current_app.config["REQUEST_LOG"])}


@admin.delete("/requests")
def clear_requests_log() -> Any:
    with current_app.config["REQUEST_LOG_LOCK"]:
        current_app.config["REQUEST_LOG"].clear()
    return {"message": "cleared"}
