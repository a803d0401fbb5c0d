"""DynamicPoolEnrollment: a domain enrolled in dynamic IP pools, with an optional override.

Mailgun endpoints: ``POST /v3/domains/{name}/dynamic_pools`` (enroll),
``DELETE /v3/domains/{name}/dynamic_pools`` (remove, with a replacement),
``GET /v1/dynamic_pools/domains`` (read: current pool and override),
``PUT`` / ``DELETE /v1/dynamic_pools/domains/{name}/override``.

- ID: the domain name.
- Adopt key: ``domain``. A domain already enrolled is taken over only with ``adopt=True``.
- Replacement: a new ``domain``.
- Enrolling needs ``replacement_ip`` (a dedicated IP, or ``shared``): required. Removal
  needs exactly one replacement: ``replacement_pool_id`` (a DIPP) when set, else
  ``replacement_ip``.
- ``override_pool`` pins the domain to one pool; health checks do not move it then.
- Delete: removes the domain from dynamic pools; a domain no longer enrolled counts as done.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import NotFound
from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import DomainName, OptionalDynamicPoolName, OptionalId, ReplacementIp
from ._ids import IdFormat


class DynamicPoolEnrollmentArgs(Inputs):
    """The inputs of a DynamicPoolEnrollment."""

    domain: DomainName = Field(description="The domain's name.")
    replacement_ip: ReplacementIp = Field(
        None, validate_default=True,
        description="The dedicated IP, or `shared`, Mailgun takes to enroll the domain; on "
                    "removal, what the domain sends from unless replacement_pool_id is set.")
    replacement_pool_id: OptionalId = Field(
        None, description="On removal: the DIPP the domain is linked to instead.")
    override_pool: OptionalDynamicPoolName = Field(
        None, description="Pin the domain to this dynamic pool (dynamic_good, ...).")

    @field_validator("replacement_ip", mode="before")
    @classmethod
    def _required_to_enroll(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("set a dedicated IP or 'shared': Mailgun enrolls a domain in "
                             "dynamic pools only with one")
        return value


class DynamicPoolEnrollmentProvider(MailgunProvider[DynamicPoolEnrollmentArgs]):
    inputs_model = DynamicPoolEnrollmentArgs
    id_format = IdFormat("DynamicPoolEnrollment", "{domain}")
    output_fields = ("pool", "override")
    replace_on = frozenset({"domain"})
    kept_on_read = frozenset({"replacement_ip", "replacement_pool_id"})

    def existing(self, args: DynamicPoolEnrollmentArgs) -> Found | None:
        enrolled = self.find(args.domain, {})
        if not enrolled:
            return None
        return Found(args.domain, f"the dynamic pool enrollment of {args.domain}",
                     f"in {enrolled.get('pool')}", live=enrolled)

    def write(self, args: DynamicPoolEnrollmentArgs) -> tuple[str, Live | None]:
        client = self.client
        self.waits.write_or_check(
            lambda: client.enroll_domain_in_dynamic_pools(args.domain, args.replacement_ip),
            lambda: self.find(args.domain, {}) is not None)
        return args.domain, None

    def after_write(self, id_: str, args: DynamicPoolEnrollmentArgs,
                    live: Live | None) -> Live | None:
        return self._apply_override(args, live)

    def adopt(self, found: Found, args: DynamicPoolEnrollmentArgs) -> Live | None:
        return self._apply_override(args, found.live)

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        # The list has no filter by domain: reading one enrollment alone reads every page.
        return self.from_listing(
            ("dynamic_pool_enrollments",), self.client.list_dynamic_pool_enrollments,
            lambda enrolled: next((dict(e) for e in enrolled if e.get("name") == id_), None),
            lambda: self.client.get_dynamic_pool_enrollment(id_))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"domain": id_,
                "override_pool": live.get("pool") if live.get("override") else None}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        live = live or {}
        return {"pool": live.get("pool"), "override": bool(live.get("override"))}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        live = self._apply_override(args, self.find(id_, news))
        return UpdateResult(self.outputs(id_, args, live))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        # Mailgun takes exactly one replacement: the DIPP when one is set, else the IP.
        pool_id = props.get("replacement_pool_id")
        replacement_ip = None if pool_id else props.get("replacement_ip")
        self.client.remove_domain_from_dynamic_pools(
            id_, replacement_ips=[replacement_ip] if replacement_ip else [],
            replacement_pool_id=pool_id)

    def _apply_override(self, args: DynamicPoolEnrollmentArgs,
                        live: Live | None) -> Live | None:
        """Set or clear the override so it matches ``args``; return the domain's live entry."""
        client = self.client
        pinned = live.get("pool") if live and live.get("override") else None
        if args.override_pool == pinned:
            return live if live is not None else self.find(args.domain, {})
        if args.override_pool:
            client.set_dynamic_pool_override(args.domain, args.override_pool)
        else:
            # A retried DELETE whose first answer was lost finds no override: done too.
            with contextlib.suppress(NotFound):
                client.remove_dynamic_pool_override(args.domain)
        return self.find(args.domain, {})


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
        super().__init__(DynamicPoolEnrollmentProvider(), resource_name,
                         resource_props(DynamicPoolEnrollmentProvider, locals()), opts)
