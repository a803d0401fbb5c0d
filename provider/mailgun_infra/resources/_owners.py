"""Which stacks of the backend already manage a Mailgun object.

Adopting an object that another stack manages would make two stacks fight over it (each
`up` reverts the other's change) and let one stack's `destroy` delete what the other still
declares. So an adopting create asks here first.

Ownership is recorded where Pulumi records it already: a stack manages an object when its
state holds a resource of the object's type and id, deployed against the same Mailgun API
(the base URL its default provider's config names: ``mailgun:apiUrl``, else
``mailgun:region``). The states are read with the Pulumi CLI the engine itself runs, from
the provider process, which inherits the engine's backend and login: ``pulumi stack ls
--all --json``, then ``pulumi stack export`` of each stack (no secret is decrypted, so no
passphrase is needed). One look per process: a run that adopts many objects lists the
backend once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from typing import Any

from ..client import base_url_for

DEFAULT_PROVIDER = "pulumi:providers:pulumi-python"
CLI_TIMEOUT = 60.0


class OwnersUnknown(Exception):
    """The backend's stacks could not be read; the message says why."""


@dataclass
class StackObjects:
    """What the backend's stacks manage: (type token, id, API base URL) -> stack names."""

    managed: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)

    def add_stack(self, stack: str, deployment: dict[str, Any]) -> None:
        resources = deployment.get("resources") or []
        base_url = _base_url_of(resources)
        for resource in resources:
            if resource.get("id") and str(resource.get("type", "")).startswith(
                    "pulumi-python:dynamic/"):
                key = (str(resource["type"]), str(resource["id"]), base_url)
                self.managed.setdefault(key, []).append(stack)


def _base_url_of(resources: list[dict[str, Any]]) -> str:
    for resource in resources:
        if resource.get("type") == DEFAULT_PROVIDER:
            inputs = resource.get("inputs") or {}
            api_url = inputs.get("mailgun:apiUrl")
            region = inputs.get("mailgun:region")
            try:
                return base_url_for(region if isinstance(region, str) else None,
                                    api_url if isinstance(api_url, str) else None)
            except ValueError:
                return ""
    return base_url_for()


class BackendOwners:
    """The stacks of the engine's backend, read once with the CLI."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._objects: StackObjects | None = None
        self._failure: str | None = None

    def managing(self, type_token: str, id_: str, base_url: str) -> list[str]:
        """The stacks whose state holds this object; OwnersUnknown when that can't be read."""
        with self._lock:
            if self._objects is None and self._failure is None:
                try:
                    self._objects = _read_backend()
                except OwnersUnknown as error:
                    self._failure = str(error)
            if self._objects is None:
                raise OwnersUnknown(self._failure or "unknown")
            return list(self._objects.managed.get((type_token, id_, base_url.rstrip("/")), []))


def _read_backend() -> StackObjects:
    cli = shutil.which("pulumi")
    if cli is None:
        raise OwnersUnknown("no `pulumi` on PATH")
    objects = StackObjects()
    stacks = json.loads(_cli(cli, "stack", "ls", "--all", "--json") or "[]")
    for stack in stacks:
        name = str(stack.get("name", ""))
        if not name or not stack.get("resourceCount"):
            continue
        exported = json.loads(_cli(cli, "stack", "export", "--stack", name))
        objects.add_stack(name, exported.get("deployment") or {})
    return objects


def _cli(cli: str, *args: str) -> str:
    env = {**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"}
    try:
        done = subprocess.run([cli, *args, "--non-interactive"], capture_output=True,
                              text=True, timeout=CLI_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise OwnersUnknown(f"`pulumi {' '.join(args)}` did not run: {error}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise OwnersUnknown(f"`pulumi {' '.join(args)}` failed: {last}")
    return done.stdout


# One per provider process: every resource kind's creates share the look.
backend_owners = BackendOwners()
