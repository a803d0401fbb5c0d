"""A local Mailgun: the documented IP, pool, warmup, webhook and subaccount APIs, their
rules and their errors.

Laid out as moto lays out a service: ``models`` holds the entities, ``backend.Backend``
the account and every rule, and ``errors`` the statuses and bodies Mailgun answers with.
Like moto's backends, which fuse models and responses, the rules modules (``ip_rules``,
``domain_rules``, ``dynamic_pool_rules``, ``webhook_rules``, ``subaccount_rules``,
``account_rules``, ``spillover_rules``, ``key_rules``) return
the response bodies themselves, and ``routes`` is the URL layer only: what
``GET /v3/ip_pools/{id}`` returns is answered in ``ip_rules``. ``server`` wraps it all in
a WSGI app (auth, each key's role, faults, the state file) and ``admin`` is its
``/_emulator`` surface.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .backend import Backend
from .errors import EmulatorError
from .models import Account
from .server import EmulatorServer, create_app, save_state


def default_seed() -> dict[str, Any]:
    """The demo account that ships with the package."""
    text = resources.files(__package__).joinpath("seeds/default.json").read_text()
    seed: dict[str, Any] = json.loads(text)
    return seed


def load_seed(path: Path | None) -> dict[str, Any]:
    return default_seed() if path is None else dict(json.loads(path.read_text()))


__all__ = [
    "Account",
    "Backend",
    "EmulatorError",
    "EmulatorServer",
    "create_app",
    "default_seed",
    "load_seed",
    "save_state",
]
