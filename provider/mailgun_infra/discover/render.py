"""Writing what discover found: the spec as YAML lines (as the dev stack writes it), or the
same objects as a Pulumi program."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

import yaml

from ..spec import CONFIG_NAMESPACE, KINDS, OPTIONS, REFERENCE, SECRET_REFERENCE
from .entries import KIND_KEYS, Discovered, Entry


def header(source: str) -> list[str]:
    return [
        f"The Mailgun account at {source}, as `mailgun-infra discover` read it.",
        "adopt: true: the first `up` takes each object over, with no write where it matches.",
        "protect: true: nothing deletes it; set protect: false and run `up` to release it.",
        "Lines marked REVIEW are choices Mailgun does not store: check them before `up`.",
    ]


def render_yaml(kinds: Mapping[str, Mapping[str, Entry]], remarks: Mapping[str, list[str]],
                top: list[str], indent: int = 0) -> list[str]:
    """The spec as YAML lines at ``indent``: kinds in dependency order, objects by name,
    each input on its line after its note; lists in flow style, as the dev stack has them."""
    pad = " " * indent
    lines = [line for text in top for line in comment(text, indent)]
    for kind in KIND_KEYS:
        lines += [line for remark in remarks.get(kind, []) for line in comment(remark, indent)]
        entries = kinds.get(kind) or {}
        if not entries:
            continue
        lines.append(f"{pad}{kind}:")
        for name, entry in entries.items():
            lines.append(f"{pad}  {yaml_scalar(name)}:")
            for key, value in entry.inputs.items():
                lines += comment(entry.notes.get(key), indent + 4)
                lines.append(f"{pad}    {key}: {yaml_value(value)}")
    if not any(kinds.get(kind) for kind in KIND_KEYS):
        lines.append(f"{pad}{{}}")
    return lines


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return yaml_scalar(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "[" + ", ".join(yaml_scalar(v, flow=True) for v in value) + "]"
    return json.dumps(value)  # JSON is YAML too: any other shape reads back as it is


# Characters of a plain scalar that no YAML reader takes for syntax, in block or flow
# context; anything else is written double-quoted.
_PLAIN = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9 _./:@%+=?&~-]*")
# Numbers of YAML 1.2 (Pulumi's reader) that PyYAML's 1.1 rules read as strings.
_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+")


def yaml_scalar(text: str, flow: bool = False) -> str:
    """``text`` plain where every YAML reader reads it back as this string (in a flow
    list, with ``flow``), else quoted."""
    plain = (_PLAIN.fullmatch(text) is not None and not text.endswith((" ", ":"))
             and ": " not in text and not _NUMBER.fullmatch(text)) or \
        (REFERENCE.fullmatch(text) is not None and not flow)
    if plain:
        try:
            if (yaml.safe_load(f"[{text}]") == [text] if flow else
                    yaml.safe_load(text) == text):
                return text
        except yaml.YAMLError:
            pass  # not plain after all
    return json.dumps(text)


def render_python(found: Discovered) -> str:
    """The same objects as a Pulumi program: one declaration each, references by the
    outputs' names (``pool.pool_id``), adopt and protect set, the spec's ordering kept with
    ``depends_on``."""
    top = header(found.source)
    blocks = ['"""' + "\n".join([top[0], "", *top[1:]]) + '\n"""',
              "import mailgun_infra\nimport pulumi"]
    dependencies = {key for kind in KINDS for key in kind.after if found.kinds.get(kind.key)}
    for kind in KINDS:
        entries = found.kinds.get(kind.key) or {}
        remarks = [line for remark in found.remarks.get(kind.key) or []
                   for line in comment(remark, 0)]
        if remarks:
            blocks.append("\n".join(remarks))
        for name, entry in entries.items():
            lines = [f"{python_name(kind.key, name)} = mailgun_infra."
                     f"{kind.resource.__name__}(", f"    {name!r},"]
            for key, value in entry.inputs.items():
                if key in OPTIONS:
                    continue
                lines += comment(entry.notes.get(key), 4)
                lines.append(f"    {key}={python_value(value)},")
            options = [f"protect={bool(entry.inputs.get('protect'))}"]
            if kind.after:
                after = [f"*{key}" for key in kind.after]
                options.append(f"depends_on=[{', '.join(after)}]")
            lines += [f"    opts=pulumi.ResourceOptions({', '.join(options)}),", ")"]
            blocks.append("\n".join(lines))
        if kind.key in dependencies:
            members = ", ".join(python_name(kind.key, name) for name in entries)
            blocks.append(f"{kind.key}: list[pulumi.Resource] = [{members}]")
    return "\n\n".join(blocks) + "\n"


def comment(text: str | None, indent: int, width: int = 92) -> list[str]:
    """``text`` as comment lines at ``indent``, none longer than ``width``."""
    if not text:
        return []
    pad = " " * indent
    return [f"{pad}# {line}" for line in textwrap.wrap(text, width - indent - 2)]


# Variable names of the program, by kind: ``pool_transactional``.
PYTHON_PREFIXES = {
    "subaccounts": "subaccount", "dedicated_ip_pools": "pool", "ip_warmups": "warmup",
    "dynamic_pool_memberships": "membership", "dynamic_pool_enrollments": "enrollment",
    "domain_ip_assignments": "assignment", "subaccount_ip_links": "ip_link",
    "dedicated_ip_pool_delegations": "delegation", "webhooks": "webhook",
    "account_webhooks": "account_webhook", "subaccount_sending_limits": "sending_limit",
    "dipp_spillovers": "spillover", "ip_bands": "band", "http_signing_keys": "signing_key",
    "domain_webhook_urls": "webhook_url", "account_sending_limits": "account_limit",
}


def python_name(kind: str, name: str) -> str:
    return f"{PYTHON_PREFIXES[kind]}_{name.replace('-', '_')}"


def python_value(value: Any) -> str:
    if isinstance(value, list) and any(isinstance(v, str) and SECRET_REFERENCE.fullmatch(v)
                                       for v in value):
        return "[" + ", ".join(python_value(v) for v in value) + "]"
    if isinstance(value, str) and (match := SECRET_REFERENCE.fullmatch(value)):
        return f"pulumi.Config({CONFIG_NAMESPACE!r}).require_secret({match['key']!r})"
    if isinstance(value, str) and (match := REFERENCE.fullmatch(value)):
        target = python_name(match["kind"], match["name"])
        return f"{target}.{match['output']}"
    return repr(value)
