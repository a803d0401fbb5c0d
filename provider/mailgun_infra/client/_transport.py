"""The transport every call goes through: one ``requests.Session`` per thread, the key for
each method, client-side rate limits, urllib3 retries, the error tree of ``_exceptions``,
the listings reads share, and the two ways Mailgun pages a list.

Each thread gets its own session (the Pulumi provider host calls in from up to 16
threads, see ``resources/_provider_host``). The API key is sent only in the Authorization
header and never appears in an exception or a log line.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlparse

import requests
from requests.adapters import HTTPAdapter

from ..facts import REGION_URLS
from ._exceptions import TransportError, error_for_status
from ._keys import ApiKeys
from ._ratelimit import RateLimits, shared_limits
from ._retry import MailgunRetry, default_retry
from ._shared_reads import Listing, SharedReads
from ._shared_reads import shared_reads as shared_reads_of

T = TypeVar("T")

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
USER_AGENT = "mailgun-infra/0.1 (+pulumi dynamic provider)"

Form = Mapping[str, str | Iterable[str]]


def base_url_for(region: str | None = None, api_url: str | None = None) -> str:
    """The API base URL: an explicit ``api_url`` wins over the region."""
    if api_url:
        return api_url.rstrip("/")
    key = (region or "us").lower()
    if key not in REGION_URLS:
        raise ValueError(f"region must be one of {sorted(REGION_URLS)}, not {region!r}")
    return REGION_URLS[key]


class Transport:
    """Sending requests and reading lists; ``MailgunClient`` documents the parameters.
    The API families' calls are mixins on top of it."""

    def __init__(
        self,
        api_key: str,
        *,
        region: str | None = "us",
        api_url: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: MailgunRetry | None = None,
        rate_limits: RateLimits | None = None,
        shared_reads: SharedReads | None = None,
        read_api_key: str | None = None,
    ) -> None:
        self._keys = ApiKeys(api_key, read_api_key)
        self.base_url = base_url_for(region, api_url)
        self.timeout = timeout
        self._rate_limits = rate_limits or shared_limits(self.base_url, self._keys.read_key)
        self.shared_reads = (shared_reads if shared_reads is not None
                             else shared_reads_of(self.base_url, self._keys.read_key))
        self._retry = (retry or default_retry()).new()
        self._retry.rate_limits = self._rate_limits
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"MailgunClient(base_url={self.base_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("MailgunClient holds the API key and must not be pickled")

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            adapter = HTTPAdapter(max_retries=self._retry, pool_maxsize=4)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

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
        """Send one request and return the decoded JSON object (``{}`` when empty)."""
        if method in ("GET", "HEAD"):
            return self._send(method, path, params, form, json_body, headers)
        # Before and after: a listing loaded while the write was in flight is not kept.
        self.shared_reads.wrote(path)
        try:
            return self._send(method, path, params, form, json_body, headers)
        finally:
            self.shared_reads.wrote(path)

    def listed(self, key: Hashable, load: Callable[[], T],
               invalidated_by: tuple[str, ...] | None = None,
               fresh_for: float | None = None) -> Listing[T]:
        """A list shared with the other reads of this process (``SharedReads``)."""
        return self.shared_reads.get(key, load, invalidated_by, fresh_for)

    def _send(self, method: str, path: str, params: Form | None, form: Form | None,
              json_body: Any, headers: Mapping[str, str] | None) -> dict[str, Any]:
        auth = self._keys.auth_for(method, path)  # NoWriteKey here: nothing sent
        self._rate_limits.acquire(path)
        try:
            response = self._session().request(
                method,
                self.base_url + path,
                params=_pairs(params),
                data=_pairs(form),
                json=json_body,
                headers=dict(headers or {}),
                auth=auth,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise TransportError(method, path, _describe_transport_error(exc)) from None
        if response.status_code >= 400:
            raise error_for_status(response.status_code, method, path, error_message(response),
                                   from_mailgun=_is_json_object(response))
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            return {"message": response.text.strip()}
        return body if isinstance(body, dict) else {"items": body}

    def _skip_pages(self, path: str, params: dict[str, str], key: str,
                    total_key: str) -> list[dict[str, Any]]:
        """Every item of a list paged with ``skip`` and ``limit`` and a total."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.request("GET", path, params={**params, "skip": str(len(found))})
            items = page.get(key) or []
            found.extend(items)
            if not items or len(found) >= int(page.get(total_key) or 0):
                return found

    def _token_pages(self, path: str, params: dict[str, str],
                     key: str) -> Iterator[list[dict[str, Any]]]:
        """The items of every page of a token-paged list, following each page's ``next``
        (``Next`` on some lists) until a page comes back empty, as Mailgun's clients do.

        Only the query of ``next`` is taken: the whole of it, on this client's own base
        URL, so that the key is never sent to a host a response names.
        """
        seen: set[str] = set()
        while True:
            body = self.request("GET", path, params=params)
            items = body.get(key) or []
            if not items:
                return
            yield items
            paging = body.get("paging") or {}
            query = urlparse(str(paging.get("next") or paging.get("Next") or "")).query
            if not query or query in seen:
                return
            seen.add(query)
            params = dict(parse_qsl(query))


def _pairs(form: Form | None) -> list[tuple[str, str]] | None:
    """Mailgun's multi-value convention: a list becomes the same key repeated."""
    if form is None:
        return None
    pairs: list[tuple[str, str]] = []
    for key, value in form.items():
        if isinstance(value, str):
            pairs.append((key, value))
        else:
            pairs.extend((key, str(v)) for v in value)
    return pairs


def api_path(template: str, *segments: str) -> str:
    """``template`` with each ``{}`` filled by one segment, escaped: an id never adds a
    level to the path."""
    return template.format(*(quote(str(s), safe="") for s in segments))


def error_message(response: requests.Response) -> str:
    """Mailgun's message from any of its error body shapes, else the plain text."""
    text = response.text.strip()
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("message", "Message", "Reason", "Description", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
        if "Field" in body:
            return f"invalid value {body.get('Value')!r} for field {body['Field']!r}"
        if "retry-seconds" in body:
            return f"rate limited, retry in {body['retry-seconds']} s"
    if text:
        return text[:500]
    return response.reason or "no message"


def _is_json_object(response: requests.Response) -> bool:
    """Whether the answer is a JSON object, as Mailgun's own error answers are."""
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False


def _describe_transport_error(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.RetryError):
        return "retries exhausted"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed (is the API URL right and the server up?)"
    return type(exc).__name__
