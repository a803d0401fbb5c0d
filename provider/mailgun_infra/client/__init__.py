"""The Mailgun HTTP client: sessions, auth, regions, retries and one exception tree."""

from ._client import MISSING_API_KEY, MailgunClient, base_url_for, error_message
from ._exceptions import (
    APIError,
    BadRequest,
    Conflict,
    MailgunError,
    NotFound,
    RateLimited,
    RouteNotFound,
    ServerError,
    TransportError,
    Unauthorized,
)
from ._retry import MailgunRetry, default_retry
from ._shared_reads import Listing, SharedReads

__all__ = [
    "MISSING_API_KEY",
    "APIError",
    "BadRequest",
    "Conflict",
    "Listing",
    "MailgunClient",
    "MailgunError",
    "MailgunRetry",
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
