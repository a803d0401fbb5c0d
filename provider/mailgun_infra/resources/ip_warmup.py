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

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import BadRequest, NotFound
from ._base import Inputs, MailgunProvider, canonical_ip, write_once

PROGRESS_FIELDS = ("stage_number", "total_stages", "sent_within_stage", "throttle",
                   "plan_started_at")


class IpWarmupArgs(Inputs):
    """The inputs of an IpWarmup."""

    ip: str = Field(description="A dedicated IP of the account.")
    adopt: bool = Field(False, description="Take over a warmup that is already running.")

    @field_validator("ip")
    @classmethod
    def _ip_valid(cls, value: str) -> str:
        return canonical_ip(value)


class IpWarmupProvider(MailgunProvider):
    inputs_model = IpWarmupArgs
    output_fields = frozenset(PROGRESS_FIELDS)
    replace_on = frozenset({"ip"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: IpWarmupArgs = self.parse(props)
        try:
            write_once(lambda: self.client.create_ip_warmup(args.ip),
                       lambda: self._on_warmup(args.ip))
        except BadRequest:
            # Mailgun refuses a second plan for the same IP: see whether that is the case.
            try:
                self.client.get_ip_warmup(args.ip)
            except NotFound:
                raise
            if not self.adopting(args):
                raise RuntimeError(
                    f"IP {args.ip} is already on warmup: set adopt=True to manage that plan"
                ) from None
        return CreateResult(args.ip, {**args.model_dump(), **self._progress(args.ip)})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            progress = self._progress(id_, strict=True)
        except NotFound:
            return ReadResult("", {})
        inputs = {"ip": id_, "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, {**inputs, **progress}, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: IpWarmupArgs = self.parse(news)
        return UpdateResult({**args.model_dump(), **self._progress(id_)})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.cancel_ip_warmup(id_)
        except NotFound:
            return

    def _on_warmup(self, ip: str) -> bool | None:
        try:
            self.client.get_ip_warmup(ip)
        except NotFound:
            return None
        return True

    def _progress(self, ip: str, strict: bool = False) -> dict[str, Any]:
        try:
            details = self.client.get_ip_warmup(ip)
        except NotFound:
            if strict:
                raise
            details = {}
        stage = details.get("stage_number", details.get("stage"))
        return {
            "stage_number": stage,
            "total_stages": details.get("total_stages"),
            "sent_within_stage": details.get("sent_within_stage"),
            "throttle": details.get("throttle"),
            "plan_started_at": details.get("plan_started_at"),
        }


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
        props: dict[str, Any] = {"ip": ip, "adopt": adopt}
        props.update(dict.fromkeys(PROGRESS_FIELDS))
        super().__init__(IpWarmupProvider(), resource_name, props, opts)
