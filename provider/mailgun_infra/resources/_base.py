"""What every Mailgun dynamic provider shares: configuration, the client, checks, diffs.

Each resource module states only what differs: its pydantic inputs model, which fields
force replacement, and its create/read/update/delete calls.
"""

from __future__ import annotations

import ipaddress
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlparse

from pulumi.dynamic import CheckFailure, CheckResult, ConfigureRequest, DiffResult, ResourceProvider
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN
from pydantic import BaseModel, ConfigDict, ValidationError

from ..client import MailgunClient, ServerError, TransportError
from ..facts import WEBHOOK_EVENTS

PROVIDER_KEY = "__provider"
# Waits between re-reads while Mailgun finishes a write it answered "started": ~3 s in all.
SETTLE_WAITS = (0.2, 0.4, 0.8, 1.6)

T = TypeVar("T")


# Tries of a write whose answer was lost or failed on the server side.
UNCLEAR_WRITE_TRIES = 5


def create_once(send: Callable[[], T], lookup: Callable[[], T | None]) -> T:
    """Send a write that Mailgun may not take twice (a POST or PATCH), surviving faults.

    After a 5xx or no answer at all, the write may or may not have been applied: ``lookup``
    says whether it was (returning what ``send`` would have), before it is sent again.
    """
    for attempt in range(1, UNCLEAR_WRITE_TRIES + 1):
        try:
            return send()
        except (ServerError, TransportError):
            found = settle(lookup, lambda value: value is not None)
            if found is not None:
                return found
            if attempt == UNCLEAR_WRITE_TRIES:
                raise
            time.sleep(0.2 * 2 ** attempt)
    raise AssertionError("unreachable")


def write_once(send: Callable[[], object], applied: Callable[[], object]) -> None:
    """``create_once`` for a write without a result: ``applied`` tells whether it landed."""

    def sent() -> bool:
        send()
        return True

    create_once(sent, lambda: True if applied() else None)


def settle(fetch: Callable[[], T], settled: Callable[[T], bool]) -> T:
    """Read until ``settled`` accepts the value or the waits run out; return the last read.

    Mailgun applies DIPP and link changes after it answers, so a read right after a write
    may show the old state. A read that disagrees with the last known state is repeated
    for a few seconds before it is taken as drift.
    """
    value = fetch()
    for wait in SETTLE_WAITS:
        if settled(value):
            break
        time.sleep(wait)
        value = fetch()
    return value


@dataclass(frozen=True)
class ProviderSettings:
    """Provider configuration, read in ``configure`` from the stack config.

    ``mailgun:apiKey`` (secret), ``mailgun:region`` (``us`` or ``eu``), ``mailgun:apiUrl``
    (a base URL, for the emulator) and ``mailgun:adoptExisting`` (recovery). The environment
    variables ``MAILGUN_API_KEY``, ``MAILGUN_REGION``, ``MAILGUN_API_URL`` and
    ``MAILGUN_ADOPT_EXISTING`` fill in what the config leaves out.
    """

    api_key: str
    region: str = "us"
    api_url: str | None = None
    # Recovery after an interrupted `up`: every create takes over the object it finds.
    adopt_existing: bool = False

    def __repr__(self) -> str:
        return (f"ProviderSettings(region={self.region!r}, api_url={self.api_url!r}, "
                f"adopt_existing={self.adopt_existing}, api_key=***)")

    @classmethod
    def from_config(cls, get: Any) -> ProviderSettings:
        api_key = get("mailgun:apiKey") or os.environ.get("MAILGUN_API_KEY") or ""
        region = get("mailgun:region") or os.environ.get("MAILGUN_REGION") or "us"
        api_url = get("mailgun:apiUrl") or os.environ.get("MAILGUN_API_URL") or None
        adopt = get("mailgun:adoptExisting") or os.environ.get("MAILGUN_ADOPT_EXISTING") or ""
        return cls(api_key=str(api_key), region=str(region), api_url=api_url,
                   adopt_existing=str(adopt).lower() in ("1", "true", "yes"))


class Inputs(BaseModel):
    """Base of every resource's inputs model: strict about unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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


def canonical_ip(value: str) -> str:
    """The canonical text of an IP address; ValueError names what is wrong."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError(f"'{value}' is not a valid IPv4 or IPv6 address") from None


def canonical_ips(values: Iterable[str]) -> list[str]:
    """Sorted, canonical, each once: IP lists compare as sets."""
    return sorted({canonical_ip(v) for v in values}, key=_ip_sort_key)


def validate_ip_list(values: list[str]) -> list[str]:
    """A list of IPs for an inputs model: each valid and listed once; returned canonical."""
    seen: set[str] = set()
    for position, value in enumerate(values):
        try:
            ip = canonical_ip(value)
        except ValueError as error:
            raise ValueError(f"item {position}: {error}") from None
        if ip in seen:
            raise ValueError(f"item {position}: {ip} is listed twice")
        seen.add(ip)
    return canonical_ips(values)


def not_blank(value: str) -> str:
    """A name or id: something other than white space."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def domain_name(value: str) -> str:
    """A domain's name, compared without case as DNS does."""
    return not_blank(value).lower()


def validate_url(value: str) -> str:
    """A webhook URL: http or https with a host."""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"'{value}' is not an http(s) URL with a host")
    return value


def validate_events(values: list[str]) -> list[str]:
    """Event names of the webhook APIs, each once; returned sorted."""
    for value in values:
        if value not in WEBHOOK_EVENTS:
            raise ValueError(f"'{value}' is not a webhook event ({', '.join(WEBHOOK_EVENTS)})")
    if len(set(values)) != len(values):
        raise ValueError("an event is listed twice")
    return sorted(values)


def _ip_sort_key(ip: str) -> tuple[int, int]:
    address = ipaddress.ip_address(ip)
    return (address.version, int(address))


def failures_from(error: ValidationError, skip: set[str]) -> list[CheckFailure]:
    """One CheckFailure per bad property, its path and the rule in the reason."""
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
        failures.append(CheckFailure(prop, f"{path}: {message}"))
    return failures


class MailgunProvider(ResourceProvider):
    """Base of every Mailgun dynamic provider.

    The instance is pickled into each resource's state, so it carries nothing: settings
    and the client are made in ``configure`` inside the provider process.
    """

    inputs_model: ClassVar[type[Inputs]]
    # Properties the Resource declares as outputs; they are never inputs.
    output_fields: ClassVar[frozenset[str]] = frozenset()
    # Inputs that the API cannot change in place.
    replace_on: ClassVar[frozenset[str]] = frozenset()

    _settings: ProviderSettings | None
    _client: MailgunClient | None

    def __init__(self) -> None:
        self._settings = None
        self._client = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = ProviderSettings.from_config(req.config.get)

    @property
    def client(self) -> MailgunClient:
        with self._lock:
            if self._client is None:
                settings = self._settings or ProviderSettings.from_config(lambda key: None)
                if not settings.api_key:
                    raise RuntimeError(
                        "no Mailgun API key: run `pulumi config set --secret mailgun:apiKey KEY`")
                self._client = MailgunClient(
                    settings.api_key, region=settings.region, api_url=settings.api_url)
            return self._client

    def adopting(self, args: Any) -> bool:
        """Whether create takes over an existing object: the input, or recovery mode."""
        recovery = self._settings is not None and self._settings.adopt_existing
        return bool(getattr(args, "adopt", False)) or recovery

    # -- check and diff, the same for every resource ------------------------------------

    def inputs_of(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The user's inputs among ``props`` (no provider blob, no output placeholders)."""
        return {k: v for k, v in props.items()
                if k != PROVIDER_KEY and k not in self.output_fields}

    def parse(self, props: Mapping[str, Any]) -> Any:
        """The validated inputs model of ``props``; raises ValidationError."""
        return self.inputs_model.model_validate(self.inputs_of(props))

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        raw = self.inputs_of(news)
        unknown = {k for k, v in raw.items() if is_unknown(v)}
        try:
            model = self.inputs_model.model_validate(raw)
        except ValidationError as error:
            failures = failures_from(error, skip=unknown)
            return CheckResult(news, failures)
        checked = dict(news)
        for key, value in model.model_dump().items():
            if key not in unknown:
                checked[key] = value
        return CheckResult(checked, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [
            key for key in self.inputs_model.model_fields
            if not _same(olds.get(key), news.get(key), default=self._default(key))
        ]
        replaces = [key for key in changed if key in self.replace_on]
        return DiffResult(changes=bool(changed), replaces=replaces,
                          delete_before_replace=bool(replaces) or None)

    def _default(self, key: str) -> Any:
        field = self.inputs_model.model_fields[key]
        return None if field.is_required() else field.get_default(call_default_factory=True)


def _same(old: Any, new: Any, default: Any) -> bool:
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
