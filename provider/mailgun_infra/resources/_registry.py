"""What the registry says of one kind of resource, beside its module.

Everything that walks the resources (the stack spec, discover, the docs' tests) reads it
from the one table in ``resources/__init__.py``; nothing keeps a list of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi.dynamic import Resource

from ._base import Inputs, MailgunProvider


@dataclass(frozen=True)
class Registered:
    """One kind of resource. The table lists kinds in dependency order: an entry of the
    stack spec may refer only to kinds listed before its own."""

    # The kind's key in a stack spec and in discover's output, e.g. ``dedicated_ip_pools``.
    key: str
    resource: type[Resource]
    provider: type[MailgunProvider[Any]]
    # Kinds every resource of this kind follows as a whole, beyond its references: a domain
    # is enrolled only once the dynamic pools have IPs, and removed before they lose them.
    after: tuple[str, ...] = ()
    # The input that names the one Mailgun object an entry manages: two entries of the kind
    # with one value would each undo the other's writes, so the spec refuses them.
    unique_by: str | None = None
    # Inputs that take a URL, or a list of URLs, which may carry credentials: where a spec
    # may write ``${secret.KEY}``.
    url_fields: tuple[str, ...] = ()
    # Whether each object belongs to one domain (discover's ``--domain`` narrows these).
    per_domain: bool = False
    # The object in words, for a kind of which an account has exactly one (its signing
    # key): the spec refuses a second entry, which would fight the first.
    one_per_account: str | None = None

    @property
    def args(self) -> type[Inputs]:
        return self.provider.inputs_model

    @property
    def class_names(self) -> tuple[str, str, str]:
        """The names the package exports for the kind: Resource, inputs, provider."""
        return self.resource.__name__, self.args.__name__, self.provider.__name__
