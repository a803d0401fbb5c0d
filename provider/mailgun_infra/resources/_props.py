"""Props as the engine hands them over, judged alike by every resource: values not known
yet (in preview), URLs with credentials (secrets), validation failures, and whether an
input changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN
from pydantic import ValidationError

from ..facts import has_credentials, masked


def secret_when_credentials(value: Any) -> Any:
    """``value`` (an input: a URL or a list of URLs, plain or an Output) as a Pulumi secret
    when a URL in it has credentials, so that the engine encrypts it in the state (the
    output of the same name too) and shows ``[secret]``; otherwise ``value`` unchanged,
    so plain URLs stay readable."""
    if value is None:
        return None
    if isinstance(value, pulumi.Output) or (
            isinstance(value, list | tuple) and any(isinstance(v, pulumi.Output) for v in value)):
        return pulumi.Output.from_input(value).apply(
            lambda known: pulumi.Output.secret(known) if holds_credentials(known) else known)
    return pulumi.Output.secret(value) if holds_credentials(value) else value


def is_unknown(value: Any) -> bool:
    """True for a value Pulumi does not know yet (during preview), at any depth.

    The dynamic provider host hands unknowns over as ``pulumi.output.Unknown`` objects;
    their wire form is a sentinel string, accepted too.
    """
    if isinstance(value, Unknown):
        return True
    if isinstance(value, str):
        return value == UNKNOWN
    if isinstance(value, list | tuple):
        return any(is_unknown(v) for v in value)
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    return False


def failures_from(error: ValidationError, skip: set[str],
                  inputs: Mapping[str, Any] | None = None) -> list[CheckFailure]:
    """One CheckFailure per bad property, its path and the rule in the reason.

    A property that holds a URL with credentials is a secret: its failure names no
    property (the engine prints a named property's value) and masks the reason."""
    failures: list[CheckFailure] = []
    for item in error.errors():
        loc = [str(part) for part in item["loc"]]
        prop = loc[0] if loc else ""
        if prop in skip:
            continue
        path = prop + "".join(f"[{part}]" for part in loc[1:])
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "is not a property of this resource"
        elif item["type"] == "missing":
            message = "is required"
        secret = holds_credentials((inputs or {}).get(prop))
        failures.append(CheckFailure("" if secret else prop, masked(f"{path}: {message}")))
    return failures


def unknown_credentials_masked(values: dict[str, Any],
                               known: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` read from Mailgun, with the credentials of every URL the state did not
    hold already masked. A URL the stack declared is a secret in the state; one added in
    Mailgun by hand would be stored in plain text (the engine keeps an output secret only
    when it was), so it is stored masked: it still shows as drift, and ``up`` still
    removes it, as both compare against Mailgun itself."""

    def mask(value: Any, before: Any) -> Any:
        if isinstance(value, str) and has_credentials(value) and value != before:
            return masked(value)
        if isinstance(value, list) and holds_credentials(value):
            kept = set(before) if isinstance(before, list) else set()
            return [mask(item, item if item in kept else None) for item in value]
        return value

    return {key: mask(value, known.get(key)) for key, value in values.items()}


def holds_credentials(value: Any) -> bool:
    """True for a URL with credentials, or a list of strings with one."""
    if isinstance(value, str):
        return has_credentials(value)
    if isinstance(value, list | tuple):
        return any(holds_credentials(v) for v in value)
    return False


def same_input(old: Any, new: Any, default: Any) -> bool:
    if is_unknown(new):
        return False
    old = default if old is None else old
    new = default if new is None else new
    if isinstance(old, float) and old.is_integer():
        old = int(old)
    if isinstance(new, float) and new.is_integer():
        new = int(new)
    if isinstance(old, list | tuple) and isinstance(new, list | tuple):
        return sorted(map(str, old)) == sorted(map(str, new))
    return bool(old == new)
