"""DomainIpAssignment: one dedicated IP of a domain, or the DIPP linked to it.

Mailgun endpoints: with ``ip``: ``POST /v3/domains/{name}/ips`` (create),
``GET /v3/domains/{name}/ips`` (read), ``DELETE /v3/domains/{name}/ips/{ip}`` (delete).
With ``pool_id``: ``PATCH /v3/ip_pools/{id}`` with ``link_domain`` (create, by the domain's
id from ``GET /v4/domains/{name}``), ``GET /v3/ip_pools/{id}`` (read: ``linked_domains``),
``DELETE /v3/domains/{name}/ips/ip_pool`` with a replacement (delete).

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

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator, model_validator

from ..client import MailgunClient, NotFound
from ._base import Inputs, MailgunProvider, canonical_ip, domain_name, settle, write_once


class DomainIpAssignmentArgs(Inputs):
    """The inputs of a DomainIpAssignment."""

    domain: str = Field(description="The domain's name.")
    ip: str | None = Field(None, description="A dedicated IP to assign to the domain.")
    pool_id: str | None = Field(None, description="A DIPP to link to the domain.")
    replacement_ip: str | None = Field(
        None, description="With pool_id, on delete: the IP (or `shared`) the domain gets.")
    replacement_pool_id: str | None = Field(
        None, description="With pool_id, on delete: the DIPP the domain is relinked to.")
    adopt: bool = Field(False, description="Take over an existing assignment.")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return domain_name(value)

    @field_validator("ip")
    @classmethod
    def _ip(cls, value: str | None) -> str | None:
        return None if value is None else canonical_ip(value)

    @field_validator("replacement_ip")
    @classmethod
    def _replacement_ip(cls, value: str | None) -> str | None:
        return value if value in (None, "shared") else canonical_ip(str(value))

    @model_validator(mode="after")
    def _one_source(self) -> DomainIpAssignmentArgs:
        if bool(self.ip) == bool(self.pool_id):
            raise ValueError("set exactly one of ip or pool_id")
        if self.ip and (self.replacement_ip or self.replacement_pool_id):
            raise ValueError("replacement_ip and replacement_pool_id apply only with pool_id")
        if self.pool_id and bool(self.replacement_ip) == bool(self.replacement_pool_id):
            raise ValueError(
                "with pool_id, set exactly one of replacement_ip or replacement_pool_id: "
                "Mailgun needs one to unlink the DIPP")
        return self


def assignment_id(args: DomainIpAssignmentArgs) -> str:
    return f"{args.domain}/{args.ip}" if args.ip else f"{args.domain}/pool/{args.pool_id}"


def parse_assignment_id(id_: str) -> tuple[str, str | None, str | None]:
    """``(domain, ip, pool_id)`` from an ID."""
    domain, sep, rest = id_.partition("/")
    if not sep or not domain or not rest:
        raise ValueError(f"a DomainIpAssignment id reads '<domain>/<ip>' or "
                         f"'<domain>/pool/<pool_id>', not '{id_}'")
    if rest.startswith("pool/"):
        return domain, None, rest.removeprefix("pool/")
    return domain, rest, None


class DomainIpAssignmentProvider(MailgunProvider):
    inputs_model = DomainIpAssignmentArgs
    output_fields = frozenset()
    replace_on = frozenset({"domain", "ip", "pool_id"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: DomainIpAssignmentArgs = self.parse(props)
        if _exists(self.client, args.domain, args.ip, args.pool_id):
            if not self.adopting(args):
                what = f"IP {args.ip} is" if args.ip else f"DIPP {args.pool_id} is"
                raise RuntimeError(f"{what} already assigned to {args.domain}: set adopt=True "
                                   "to manage that assignment")
        else:
            client = self.client

            def send() -> None:
                if args.ip:
                    client.assign_domain_ip(args.domain, args.ip)
                else:
                    domain_id = str(client.get_domain(args.domain)["id"])
                    client.update_ip_pool(str(args.pool_id), link_domains=[domain_id])

            write_once(send, lambda: _exists(client, args.domain, args.ip, args.pool_id))
        return CreateResult(assignment_id(args), args.model_dump())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        domain, ip, pool_id = parse_assignment_id(id_)
        # A DIPP link is applied after Mailgun answers: give a recent one time to show.
        if not settle(lambda: _exists(self.client, domain, ip, pool_id), bool):
            return ReadResult("", {})
        inputs = {"domain": domain, "ip": ip, "pool_id": pool_id,
                  "replacement_ip": props.get("replacement_ip"),
                  "replacement_pool_id": props.get("replacement_pool_id"),
                  "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, dict(inputs), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        # Only the delete-time replacement and adopt change in place: state only.
        args: DomainIpAssignmentArgs = self.parse(news)
        return UpdateResult(args.model_dump())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        domain, ip, pool_id = parse_assignment_id(id_)
        try:
            if ip:
                self.client.remove_domain_ip(domain, ip)
            elif _exists(self.client, domain, None, pool_id):
                self.client.unlink_domain_ip_pool(
                    domain, replacement_ip=props.get("replacement_ip"),
                    replacement_pool_id=props.get("replacement_pool_id"))
        except NotFound:
            return


def _exists(client: MailgunClient, domain: str, ip: str | None, pool_id: str | None) -> bool:
    try:
        if ip:
            live = client.get_domain_ips(domain)
            return ip in (live.get("items") or []) and not live.get("pool_id")
        details = client.get_ip_pool(str(pool_id))
    except NotFound:
        return False
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
        props = {"domain": domain, "ip": ip, "pool_id": pool_id,
                 "replacement_ip": replacement_ip, "replacement_pool_id": replacement_pool_id,
                 "adopt": adopt}
        super().__init__(DomainIpAssignmentProvider(), resource_name, props, opts)
