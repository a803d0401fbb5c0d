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

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import BadRequest
from ..facts import MAX_WEBHOOK_URLS
from ._base import Inputs, Live, MailgunProvider, resource_props
from ._fields import DomainName, WebhookEvent, WebhookUrl
from ._ids import IdFormat


class WebhookArgs(Inputs):
    """The inputs of a Webhook."""

    domain: DomainName = Field(description="The sending domain.")
    event: WebhookEvent = Field(description="One event kind, e.g. delivered or permanent_fail.")
    urls: list[WebhookUrl] = Field(description=f"1 to {MAX_WEBHOOK_URLS} http(s) URLs.")

    @field_validator("urls")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        if not 1 <= len(values) <= MAX_WEBHOOK_URLS:
            raise ValueError(f"an event takes 1 to {MAX_WEBHOOK_URLS} URLs, not {len(values)}")
        if len(set(values)) != len(values):
            raise ValueError("a URL is listed twice")
        return sorted(values)


class WebhookProvider(MailgunProvider[WebhookArgs]):
    inputs_model = WebhookArgs
    id_format = IdFormat("Webhook", "{domain}/{event}")
    output_fields = ()
    replace_on = frozenset({"domain", "event"})

    def create(self, props: dict[str, Any]) -> CreateResult:
        args = self.parse(props)
        id_ = self.id_format.join(domain=args.domain, event=args.event)

        def landed() -> bool:
            live = self.live_or_none(id_, props)
            return live is not None and sorted(live["urls"]) == args.urls

        # Adopting looks first: a webhook that already matches is taken over without a write.
        existing = self.live_or_none(id_, props) if self.adopting(args) else None
        if existing is None:
            try:
                self.waits.write_or_check(lambda: self.client.create_domain_webhook(
                    args.domain, args.event, args.urls), landed)
            except BadRequest:
                existing = self.live_or_none(id_, props)
                if existing is None:
                    raise
                self.refuse_unless_adopting(args, f"the {args.event} webhook of {args.domain}",
                                            ", ".join(existing["urls"]))
        if existing is not None and sorted(existing["urls"]) != args.urls:
            self.client.update_domain_webhook(args.domain, args.event, args.urls)
        return CreateResult(id_, self.outputs(id_, args, None))

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        key = self.id_format.split(id_)
        domain, event = key["domain"], key["event"]
        listing = self.listed(("domain_webhooks", domain),
                              lambda: self.client.list_domain_webhooks(domain))
        urls = listing.value.get(event)
        if urls is None and not listing.loaded_now:
            urls = self.client.get_domain_webhook(domain, event)
        # An event without URLs is how Mailgun shows a webhook that is gone.
        return {"urls": urls} if urls else None

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {**self.id_format.split(id_), "urls": sorted(live["urls"])}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        if sorted(olds.get("urls") or []) != args.urls:
            self.client.update_domain_webhook(args.domain, args.event, args.urls)
        return UpdateResult(self.outputs(id_, args, None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        key = self.id_format.split(id_)
        self.client.delete_domain_webhook(key["domain"], key["event"])


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
        super().__init__(WebhookProvider(), resource_name,
                         resource_props(WebhookProvider, locals()), opts)
