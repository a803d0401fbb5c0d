"""``mailgun-infra discover``: an existing Mailgun account, written as a spec that adopts it.

    mailgun-infra discover [--region us|eu | --api-url URL] [-o FILE | --stack NAME [--force]]
        [--only KIND[,KIND]] [--domain DOMAIN]... [--format yaml|python] [--cwd DIR] [-q]
    python -m mailgun_infra.discover ...   (the same)

It reads the account, with GETs only, and writes every object the ten resources would
manage there in the format of a stack's ``mailgun-infra:spec`` (kinds, then objects by
name): to stdout, to ``-o FILE``, or merged into the config file of ``--stack NAME``, where
an entry of the same name that says something else is replaced only with ``--force``
(comments inside an existing spec are not kept). ``--format python`` writes the same
objects as a Pulumi program instead.

- Every object carries ``adopt: true``, so the first ``up`` takes it over without a write,
  and ``protect: true``, so nothing deletes it until the entry says ``protect: false``.
- An object that refers to another one the spec declares does so with a reference
  (``${dedicated_ip_pools.transactional.pool_id}``), not with a copy of its id.
- Names come from Mailgun's names (a DIPP's, a domain's, an IP's), made to fit the spec's
  names; objects whose names collide get a suffix computed from their Mailgun id, so the
  same account always gives the same names.
- Mailgun does not store what a domain falls back to when it leaves a DIPP or the dynamic
  pools: discover picks ``shared`` where the account has shared IPs, else a dedicated IP
  in no pool, and marks the choice REVIEW.
- DIPPs inherited from a parent account, which only the parent may change, are named in a
  comment and left out; so is anything the resources cannot declare.
- A webhook URL with credentials is never written out: the spec names a secret config
  value instead (``${secret.webhook-url-...}``, see ``secret_urls``), which ``--stack``
  stores encrypted in the stack; elsewhere a REVIEW line says how to set it.

It only reads, so a read-only key will do and is taken first: ``MAILGUN_READ_API_KEY``,
else ``MAILGUN_API_KEY``, else the ``mailgun:readApiKey``, then the ``mailgun:apiKey``, of
``--stack`` (read with ``pulumi config get``, which needs the stack's passphrase); the key is
never shown.
Exit codes: 0 done; 1 an error, told in one line on stderr; 2 a usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sys
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .client import (
    APIError,
    MailgunClient,
    MailgunError,
    NotFound,
    RouteNotFound,
    TransportError,
    Unauthorized,
    default_retry,
)
from .config import ProviderSettings
from .facts import SUBACCOUNT_FEATURES, WEBHOOK_EVENTS, has_credentials, masked
from .resources._base import RETRY_BACKOFF
from .resources._fields import MAX_RESOURCE_NAME, canonical_ips, reads_as_text
from .secret_urls import SecretUrls, store_in_stack, without_credentials
from .spec import (
    CONFIG_NAMESPACE,
    KINDS,
    NATURAL_KEYS,
    OPTIONS,
    REFERENCE,
    SECRET_REFERENCE,
    URL_FIELDS,
    SpecError,
    parse_spec,
)

SPEC_KEY = "mailgun-infra:spec"
KIND_KEYS = tuple(kind.key for kind in KINDS)
ENTRY_MODELS = {kind.key: kind.entry for kind in KINDS}
# The kinds whose objects belong to one domain: ``--domain`` narrows these.
DOMAIN_KINDS = frozenset({"domain_ip_assignments", "dynamic_pool_enrollments", "webhooks",
                          "dipp_spillovers"})
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
    "dipp_spillovers": ("domain",),
    "ip_bands": ("ip",),
    "http_signing_keys": (),
    # Not written: Mailgun's lists do not tell a v4 URL from a v3 one (see _webhooks).
    "domain_webhook_urls": ("domain", "url"),
}
# The output a reference names, by the kind it points at; each repeats the resource's id.
ID_OUTPUTS = {"subaccounts": "subaccount_id", "dedicated_ip_pools": "pool_id",
              "account_webhooks": "webhook_id"}
ADOPTED = {"adopt": True, "protect": True}
REVIEW = "REVIEW: "
# Pages of the lists discover reads alone, at the most each document allows or a size that
# keeps pages few.
DOMAINS_PAGE = "1000"
WARMUPS_PAGE = "100"
# A line of progress for every this many domains whose webhooks are read.
PROGRESS_EVERY = 50

Say = Callable[[str], None]


class DiscoverError(Exception):
    """A failure told in one line the user can act on."""


@dataclass
class Entry:
    """One object to declare: its inputs in the order a reader wants them, and a comment
    for some of them."""

    inputs: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Discovered:
    """What discover found: entries by kind and name, and remarks on what it left out."""

    source: str
    kinds: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {key: {} for key in KIND_KEYS})
    remarks: dict[str, list[str]] = field(
        default_factory=lambda: {key: [] for key in KIND_KEYS})
    # Webhook URLs with credentials, kept out of the entries, which name their keys.
    secrets: SecretUrls = field(default_factory=SecretUrls)

    def spec(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The plain spec: kinds with objects only."""
        return {kind: {name: dict(entry.inputs) for name, entry in entries.items()}
                for kind, entries in self.kinds.items() if entries}

    def count(self) -> int:
        return sum(len(entries) for entries in self.kinds.values())


class AccountReader(MailgunClient):
    """The client, with the two documented lists that only discover reads."""

    def list_domains(self) -> list[dict[str, Any]]:
        """``GET /v4/domains``, every page: the account's own domains (a subaccount's are
        listed only on request, and belong to the subaccount)."""
        return self._skip_pages("/v4/domains", {"limit": DOMAINS_PAGE}, "items",
                                "total_count")

    def list_ip_warmups(self) -> list[dict[str, Any]]:
        """``GET /v3/ip_warmups``, every page: the IPs whose warmup plan is running."""
        return [item for items in self._token_pages("/v3/ip_warmups",
                                                     {"limit": WARMUPS_PAGE}, "items")
                for item in items]


# -- reading the account -------------------------------------------------------------------

def discover(reader: AccountReader, *, only: Iterable[str] = KIND_KEYS,
             domains: Iterable[str] = (), say: Say = lambda _: None) -> Discovered:
    """Read the account behind ``reader`` into entries of the kinds ``only``; ``domains``,
    when given, narrows the kinds of one domain to those domains."""
    found = _Discovery(reader, frozenset(only), {d.lower() for d in domains}, say).run()
    try:
        parse_spec(found.spec())
    except SpecError as error:
        raise DiscoverError(f"the discovered spec is not valid ({'; '.join(error.problems)})"
                            ": please report this") from None
    return found


class _Discovery:
    """One run of discover: the account's lists, read once each, and the entries made of
    them, kind by kind, targets of references first."""

    def __init__(self, reader: AccountReader, only: frozenset[str], domains: set[str],
                 say: Say) -> None:
        self.reader = reader
        self.only = only
        self.wanted_domains = domains
        self.say = say
        self.found = Discovered(reader.base_url)
        # Spec names of the declared targets of references, by Mailgun id.
        self.pool_names: dict[str, str] = {}
        self.subaccount_names: dict[str, str] = {}

    def run(self) -> Discovered:
        self._read_basics()
        self._subaccounts()
        self._subaccount_sending_limits()
        self._dedicated_ip_pools()
        self._dipp_spillovers()
        self._ip_warmups()
        self._ip_bands()
        self._dynamic_pool_memberships()
        self._dynamic_pool_enrollments()
        self._domain_ip_assignments()
        self._subaccount_ip_links()
        self._dedicated_ip_pool_delegations()
        self._webhooks()
        self._account_webhooks()
        self._http_signing_keys()
        return self.found

    # -- what every kind may need -------------------------------------------------------

    def _read_basics(self) -> None:
        reader = self.reader
        self.domains = sorted({str(d["name"]).lower() for d in reader.list_domains()})
        self.say(f"{len(self.domains)} domains in the account")
        unknown = sorted(self.wanted_domains - set(self.domains))
        if unknown:
            raise DiscoverError(f"not a domain of this account: {', '.join(unknown)}")
        self.scope = sorted(self.wanted_domains) if self.wanted_domains else self.domains
        dedicated = reader.list_ips(dedicated=True)
        self.dedicated = canonical_ips(dedicated.get("items") or [])
        self.warming = set(canonical_ips(str(d.get("ip")) for d in dedicated.get("details") or []
                                         if d.get("is_on_warmup")))
        self.has_shared_ips = bool(reader.list_ips(dedicated=False).get("items"))
        self.pools = self._optional("dedicated_ip_pools", "DIPPs", reader.list_ip_pools, [])
        self.dynamic: dict[str, list[str]] = self._optional(
            "dynamic_pool_memberships", "dynamic IP pools", reader.list_dynamic_pools, {})
        self.subaccounts = [s for s in self._optional(
            "subaccounts", "subaccounts", reader.list_subaccounts, [])
            if s.get("status") in ("open", "disabled")]

    def _optional(self, kind: str, feature: str, read: Callable[[], Any], none: Any) -> Any:
        """A read that a 403 (a feature the account lacks) turns into ``none``."""
        try:
            return read()
        except Unauthorized as error:
            if error.status != 403:
                raise
            if self.wants(kind):
                self.found.remarks[kind].append(
                    f"Not read: the account has no access to {feature} ({error.message}).")
            return none

    def _add(self, kind: str, objects: Iterable[tuple[str, str, Entry]]) -> dict[str, str]:
        """Name the objects, given as (Mailgun id, readable base, entry), keep those whose
        inputs are valid, and return their names by Mailgun id."""
        objects = self._without_twins(kind, list(objects))
        names = unique_names((key, base) for key, base, _ in objects)
        kept: dict[str, str] = {}
        model = ENTRY_MODELS[kind]
        for key, _, entry in objects:
            name = names[key]
            entry.inputs.update(ADOPTED)
            try:
                model.model_validate(entry.inputs)
            except ValidationError as error:
                problem = error.errors()[0]
                where = ".".join(str(p) for p in problem["loc"])
                self.found.remarks[kind].append(masked(
                    f"Left out {name}: {where}: {str(problem['msg']).removeprefix('Value error, ')}"
                    " (the resource cannot declare it as Mailgun has it)."))
                continue
            self._keep_secret(kind, entry)
            self.found.kinds[kind][name] = entry
            kept[key] = name
        self.found.kinds[kind] = dict(sorted(self.found.kinds[kind].items()))
        if objects:
            self.say(f"{len(kept)} {kind}")
        return kept

    def _without_twins(self, kind: str, objects: list[tuple[str, str, Entry]],
                       ) -> list[tuple[str, str, Entry]]:
        """The objects but those sharing the key the resource adopts by, which Mailgun
        does not keep unique (a DIPP's name, say): none of them could be adopted."""
        key = NATURAL_KEYS.get(kind)
        if key is None:
            return objects
        counts = Counter(entry.inputs.get(key) for _, _, entry in objects)
        for value in sorted(str(v) for v, n in counts.items() if n > 1):
            self.found.remarks[kind].append(masked(
                f"Left out: {counts[value]} objects have the {key} '{value}', which the "
                "resource adopts by: rename all but one in Mailgun, then run discover again."))
        return [o for o in objects if counts[o[2].inputs.get(key)] == 1]

    def _keep_secret(self, kind: str, entry: Entry) -> None:
        """Each URL with credentials of a valid entry replaced by a reference to the secret
        config value that is to hold it, with a note saying which URL it is."""
        for name in URL_FIELDS.get(kind, ()):
            value = entry.inputs.get(name)
            urls = [str(url) for url in (value if isinstance(value, list) else [value])]
            secret = [url for url in urls if has_credentials(url)]
            if not secret:
                continue
            shown = [self.found.secrets.stand_for(url) for url in urls]
            entry.inputs[name] = shown if isinstance(value, list) else shown[0]
            keys = [f"{CONFIG_NAMESPACE}:{self.found.secrets.key_for(url)}" for url in secret]
            entry.notes[name] = (
                f"{REVIEW}{', '.join(masked(url) for url in secret)} has credentials: kept in "
                f"the secret config {', '.join(keys)}. With --stack, discover stores it, "
                "encrypted; else set it: `pulumi config set --secret KEY URL`.")

    def _reference(self, kind: str, object_id: str, label: str,
                   entry: Entry, field_name: str) -> str:
        """A reference to a declared object, else its id, with a note saying why."""
        names = self.pool_names if kind == "dedicated_ip_pools" else self.subaccount_names
        name = names.get(object_id)
        if name is not None:
            return f"${{{kind}.{name}.{ID_OUTPUTS[kind]}}}"
        entry.notes[field_name] = f"{label} is not declared in this spec: its id as it is."
        return object_id

    def _replacement(self) -> tuple[str, str]:
        """What a domain may fall back to, and why that: ``shared`` when the account has
        shared IPs, else a dedicated IP in no pool (one not warming, if any)."""
        if self.has_shared_ips:
            return "shared", "the account has shared IPs"
        pooled = set(canonical_ips([*(ip for pool in self.pools for ip in pool.get("ips") or []),
                                    *(ip for ips in self.dynamic.values() for ip in ips)]))
        free = sorted((ip for ip in self.dedicated if ip not in pooled),
                      key=lambda ip: ip in self.warming)
        if free:
            return free[0], "a dedicated IP in no pool; the account lists no shared IP"
        return "shared", ("the account lists no shared IP and no dedicated IP outside the "
                          "pools: Mailgun may refuse shared, set an IP")

    def _fallback_note(self, what: str) -> tuple[str, str]:
        value, why = self._replacement()
        return value, (f"{REVIEW}what the domain falls back to on leaving {what}; Mailgun "
                       f"does not store it. {value}: {why}.")

    def wants(self, kind: str) -> bool:
        return kind in self.only

    # -- the kinds, targets of references first ------------------------------------------

    def _subaccounts(self) -> None:
        if not self.wants("subaccounts"):
            return
        self.subaccount_names = self._add("subaccounts", (
            (str(s["id"]), str(s["name"]), _subaccount_entry(s)) for s in self.subaccounts))

    def _subaccount_sending_limits(self) -> None:
        if not self.wants("subaccount_sending_limits"):
            return
        objects = []
        for sub in self.subaccounts:
            try:
                limit = self.reader.get_subaccount_monthly_limit(str(sub["id"]))
            except NotFound:  # no custom limit set
                continue
            entry = Entry({"subaccount_id": "", "limit": limit.get("limit")})
            entry.inputs["subaccount_id"] = self._reference(
                "subaccounts", str(sub["id"]), f"subaccount '{sub.get('name')}'", entry,
                "subaccount_id")
            objects.append((str(sub["id"]), str(sub.get("name")), entry))
        self._add("subaccount_sending_limits", objects)

    def _dedicated_ip_pools(self) -> None:
        if not self.wants("dedicated_ip_pools"):
            return
        objects = []
        for pool in self.pools:
            if pool.get("is_inherited"):
                self.found.remarks["dedicated_ip_pools"].append(
                    f"Not declared: DIPP '{pool.get('name')}' ({pool.get('pool_id')}) is "
                    "inherited from the parent account, which alone can change it.")
                continue
            entry = Entry({"name": pool.get("name"), "description": pool.get("description"),
                           "ips": canonical_ips(pool.get("ips") or [])})
            if not str(pool.get("description") or "").strip():
                entry.inputs["description"] = f"{pool.get('name')} (no description in Mailgun)"
                entry.notes["description"] = (f"{REVIEW}Mailgun has no description for this "
                                              "DIPP and the spec needs one: up will set it.")
            objects.append((str(pool["pool_id"]), str(pool.get("name")), entry))
        self.pool_names = self._add("dedicated_ip_pools", objects)

    def _dipp_spillovers(self) -> None:
        if not self.wants("dipp_spillovers") or not self.pools:
            return
        objects = []
        # The account's setting is outside --domain's reach: read it only for the whole account.
        scopes: list[str | None] = [*([] if self.wanted_domains else [None]), *self.scope]
        for done, domain in enumerate(scopes, start=1):
            pool_id = self.reader.get_dipp_spillover(domain)
            if pool_id is None:
                continue
            pool_name = next((str(p.get("name")) for p in self.pools
                              if str(p.get("pool_id")) == pool_id), pool_id)
            entry = Entry({"pool_id": ""} if domain is None else {"domain": domain,
                                                                   "pool_id": ""})
            entry.inputs["pool_id"] = self._reference(
                "dedicated_ip_pools", pool_id, f"DIPP '{pool_name}'", entry, "pool_id")
            objects.append((domain or "", domain or "account", entry))
            if done % PROGRESS_EVERY == 0:
                self.say(f"read the spillover of {done} of {len(scopes)} domains")
        self._add("dipp_spillovers", objects)

    def _ip_bands(self) -> None:
        if self.wants("ip_bands"):
            self.found.remarks["ip_bands"].append(
                "Not read: Mailgun has no call that shows an IP's band. Declare the bands "
                "you know; their first up sets them again.")

    def _ip_warmups(self) -> None:
        if not self.wants("ip_warmups"):
            return
        ips = canonical_ips(str(w["ip"]) for w in self.reader.list_ip_warmups())
        self._add("ip_warmups", ((ip, ip, Entry({"ip": ip})) for ip in ips))

    def _dynamic_pool_memberships(self) -> None:
        if not self.wants("dynamic_pool_memberships"):
            return
        self._add("dynamic_pool_memberships", (
            (pool, pool, Entry({"pool": pool, "ips": canonical_ips(ips)}))
            for pool, ips in self.dynamic.items() if ips))

    def _dynamic_pool_enrollments(self) -> None:
        if not self.wants("dynamic_pool_enrollments") or not any(self.dynamic.values()):
            return
        self.say("reading the domains enrolled in dynamic IP pools")
        in_scope = set(self.scope)
        objects = []
        for item in self.reader.list_dynamic_pool_enrollments():
            domain = str(item.get("name") or "").lower()
            if domain not in in_scope:
                continue
            entry = Entry({"domain": domain})
            if item.get("override"):
                entry.inputs["override_pool"] = item.get("pool")
            value, note = self._fallback_note("the dynamic pools")
            entry.inputs["replacement_ip"] = value
            entry.notes["replacement_ip"] = note
            objects.append((domain, domain, entry))
        self._add("dynamic_pool_enrollments", objects)

    def _domain_ip_assignments(self) -> None:
        if not self.wants("domain_ip_assignments"):
            return
        in_scope = set(self.scope)
        objects = []
        # The DIPP each domain is linked to: only its IPs show for the domain while it is.
        linked_to: dict[str, dict[str, Any]] = {}
        for pool in self.pools:
            if not pool.get("is_linked"):
                continue
            details = self.reader.get_ip_pool(str(pool["pool_id"]))
            for domain in sorted(str(d).lower() for d in details.get("linked_domains") or []):
                linked_to[domain] = pool
                if domain not in in_scope:
                    continue
                entry = Entry({"domain": domain})
                entry.inputs["pool_id"] = self._reference(
                    "dedicated_ip_pools", str(pool["pool_id"]), f"DIPP '{pool.get('name')}'",
                    entry, "pool_id")
                value, note = self._fallback_note("the DIPP")
                entry.inputs["replacement_ip"] = value
                entry.notes["replacement_ip"] = note
                objects.append((f"{domain}/pool/{pool['pool_id']}", domain, entry))
        self.say(f"reading the domains of {len(self.dedicated)} dedicated IPs")
        for ip in self.dedicated:
            for item in self.reader.list_ip_domains(ip):
                domain = str(item.get("domain") or "").lower()
                pool = linked_to.get(domain)
                if domain not in in_scope or (pool is not None and ip in (pool.get("ips") or [])):
                    continue
                objects.append((f"{domain}/{ip}", f"{domain}-{ip}",
                                Entry({"domain": domain, "ip": ip})))
        self._add("domain_ip_assignments", objects)

    def _subaccount_ip_links(self) -> None:
        if not self.wants("subaccount_ip_links"):
            return
        objects = []
        for subaccount in self.subaccounts:
            subaccount_id = str(subaccount["id"])
            try:
                ips = self.reader.list_subaccount_ips(subaccount_id)
            except Unauthorized as error:
                if error.status != 403:
                    raise
                self.found.remarks["subaccount_ip_links"].append(
                    "Not read: reading a subaccount's IPs needs the account's detailed IP "
                    f"view ({error.message}).")
                return
            if not ips:
                continue
            entry = Entry({})
            entry.inputs["subaccount_id"] = self._reference(
                "subaccounts", subaccount_id, f"subaccount '{subaccount.get('name')}'", entry,
                "subaccount_id")
            entry.inputs["ips"] = canonical_ips(ips)
            objects.append((subaccount_id, str(subaccount.get("name")), entry))
        self._add("subaccount_ip_links", objects)

    def _dedicated_ip_pool_delegations(self) -> None:
        if not self.wants("dedicated_ip_pool_delegations") or not self.subaccounts:
            return
        try:
            items = self.reader.list_delegated_ip_pools()
        except NotFound:
            # Mailgun's answer for an account without delegations ("account not found").
            items = []
        pools = {str(p["pool_id"]): p for p in self.pools}
        subaccounts = {str(s["id"]): s for s in self.subaccounts}
        objects = []
        for item in items:
            pool_id, subaccount_id = item.get("pool_id"), item.get("subaccount_id")
            if not pool_id or str(subaccount_id) not in subaccounts:
                continue
            pool_id, subaccount_id = str(pool_id), str(subaccount_id)
            pool_name = str(pools.get(pool_id, {}).get("name") or pool_id)
            subaccount_name = str(subaccounts[subaccount_id].get("name"))
            entry = Entry({})
            entry.inputs["pool_id"] = self._reference(
                "dedicated_ip_pools", pool_id, f"DIPP '{pool_name}'", entry, "pool_id")
            entry.inputs["subaccount_id"] = self._reference(
                "subaccounts", subaccount_id, f"subaccount '{subaccount_name}'", entry,
                "subaccount_id")
            objects.append((f"{pool_id}/{subaccount_id}",
                            f"{pool_name}-to-{subaccount_name}", entry))
        self._add("dedicated_ip_pool_delegations", objects)

    def _webhooks(self) -> None:
        if not self.wants("webhooks"):
            return
        objects = []
        for done, domain in enumerate(self.scope, start=1):
            for event, urls in sorted(self.reader.list_domain_webhooks(domain).items()):
                if event not in WEBHOOK_EVENTS:
                    self.found.remarks["webhooks"].append(
                        f"Left out the '{event}' webhook of {domain}: not an event name the "
                        "webhook APIs take today.")
                    continue
                objects.append((f"{domain}/{event}", f"{domain}-{event}",
                                Entry({"domain": domain, "event": event,
                                       "urls": sorted(urls)})))
            if done % PROGRESS_EVERY == 0:
                self.say(f"read the webhooks of {done} of {len(self.scope)} domains")
        self._add("webhooks", objects)

    def _account_webhooks(self) -> None:
        if not self.wants("account_webhooks"):
            return
        hooks = self._optional("account_webhooks", "account webhooks",
                               self.reader.list_account_webhooks, [])
        objects = []
        for hook in hooks:
            entry = Entry({"url": hook.get("url"),
                           "event_types": sorted(hook.get("event_types") or [])})
            if hook.get("description"):
                entry.inputs["description"] = hook["description"]
            # A name is never secret: it is made of the URL without its credentials.
            url = without_credentials(str(hook.get("url") or ""))
            objects.append((str(hook["webhook_id"]), url.split("://", 1)[-1], entry))
        self._add("account_webhooks", objects)


    def _http_signing_keys(self) -> None:
        if not self.wants("http_signing_keys"):
            return
        try:
            self.reader.get_http_signing_key()
        except (NotFound, APIError) as error:
            self.found.remarks["http_signing_keys"].append(
                f"Not declared: the account shows no webhook signing key ({error}).")
            return
        # Declaring it rotates nothing: the key is read into the state, as a secret.
        self._add("http_signing_keys", [("account", "account", Entry({}))])


def _subaccount_entry(sub: Mapping[str, Any]) -> Entry:
    entry = Entry({"name": sub["name"], "enabled": sub.get("status") == "open"})
    features = {str(name): bool((value or {}).get("enabled"))
                for name, value in sorted((sub.get("features") or {}).items())
                if name in SUBACCOUNT_FEATURES and isinstance(value, dict)}
    if features:
        entry.inputs["features"] = features
    return entry


# -- names -----------------------------------------------------------------------------------

# With "-name" and a hash suffix ('-' and up to 64 hex digits), a name stays in bounds.
SLUG_MAX = MAX_RESOURCE_NAME - len("-name") - 65


def slug(text: str) -> str:
    """``text`` as a spec name: lower-case ASCII letters, digits and dashes, at most
    SLUG_MAX of them, so that a hash suffix still fits a resource name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    dashed = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].rstrip("-")
    # "42" or "true" would read as no text in the stack file: not a resource name.
    return (dashed if reads_as_text(dashed) else f"{dashed}-name") if dashed else "unnamed"


def unique_names(objects: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Names for objects given as (Mailgun id, readable base): the slug of the base, and,
    for a slug that several objects share, the slug and a hash of each one's id, so a name
    never depends on the order Mailgun lists objects in."""
    objects = list(objects)
    by_slug: dict[str, list[str]] = {}
    for key, base in objects:
        by_slug.setdefault(slug(base), []).append(key)
    names: dict[str, str] = {}
    for base_slug, keys in by_slug.items():
        for key in keys:
            names[key] = base_slug
            if len(keys) > 1:
                digest = hashlib.sha256(key.encode()).hexdigest()
                length = 6
                # A suffixed name that meets another name takes a longer hash.
                while f"{base_slug}-{digest[:length]}" in by_slug and length < len(digest):
                    length += 4
                names[key] = f"{base_slug}-{digest[:length]}"
    return names


# -- writing the spec ------------------------------------------------------------------------

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
_PYTHON_PREFIXES = {
    "subaccounts": "subaccount", "dedicated_ip_pools": "pool", "ip_warmups": "warmup",
    "dynamic_pool_memberships": "membership", "dynamic_pool_enrollments": "enrollment",
    "domain_ip_assignments": "assignment", "subaccount_ip_links": "ip_link",
    "dedicated_ip_pool_delegations": "delegation", "webhooks": "webhook",
    "account_webhooks": "account_webhook", "subaccount_sending_limits": "sending_limit",
    "dipp_spillovers": "spillover", "ip_bands": "band", "http_signing_keys": "signing_key",
    "domain_webhook_urls": "webhook_url",
}


def python_name(kind: str, name: str) -> str:
    return f"{_PYTHON_PREFIXES[kind]}_{name.replace('-', '_')}"


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


# -- the stack's config file -----------------------------------------------------------------

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


# -- the command -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mailgun-infra discover",
        description="Write an existing Mailgun account as a stack spec (or a Pulumi program) "
                    "whose first `up` adopts every object without a write.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region", choices=("us", "eu"), help="the account's region")
    where.add_argument("--api-url", metavar="URL", help="an API base URL (the emulator)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write here instead of stdout")
    out.add_argument("--stack", metavar="NAME",
                     help="merge into this stack's config file (and read its key and "
                          "region when no other is given)")
    parser.add_argument("--force", action="store_true",
                        help="with --stack: replace entries that say something else")
    parser.add_argument("--only", type=_kinds, default=KIND_KEYS, metavar="KIND[,KIND]",
                        help=f"only these kinds: {', '.join(KIND_KEYS)}")
    parser.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                        help="only these domains' objects (" + ", ".join(sorted(DOMAIN_KINDS))
                             + "); repeatable")
    parser.add_argument("--format", choices=("yaml", "python"), default="yaml",
                        help="a spec (default) or a Pulumi program of the same objects")
    parser.add_argument("--cwd", type=Path, default=Path("."),
                        help="the Pulumi project's folder, for --stack")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.force and not args.stack:
        parser.error("--force goes with --stack")
    if args.stack and args.format != "yaml":
        parser.error("--stack merges a spec: --format python writes a program, use -o")

    def say(message: str) -> None:
        if not args.quiet:
            print(f"discover: {message}", file=sys.stderr)

    api_key = ""
    base_url = args.api_url or args.region or "the API"
    try:
        settings, stack_file = _settings(args)
        api_key = settings.api_key
        # The provider's back-off between retries, scaled as mailgun:waitScale says.
        retry = default_retry(backoff_factor=RETRY_BACKOFF * settings.wait_scale)
        reader = AccountReader(api_key, region=settings.region, api_url=settings.api_url,
                               retry=retry)
        base_url = reader.base_url
        say(f"reading {base_url}")
        found = discover(reader, only=args.only, domains=args.domain, say=say)
        if stack_file is not None:
            merge_into_stack(stack_file, found, args.force, say,
                             (args.cwd.resolve(), args.stack))
            say(f"{found.count()} objects merged into {stack_file}")
        else:
            text = render_python(found) if args.format == "python" else \
                "\n".join(render_yaml(found.kinds, found.remarks, header(found.source))) + "\n"
            if args.output:
                args.output.write_text(text)
                say(f"{found.count()} objects written to {args.output}")
            else:
                sys.stdout.write(text)
            if found.secrets.values():
                say(f"{len(found.secrets.values())} webhook URL(s) with credentials are not "
                    "written: set the secret config values the REVIEW lines name (--stack "
                    "does it for you)")
    except (DiscoverError, MailgunError, ValueError) as error:
        message = masked(explain(error, base_url))
        if api_key:
            message = message.replace(api_key, "***")
        print(f"mailgun-infra discover: error: {message}", file=sys.stderr)
        return 1
    return 0


def _settings(args: argparse.Namespace) -> tuple[ProviderSettings, Path | None]:
    """The key, region and URL: a flag first, then the stack's config, then the
    environment; the key from ``MAILGUN_API_KEY`` before the stack's."""
    values: dict[str, str] = {}
    stack_file = None
    if args.stack:
        stack_file = stack_config_file(args.cwd.resolve(), args.stack)
        config = read_stack_file(stack_file)[1].get("config") or {}
        values = {key: str(config[key]) for key in ("mailgun:region", "mailgun:apiUrl")
                  if isinstance(config.get(key), str)}
    # GETs only: the read key (least privilege) first; the client reads with this one key.
    key = os.environ.get("MAILGUN_READ_API_KEY") or os.environ.get("MAILGUN_API_KEY") or ""
    if not key and args.stack:
        key = (stack_api_key(args.cwd.resolve(), args.stack, "mailgun:readApiKey")
               or stack_api_key(args.cwd.resolve(), args.stack))
    if not key:
        raise DiscoverError("no Mailgun API key: set MAILGUN_API_KEY (or MAILGUN_READ_API_KEY"
                            "), or give --stack NAME of a stack with mailgun:apiKey")
    settings = ProviderSettings.from_config({**values, "mailgun:apiKey": key}.get)
    # A flag names the one place to read, whatever the config or the environment say.
    if args.api_url:
        settings = replace(settings, api_url=args.api_url)
    elif args.region:
        settings = replace(settings, region=args.region, api_url=None)
    return settings, stack_file


def explain(error: Exception, base_url: str) -> str:
    """A failure in one line, with what to do about it."""
    if isinstance(error, Unauthorized) and error.status == 401:
        return (f"{base_url} refused the API key ({error.message}): check MAILGUN_API_KEY or "
                "the stack's mailgun:apiKey, and the region (--region eu for an EU account)")
    if isinstance(error, TransportError):
        return f"no answer from {base_url} ({error.reason}): check --api-url or --region"
    if isinstance(error, RouteNotFound):
        return (f"{base_url} does not answer like Mailgun's API ({error.status} on "
                f"{error.method} {error.path}): check --api-url or --region")
    if isinstance(error, APIError):
        return f"Mailgun answered {error}"
    return str(error)


def _kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KIND_KEYS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown) or '(none)'}: choose from {', '.join(KIND_KEYS)}")
    return kinds


if __name__ == "__main__":
    sys.exit(main())
