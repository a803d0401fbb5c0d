"""Mailgun's token paging: ``paging.first`` and ``paging.next`` URLs over a list."""

from __future__ import annotations

import base64
import json
from typing import Any

from .errors import bad_request


def paginate(
    items: list[dict[str, Any]], key: str, limit: int, page: str | None, path: str,
) -> dict[str, Any]:
    """One page of ``items`` under ``key``, with the URLs of the first and next pages."""
    try:
        offset = int(json.loads(base64.urlsafe_b64decode(page))["offset"]) if page else 0
    except (ValueError, KeyError, TypeError):
        raise bad_request("invalid page token") from None

    def token(at: int) -> str:
        return base64.urlsafe_b64encode(json.dumps({"offset": at}).encode()).decode()

    chunk = items[offset:offset + limit]
    paging = {"first": f"{path}?limit={limit}&page={token(0)}"}
    if offset + limit < len(items):
        paging["next"] = f"{path}?limit={limit}&page={token(offset + limit)}"
    return {key: chunk, "paging": paging}
