"""What the live tests share: their settings from the environment, a client that can only
read, and the checks that turn Mailgun's answers into findings.

Nothing here reads the API key anywhere but the environment, and nothing prints it: the
client keeps it in its auth header and its errors never carry it.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlparse

import pytest
from pulumi.dynamic import ConfigureRequest, ReadResult
from pulumi.dynamic.config import Config

from mailgun_infra.client import (
    MailgunClient,
    NotFound,
    SharedReads,
    Unauthorized,
    base_url_for,
)
from mailgun_infra.client._transport import Form
from mailgun_infra.facts import REGION_URLS
from mailgun_infra.resources import MailgunProvider

# Every URL the write tests register is {base}/mailgun-infra-live-test/<run>/...: the path
# segment is what makes a webhook the tests' (nobody's real webhook has it), and what lets
# the clean-up delete exactly what the tests made.
TEST_SEGMENT = "mailgun-infra-live-test"
# The default base. Mailgun refuses a webhook URL whose host does not resolve (REFERENCE
# 7.2: "is not a valid url: host not found"), so no `.invalid` name will do; an address of
# TEST-NET-1 (RFC 5737) needs no lookup and is routed nowhere, so whatever Mailgun tries to
# deliver reaches nobody. MAILGUN_LIVE_WEBHOOK_BASE replaces it (a URL of your own).
DEFAULT_WEBHOOK_BASE = "https://192.0.2.1"
# A name no domain or subaccount of a real account has: reading it walks a whole list
# without a match.
NO_SUCH_NAME = f"no-such-name.{TEST_SEGMENT}.invalid"
# A well-formed id that names nothing: Mailgun's ids are 24 hex digits.
NO_SUCH_ID = "0" * 24

HOW_TO_SET = ("export MAILGUN_API_KEY=<your private API key> (MAILGUN_REGION=eu for an EU "
              "account; MAILGUN_LIVE_DOMAIN=<a sending domain> for domain reads and "
              "--live-writes)")
URL_REFUSED = ("Mailgun refused the test webhook URL {url} ({message}): set "
               "MAILGUN_LIVE_WEBHOOK_BASE to an https URL whose host resolves, one of your own "
               "(the tests add /" + TEST_SEGMENT + "/<run>/ to it)")

P = TypeVar("P", bound=MailgunProvider[Any])
T = TypeVar("T")


class LiveConfigError(Exception):
    """The environment does not say which account to test; the text says what to set."""


@dataclass(frozen=True)
class LiveSettings:
    """Which account the live tests talk to, from the environment only."""

    api_key: str
    region: str
    api_url: str | None
    domain: str | None
    writes: bool
    webhook_base: str = DEFAULT_WEBHOOK_BASE

    def __repr__(self) -> str:
        return (f"LiveSettings(target={self.target!r}, region={self.region!r}, "
                f"domain={self.domain!r}, writes={self.writes}, api_key=***)")

    @property
    def target(self) -> str:
        return base_url_for(self.region, self.api_url)

    @property
    def test_url_prefix(self) -> str:
        """What every URL the write tests register starts with."""
        return f"{self.webhook_base}/{TEST_SEGMENT}/"

    @classmethod
    def from_env(cls, writes: bool) -> LiveSettings:
        api_key = os.environ.get("MAILGUN_API_KEY", "").strip()
        if not api_key:
            raise LiveConfigError(f"--live needs MAILGUN_API_KEY: {HOW_TO_SET}")
        region = (os.environ.get("MAILGUN_REGION", "").strip() or "us").lower()
        if region not in REGION_URLS:
            raise LiveConfigError(
                f"MAILGUN_REGION must be one of {', '.join(sorted(REGION_URLS))}, not "
                f"'{region}'")
        domain = os.environ.get("MAILGUN_LIVE_DOMAIN", "").strip().lower() or None
        api_url = os.environ.get("MAILGUN_API_URL", "").strip() or None
        base = (os.environ.get("MAILGUN_LIVE_WEBHOOK_BASE", "").strip().rstrip("/")
                or DEFAULT_WEBHOOK_BASE)
        parsed = urlparse(base)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise LiveConfigError(f"MAILGUN_LIVE_WEBHOOK_BASE must be an http(s) URL with a "
                                  f"host, not '{base}'")
        return cls(api_key=api_key, region=region, api_url=api_url, domain=domain,
                   writes=writes, webhook_base=base)

    def client(self) -> MailgunClient:
        """A client that may write: only the write tests' clean-up uses one."""
        return MailgunClient(self.api_key, region=self.region, api_url=self.api_url)

    def reader(self) -> ReadOnlyClient:
        # Its own listings, kept for no time: each check reads Mailgun as it is now.
        return ReadOnlyClient(self.api_key, region=self.region, api_url=self.api_url,
                              shared_reads=SharedReads(fresh_for=0))

    def provider(self, provider_class: type[P]) -> P:
        """A provider configured as the engine would configure it for this account.

        ``adoptExisting`` is pinned off: a ``MAILGUN_ADOPT_EXISTING`` left exported from a
        recovery must never let a test take over (and then delete) something of yours.
        The wait scale is left to ``MAILGUN_WAIT_SCALE``: real waits unless it is set.
        """
        provider = provider_class()
        config = {"mailgun:apiKey": self.api_key, "mailgun:region": self.region,
                  "mailgun:adoptExisting": "false"}
        if self.api_url:
            config["mailgun:apiUrl"] = self.api_url
        provider.configure(ConfigureRequest(Config(config, "mailgun-infra")))
        return provider


# -- the read-only client ---------------------------------------------------------------

class WriteRefused(AssertionError):
    """A read-only live run tried to change the account; nothing was sent."""


@dataclass(frozen=True)
class Exchange:
    """One GET and the JSON object that came back, for checks on the raw answer."""

    path: str
    params: Form | None
    body: dict[str, Any]


class ReadOnlyClient(MailgunClient):
    """A MailgunClient that refuses every method but GET before it reaches the network, and
    keeps each answer so that tests can check the raw body behind a parsed result.

    Every client method goes through ``request``, so this one override covers them all;
    ``test_guard.py`` proves it for each write method the client has.
    """

    def __init__(self, api_key: str, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self.exchanges: list[Exchange] = []

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Form | None = None,
        form: Form | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        if method.upper() != "GET":
            raise WriteRefused(f"read-only live run: refused {method} {path} before sending it")
        body = super().request(method, path, params=params, form=form, json_body=json_body,
                               headers=headers)
        self.exchanges.append(Exchange(path, params, body))
        return body

    def mark(self) -> int:
        """A point in the exchange log; ``since`` returns what came after it."""
        return len(self.exchanges)

    def since(self, mark: int, path: str) -> list[Exchange]:
        return [e for e in self.exchanges[mark:] if e.path == path]

    def last(self, path: str) -> dict[str, Any]:
        """The raw body of the latest GET of ``path``."""
        for exchange in reversed(self.exchanges):
            if exchange.path == path:
                return exchange.body
        raise AssertionError(f"no GET {path} was made")


# -- checks -----------------------------------------------------------------------------

def is_domain(reader: ReadOnlyClient, name: str) -> bool:
    """Whether ``name`` is a domain of the account (in its region)."""
    try:
        reader.get_domain(name)
    except NotFound:
        return False
    return True


@contextmanager
def feature(name: str) -> Iterator[None]:
    """A 403 inside is the account lacking ``name``: a skip naming it, not a failure."""
    try:
        yield
    except Unauthorized as error:
        if error.status != 403:
            raise
        pytest.skip(f"the account lacks {name}: 403 on {error.method} {error.path} "
                    f"({error.message})")


def require(body: Mapping[str, Any], fields: Mapping[str, type | tuple[type, ...]],
            where: str, why: str, *, if_present: bool = False) -> None:
    """``body`` has each of ``fields`` with a value of its type (with ``if_present``, only
    the type of those it has is checked); the failure lists every field missing or of the
    wrong type, and what the provider does with them."""
    problems = [] if if_present else [f"'{name}' is missing" for name in fields
                                       if name not in body]
    problems += [
        f"'{name}' is {type(body[name]).__name__} {body[name]!r}, not {_names(kind)}"
        for name, kind in fields.items()
        if name in body and not isinstance(body[name], kind)
    ]
    assert not problems, (f"{where}: {'; '.join(problems)}. The provider relies on them: "
                          f"{why}. The answer had: {sorted(body)}")


class LiveFinding(UserWarning):
    """Something the provider reads with a fallback that the live answer lacked: not broken,
    but worth knowing (pytest lists these in its warnings summary)."""


def note(message: str) -> None:
    warnings.warn(LiveFinding(message), stacklevel=2)


def unwrapped(reader: ReadOnlyClient, path: str, key: str, why: str,
              fetch: Callable[[], T]) -> T:
    """``fetch()``: a client call that takes ``key`` out of the answer of ``GET path``. When
    the answer lacks it, the client's KeyError becomes a failure that says so."""
    try:
        return fetch()
    except KeyError:
        require(reader.last(path), {key: dict}, f"GET {path}", why)
        raise


def _names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join("null" if k is type(None) else k.__name__ for k in kinds)


def read_until(provider: MailgunProvider[Any], id_: str, props: dict[str, Any],
               done: Callable[[ReadResult], bool], what: str,
               timeout: float = 30.0) -> ReadResult:
    """``provider.read`` until ``done`` accepts the result, for at most ``timeout`` seconds.

    Mailgun is eventually consistent, so a read right after a write may lag. The first
    read that agrees returns at once (so the emulator never waits); one that needed more
    is reported as a warning, since `pulumi refresh` right after `up` would see that lag.
    """
    started = time.monotonic()
    result = provider.read(id_, props)
    while not done(result):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: after {timeout:.0f} s the provider still reads "
                                 f"id={result.id!r} outs={result.outs!r}")
        time.sleep(1.0)
        result = provider.read(id_, props)
    waited = time.monotonic() - started
    if waited >= 1.0:
        note(f"{what}: Mailgun showed the change only after {waited:.0f} s")
    return result
