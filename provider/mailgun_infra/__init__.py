"""mailgun_infra: Mailgun dedicated IPs, pools and more as Pulumi resources.

Importing this package does not import Pulumi's engine-facing parts until a resource is
used, so the client and the emulator work without a Pulumi program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .resources import DedicatedIpPool, DedicatedIpPoolArgs

__all__ = ["DedicatedIpPool", "DedicatedIpPoolArgs"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import resources

        return getattr(resources, name)
    raise AttributeError(f"module 'mailgun_infra' has no attribute {name!r}")
