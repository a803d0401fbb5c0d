"""The stack's config file: where it is, its API key, and the discovered entries merged
into its spec with every other line of the file left as it was."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..secret_urls import store_in_stack
from ..spec import REFERENCE, SpecError, parse_spec
from .entries import ENTRY_MODELS, KIND_KEYS, SPEC_KEY, Discovered, DiscoverError, Entry, Say
from .render import header, render_yaml

# What makes an object the one it is, as the resource adopts it: two entries with the same
# identity would fight over one object.
IDENTITY: dict[str, tuple[str, ...]] = {
    "subaccounts": ("name",),
    "dedicated_ip_pools": ("name",),
    "ip_warmups": ("ip",),
    "dynamic_pool_memberships": ("pool",),
    "dynamic_pool_enrollments": ("domain",),
    "domain_ip_assignments": ("domain", "ip", "pool_id"),
    "subaccount_ip_links": ("subaccount_id",),
    "dedicated_ip_pool_delegations": ("pool_id", "subaccount_id"),
    "webhooks": ("domain", "event"),
    "account_webhooks": ("url",),
    "subaccount_sending_limits": ("subaccount_id",),
    "account_sending_limits": (),
    "dipp_spillovers": ("domain",),
    "ip_bands": ("ip",),
    "http_signing_keys": (),
    # Not written: Mailgun's lists do not tell a v4 URL from a v3 one (see reader.py, _webhooks).
    "domain_webhook_urls": ("domain", "url"),
}


def stack_config_file(project_dir: Path, stack: str) -> Path:
    """Where the project keeps ``stack``'s config (its ``stackConfigDir``, if any)."""
    project_file = project_dir / "Pulumi.yaml"
    if not project_file.is_file():
        raise DiscoverError(f"no Pulumi.yaml in {project_dir}: run in the project's folder "
                            "or give --cwd")
    project = yaml.safe_load(project_file.read_text()) or {}
    config_dir = project_dir / str(project.get("stackConfigDir") or ".")
    return config_dir / f"Pulumi.{stack.rsplit('/', 1)[-1]}.yaml"


def read_stack_file(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text() if path.exists() else ""
    data = yaml.safe_load(text) if text.strip() else {}
    if not isinstance(data, dict) or not isinstance(data.get("config") or {}, dict):
        raise DiscoverError(f"{path} is not a stack config file (a mapping with config:)")
    return text, data


def stack_api_key(project_dir: Path, stack: str, name: str = "mailgun:apiKey") -> str:
    """The stack's ``name`` key, decrypted by the Pulumi CLI; "" for a ``mailgun:readApiKey``
    the stack does not set."""
    from pulumi import automation as auto

    try:
        value = auto.LocalWorkspace(work_dir=str(project_dir)).get_config(stack, name)
    except auto.CommandError as error:
        text = str(error)
        if name != "mailgun:apiKey" and "not found" in text.lower():
            return ""
        if "passphrase" in text.lower():
            raise DiscoverError(
                f"reading stack {stack}'s {name} needs PULUMI_CONFIG_PASSPHRASE (or "
                "set MAILGUN_API_KEY)") from None
        if "not found" in text.lower():
            raise DiscoverError(
                f"stack {stack} has no mailgun:apiKey: set MAILGUN_API_KEY, or run `pulumi "
                f"config set --secret mailgun:apiKey KEY --stack {stack}`") from None
        lines = [line.strip() for line in text.splitlines() if "error" in line.lower()]
        raise DiscoverError(f"cannot read stack {stack}'s mailgun:apiKey: "
                            f"{lines[-1] if lines else 'pulumi config get failed'}") from None
    return str(value.value)


def merge_into_stack(path: Path, found: Discovered, force: bool, say: Say,
                     project: tuple[Path, str] | None = None) -> None:
    """Merge the discovered entries into the spec of the stack file at ``path``, leaving
    everything else in the file as it is; the URLs with credentials go to the stack's
    secret config, through the CLI, in ``project`` (the project's folder and the stack)."""
    text, data = read_stack_file(path)
    config = dict(data.get("config") or {})
    current = config.get(SPEC_KEY) or {}
    try:
        parse_spec(current)
    except SpecError as error:
        raise DiscoverError(f"{path}: the spec there is not valid now, nothing was written: "
                            f"{'; '.join(error.problems)}") from None
    kinds, conflicts = merge_entries(current, found, force)
    if conflicts:
        raise DiscoverError(
            f"{path} already declares, differently: {', '.join(conflicts)}; nothing was "
            "written (--force replaces them with what Mailgun has)")
    merged = {kind: {name: dict(e.inputs) for name, e in entries.items()}
              for kind, entries in kinds.items() if entries}
    try:
        parse_spec(merged)
    except SpecError as error:
        raise DiscoverError(f"the merged spec would not be valid, nothing was written: "
                            f"{'; '.join(error.problems)}") from None
    # Before the spec that names them; the CLI keeps the rest of the file as it is.
    if found.secrets.values():
        if project is None:
            raise DiscoverError("webhook URLs with credentials need the stack to keep them "
                                "as secrets: give --stack")
        try:
            store_in_stack(*project, found.secrets.values())
        except RuntimeError as error:
            raise DiscoverError(f"{error}; nothing else was written") from None
        say(f"{len(found.secrets.values())} webhook URL(s) with credentials stored as "
            "secret config of the stack")
        text, data = read_stack_file(path)
        config = dict(data.get("config") or {})
    new_text = with_spec_block(text, lambda indent: render_yaml(
        kinds, found.remarks, header(found.source), indent))
    expected = {**data, "config": {**config, SPEC_KEY: merged}}
    if yaml.safe_load(new_text) != expected:
        raise DiscoverError(f"{path} could not be merged safely, nothing was written: "
                            "write the spec with -o FILE and paste it in")
    dropped = _comments(text) - _comments(new_text)
    if dropped:
        say(f"{len(dropped)} comment line(s) of the old spec are not kept")
    # Whole or not at all, and as private as it was: the file holds the encrypted key.
    temporary = path.with_name(path.name + ".discover-tmp")
    temporary.write_text(new_text)
    if path.exists():
        shutil.copymode(path, temporary)
    temporary.replace(path)


def merge_entries(current: Mapping[str, Any], found: Discovered,
                  force: bool) -> tuple[dict[str, dict[str, Entry]], list[str]]:
    """The merged entries by kind, and the entries that would be overwritten (unless
    ``force``): one of the same name that says something else, or one of another name
    that declares the same object."""
    kinds: dict[str, dict[str, Entry]] = {
        kind: {str(name): Entry(dict(inputs)) for name, inputs in
               (current.get(kind) or {}).items()} for kind in KIND_KEYS}
    discovered = found.spec()
    conflicts = []
    for kind, entries in found.kinds.items():
        existing = kinds[kind]
        declared: dict[tuple[Any, ...], list[str]] = {}
        for other, old in existing.items():
            declared.setdefault(identity(kind, old.inputs, current), []).append(other)
        for name, entry in entries.items():
            twins = [other for other in declared.get(identity(kind, entry.inputs, discovered), [])
                     if other != name]
            old_entry = existing.get(name)
            same = old_entry is not None and normalised(kind, old_entry.inputs) == \
                normalised(kind, entry.inputs)
            if (old_entry is not None and not same) or twins:
                conflicts += [f"{kind}.{other}" for other in twins]
                if old_entry is not None and not same:
                    conflicts.append(f"{kind}.{name}")
                if not force:
                    continue
            for other in twins:
                existing.pop(other, None)
            existing[name] = entry
        kinds[kind] = dict(sorted(existing.items()))
    return kinds, ([] if force else conflicts)


def normalised(kind: str, inputs: Mapping[str, Any]) -> Any:
    try:
        return ENTRY_MODELS[kind].model_validate(dict(inputs)).model_dump()
    except ValidationError:
        return dict(inputs)


def identity(kind: str, inputs: Mapping[str, Any], spec: Mapping[str, Any],
             depth: int = 0) -> tuple[Any, ...]:
    """The object an entry declares, as its resource adopts it; a reference stands for the
    identity of the entry it names."""
    values = normalised(kind, inputs)
    if not isinstance(values, dict):
        return (kind, repr(values))
    parts: list[Any] = [kind]
    for key in IDENTITY.get(kind, ()):
        value = values.get(key)
        match = REFERENCE.fullmatch(value) if isinstance(value, str) else None
        target = (spec.get(match["kind"]) or {}).get(match["name"]) if match else None
        if match and isinstance(target, Mapping) and depth < len(KIND_KEYS):
            value = identity(match["kind"], target, spec, depth + 1)
        parts.append(value)
    return tuple(parts)


def with_spec_block(text: str, block: Callable[[int], list[str]]) -> str:
    """``text`` with its ``config:`` entry ``mailgun-infra:spec`` replaced by ``block``
    (the spec's lines at an indent), or added at the end of ``config:``."""
    lines = text.splitlines()
    top = next((i for i, line in enumerate(lines) if re.match(r"config:\s*(\{\s*\})?\s*$",
                                                              line)), None)
    if top is None:
        if any(re.match(r"config:", line) for line in lines):
            raise DiscoverError("the stack file's config: is not a block mapping: write the "
                                "spec with -o FILE and paste it in")
        lines.append("config:")
        top = len(lines) - 1
    lines[top] = "config:"
    end = next((i for i in range(top + 1, len(lines))
                if lines[i].strip() and not lines[i].startswith((" ", "\t", "#"))),
               len(lines))
    keys = [i for i in range(top + 1, end) if re.match(r"\s+[^\s#]", lines[i])]
    indent = min((_indent(lines[i]) for i in keys), default=2)
    own = next((i for i in keys if _indent(lines[i]) == indent
                and re.match(rf"\s*['\"]?{re.escape(SPEC_KEY)}['\"]?:", lines[i])), None)
    new = [f"{' ' * indent}{SPEC_KEY}:", *block(indent + 2)]
    if own is None:
        last = max(keys, default=top)
        # After the last line of the last key's value, before whatever follows config:.
        while last + 1 < end and (not lines[last + 1].strip()
                                  or _indent(lines[last + 1]) > indent):
            last += 1
        lines[last + 1:last + 1] = new
    else:
        stop = next((i for i in range(own + 1, end) if lines[i].strip()
                     and not lines[i].lstrip().startswith("#") and _indent(lines[i]) <= indent),
                    end)
        # Comments right above the next key are that key's.
        while stop - 1 > own and (not lines[stop - 1].strip() or (
                lines[stop - 1].lstrip().startswith("#") and _indent(lines[stop - 1]) <= indent)):
            stop -= 1
        lines[own:stop] = new
    return "\n".join(lines) + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _comments(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip().startswith("#")}
