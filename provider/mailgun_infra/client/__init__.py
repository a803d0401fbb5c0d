"""The Mailgun HTTP client: sessions, auth, regions, retries and one exception tree."""

from ._client import MailgunClient
from ._exceptions import (
    APIError,
    BadRequest,
    Conflict,
    KeyRoleCannotWrite,
    MailgunError,
    NotFound,
    NoWriteKey,
    RateLimited,
    RouteNotFound,
    ServerError,
    TransportError,
    Unauthorized,
)
from ._keys import MISSING_API_KEY
from ._retry import MailgunRetry, default_retry
from ._shared_reads import Listing, SharedReads
from ._transport import base_url_for, error_message

__all__ = [
    "MISSING_API_KEY",
    "APIError",
    "BadRequest",
    "Conflict",
    "KeyRoleCannotWrite",
    "Listing",
    "MailgunClient",
    "MailgunError",
    "MailgunRetry",
    "NoWriteKey",
    "NotFound",
    "RateLimited",
    "RouteNotFound",
    "ServerError",
    "SharedReads",
    "TransportError",
    "Unauthorized",
    "base_url_for",
    "default_retry",
    "error_message",
]
