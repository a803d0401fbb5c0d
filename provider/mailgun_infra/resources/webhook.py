"""Webhook: the URLs of one event kind of one domain.

Mailgun endpoints: ``POST /v3/domains/{domain}/webhooks`` (create: ``id`` and ``url``),
``GET`` / ``PUT`` / ``DELETE /v3/domains/{domain}/webhooks/{event}``.

- ID: ``{domain}/{event}``.
- Adopt key: ``domain`` and ``event``. Mailgun refuses a create for an event that already has
  URLs; with ``adopt=True`` the provider replaces those URLs with the declared ones instead.
- Replacement: a new ``domain`` or ``event``. ``urls`` change in place (PUT replaces them).
- Delete: removes every URL of the event; an event without URLs counts as deleted.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import BadRequest, NotFound
from ..facts import MAX_WEBHOOK_URLS
from ._base import (
    Inputs,
    MailgunProvider,
    domain_name,
    validate_events,
    validate_url,
    write_once,
)


class WebhookArgs(Inputs):
    """The inputs of a Webhook."""

    domain: str = Field(description="The sending domain.")
    event: str = Field(description="One event kind, e.g. delivered or permanent_fail.")
    urls: list[str] = Field(description=f"1 to {MAX_WEBHOOK_URLS} http(s) URLs.")
    adopt: bool = Field(False, description="Take over URLs the event already has.")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        return domain_name(value)

    @field_validator("event")
    @classmethod
    def _event(cls, value: str) -> str:
        return validate_events([value])[0]

    @field_validator("urls")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        if not 1 <= len(values) <= MAX_WEBHOOK_URLS:
            raise ValueError(f"an event takes 1 to {MAX_WEBHOOK_URLS} URLs, not {len(values)}")
        if len(set(values)) != len(values):
            raise ValueError("a URL is listed twice")
        return sorted(validate_url(v) for v in values)


def webhook_id(domain: str, event: str) -> str:
    return f"{domain}/{event}"


def parse_webhook_id(id_: str) -> tuple[str, str]:
    domain, sep, event = id_.rpartition("/")
    if not sep or not domain or not event:
        raise ValueError(f"a Webhook id reads '<domain>/<event>', not '{id_}'")
    return domain, event


class WebhookProvider(MailgunProvider):
    inputs_model = WebhookArgs
    output_fields = frozenset()
    replace_on = frozenset({"domain", "event"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: WebhookArgs = self.parse(props)
        def applied() -> bool | None:
            try:
                urls = self.client.get_domain_webhook(args.domain, args.event)
            except NotFound:
                return None
            return True if sorted(urls) == args.urls else None

        try:
            write_once(lambda: self.client.create_domain_webhook(
                args.domain, args.event, args.urls), applied)
        except BadRequest:
            try:
                existing = self.client.get_domain_webhook(args.domain, args.event)
            except NotFound:
                raise
            if not self.adopting(args):
                raise RuntimeError(
                    f"{args.event} of {args.domain} already has URLs ({', '.join(existing)}): "
                    "set adopt=True to replace them with the declared ones") from None
            if sorted(existing) != args.urls:
                self.client.update_domain_webhook(args.domain, args.event, args.urls)
        return CreateResult(webhook_id(args.domain, args.event), args.model_dump())

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        domain, event = parse_webhook_id(id_)
        try:
            urls = self.client.get_domain_webhook(domain, event)
        except NotFound:
            return ReadResult("", {})
        if not urls:
            return ReadResult("", {})
        inputs = {"domain": domain, "event": event, "urls": sorted(urls),
                  "adopt": bool(props.get("adopt"))}
        return ReadResult(id_, dict(inputs), inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: WebhookArgs = self.parse(news)
        if sorted(olds.get("urls") or []) != args.urls:
            self.client.update_domain_webhook(args.domain, args.event, args.urls)
        return UpdateResult(args.model_dump())

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        domain, event = parse_webhook_id(id_)
        try:
            self.client.delete_domain_webhook(domain, event)
        except NotFound:
            return


class Webhook(Resource, module="mailgun", name="Webhook"):
    """A domain webhook: one event kind and its URLs."""

    domain: pulumi.Output[str]
    event: pulumi.Output[str]
    urls: pulumi.Output[list[str]]

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        event: pulumi.Input[str],
        urls: pulumi.Input[list[pulumi.Input[str]]],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {"domain": domain, "event": event, "urls": urls, "adopt": adopt}
        super().__init__(WebhookProvider(), resource_name, props, opts)
