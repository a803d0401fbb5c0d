"""The declarative stack spec: what a stack's config asks for, validated before any call.

A stack's config carries the spec under ``mailgun-infra:spec``, one map per kind of
resource, keyed by Pulumi resource name; each entry takes its resource's keyword arguments::

    dedicated_ip_pools:
      transactional:
        name: transactional
        ips: [192.0.2.10, 192.0.2.11]
    dynamic_pool_enrollments:
      news:
        domain: news.example.com
        replacement_pool_id: ${dedicated_ip_pools.transactional.pool_id}

A value ``${kind.name.output}`` refers to another resource's output and becomes a Pulumi
dependency, so ``up`` and ``destroy`` run in a valid order. An entry may also say
``protect: true``, Pulumi's protect option: the resource cannot be deleted, by ``destroy``
or by leaving the spec, until the entry says ``protect: false`` again (and ``up`` has
recorded that). A bad spec fails with every problem listed under its path
(``spec.dedicated_ip_pools.transactional.ips``).

A webhook URL with credentials (``https://user:password@host/...``) is a secret, and the
spec is plain text in the stack file: such a URL goes in a secret config value of its own
(``pulumi config set --secret mailgun-infra:bounces-url URL``) and the spec's URL fields
(a Webhook's ``urls`` and ``foreign_urls``, the ``url`` of a DomainWebhookUrl or an
AccountWebhook) name it as ``${secret.bounces-url}``. The program hands every value read
so to its resource as a Pulumi secret. A URL with credentials written in the spec itself
is refused, unless the whole spec is a secret config value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import pulumi
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, create_model
from pydantic_core import ErrorDetails

from .facts import MAX_WEBHOOK_URLS, has_credentials, masked
from .resources import RESOURCES, Inputs, Registered
from .resources._fields import RESOURCE_NAME_CHARACTERS, ResourceName, StrictBool, shown

REFERENCE = re.compile(
    rf"^\$\{{(?P<kind>\w+)\.(?P<name>[{RESOURCE_NAME_CHARACTERS}]+)\.(?P<output>\w+)\}}$")
# A URL kept in a secret config value of the stack: ``${secret.bounces-url}`` is the value
# of ``mailgun-infra:bounces-url``.
SECRET_REFERENCE = re.compile(r"^\$\{secret\.(?P<key>[\w-]+)\}$")
CONFIG_NAMESPACE = "mailgun-infra"
# The fields that take a URL, or a list of URLs, by kind: where ``${secret.KEY}`` may stand.
URL_FIELDS: dict[str, tuple[str, ...]] = {r.key: r.url_fields for r in RESOURCES if r.url_fields}
# A secret config value by its key (without the namespace): the value and whether the stack
# keeps it encrypted; None when the stack has no such key.
SecretLookup = Callable[[str], tuple[str, bool] | None]


def stand_in(key: str) -> str:
    """What a ``${secret.KEY}`` is checked as where the value cannot be read (discover):
    a URL of its own, so the spec's rules still tell two keys apart."""
    return f"https://secret.invalid/{key}"


class Options(BaseModel):
    """What an entry may carry beside its resource's inputs: Pulumi resource options, which
    never reach the provider."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    protect: StrictBool = Field(
        False, description="Pulumi's protect: neither destroy nor leaving the spec deletes "
                           "the resource while it is set.")


OPTIONS = frozenset(Options.model_fields)


@dataclass(frozen=True)
class Kind:
    """One kind of resource the spec can declare, from its registration."""

    key: str
    resource: type[Any]
    # The entry model: the resource's inputs and the options in one strict model, so a
    # misspelt key is refused whichever of the two it was meant for.
    entry: type[Inputs]
    after: tuple[str, ...] = ()


def _kind(registered: Registered) -> Kind:
    entry = cast(type[Inputs], create_model(
        f"{registered.resource.__name__}Entry", __base__=(registered.args, Options),
        __doc__=f"A ``{registered.key}`` entry."))
    return Kind(registered.key, registered.resource, entry, registered.after)


# In dependency order (the registry's): a resource may refer only to kinds listed before
# its own.
KINDS: tuple[Kind, ...] = tuple(_kind(r) for r in RESOURCES)


class SpecError(ValueError):
    """A stack spec that breaks one or more rules; ``problems`` lists each with its path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the stack spec has {len(problems)} problem(s):\n{lines}")


class StackSpec(BaseModel):
    """A valid spec: one field per kind (``KINDS``), each entries by resource name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The URLs that came from secret config (or from a spec that is a secret itself).
    _secret_urls: frozenset[str] = PrivateAttr(default_factory=frozenset)

    def entries(self, key: str) -> dict[str, Any]:
        """The entries of one kind, by resource name."""
        entries: dict[str, Any] = getattr(self, key)
        return entries


# The model a spec is validated with: StackSpec with a field per kind, in the kinds' order.
_SPEC_MODEL: type[StackSpec] = create_model(  # type: ignore[call-overload]
    "StackSpec", __base__=StackSpec,
    **{kind.key: (dict[ResourceName, kind.entry], Field(default_factory=dict))  # type: ignore[name-defined]
       for kind in KINDS})


def parse_spec(raw: Any, secrets: SecretLookup | None = None,
               encrypted: bool = False) -> StackSpec:
    """Validate a spec; raise SpecError naming every problem.

    ``secrets`` reads the ``${secret.KEY}`` values (without it each stands in as
    ``stand_in(KEY)``); ``encrypted`` says the spec itself is a secret config value, where
    a URL with credentials may be written as it is."""
    if raw is None:
        raw = {}
    raw, shown, secret_urls, problems = _resolve_secrets(raw, secrets, encrypted)
    try:
        spec = _parse(raw, problems)
    except SpecError as error:
        raise SpecError([_shown(p, shown) for p in error.problems]) from None
    spec._secret_urls = frozenset(secret_urls)
    return spec


def _shown(problem: str, shown: dict[str, str]) -> str:
    """A problem as people may read it: secret values by their reference, credentials
    masked."""
    for value, reference in sorted(shown.items(), key=lambda item: -len(item[0])):
        problem = problem.replace(value, reference)
    return masked(problem)


def _resolve_secrets(raw: Any, secrets: SecretLookup | None, encrypted: bool,
                     ) -> tuple[Any, dict[str, str], set[str], list[str]]:
    """``raw`` with every ``${secret.KEY}`` of a URL field replaced by its value; the
    reference of each secret value, the secret values, and the problems found."""
    shown: dict[str, str] = {}
    secret_urls: set[str] = set()
    problems: list[str] = []
    if not isinstance(raw, dict):
        return raw, shown, secret_urls, problems

    def resolve(path: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = SECRET_REFERENCE.match(value.strip())
        if match is None:
            if has_credentials(value):
                if encrypted:
                    secret_urls.add(value)
                else:
                    problems.append(
                        f"{path}: {masked(value)} has credentials, and the spec is plain "
                        f"text in the stack file: keep the URL in a secret, `pulumi config "
                        f"set --secret {CONFIG_NAMESPACE}:NAME URL`, and write "
                        "${secret.NAME} here")
            return value
        key = match["key"]
        if secrets is None:
            return stand_in(key)
        found = secrets(key)
        if found is None or not found[1]:
            state = "is not set" if found is None else "is not a secret"
            problems.append(
                f"{path}: {value} names the config value {CONFIG_NAMESPACE}:{key}, which "
                f"{state}: `pulumi config set --secret {CONFIG_NAMESPACE}:{key} URL`")
            return stand_in(key)
        shown[found[0]] = value
        secret_urls.add(found[0])
        return found[0]

    resolved = dict(raw)
    for kind, fields in URL_FIELDS.items():
        entries = resolved.get(kind)
        if not isinstance(entries, dict):
            continue
        resolved[kind] = dict(entries)
        for name, entry in entries.items():
            if not isinstance(entry, dict):
                continue
            entry = dict(entry)
            for field in fields:
                path = f"spec.{kind}.{name}.{field}"
                value = entry.get(field)
                if isinstance(value, list):
                    entry[field] = [resolve(f"{path}[{i}]", v) for i, v in enumerate(value)]
                elif field in entry:
                    entry[field] = resolve(path, value)
            resolved[kind][name] = entry
    return resolved, shown, secret_urls, problems


def _parse(raw: Any, problems: list[str]) -> StackSpec:
    try:
        spec = _SPEC_MODEL.model_validate(raw)
    except ValidationError as error:
        problems = [_problem(item) for item in error.errors()]
        raise SpecError(problems) from None
    problems.extend(_reference_problems(spec))
    problems.extend(_duplicate_keys(spec))
    if problems:
        raise SpecError(problems)
    return spec


def _problem(item: ErrorDetails) -> str:
    """One validation error as ``path: rule``."""
    loc = item["loc"]
    message = str(item["msg"]).removeprefix("Value error, ")
    if loc[-1:] == ("[key]",):
        # A resource name (a key) in brackets: it may be empty, hold a '.', or be no string.
        key = item["input"]
        if not isinstance(key, str):
            message = "must be text: YAML reads an unquoted 1 or true as a number or a " \
                      "boolean; give a name with a letter"
        return f"spec.{'.'.join(str(p) for p in loc[:-2])}[{shown(key)}]: resource name " \
               f"{message}"
    path = ".".join(["spec", *(str(p) for p in loc)])
    if item["type"] == "extra_forbidden":
        message = "unknown key"
    elif item["type"] == "missing":
        message = "is required"
    return f"{path}: {message}"


def _references(args: Inputs) -> list[tuple[str, re.Match[str]]]:
    found = []
    for field, value in args.model_dump().items():
        if isinstance(value, str) and (match := REFERENCE.match(value)):
            found.append((field, match))
    return found


def _outputs(resource: type[Any]) -> set[str]:
    """What a reference may name: the Resource's declared outputs, and those it reads as
    its id (properties, as ``DedicatedIpPool.pool_id``)."""
    declared = set(getattr(resource, "__annotations__", {}))
    return declared | {name for name, value in vars(resource).items()
                       if isinstance(value, property)}


def _reference_problems(spec: StackSpec) -> list[str]:
    problems = []
    earlier: list[Kind] = []
    for kind in KINDS:
        for name, args in spec.entries(kind.key).items():
            for field, match in _references(args):
                path = f"spec.{kind.key}.{name}.{field}"
                target = next((k for k in earlier if k.key == match["kind"]), None)
                if target is None:
                    allowed = ", ".join(k.key for k in earlier) or "nothing"
                    problems.append(f"{path}: may refer to {allowed}, not '{match['kind']}'")
                elif match["name"] not in spec.entries(target.key):
                    problems.append(f"{path}: no {target.key} named '{match['name']}'")
                elif match["output"] not in _outputs(target.resource):
                    problems.append(
                        f"{path}: {target.resource.__name__} has no output '{match['output']}'")
        earlier.append(kind)
    return problems


# One owner per object: two entries of one kind with the same value here would manage one
# Mailgun object (or, for names Mailgun does not make unique, adopt one), each undoing the
# other's writes. Domain names and IPs are compared in the one form their fields give them
# (a domain in lower case, an IP canonical: ``facts.canonical_ip``); a subaccount by its
# id, or by the same ``${subaccounts.NAME.subaccount_id}``.
NATURAL_KEYS = {r.key: r.unique_by for r in RESOURCES if r.unique_by is not None}
# Kinds of which an account has one object: a second entry would fight the first.
ONE_PER_ACCOUNT = {r.key: r.one_per_account for r in RESOURCES if r.one_per_account}


def _duplicate_keys(spec: StackSpec) -> list[str]:
    problems = []
    for kind, key in NATURAL_KEYS.items():
        seen: dict[str, str] = {}
        for name, args in spec.entries(kind).items():
            value = getattr(args, key)
            if value in seen:
                shown = "none (the account's)" if value is None else f"'{value}'"
                problems.append(f"spec.{kind}.{name}.{key}: {shown} is also the {key} of "
                                f"{seen[value]}; each must be unique")
            seen.setdefault(value, name)
    problems.extend(_webhook_url_problems(spec))
    for kind, what in ONE_PER_ACCOUNT.items():
        if len(spec.entries(kind)) > 1:
            names = ", ".join(sorted(spec.entries(kind)))
            problems.append(f"spec.{kind}: {names} all declare the account's one {what}; "
                            "declare it once")
    return problems


def _webhook_url_problems(spec: StackSpec) -> list[str]:
    """One owner per URL of a domain, and at most 3 URLs per event, v3 and v4 together.

    A DomainWebhookUrl owns its URL on every event of the domain (its PUT replaces the
    URL's events), so a Webhook listing the same URL, on any event, would fight it.
    """
    problems = []
    owners: dict[tuple[str, str], str] = {}
    per_event: dict[tuple[str, str], set[str]] = {}
    for name, entry in spec.entries("domain_webhook_urls").items():
        path = f"spec.domain_webhook_urls.{name}"
        if (entry.domain, entry.url) in owners:
            problems.append(f"{path}.url: '{entry.url}' of {entry.domain} is also the url "
                            f"of {owners[entry.domain, entry.url]}; each must be unique")
        owners.setdefault((entry.domain, entry.url), name)
        for event in entry.event_types:
            per_event.setdefault((entry.domain, event), set()).add(entry.url)
    for name, hook in spec.entries("webhooks").items():
        for url in hook.urls:
            if (hook.domain, url) in owners:
                problems.append(
                    f"spec.webhooks.{name}.urls: '{url}' of {hook.domain} is managed by "
                    f"domain_webhook_urls.{owners[hook.domain, url]}, on all its events: "
                    "list the event in its event_types instead")
        if (hook.domain, hook.event) in per_event:
            per_event[hook.domain, hook.event].update(hook.urls, hook.foreign_urls)
    for (domain, event), urls in sorted(per_event.items()):
        if len(urls) > MAX_WEBHOOK_URLS:
            problems.append(f"spec.domain_webhook_urls: the {event} event of {domain} would "
                            f"have {len(urls)} URLs, webhooks and domain_webhook_urls "
                            f"together; Mailgun takes {MAX_WEBHOOK_URLS}")
    return problems


def _foreign_urls(spec: StackSpec, hook: Any) -> list[str]:
    """A webhook's foreign URLs: the spec's DomainWebhookUrls on its domain and event, and
    those its entry names (managed by another stack)."""
    managed = {entry.url for entry in spec.entries("domain_webhook_urls").values()
               if entry.domain == hook.domain and hook.event in entry.event_types}
    return sorted(managed | set(hook.foreign_urls))


def _secret_if_from_secrets(spec: StackSpec, value: Any) -> Any:
    """A URL, or a list of URLs, as a Pulumi secret when one came from a secret."""
    urls = value if isinstance(value, list) else [value]
    if any(url in spec._secret_urls for url in urls):
        return pulumi.Output.secret(value)
    return value


def build(spec: StackSpec) -> dict[str, dict[str, Any]]:
    """Declare the spec's resources; returns them by kind and resource name."""
    made: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        made[kind.key] = {}
        for name, entry in spec.entries(kind.key).items():
            kwargs = entry.model_dump(exclude=OPTIONS)
            if kind.key == "webhooks":
                kwargs["foreign_urls"] = _foreign_urls(spec, entry)
            for field in URL_FIELDS.get(kind.key, ()):
                kwargs[field] = _secret_if_from_secrets(spec, kwargs[field])
            for field, match in _references(entry):
                kwargs[field] = getattr(made[match["kind"]][match["name"]], match["output"])
            depends_on = [r for key in kind.after for r in made[key].values()]
            opts = pulumi.ResourceOptions(protect=entry.protect, depends_on=depends_on or None)
            made[kind.key][name] = kind.resource(name, **kwargs, opts=opts)
    return made
