"""A local Mailgun: the documented IP, pool, warmup, webhook and subaccount APIs, their
rules and their errors.

Laid out as moto lays out a service, whose models and responses are separate layers:

- ``models`` holds the entities;
- the rules modules (``ip_rules``, ``domain_rules``, ``dynamic_pool_rules``,
  ``webhook_rules``, ``subaccount_rules``, ``account_rules``, ``spillover_rules``,
  ``key_rules``), put together as ``rules.Rules`` (moto's backend), keep the account and
  its rules: each operation returns entities or a plain result, and never a body;
- ``errors`` has one exception class per error the emulator answers, with its status,
  body shape and text;
- the ``*_responses`` modules, put together as ``backend.Backend``, render each
  operation's success body from what the rules return: what ``GET /v3/ip_pools/{id}``
  answers is written in ``ip_responses``;
- ``routes`` is the URL layer: it parses requests and calls ``Backend``.

``server`` wraps it all in a WSGI app (auth, each key's role, faults, the state file,
errors into responses) and ``admin`` is its ``/_emulator`` surface.
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
