"""The emulator's WSGI app: basic auth, error bodies, rate limits, fault injection, the
state file, and a loopback server to run it on.

The API is ``routes.api`` and ``more_routes.more_api``; the admin surface under
``/_emulator/`` is ``admin.admin``.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, make_server

from . import key_rules
from .admin import ADMIN_PREFIX, admin
from .backend import Backend
from .errors import EmulatorError, ForbiddenByRole
from .faults import FaultRule, Faults
from .more_routes import more_api
from .ratelimits import RateLimiter, retry_seconds
from .routes import api

MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def create_app(backend: Backend, *, state_file: Path | None = None,
               rate_limits: dict[str, tuple[int, float]] | None = None) -> Flask:
    app = Flask("mailgun_emulator")

    def persist() -> None:
        if state_file is not None:
            save_state(backend, state_file)

    app.config.update(
        BACKEND=backend,
        # The admin reset saves through this too, without importing the server.
        PERSIST=persist,
        FAULTS=Faults(),
        RATE_LIMITER=RateLimiter(),
        REQUEST_LOG=[],
        REQUEST_LOG_LOCK=threading.Lock(),
    )
    app.config["RATE_LIMITER"].configure(rate_limits or {})
    app.register_blueprint(api)
    app.register_blueprint(more_api)
    app.register_blueprint(admin)
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(EmulatorError, _emulator_error)
    app.register_error_handler(HTTPException, _http_error)
    return app


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers.update(headers or {})
    return response


def _key_role() -> str | None:
    """The role of the key the request authenticates with; None: no key of the account."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        user, _, key = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    if user != "api":
        return None
    role: str | None = current_app.config["BACKEND"].role_of(key)
    return role


def _before() -> Response | None:
    if request.path.startswith(ADMIN_PREFIX):
        return None
    role = g.key_role = _key_role()
    if role is None:
        return _json(401, {"message": "Invalid private key"})
    if not key_rules.allows(role, request.method, request.path):
        # Before the rate limits and faults: a refused key changes nothing, and costs nothing.
        return _emulator_error(ForbiddenByRole())
    wait = current_app.config["RATE_LIMITER"].check(request.path)
    if wait is not None:
        return _json(429, {"retry-seconds": retry_seconds(wait)})
    fault = current_app.config["FAULTS"].take(
        request.method, request.path, request.query_string.decode("latin-1"))
    if fault is None:
        return None
    if fault.delay:
        time.sleep(fault.delay)
    if fault.hold:
        current_app.config["FAULTS"].hold()
        return _json(503, {"message": "Service Unavailable"})
    if fault.status is None:
        return None
    if fault.after_apply:
        g.lost_answer = fault
        return None
    return _fault_answer(fault)


def _fault_answer(fault: FaultRule) -> Response:
    assert fault.status is not None
    if fault.text is not None:
        return Response(fault.text + "\n", status=fault.status, mimetype="text/plain",
                        headers=fault.headers())
    return _json(fault.status, fault.body(), fault.headers())


def _after(response: Response) -> Response:
    if request.path.startswith(ADMIN_PREFIX):
        return response
    config = current_app.config
    if request.method in MUTATING and response.status_code < 400:
        config["PERSIST"]()
    lost = g.pop("lost_answer", None)
    if lost is not None and lost.status is not None:
        response = _fault_answer(lost)
    with config["REQUEST_LOG_LOCK"]:
        config["REQUEST_LOG"].append(
            {"method": request.method, "path": request.path,
             "query": request.query_string.decode(), "status": response.status_code,
             # The role of the key the request went with (None: no key of the account), so
             # that a test tells which key a run sent each call with, never the key itself.
             "role": g.get("key_role")})
    return response


def _emulator_error(error: EmulatorError) -> Response:
    return _json(error.status, error.body())


def _http_error(error: HTTPException) -> Response:
    # Mailgun's routers answer unknown paths with a plain-text 404, not JSON.
    status = error.code or 500
    text = "404 page not found" if status == 404 else (error.description or error.name)
    return Response(text + "\n", status=status, mimetype="text/plain")


def save_state(backend: Backend, path: Path) -> None:
    """Write the account to ``path`` atomically: a crash leaves the old file or the new one."""
    data = json.dumps(backend.snapshot(), indent=2, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class EmulatorServer:
    """The emulator on a loopback port, served from a background thread.

    ``port=0`` takes a free port; ``url`` tells which.
    """

    def __init__(self, app: Flask, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server: BaseWSGIServer = make_server(host, port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self._server.port}"

    def start(self) -> EmulatorServer:
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
