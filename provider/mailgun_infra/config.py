"""The provider's configuration, read in ``configure`` from the stack config.

Kept apart from the resources so that a reader finds every setting, its config key and
its environment variable in one place.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .facts import REGION_URLS

Get = Callable[[str], Any]

# Ours: 100 times the provider's waits is some minutes; more (1e30, inf) never ends.
MAX_WAIT_SCALE = 100.0
# A switch's words: the config's true and false, and the 1 and 0 of environment variables.
SWITCH = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class ProviderSettings:
    """Provider configuration: the stack config first, the environment second.

    | config key              | environment variable     | meaning                           |
    |-------------------------|--------------------------|-----------------------------------|
    | ``mailgun:apiKey``      | ``MAILGUN_API_KEY``      | the private API key (a secret)    |
    | ``mailgun:readApiKey``  | ``MAILGUN_READ_API_KEY`` | a read-only key (a secret): GETs  |
    |                         |                          | go with it, writes with apiKey;   |
    |                         |                          | alone, every write is refused     |
    | ``mailgun:region``      | ``MAILGUN_REGION``       | ``us`` (default) or ``eu``        |
    | ``mailgun:apiUrl``      | ``MAILGUN_API_URL``      | a base URL (the emulator)         |
    | ``mailgun:adoptExisting`` | ``MAILGUN_ADOPT_EXISTING`` | every create adopts (recovery) |
    | ``mailgun:adoptManagedElsewhere`` | ``MAILGUN_ADOPT_MANAGED_ELSEWHERE`` | adopt objects |
    |                         |                          | another stack manages too         |
    | ``mailgun:waitScale``   | ``MAILGUN_WAIT_SCALE``   | scales every wait; 0 in tests     |
    """

    api_key: str
    region: str = "us"
    api_url: str | None = None
    # Recovery after an interrupted `up`: every create takes over the object it finds.
    adopt_existing: bool = False
    # Adopting an object that another stack of the backend manages is refused unless set.
    adopt_managed_elsewhere: bool = False
    # The provider's own waits (re-reads after "started" writes, back-off after unclear
    # writes and server errors) are multiplied by this: 0 makes tests run without sleeping.
    wait_scale: float = 1.0
    # The key reads go with, say a read-only (basic) one; "" sends them with ``api_key``.
    # A run given only this key can read (preview, refresh) and refuses every write.
    read_api_key: str = ""

    def __repr__(self) -> str:
        return (f"ProviderSettings(region={self.region!r}, api_url={self.api_url!r}, "
                f"adopt_existing={self.adopt_existing}, "
                f"adopt_managed_elsewhere={self.adopt_managed_elsewhere}, "
                f"wait_scale={self.wait_scale}, "
                "api_key=***, read_api_key=***)")

    @classmethod
    def from_config(cls, get: Get) -> ProviderSettings:
        """Settings from a config lookup (``ConfigureRequest.config.get``); raises ValueError
        naming the key of a value that cannot work, so that `pulumi` stops before any call."""

        def setting(key: str, env: str) -> str:
            return str(get(key) or os.environ.get(env) or "")

        region = setting("mailgun:region", "MAILGUN_REGION").lower() or "us"
        if region not in REGION_URLS:
            raise ValueError(f"mailgun:region must be one of {', '.join(sorted(REGION_URLS))}, "
                             f"not '{region}'")
        scale_text = setting("mailgun:waitScale", "MAILGUN_WAIT_SCALE") or "1"
        try:
            wait_scale = float(scale_text)
        except ValueError:
            wait_scale = -1.0
        if not 0 <= wait_scale <= MAX_WAIT_SCALE:  # NaN too
            raise ValueError(f"mailgun:waitScale must be a number from 0 to "
                             f"{MAX_WAIT_SCALE:g}, not {scale_text[:40]!r}")
        return cls(api_key=setting("mailgun:apiKey", "MAILGUN_API_KEY"), region=region,
                   api_url=setting("mailgun:apiUrl", "MAILGUN_API_URL") or None,
                   adopt_existing=_switch(setting, "mailgun:adoptExisting",
                                          "MAILGUN_ADOPT_EXISTING"),
                   adopt_managed_elsewhere=_switch(setting, "mailgun:adoptManagedElsewhere",
                                                   "MAILGUN_ADOPT_MANAGED_ELSEWHERE"),
                   wait_scale=wait_scale,
                   read_api_key=setting("mailgun:readApiKey", "MAILGUN_READ_API_KEY"))


def _switch(setting: Callable[[str, str], str], key: str, env: str) -> bool:
    value = setting(key, env) or "false"
    if value.lower() not in SWITCH:
        # "yes" or a typo must not turn on a mode that takes over objects.
        raise ValueError(f"{key} must be true or false (1 or 0), not {value[:40]!r}")
    return SWITCH[value.lower()]
