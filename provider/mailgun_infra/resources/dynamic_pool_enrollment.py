"""DynamicPoolEnrollment: a domain enrolled in dynamic IP pools, with an optional override.

Mailgun endpoints: ``POST /v3/domains/{name}/dynamic_pools`` (enroll),
``DELETE /v3/domains/{name}/dynamic_pools`` (remove, with a replacement),
``GET /v1/dynamic_pools/domains`` (read: current pool and override),
``PUT`` / ``DELETE /v1/dynamic_pools/domains/{name}/override``.

- ID: the domain name.
- Adopt key: ``domain``. A domain already enrolled is taken over only with ``adopt=True``.
- Replacement: a new ``domain``.
- Removal needs what the domain sends from afterwards: ``replacement_ip`` (a dedicated
  IP, or ``shared``) or ``replacement_pool_id`` (a DIPP), never both. Enrolling also asks
  for ``replacement_ip``: the one given, or ``shared`` when only a DIPP is given.
- ``override_pool`` pins the domain to one pool; health checks do not move it then.
- Delete: removes the domain from dynamic pools; a domain no longer enrolled counts as done.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator, model_validator

from ..client import MailgunClient, NotFound
from ._base import Inputs, MailgunProvider, canonical_ip, domain_name, write_once
from .dynamic_pool_membership import POOL_NAME


class DynamicPoolEnrollmentArgs(Inputs):
    """The inputs of a DynamicPoolEnrollment."""

    domain: str = Field(description="The domain's name.")
    replacement_ip: str | None = Field(
        None, description="On removal: the dedicated IP, or `shared`, the domain gets.")
    replacement_pool_id: str | None = Field(
        None, description="On removal: the DIPP the domain is linked to.")
    override_pool: str | None = Field(
        None, description="Pin the domain to this dynamic pool (dynamic_good, ...).")
    adopt: bool = Field(False, description="Take over a domain that is already enrolled.")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return domain_name(value)

    @field_validator("replacement_ip")
    @classmethod
    def _replacement_ip(cls, value: str | None) -> str | None:
        return value if value in (None, "shared") else canonical_ip(str(value))

    @field_validator("override_pool")
    @classmethod
    def _override_pool(cls, value: str | None) -> str | None:
        if value is not None and not POOL_NAME.match(value):
            raise ValueError(
                f"'{value}' is not a dynamic pool name (dynamic_good, dynamic_poor, dynamic_new)")
        return value

    @model_validator(mode="after")
    def _one_replacement(self) -> DynamicPoolEnrollmentArgs:
        if self.replacement_ip and self.replacement_pool_id:
            raise ValueError("replacement_ip and replacement_pool_id exclude each other")
        if not (self.replacement_ip or self.replacement_pool_id):
            raise ValueError(
                "set replacement_ip (a dedicated IP or 'shared') or replacement_pool_id: "
                "Mailgun needs one to remove the domain from dynamic pools")
        return self


class DynamicPoolEnrollmentProvider(MailgunProvider):
    inputs_model = DynamicPoolEnrollmentArgs
    output_fields = frozenset({"pool", "override"})
    replace_on = frozenset({"domain"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: DynamicPoolEnrollmentArgs = self.parse(props)
        client = self.client
        enrolled = client.get_dynamic_pool_enrollment(args.domain)
        if enrolled and not self.adopting(args):
            raise RuntimeError(
                f"domain {args.domain} is already enrolled in dynamic pools: set adopt=True "
                "to manage its enrollment")
        if not enrolled:
            write_once(lambda: client.enroll_domain_in_dynamic_pools(
                args.domain, args.replacement_ip or "shared"),
                lambda: client.get_dynamic_pool_enrollment(args.domain))
        try:
            live = _apply_override(client, args, enrolled)
        except Exception:
            if not enrolled:  # undo our own enrollment
                _remove(client, args.domain, args.replacement_ip, args.replacement_pool_id)
            raise
        return CreateResult(args.domain, _outputs(args, live))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        live = self.client.get_dynamic_pool_enrollment(id_)
        if live is None:
            return ReadResult("", {})
        inputs = {
            "domain": id_,
            "replacement_ip": props.get("replacement_ip"),
            "replacement_pool_id": props.get("replacement_pool_id"),
            "override_pool": live.get("pool") if live.get("override") else None,
            "adopt": bool(props.get("adopt")),
        }
        return ReadResult(id_, {**inputs, **_live_fields(live)}, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: DynamicPoolEnrollmentArgs = self.parse(news)
        live = _apply_override(self.client, args, self.client.get_dynamic_pool_enrollment(id_))
        return UpdateResult(_outputs(args, live))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        _remove(self.client, id_, props.get("replacement_ip"), props.get("replacement_pool_id"))


def _apply_override(client: MailgunClient, args: DynamicPoolEnrollmentArgs,
                    live: dict[str, Any] | None) -> dict[str, Any] | None:
    """Set or clear the override so it matches ``args``; return the domain's live entry."""
    pinned = live.get("pool") if live and live.get("override") else None
    if args.override_pool == pinned:
        return live if live is not None else client.get_dynamic_pool_enrollment(args.domain)
    if args.override_pool:
        client.set_dynamic_pool_override(args.domain, args.override_pool)
    else:
        # A retried DELETE whose first answer was lost finds no override: that is done too.
        with contextlib.suppress(NotFound):
            client.remove_dynamic_pool_override(args.domain)
    return client.get_dynamic_pool_enrollment(args.domain)


def _remove(client: MailgunClient, domain: str, replacement_ip: str | None,
            replacement_pool_id: str | None) -> None:
    try:
        client.remove_domain_from_dynamic_pools(
            domain, replacement_ips=[replacement_ip] if replacement_ip else [],
            replacement_pool_id=replacement_pool_id)
    except NotFound:
        return


def _live_fields(live: dict[str, Any] | None) -> dict[str, Any]:
    live = live or {}
    return {"pool": live.get("pool"), "override": bool(live.get("override"))}


def _outputs(args: DynamicPoolEnrollmentArgs, live: dict[str, Any] | None) -> dict[str, Any]:
    return {**args.model_dump(), **_live_fields(live)}


class DynamicPoolEnrollment(Resource, module="mailgun", name="DynamicPoolEnrollment"):
    """A domain enrolled in dynamic IP pools."""

    domain: pulumi.Output[str]
    pool: pulumi.Output[str]
    """The dynamic pool the domain is in now."""
    override: pulumi.Output[bool]
    """Whether an override pins the domain to its pool."""

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        replacement_ip: pulumi.Input[str] | None = None,
        replacement_pool_id: pulumi.Input[str] | None = None,
        override_pool: pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "domain": domain,
            "replacement_ip": replacement_ip,
            "replacement_pool_id": replacement_pool_id,
            "override_pool": override_pool,
            "adopt": adopt,
            "pool": None,
            "override": None,
        }
        super().__init__(DynamicPoolEnrollmentProvider(), resource_name, props, opts)
