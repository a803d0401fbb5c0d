"""IpWarmup: a warmup plan for one dedicated IP.

Mailgun endpoints: ``POST /v3/ip_warmups/{ip}`` (create, no parameters),
``GET /v3/ip_warmups/{ip}`` (read: stage and progress), ``DELETE /v3/ip_warmups/{ip}``
(delete: cancels the plan).

- ID: the IP.
- Adopt key: ``ip``. An IP already on warmup is taken over only with ``adopt=True``.
- Replacement: a new ``ip``. A plan has nothing to update in place.
- Delete: cancels the warmup; an IP no longer on warmup counts as done. A plan that
  finished on its own disappears from state at the next refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from .. import answers
from ..client import BadRequest
from ._base import AlreadyThere, Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import IpAddress
from ._ids import IdFormat


class IpWarmupArgs(Inputs):
    """The inputs of an IpWarmup."""

    ip: IpAddress = Field(description="A dedicated IP of the account.")


class IpWarmupProvider(MailgunProvider[IpWarmupArgs]):
    inputs_model = IpWarmupArgs
    id_format = IdFormat("IpWarmup", "{ip}")
    output_fields = ("stage_number", "total_stages", "sent_within_stage", "throttle",
                     "plan_started_at")
    replace_on = frozenset({"ip"})

    def existing(self, args: IpWarmupArgs) -> Found | None:
        # Adopting looks first: a running plan is taken over without a write. Otherwise
        # Mailgun's refusal of a second plan for the IP is what tells (see write).
        return self._found(args) if self.adopting(args) else None

    def write(self, args: IpWarmupArgs) -> tuple[str, Live | None]:
        try:
            self.waits.write_or_check(
                lambda: self.client.create_ip_warmup(args.ip),
                lambda: self.live_or_none(args.ip, {}) is not None)
        except BadRequest as error:
            if answers.WARMUP_EXISTS.matches(error) and (found := self._found(args)):
                raise AlreadyThere(found) from None
            raise
        return args.ip, self.live_or_none(args.ip, {})

    def adopt(self, found: Found, args: IpWarmupArgs) -> Live | None:
        return self.live_or_none(args.ip, {})

    def _found(self, args: IpWarmupArgs) -> Found | None:
        running = self.live_or_none(args.ip, {})
        if running is None:
            return None
        return Found(args.ip, f"a warmup of IP {args.ip}", f"stage {_stage(running)}",
                     live=running)

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        return self.client.get_ip_warmup(id_)

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"ip": id_}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        live = live or {}
        return {
            "stage_number": _stage(live),
            "total_stages": live.get("total_stages"),
            "sent_within_stage": live.get("sent_within_stage"),
            "throttle": live.get("throttle"),
            "plan_started_at": live.get("plan_started_at"),
        }

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        return UpdateResult(self.outputs(id_, args, self.live_or_none(id_, news)))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.client.cancel_ip_warmup(id_)


def _stage(details: Live) -> Any:
    # Older answers name the stage ``stage``, newer ones ``stage_number``.
    return details.get("stage_number", details.get("stage"))


class IpWarmup(Resource, module="mailgun", name="IpWarmup"):
    """A warmup plan for a dedicated IP; destroying it cancels the warmup."""

    ip: pulumi.Output[str]
    stage_number: pulumi.Output[int]
    """The plan's current stage."""
    total_stages: pulumi.Output[int]
    sent_within_stage: pulumi.Output[str]
    """Progress within the stage, as Mailgun reports it (for example ``20%``)."""
    throttle: pulumi.Output[int]
    plan_started_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        ip: pulumi.Input[str],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(IpWarmupProvider(), resource_name,
                         resource_props(IpWarmupProvider, locals()), opts)
