"""Webhook: the URLs of one event kind of one domain.

Mailgun endpoints: ``POST /v3/domains/{domain}/webhooks`` (create: ``id`` and ``url``),
``GET`` / ``PUT`` / ``DELETE /v3/domains/{domain}/webhooks/{event}``.

- ID: ``{domain}/{event}``.
- Adopt key: ``domain`` and ``event``. Mailgun refuses a create for an event that already has
  URLs; with ``adopt=True`` the provider replaces those URLs with the declared ones instead.
- Replacement: a new ``domain`` or ``event``. ``urls`` change in place (PUT replaces them).
- Delete: removes every URL of the event; an event without URLs counts as deleted.
- URLs with credentials (``https://user:password@host/...``): ``urls`` or
  ``foreign_urls`` holding one is a Pulumi secret as a whole (encrypted in the state,
  ``[secret]`` in previews), and errors show such URLs masked.
- ``foreign_urls``: URLs of the event that another resource manages (a DomainWebhookUrl,
  through ``/v4``). Read leaves them out, so they are never drift, and none of them alone
  keeps the webhook alive; every write keeps those that are live: an update PUTs them
  with ``urls``, a delete PUTs them alone instead of deleting the event, and a create
  that finds only them on the event PUTs them with ``urls`` instead of refusing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field, ValidationInfo, field_validator

from .. import answers
from ..client import BadRequest
from ..facts import MAX_WEBHOOK_URLS
from ._base import AlreadyThere, Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import DomainName, WebhookEvent, WebhookUrl
from ._ids import IdFormat
from ._props import secret_when_credentials


class WebhookArgs(Inputs):
    """The inputs of a Webhook."""

    domain: DomainName = Field(description="The sending domain.")
    event: WebhookEvent = Field(description="One event kind, e.g. delivered or permanent_fail.")
    urls: list[WebhookUrl] = Field(description=f"1 to {MAX_WEBHOOK_URLS} http(s) URLs.")
    foreign_urls: list[WebhookUrl] = Field(
        default_factory=list,
        description="URLs of this event that another resource manages (a DomainWebhookUrl): "
                    "read leaves them out, writes keep them.")

    @field_validator("urls")
    @classmethod
    def _urls(cls, values: list[str]) -> list[str]:
        if not 1 <= len(values) <= MAX_WEBHOOK_URLS:
            raise ValueError(f"an event takes 1 to {MAX_WEBHOOK_URLS} URLs, not {len(values)}")
        if len(set(values)) != len(values):
            raise ValueError("a URL is listed twice")
        return sorted(values)

    @field_validator("foreign_urls")
    @classmethod
    def _foreign_urls(cls, values: list[str], info: ValidationInfo) -> list[str]:
        if len(set(values)) != len(values):
            raise ValueError("a URL is listed twice")
        # Absent when urls itself failed: its own error says what is wrong there.
        urls: list[str] = info.data.get("urls") or []
        if both := sorted(set(values) & set(urls)):
            raise ValueError(f"{', '.join(both)} is in urls too: a URL has one owner")
        if len(urls) + len(values) > MAX_WEBHOOK_URLS:
            raise ValueError(f"an event takes at most {MAX_WEBHOOK_URLS} URLs, counting "
                             f"foreign_urls: {len(urls)} in urls and {len(values)} here")
        return sorted(values)


class WebhookProvider(MailgunProvider[WebhookArgs]):
    inputs_model = WebhookArgs
    id_format = IdFormat("Webhook", "{domain}/{event}")
    output_fields = ()
    replace_on = frozenset({"domain", "event"})
    # Mailgun cannot tell whose a URL is: which are another resource's comes from the state.
    kept_on_read = frozenset({"foreign_urls"})

    def existing(self, args: WebhookArgs) -> Found | None:
        # Adopting looks first, so a webhook that already matches is taken over without a
        # write; otherwise Mailgun's refusal of the POST is what tells (see write).
        return self._found(args) if self.adopting(args) else None

    def write(self, args: WebhookArgs) -> tuple[str, Live | None]:
        def landed() -> bool:
            return set(args.urls) <= set(self._event_urls(args.domain, args.event))

        try:
            self.waits.write_or_check(lambda: self.client.create_domain_webhook(
                args.domain, args.event, args.urls), landed)
        except BadRequest as error:
            if answers.WEBHOOK_EXISTS.matches(error) and (found := self._found(args)):
                raise AlreadyThere(found) from None
            raise
        return self.id_format.join(domain=args.domain, event=args.event), None

    def adopt(self, found: Found, args: WebhookArgs) -> Live | None:
        live = list((found.live or {}).get("urls") or [])
        if sorted(live) != _wanted(args, live):
            # What was found may come from a shared listing: a write acts on Mailgun now.
            live = self._event_urls(args.domain, args.event)
            if sorted(live) != (wanted := _wanted(args, live)):
                self.client.update_domain_webhook(args.domain, args.event, wanted)
        return None

    def _found(self, args: WebhookArgs) -> Found | None:
        def event_urls(hooks: Mapping[str, list[str]]) -> Live | None:
            return {"urls": list(hooks[args.event])} if hooks.get(args.event) else None

        # While adopting, from the domain's listing that the other looks share.
        found = self.from_listing(
            ("domain_webhooks", args.domain),
            lambda: self.client.list_domain_webhooks(args.domain), event_urls,
            lambda: event_urls(self.client.list_domain_webhooks(args.domain)))
        live: list[str] = list(found["urls"]) if found else []
        if not live:
            return None
        # Only another resource's URLs on the event are no reason to refuse: they stay.
        others = [url for url in live if url not in args.foreign_urls]
        return Found(self.id_format.join(domain=args.domain, event=args.event),
                     f"the {args.event} webhook of {args.domain}",
                     f"{', '.join(others)}; URLs another resource manages go in foreign_urls",
                     live={"urls": live}, taken=bool(others))

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        key = self.id_format.split(id_)
        domain, event = key["domain"], key["event"]
        foreign = props.get("foreign_urls") or []

        def own_urls(hooks: Mapping[str, list[str]]) -> Live | None:
            urls = [url for url in hooks.get(event) or [] if url not in foreign]
            # An event without URLs of its own is how Mailgun shows a webhook that is gone.
            return {"urls": urls} if urls else None

        return self.from_listing(
            ("domain_webhooks", domain), lambda: self.client.list_domain_webhooks(domain),
            own_urls, lambda: own_urls({event: self.client.get_domain_webhook(domain, event)}))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {**self.id_format.split(id_), "urls": sorted(live["urls"])}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        # Against the live event, not the last state: the foreign URLs live now are kept,
        # and no PUT that changes nothing is sent.
        live = self._event_urls(args.domain, args.event)
        wanted = _wanted(args, live)
        if not live:
            # Gone since the last refresh (a PUT needs URLs on the event): made again.
            self.client.create_domain_webhook(args.domain, args.event, wanted)
        elif sorted(live) != wanted:
            self.client.update_domain_webhook(args.domain, args.event, wanted)
        return UpdateResult(self.outputs(id_, args, None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        key = self.id_format.split(id_)
        domain, event = key["domain"], key["event"]
        foreign = props.get("foreign_urls") or []
        live = self._event_urls(domain, event) if foreign else []
        # A DELETE would take every URL of the event, another resource's too.
        if kept := sorted(url for url in live if url in foreign):
            if kept != sorted(live):
                self.client.update_domain_webhook(domain, event, kept)
            return
        self.client.delete_domain_webhook(domain, event)

    def _event_urls(self, domain: str, event: str) -> list[str]:
        return self.client.list_domain_webhooks(domain).get(event) or []


def _wanted(args: WebhookArgs, live: list[str]) -> list[str]:
    """What the event should have: the declared URLs and the foreign ones that are live."""
    return sorted({*args.urls, *(url for url in args.foreign_urls if url in live)})


class Webhook(Resource, module="mailgun", name="Webhook"):
    """A domain webhook: one event kind and its URLs."""

    domain: pulumi.Output[str]
    event: pulumi.Output[str]
    urls: pulumi.Output[list[str]]
    foreign_urls: pulumi.Output[list[str]]
    """URLs of the event that another resource manages; never reported, always kept."""

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        event: pulumi.Input[str],
        urls: pulumi.Input[list[pulumi.Input[str]]],
        foreign_urls: pulumi.Input[list[pulumi.Input[str]]] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(WebhookProvider, locals())
        # A list with one URL with credentials is a secret as a whole: the engine keeps
        # secrets per property.
        for name in ("urls", "foreign_urls"):
            props[name] = secret_when_credentials(props[name])
        super().__init__(WebhookProvider(), resource_name, props, opts)
