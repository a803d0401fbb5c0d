"""The one exception tree of the Mailgun client.

    MailgunError                 anything the client raises
    ├── TransportError           no HTTP answer came back (connection refused, timeout)
    ├── NoWriteKey               a write, and the client has only a read key: nothing sent
    └── APIError                 Mailgun answered with an error status
        ├── BadRequest           400, and 402/413: the request breaks a rule
        ├── Unauthorized         401 and 403: wrong key, or a feature the account lacks
        │   └── KeyRoleCannotWrite  Mailgun's bare 403 to a write: a read-only key's role
        ├── NotFound             404 in Mailgun's own words: the object does not exist
        ├── RouteNotFound        404 in anyone else's (a proxy, a wrong API URL or region,
        │                        a retired endpoint): nothing is known about the object
        ├── Conflict             409
        ├── RateLimited          429, once the retries gave up
        └── ServerError          5xx, once the retries gave up

Every APIError carries the status, the method, the path (never the host, the query or the
key) and Mailgun's own message, and reads as
``"400 Bad Request on PATCH /v3/ip_pools/abc: IP 1.2.3.4 belongs to another DIPP"``.
Mailgun's message may echo a webhook URL: its credentials are masked (``facts.masked``).
"""

from __future__ import annotations

from http import HTTPStatus

from ..facts import masked

# The methods that only read: every other one writes.
READS = frozenset({"GET", "HEAD"})
# What Mailgun's 403 says when it says nothing but the status (REFERENCE §1.4): what a key
# whose role forbids the request gets, as the emulator answers a read-only key's write.
GENERIC_403 = frozenset({"forbidden", ""})


class MailgunError(Exception):
    """Anything the Mailgun client raises."""


class TransportError(MailgunError):
    """No HTTP answer came back: the host is unreachable or the request timed out."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(f"{method} {path} got no answer from Mailgun: {reason}")


class APIError(MailgunError):
    """Mailgun answered with an error status. ``message`` is Mailgun's own; the text adds
    the likely cause where one is known."""

    hint = ""

    def __init__(self, status: int, method: str, path: str, message: str) -> None:
        self.status = status
        self.method = method
        self.path = path
        self.message = masked(message)
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        hint = f" ({self.hint})" if self.hint else ""
        super().__init__(f"{status} {phrase} on {method} {path}: {self.message}{hint}")


class NoWriteKey(MailgunError):
    """A write, from a client made with a read key alone: refused before anything is sent,
    so that a run with only a read-only key fails at its first write, whole."""

    def __init__(self, method: str, path: str) -> None:
        self.method = method
        self.path = path
        super().__init__(
            f"{method} {path} not sent: no key that can write, this run has only "
            "mailgun:readApiKey (MAILGUN_READ_API_KEY); set mailgun:apiKey / MAILGUN_API_KEY "
            "to an admin or developer key")


class BadRequest(APIError):
    """400 (and 402, 413): the request breaks one of Mailgun's rules."""


class Unauthorized(APIError):
    """401 or 403: the API key is wrong, or the account lacks the feature."""

    def __init__(self, status: int, method: str, path: str, message: str) -> None:
        if status == 401:
            # The two usual causes: a wrong key, or an EU key sent to the US endpoint.
            self.hint = "check mailgun:apiKey; EU accounts need mailgun:region eu"
        super().__init__(status, method, path, message)


class KeyRoleCannotWrite(Unauthorized):
    """Mailgun's generic 403 (``Forbidden``, nothing more) to a write: the key's role may
    read but not write. A 403 that says more (a feature the account lacks) is not this."""

    hint = ("the API key's role cannot write: a basic (read-only) or sending key; deploy "
            "with an admin or developer key")


class NotFound(APIError):
    """404: the object does not exist (or not yet: Mailgun is eventually consistent)."""


class RouteNotFound(APIError):
    """404 without Mailgun's JSON body: the request never reached the object's endpoint, so
    the object may well exist. Never read as "gone"."""

    hint = ("not Mailgun's not-found answer: check mailgun:apiUrl and mailgun:region, or a "
            "proxy in between")


class Conflict(APIError):
    """409: the object already exists or is in a conflicting state."""


class RateLimited(APIError):
    """429 after the retries gave up."""


class ServerError(APIError):
    """5xx after the retries gave up."""


def error_for_status(status: int, method: str, path: str, message: str,
                     from_mailgun: bool = True) -> APIError:
    """The APIError subclass for an HTTP status; ``from_mailgun`` is False for an answer
    without Mailgun's JSON error body."""
    cls: type[APIError]
    if status == 403 and method not in READS and message.strip().lower() in GENERIC_403:
        cls = KeyRoleCannotWrite
    elif status in (401, 403):
        cls = Unauthorized
    elif status == 404:
        cls = NotFound if from_mailgun else RouteNotFound
    elif status == 409:
        cls = Conflict
    elif status == 429:
        cls = RateLimited
    elif status >= 500:
        cls = ServerError
    else:
        cls = BadRequest
    return cls(status, method, path, message)
