"""mailgun_infra: Mailgun dedicated IPs, pools, warmups, webhooks and subaccounts as
Pulumi resources.

The resource classes (``mailgun_infra.DedicatedIpPool`` and the rest, as registered in
``resources.RESOURCES``) load on first use, so the client and the emulator work without
importing Pulumi.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .resources import *  # noqa: F403


def __getattr__(name: str) -> Any:
    if name.startswith("_") and name != "__all__":
        raise AttributeError(f"module 'mailgun_infra' has no attribute {name!r}")
    resources = importlib.import_module(".resources", __name__)
    if name == "__all__":
        return [r.resource.__name__ for r in resources.RESOURCES]
    if name in resources.EXPORTS:
        return getattr(resources, name)
    raise AttributeError(f"module 'mailgun_infra' has no attribute {name!r}")
