"""DomainIpAssignment: one dedicated IP of a domain, or the DIPP linked to it.

Mailgun endpoints: with ``ip``: ``POST /v3/domains/{name}/ips`` (create; legacy: only
Mailgun's older docs describe it, and no current endpoint assigns one IP to one domain),
``GET /v3/ips/{ip}/domains`` (read: the domains sending from the IP),
``DELETE /v3/domains/{name}/ips/{ip}`` (delete). With ``pool_id``: ``PATCH
/v3/ip_pools/{id}`` with ``link_domain`` (create, by the domain's id from ``GET
/v4/domains/{name}``), ``GET /v3/ip_pools/{id}`` (read: ``linked_domains``),
``DELETE /v3/domains/{name}/ips/ip_pool`` with a replacement (delete). Every decision rests
on documented fields.

- ID: ``{domain}/{ip}``, or ``{domain}/pool/{pool_id}``.
- Adopt key: the ID. An IP already on the domain, or the DIPP already linked, is taken
  over only with ``adopt=True``.
- Replacement: a new ``domain``, ``ip`` or ``pool_id``.
- Rules Mailgun enforces: a domain's IPs cannot change while a DIPP is linked to it; the
  last IP of a domain cannot be removed when the account has no shared IPs; unlinking a DIPP
  needs ``replacement_ip`` (a dedicated IP or ``shared``) or ``replacement_pool_id``.
- Delete: removes the IP, or unlinks the DIPP with the replacement; gone counts as done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field, model_validator

from ._base import Found, Live, MailgunProvider, ReplacementChoice, or_gone, resource_props
from ._fields import DomainName, OptionalId, OptionalIpAddress
from ._ids import IdFormat


class DomainIpAssignmentArgs(ReplacementChoice):
    """The inputs of a DomainIpAssignment."""

    domain: DomainName = Field(description="The domain's name.")
    ip: OptionalIpAddress = Field(None, description="A dedicated IP to assign to the domain.")
    pool_id: OptionalId = Field(None, description="A DIPP to link to the domain.")

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if bool(self.ip) == bool(self.pool_id):
            raise ValueError("set exactly one of ip or pool_id")
        if self.ip and (self.replacement_ip or self.replacement_pool_id):
            raise ValueError("replacement_ip and replacement_pool_id apply only with pool_id")
        if self.pool_id and not (self.replacement_ip or self.replacement_pool_id):
            raise ValueError(
                "with pool_id, set exactly one of replacement_ip or replacement_pool_id: "
                "Mailgun needs one to unlink the DIPP")
        return self


class DomainIpAssignmentProvider(MailgunProvider[DomainIpAssignmentArgs]):
    inputs_model = DomainIpAssignmentArgs
    id_format = IdFormat("DomainIpAssignment", "{domain}/{ip}", "{domain}/pool/{pool_id}")
    output_fields = ()
    replace_on = frozenset({"domain", "ip", "pool_id"})
    reads_account = True
    kept_on_read = frozenset({"replacement_ip", "replacement_pool_id"})

    def existing(self, args: DomainIpAssignmentArgs) -> Found | None:
        if not self._assigned(args.domain, args.ip, args.pool_id):
            return None
        id_ = self.id_format.join(domain=args.domain, ip=args.ip, pool_id=args.pool_id)
        what = f"IP {args.ip}" if args.ip else f"DIPP {args.pool_id}"
        return Found(id_, f"the assignment of {what} to {args.domain}", id_)

    def write(self, args: DomainIpAssignmentArgs) -> tuple[str, Live | None]:
        client = self.client

        def send() -> None:
            if args.ip:
                client.assign_domain_ip(args.domain, args.ip)
            else:
                domain_id = str(client.get_domain(args.domain)["id"])
                client.update_ip_pool(str(args.pool_id), link_domains=[domain_id])

        def landed() -> bool:
            return self._assigned(args.domain, args.ip, args.pool_id)

        # The DIPP shows a link when Mailgun answers (the domain's IPs follow later), so
        # nothing waits here; a read that misses it re-reads before calling it gone.
        self.waits.write_or_check(send, landed)
        return self.id_format.join(domain=args.domain, ip=args.ip, pool_id=args.pool_id), None

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        key = self.id_format.split(id_)
        # A DIPP link is applied after Mailgun answers: give a recent one time to show.
        if self.waits.settle(
                lambda: self._assigned(key["domain"], key.get("ip"), key.get("pool_id")), bool):
            return key
        return None

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"domain": live["domain"], "ip": live.get("ip"), "pool_id": live.get("pool_id")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only the delete-time replacement and adopt change in place: state only.
        return UpdateResult(self.outputs(id_, self.parse(news), None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        key = self.id_format.split(id_)
        if "ip" in key:
            self.client.remove_domain_ip(key["domain"], key["ip"])
        # A link of ours may still be landing: unlinking is skipped only once reads agree
        # that there is nothing to unlink, or the link would land after the delete.
        elif self.waits.settle(lambda: self._assigned(key["domain"], None, key["pool_id"]),
                               bool):
            self.client.unlink_domain_ip_pool(
                key["domain"], replacement_ip=props.get("replacement_ip"),
                replacement_pool_id=props.get("replacement_pool_id"))

    def _assigned(self, domain: str, ip: str | None, pool_id: str | None) -> bool:
        client = self.client
        if ip:
            # While a DIPP is linked the domain sends from the DIPP's IPs, so an IP of
            # its own shows here only when it is really in use.
            sending = or_gone(lambda: client.list_ip_domains(ip, search=domain), [])
            return any(item.get("domain") == domain for item in sending)
        details = or_gone(lambda: client.get_ip_pool(str(pool_id)), {})
        return domain in (details.get("linked_domains") or [])


class DomainIpAssignment(Resource, module="mailgun", name="DomainIpAssignment"):
    """A domain's dedicated IP, or the DIPP linked to it."""

    domain: pulumi.Output[str]
    ip: pulumi.Output[str | None]
    pool_id: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        ip: pulumi.Input[str] | None = None,
        pool_id: pulumi.Input[str] | None = None,
        replacement_ip: pulumi.Input[str] | None = None,
        replacement_pool_id: pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(DomainIpAssignmentProvider(), resource_name,
                         resource_props(DomainIpAssignmentProvider, locals()), opts)
