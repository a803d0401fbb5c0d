"""Which API key each request goes with: least privilege for the reads.

Mailgun's keys have roles (``/v1/keys``): a ``basic`` key may read and not write, an
``admin`` or ``developer`` key may do both. A client given a read key sends its reads
(GET, HEAD) with it and everything else with the writing key, so that a run that only reads
(a preview) can be given the read key alone: then a write is refused here, before it is
sent (``NoWriteKey``), never half-done.
"""

from __future__ import annotations

from ._exceptions import READS, NoWriteKey

# The one wording for a missing key, here and in the provider's configuration.
MISSING_API_KEY = "no Mailgun API key: run `pulumi config set --secret mailgun:apiKey KEY`"

Auth = tuple[str, str]


class ApiKeys:
    """The writing key (``api_key``, may be empty) and the key for reads (``read_api_key``,
    else the writing key). Neither is ever shown: no ``repr``, no pickling."""

    def __init__(self, api_key: str, read_api_key: str | None = None) -> None:
        if not api_key and not read_api_key:
            raise ValueError(MISSING_API_KEY)
        self._write: Auth | None = ("api", api_key) if api_key else None
        self._read: Auth = ("api", read_api_key or api_key)

    @property
    def read_key(self) -> str:
        """The key reads use: what listings and rate limits are shared by, as the account
        Mailgun counts them against (a key of the account)."""
        return self._read[1]

    @property
    def can_write(self) -> bool:
        return self._write is not None

    def auth_for(self, method: str, path: str) -> Auth:
        """The basic auth of a ``method`` request of ``path``; NoWriteKey for a write without
        a writing key."""
        if method.upper() in READS:
            return self._read
        if self._write is None:
            raise NoWriteKey(method, path)
        return self._write

    def __repr__(self) -> str:
        return f"ApiKeys(can_write={self.can_write})"

    def __getstate__(self) -> dict[str, object]:
        raise TypeError("ApiKeys holds the API keys and must not be pickled")
