"""DippSpillover: the DIPP that takes the account's, or one domain's, spillover.

Mailgun endpoints: ``GET`` / ``PATCH /v3/ips/account/settings`` (the account's setting),
``GET`` / ``PATCH /v3/ips/domain/{name}`` (a domain's). Both take and show the JSON
``{"extra_dedicated_ips": {"pool_id": ...}}``; a PATCH with ``null`` clears it. Only the
September 2026 spec documents them (REFERENCE 3.5).

- ID: ``account``, or the domain's name. A domain may not be called ``account``.
- Adopt key: ``domain`` (none: the account). Create refuses to replace a spillover DIPP
  other than the declared one unless adopting; an adopted setting's DIPP is kept as the
  ``adopted_pool_id`` output.
- Replacement: a new ``domain``. ``pool_id`` changes in place.
- Delete: restores ``adopted_pool_id`` when create adopted one, else clears the setting;
  should Mailgun refuse that DIPP by then (deleted since, say), the setting is cleared and
  a line on the engine's output says so. A setting cleared (``null``) counts as gone, and
  so does a domain that is gone.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import BadRequest, NotFound
from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import Id, OptionalDomainName
from ._ids import IdFormat

ACCOUNT = "account"


class DippSpilloverArgs(Inputs):
    """The inputs of a DippSpillover."""

    pool_id: Id = Field(
        description="The id of the DIPP that takes the spillover (in a program, `pool.pool_id`).")
    domain: OptionalDomainName = Field(
        None, description="A domain of the account; omitted: the account's own setting.")

    @field_validator("domain")
    @classmethod
    def _not_the_account_id(cls, value: str | None) -> str | None:
        # The account's setting has this id: a domain of that name would share it.
        if value == ACCOUNT:
            raise ValueError(f"'{ACCOUNT}' is not a domain name: omit domain for the "
                             "account's setting")
        return value


class DippSpilloverProvider(MailgunProvider[DippSpilloverArgs]):
    inputs_model = DippSpilloverArgs
    id_format = IdFormat("DippSpillover", "{domain}", ACCOUNT)
    output_fields = ("adopted_pool_id",)
    replace_on = frozenset({"domain"})
    reads_account = True

    def existing(self, args: DippSpilloverArgs) -> Found | None:
        found = self.client.get_dipp_spillover(args.domain)
        if found is None:
            return None
        return Found(self.id_format.join(domain=args.domain),
                     f"the DIPP spillover of {_owner(args.domain)}", f"DIPP {found}",
                     live={"pool_id": found}, taken=found != args.pool_id)

    def write(self, args: DippSpilloverArgs) -> tuple[str, Live | None]:
        self._set(args.domain, args.pool_id)
        return self.id_format.join(domain=args.domain), {"adopted_pool_id": None}

    def adopt(self, found: Found, args: DippSpilloverArgs) -> Live | None:
        pool_id = (found.live or {}).get("pool_id")
        if pool_id != args.pool_id:
            self._set(args.domain, args.pool_id)
        # Delete gives the domain back the DIPP it had when adopted.
        return {"adopted_pool_id": pool_id if self.adopting(args) else None}

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        pool_id = self.client.get_dipp_spillover(self.id_format.split(id_).get("domain"))
        return None if pool_id is None else {"pool_id": pool_id}

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"pool_id": live["pool_id"], "domain": self.id_format.split(id_).get("domain")}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        if live is not None and "adopted_pool_id" in live:
            return {"adopted_pool_id": live["adopted_pool_id"]}
        # Mailgun keeps no trace of an adoption: the DIPP seen then comes from the state.
        return {"adopted_pool_id": olds.get("adopted_pool_id")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        # Against the live setting, not the last state: a repair after drift, and never a
        # PATCH that changes nothing.
        if self.client.get_dipp_spillover(args.domain) != args.pool_id:
            self._set(args.domain, args.pool_id)
        return UpdateResult(self.outputs(id_, args, None, olds))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        domain = self.id_format.split(id_).get("domain")
        adopted = props.get("adopted_pool_id")
        try:
            self._set(domain, adopted)
        except (BadRequest, NotFound) as error:
            if adopted is None:
                raise
            # The DIPP seen at adoption was most likely deleted since (a DIPP read right
            # after its delete may still show it, so it is not asked): clearing comes
            # closest to the setting as it was. A NotFound of the domain recurs here.
            print(f"DippSpillover {id_}: DIPP {adopted}, seen at adoption, could not be "
                  f"restored ({error}); the setting is cleared instead", file=sys.stderr)
            self._set(domain, None)

    def _set(self, domain: str | None, pool_id: str | None) -> None:
        self.waits.write_or_check(
            lambda: self.client.set_dipp_spillover(pool_id, domain),
            lambda: self.client.get_dipp_spillover(domain) == pool_id)


def _owner(domain: str | None) -> str:
    return domain or "the account"


class DippSpillover(Resource, module="mailgun", name="DippSpillover"):
    """The DIPP that takes the account's, or one domain's, spillover."""

    pool_id: pulumi.Output[str]
    domain: pulumi.Output[str | None]
    adopted_pool_id: pulumi.Output[str | None]
    """The spillover DIPP that create found and adopted; delete restores it."""

    def __init__(
        self,
        resource_name: str,
        *,
        pool_id: pulumi.Input[str],
        domain: pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(DippSpilloverProvider(), resource_name,
                         resource_props(DippSpilloverProvider, locals()), opts)
