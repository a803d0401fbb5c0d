"""Reading the account: the client with the lists only discover reads, and one run that
reads each list once and turns what Mailgun has into entries, one method per kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from ..client import APIError, MailgunClient, NotFound, Unauthorized
from ..facts import SUBACCOUNT_FEATURES, WEBHOOK_EVENTS, has_credentials, masked
from ..resources import RESOURCES, canonical_ips
from ..secret_urls import without_credentials
from ..spec import CONFIG_NAMESPACE, NATURAL_KEYS, URL_FIELDS, SpecError, parse_spec
from .entries import ENTRY_MODELS, KIND_KEYS, Discovered, DiscoverError, Entry, Say
from .names import unique_names

# The kinds whose objects belong to one domain: ``--domain`` narrows these.
DOMAIN_KINDS = frozenset(r.key for r in RESOURCES if r.per_domain)
# The output a reference names, by the kind it points at; each repeats the resource's id.
ID_OUTPUTS = {r.key: r.provider.id_output for r in RESOURCES if r.provider.id_output}
ADOPTED = {"adopt": True, "protect": True}
REVIEW = "REVIEW: "
# Pages of the lists discover reads alone, at the most each document allows or a size that
# keeps pages few.
DOMAINS_PAGE = "1000"
WARMUPS_PAGE = "100"
# A line of progress for every this many domains whose webhooks are read.
PROGRESS_EVERY = 50



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
        for kind in RESOURCES:  # in the registry's order: targets of references first
            reader_of(kind.key)(self)
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
            if kind in ID_OUTPUTS:
                self.found.ids.setdefault(kind, {})[name] = key
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

    def _account_sending_limits(self) -> None:
        if not self.wants("account_sending_limits"):
            return
        try:
            limit = self.reader.get_account_monthly_limit()
        except NotFound:  # no custom limit set
            return
        self._add("account_sending_limits",
                  [("account", "account", Entry({"limit": limit.get("limit")}))])

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

    def _domain_webhook_urls(self) -> None:
        """Declares none: Mailgun lists a v4 URL's events as v3 webhooks, and its lists do
        not tell the two apart, so ``_webhooks`` declares every URL."""

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


def reader_of(kind: str) -> Callable[[_Discovery], None]:
    """The method of a run that reads one registered kind: ``_`` and the kind's key."""
    read: Callable[[_Discovery], None] | None = getattr(_Discovery, f"_{kind}", None)
    if read is None:
        raise DiscoverError(f"discover has no reader for the registered kind '{kind}': "
                            f"add _Discovery._{kind} (see CONTRIBUTING.md)")
    return read


def _subaccount_entry(sub: Mapping[str, Any]) -> Entry:
    entry = Entry({"name": sub["name"], "enabled": sub.get("status") == "open"})
    features = {str(name): bool((value or {}).get("enabled"))
                for name, value in sorted((sub.get("features") or {}).items())
                if name in SUBACCOUNT_FEATURES and isinstance(value, dict)}
    if features:
        entry.inputs["features"] = features
    return entry
