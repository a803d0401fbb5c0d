"""Mailgun's token paging: a ``paging`` object of first, previous, next and last URLs.

Every page has a ``next``, the last one leading to an empty page: that empty page is how
Mailgun's official clients know a list has ended. The URLs are built as paths here; the
routes make them absolute, as Mailgun's are, since only they know the host.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from .errors import InvalidPageToken, LimitNotPositive


def paginate(
    items: list[dict[str, Any]], key: str, limit: int, page: str | None, path: str,
    *, capitalised: bool = False, query: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with the URLs of the pages around it.

    ``capitalised`` names the paging keys ``First``/``Next``/... as the dynamic-pool APIs'
    schema does; the other lists use lower case. ``query`` is the request's filters and
    sort, which every URL carries: a client follows ``next`` as it is.
    """
    # Lists with a documented range check it first; this catches the others (a warmup
    # page's limit has none), where 0 would divide by zero and a negative one misslice.
    if limit < 1:
        raise LimitNotPositive()
    try:
        offset = int(json.loads(base64.urlsafe_b64decode(page))["offset"]) if page else 0
    except (ValueError, KeyError, TypeError):
        raise InvalidPageToken() from None
    if offset < 0:
        raise InvalidPageToken()

    def url(at: int) -> str:
        token = base64.urlsafe_b64encode(json.dumps({"offset": at}).encode()).decode()
        return f"{path}?{urlencode([('limit', limit), ('page', token), *query])}"

    chunk = items[offset:offset + limit]
    last = max(0, (len(items) - 1) // limit * limit)
    paging = {"first": url(0), "last": url(last),
              "previous": url(max(0, offset - limit)),
              "next": url(offset + limit if chunk else offset)}
    if capitalised:
        paging = {name.capitalize(): value for name, value in paging.items()}
    return {key: chunk, "paging": paging}
