"""Spec names for discovered objects: made of Mailgun's names, the same for the same
account whatever order Mailgun lists it in."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from ..resources import MAX_RESOURCE_NAME, reads_as_text

# With "-name" and a hash suffix ('-' and up to 64 hex digits), a name stays in bounds.
SLUG_MAX = MAX_RESOURCE_NAME - len("-name") - 65


def slug(text: str) -> str:
    """``text`` as a spec name: lower-case ASCII letters, digits and dashes, at most
    SLUG_MAX of them, so that a hash suffix still fits a resource name."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    dashed = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:SLUG_MAX].rstrip("-")
    # "42" or "true" would read as no text in the stack file: not a resource name.
    return (dashed if reads_as_text(dashed) else f"{dashed}-name") if dashed else "unnamed"


def unique_names(objects: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Names for objects given as (Mailgun id, readable base): the slug of the base, and,
    for a slug that several objects share, the slug and a hash of each one's id, so a name
    never depends on the order Mailgun lists objects in."""
    objects = list(objects)
    by_slug: dict[str, list[str]] = {}
    for key, base in objects:
        by_slug.setdefault(slug(base), []).append(key)
    names: dict[str, str] = {}
    for base_slug, keys in by_slug.items():
        for key in keys:
            names[key] = base_slug
            if len(keys) > 1:
                digest = hashlib.sha256(key.encode()).hexdigest()
                length = 6
                # A suffixed name that meets another name takes a longer hash.
                while f"{base_slug}-{digest[:length]}" in by_slug and length < len(digest):
                    length += 4
                names[key] = f"{base_slug}-{digest[:length]}"
    return names
