"""Webhook URLs with credentials, as ``mailgun-infra discover`` writes them: never in the
spec's plain text, but in secret config values of the stack that the spec names.

A URL ``https://user:password@host/path`` found in the account becomes the secret config
value ``mailgun-infra:webhook-url-user-host-path`` (the key is made of the URL with its
password left out, so it says which URL it holds and nothing secret) and the spec says
``${secret.webhook-url-user-host-path}`` where the URL was. With ``--stack``, discover
stores the values itself through ``pulumi config set --secret``, which encrypts them with
the stack's secrets provider; the value goes to the CLI on its standard input, never on a
command line that other users of the machine can list.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .facts import has_credentials, masked
from .spec import CONFIG_NAMESPACE

KEY_PREFIX = "webhook-url-"


def reference(key: str) -> str:
    """What the spec says in place of the URL kept in ``mailgun-infra:<key>``."""
    return f"${{secret.{key}}}"


def without_credentials(url: str) -> str:
    """``url`` without its user name and password."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=host))


class SecretUrls:
    """The URLs with credentials of one discover run, each with its config key."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    def stand_for(self, url: str) -> str:
        """``url`` as the spec writes it: a reference when it has credentials."""
        return reference(self.key_for(url)) if has_credentials(url) else url

    def key_for(self, url: str) -> str:
        """The config key (without the namespace) that holds ``url``."""
        if url not in self.keys:
            shown = masked(url).split("://", 1)[-1].replace("****", "")
            base = KEY_PREFIX + (re.sub(r"[^a-z0-9]+", "-", shown.lower()).strip("-") or "url")
            key, n = base, 1
            while key in self.keys.values():
                n += 1
                key = f"{base}-{n}"
            self.keys[url] = key
        return self.keys[url]

    def values(self) -> dict[str, str]:
        """The URLs by key."""
        return {key: url for url, key in self.keys.items()}


def store_in_stack(project_dir: Path, stack: str, values: Mapping[str, str]) -> None:
    """Set each value as the secret config ``mailgun-infra:<key>`` of ``stack``, unless it
    holds that value already (a new encryption would change the file for nothing)."""
    pulumi = shutil.which("pulumi")
    if values and pulumi is None:
        raise RuntimeError("storing webhook URLs with credentials as secrets needs the "
                           "pulumi CLI on PATH")
    for key, url in sorted(values.items()):
        name = f"{CONFIG_NAMESPACE}:{key}"
        current = _config(str(pulumi), project_dir, ["get", name, "--stack", stack])
        if current.returncode == 0 and current.stdout.rstrip("\n") == url:
            continue
        done = _config(str(pulumi), project_dir, ["set", "--secret", name, "--stack", stack],
                       value=url)
        if done.returncode != 0:
            lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()
                     if line.strip()]
            reason = masked(lines[-1] if lines else f"exit code {done.returncode}")
            raise RuntimeError(f"cannot store {name} as a secret of stack {stack}: {reason}")


def _config(pulumi: str, project_dir: Path, args: list[str],
            value: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([pulumi, "config", *args, "--non-interactive"], input=value,
                          cwd=project_dir, env=os.environ, capture_output=True, text=True,
                          timeout=120, check=False)
