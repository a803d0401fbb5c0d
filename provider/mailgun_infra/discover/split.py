"""One account as several stacks: the engine rewrites a stack's whole state after each
step, so an ``up`` costs the square of the stack's size, and a large account is cheaper as
many small stacks than as one.

The parts, each a stack of at most ``max_objects`` objects and ``max_domains`` domains:

- ``account`` (then ``account-2``, ...): what belongs to the whole account: DIPPs, warmups,
  dynamic pool memberships, account webhooks, the signing key, the account's spillover,
  and, unless split by subaccount, the subaccounts and what refers to them;
- ``subaccount-<name>``, split by subaccount: a subaccount with its sending limit, its IP
  link and the delegations to it;
- ``domains-01``, ``domains-02``, ...: whole domains (a domain's assignments, enrollment,
  spillover and webhooks are never apart), filled in the order of their names.

A domain or subaccount that a stack already declares stays in that stack (``placed``): a
protected object leaves a stack only by hand, so a new run must not move it.

A reference to an object of another part becomes that object's Mailgun id, with a note:
each stack then previews, updates and drifts alone, with no read of another stack's state
and no order between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..spec import REFERENCE, SECRET_REFERENCE, URL_FIELDS
from .entries import KIND_KEYS, Discovered, DiscoverError, Entry

ACCOUNT = "account"
# Objects a stack: the engine rewrites the state after each step, so a stack's `up` grows
# as its size squared; 500 at 150 ms a call takes under half a minute of engine on two
# cores (BENCHMARKS.md).
MAX_OBJECTS = 500
# Domains a stack: every preview, refresh, drift check and adopting `up` lists each
# domain's webhooks once, on the domains API's 300 calls a minute an account. At 250 a
# stack that takes under a minute even when the stack before it used up the minute.
MAX_DOMAINS = 250
DOMAINS = "domains"
SUBACCOUNT = "subaccount"
SPLITS = ("domain", "subaccount")
# The kinds that name the subaccount they belong to, by the field that names it.
SUBACCOUNT_FIELDS = {"subaccount_sending_limits": "subaccount_id",
                     "subaccount_ip_links": "subaccount_id",
                     "dedicated_ip_pool_delegations": "subaccount_id"}

Key = tuple[str, str]  # (kind, spec name)


@dataclass
class Part:
    """One stack's share: its name after the prefix, and the entries it declares."""

    name: str
    found: Discovered


def group_of(kind: str, name: str, entry: Entry, by: str) -> str:
    """The group an entry moves with: ``domain:<domain>``, ``subaccount:<its spec name>``
    (split by subaccount), else ``account:<kind>/<name>``, the object alone."""
    domain = entry.inputs.get("domain")
    if domain and kind != "account_webhooks":
        return f"domain:{domain}"
    if by == "subaccount":
        if kind == "subaccounts":
            return f"subaccount:{name}"
        field = SUBACCOUNT_FIELDS.get(kind)
        match = REFERENCE.fullmatch(str(entry.inputs.get(field) or "")) if field else None
        if match and match["kind"] == "subaccounts":
            return f"subaccount:{match['name']}"
    return f"{ACCOUNT}:{kind}/{name}"


def placed_groups(specs: Mapping[str, Mapping[str, Any]], by: str) -> dict[str, str]:
    """The part that declares each group, from the specs of the parts' stacks by part."""
    placed: dict[str, str] = {}
    for part, spec in sorted(specs.items()):
        for kind in KIND_KEYS:
            for name, inputs in (spec.get(kind) or {}).items():
                if isinstance(inputs, Mapping):
                    placed.setdefault(group_of(kind, str(name), Entry(dict(inputs)), by), part)
    return placed


def split(found: Discovered, max_objects: int, by: str = "domain",
          placed: Mapping[str, str] | None = None,
          max_domains: int = MAX_DOMAINS) -> list[Part]:
    """``found`` as parts of at most ``max_objects`` objects and ``max_domains`` domains
    each; ``placed`` gives the part that already declares a group (see ``group_of``),
    where it stays."""
    if max_objects < 1:
        raise DiscoverError("--max-objects must be at least 1")
    if max_domains < 1:
        raise DiscoverError("--max-domains must be at least 1")
    if by not in SPLITS:
        raise DiscoverError(f"split by {' or '.join(SPLITS)}, not {by}")
    placed = dict(placed or {})
    groups: dict[str, list[Key]] = {}
    for kind in KIND_KEYS:
        for name, entry in found.kinds[kind].items():
            groups.setdefault(group_of(kind, name, entry, by), []).append((kind, name))
    for group, keys in groups.items():
        if len(keys) > max_objects:
            raise DiscoverError(f"{group} has {len(keys)} objects, more than --max-objects "
                                f"{max_objects}: raise it")
    parts: dict[str, list[Key]] = {}
    # The account's objects, in the spec's order: they depend on one another only.
    _pack([g for g in groups if g.startswith(f"{ACCOUNT}:")], groups, parts, placed,
          max_objects, lambda n: ACCOUNT if n == 1 else f"{ACCOUNT}-{n}", max_groups=None)
    for group in sorted(g for g in groups if g.startswith("subaccount:")):
        name = placed.get(group) or f"{SUBACCOUNT}-{group.split(':', 1)[1]}"
        parts.setdefault(name, []).extend(groups[group])
    _pack(sorted(g for g in groups if g.startswith("domain:")), groups, parts, placed,
          max_objects, lambda n: f"{DOMAINS}-{n:02d}", max_groups=max_domains)
    where = {key: part for part, members in parts.items() for key in members}
    return [Part(name, _part(found, name, keys, where)) for name, keys in parts.items()]


def _pack(order: list[str], groups: Mapping[str, list[Key]], parts: dict[str, list[Key]],
          placed: Mapping[str, str], max_objects: int, part_name: Callable[[int], str],
          max_groups: int | None) -> None:
    """The groups ``order`` into ``parts``: each where a stack declares it already, the
    others into the first part named ``part_name(n)`` with room for its objects (and,
    given ``max_groups``, for one more group), else a new one."""
    fresh = []
    held: dict[str, int] = {}  # groups a part holds
    for group in order:
        part = placed.get(group)
        if part is None:
            fresh.append(group)
        else:
            parts.setdefault(part, []).extend(groups[group])
            held[part] = held.get(part, 0) + 1
    number = 0
    for group in fresh:
        keys = groups[group]
        while True:
            number = max(number, 1)
            name = part_name(number)
            if (len(parts.get(name, [])) + len(keys) <= max_objects
                    and (max_groups is None or held.get(name, 0) < max_groups)):
                break
            number += 1
        parts.setdefault(name, []).extend(keys)
        held[name] = held.get(name, 0) + 1


def _part(found: Discovered, name: str, keys: Iterable[Key],
          where: Mapping[Key, str]) -> Discovered:
    """The entries ``keys`` as a Discovered of their own; each reference to an entry of
    another part (``where`` says which part each entry is in) replaced by the Mailgun id
    the reference stands for."""
    urls = found.secrets.values()
    own = Discovered(found.source)
    if name == ACCOUNT:  # the remarks on what is left out, once
        own.remarks = {kind: list(lines) for kind, lines in found.remarks.items()}
    for kind, entry_name in keys:
        entry = found.kinds[kind][entry_name]
        copy = Entry(dict(entry.inputs), dict(entry.notes))
        for field, value in entry.inputs.items():
            match = REFERENCE.fullmatch(value) if isinstance(value, str) else None
            if match is None or where.get((match["kind"], match["name"])) == name:
                continue
            target = (match["kind"], match["name"])
            if target not in where:
                continue  # not declared at all: parse_spec said so already
            object_id = found.ids.get(match["kind"], {}).get(match["name"])
            if object_id is None:
                raise DiscoverError(f"no Mailgun id for {match['kind']}.{match['name']}: "
                                    "please report this")
            copy.inputs[field] = object_id
            copy.notes[field] = (f"{match['kind']}.{match['name']} is declared in stack "
                                 f"part '{where[target]}': its id as it is.")
        _carry_secrets(urls, own, kind, copy)
        own.kinds[kind][entry_name] = copy
    own.kinds = {kind: dict(sorted(entries.items())) for kind, entries in own.kinds.items()}
    return own


def _carry_secrets(urls: Mapping[str, str], own: Discovered, kind: str, entry: Entry) -> None:
    """The URLs with credentials (``urls``, by key) that ``entry`` names, kept by ``own``
    under the same keys."""
    for field in URL_FIELDS.get(kind, ()):
        value: Any = entry.inputs.get(field)
        for item in value if isinstance(value, list) else [value]:
            match = SECRET_REFERENCE.fullmatch(item) if isinstance(item, str) else None
            if match and match["key"] in urls:
                own.secrets.keys[urls[match["key"]]] = match["key"]
