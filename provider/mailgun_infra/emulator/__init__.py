"""A local Mailgun: the documented IP, pool, warmup, webhook and subaccount APIs, their
rules and their errors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from .models import Account, Backend, EmulatorError
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
