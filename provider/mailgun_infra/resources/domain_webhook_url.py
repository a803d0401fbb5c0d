"""DomainWebhookUrl: one URL of a domain, subscribed to many of its events (v4).

Mailgun endpoints: ``POST /v4/domains/{domain}/webhooks`` (create: ``url`` and
``event_types`` repeated), ``PUT`` on the same path (update: replaces the URL's event
types), ``DELETE ...?url=`` (removes the URL from every event), and ``GET
/v3/domains/{domain}/webhooks`` (read: the events whose URLs list it; v4 has no read).

- ID: ``{domain}/{url}``, the URL percent-encoded so that its ``/`` never splits the id:
  ``mail.example.com/https%3A%2F%2Fhooks.example.com%2Fmg``. A URL with credentials is a
  secret, and an id never is: its id is ``{domain}/secret-url-{random hex}``, which tells
  nothing of the URL (a digest would let anyone with the state try passwords against
  it); the URL then comes from the state, where it is encrypted. A refresh gives an id of
  the older form that holds such a URL its new form.
- Adopt key: ``domain`` and ``url``. A URL the domain has on any event already is taken
  over only with ``adopt=True``; its event types are then made the declared ones.
- Replacement: a new ``domain`` or ``url``. ``event_types`` change in place (one PUT).
- Delete: removes the URL from every event of the domain and nothing else, so the
  events' other URLs (a v3 Webhook's) stay. A URL found on no event counts as gone.
- Beside a v3 Webhook of the same domain and event, the Webhook lists this URL in its
  ``foreign_urls`` (the stack spec does it): then neither reports or removes the other's
  URLs. Both write one event's URL list, so the Webhook should be written first
  (``depends_on``; the spec orders them so).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Annotated, Any
from urllib.parse import quote, unquote

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field, field_validator

from .. import answers
from ..client import BadRequest
from ..facts import MAX_WEBHOOK_URLS, has_credentials
from ._base import AlreadyThere, Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import DomainName, WebhookEvents, WebhookUrl, at_least_one
from ._ids import IdFormat
from ._props import secret_when_credentials


class DomainWebhookUrlArgs(Inputs):
    """The inputs of a DomainWebhookUrl."""

    domain: DomainName = Field(description="The sending domain.")
    url: WebhookUrl = Field(description="The http(s) URL Mailgun posts the events to.")
    event_types: Annotated[WebhookEvents, at_least_one(
        "list at least one event (destroy the resource to remove the URL from every event)"
    )] = Field(description="The event kinds, each once.")

    @field_validator("url")
    @classmethod
    def _no_comma(cls, value: str) -> str:
        # Mailgun's v4 delete takes a comma-separated list of URLs: it would split this one.
        if "," in value:
            raise ValueError(f"'{value}' contains ',', which Mailgun's v4 API reads as a "
                             "list of URLs: such a URL could not be deleted")
        return value


class DomainWebhookUrlProvider(MailgunProvider[DomainWebhookUrlArgs]):
    inputs_model = DomainWebhookUrlArgs
    id_format = IdFormat("DomainWebhookUrl", "{domain}/{url}")
    output_fields = ()
    replace_on = frozenset({"domain", "url"})

    def existing(self, args: DomainWebhookUrlArgs) -> Found | None:
        # A POST of a URL the domain has on other events only would go through: looking
        # first is what makes an existing URL a refusal rather than a silent takeover.
        return self._found(args)

    def write(self, args: DomainWebhookUrlArgs) -> tuple[str, Live | None]:
        try:
            self.waits.write_or_check(
                lambda: self.client.create_domain_webhook_url(
                    args.domain, args.url, args.event_types),
                lambda: self._events(args) == args.event_types)
        except BadRequest as error:
            if answers.WEBHOOK_EXISTS.matches(error) and (found := self._found(args)):
                raise AlreadyThere(found) from None
            self._explain_full_events(error, args)
            raise
        return make_id(args.domain, args.url), None

    def adopt(self, found: Found, args: DomainWebhookUrlArgs) -> Live | None:
        if (found.live or {}).get("event_types") != args.event_types:
            self._put(args)
        return None

    def _found(self, args: DomainWebhookUrlArgs) -> Found | None:
        # While adopting, from the domain's listing that the other looks share.
        live = self.find(make_id(args.domain, args.url), args.model_dump())
        events: list[str] = list(live["event_types"]) if live else []
        if not events:
            return None
        return Found(make_id(args.domain, args.url),
                     f"the webhook URL {args.url} of {args.domain}", "on " + ", ".join(events),
                     live={"url": args.url, "event_types": events})

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        domain, url = split_id(id_, props)
        # The listing v3 Webhooks of the domain read too: a refresh lists each domain once.

        def of_url(hooks: Mapping[str, list[str]]) -> Live | None:
            events = _events_of(url, hooks)
            return {"url": url, "event_types": events} if events else None

        def hooks() -> dict[str, list[str]]:
            return self.client.list_domain_webhooks(domain)

        return self.from_listing(("domain_webhooks", domain), hooks, of_url,
                                 lambda: of_url(hooks()))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        domain = self.id_format.split(id_)["domain"]
        return {"domain": domain, "url": live["url"], "event_types": live["event_types"]}

    def renewed_id(self, id_: str, inputs: Mapping[str, Any]) -> str:
        # An id of the older form holds the URL: a URL with credentials gets a new one.
        domain, url = split_id(id_, inputs)
        if has_credentials(url) and not self.id_format.split(id_)["url"].startswith(
                SECRET_URL_ID):
            return make_id(domain, url)
        return id_

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        # Against the live URL: a repair after drift, and never a PUT that changes nothing.
        events = self._events(args)
        if not events:
            # Gone since the last refresh (a PUT needs the URL on some event): made again.
            self._write(lambda: self.client.create_domain_webhook_url(
                args.domain, args.url, args.event_types), args)
        elif events != args.event_types:
            self._put(args)
        return UpdateResult(self.outputs(id_, args, None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        domain, url = split_id(id_, props)
        self.client.delete_domain_webhook_urls(domain, [url])

    def _events(self, args: DomainWebhookUrlArgs) -> list[str]:
        return _events_of(args.url, self.client.list_domain_webhooks(args.domain))

    def _put(self, args: DomainWebhookUrlArgs) -> None:
        self._write(lambda: self.client.update_domain_webhook_url(
            args.domain, args.url, args.event_types), args)

    def _write(self, send: Callable[[], object], args: DomainWebhookUrlArgs) -> None:
        try:
            send()
        except BadRequest as error:
            self._explain_full_events(error, args)
            raise

    def _explain_full_events(self, error: BadRequest, args: DomainWebhookUrlArgs) -> None:
        """Mailgun's 400 for an event that has its 3 URLs already does not say whose they
        are: a v3 Webhook's count too. Raises with them named when that is the cause."""
        hooks = self.client.list_domain_webhooks(args.domain)
        full = [event for event in args.event_types
                if args.url not in hooks.get(event, [])
                and len(hooks.get(event, [])) >= MAX_WEBHOOK_URLS]
        if full:
            taken = "; ".join(f"{event} has {', '.join(hooks[event])}" for event in full)
            raise RuntimeError(
                f"Mailgun takes at most {MAX_WEBHOOK_URLS} URLs per event of a domain, "
                f"Webhooks' and DomainWebhookUrls' together, and {args.domain} is full: "
                f"{taken} ({error})") from error


# The id's second part for a URL with credentials; a quoted URL starts with its scheme.
SECRET_URL_ID = "secret-url-"


def make_id(domain: str, url: str) -> str:
    """The id of the URL ``url`` of ``domain``; a new one each time for a URL with
    credentials, which the id must not reveal."""
    part = SECRET_URL_ID + secrets.token_hex(8) if has_credentials(url) else quote(url, safe="")
    return DomainWebhookUrlProvider.id_format.join(domain=domain, url=part)


def split_id(id_: str, props: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """The domain and the URL of an id; for a URL with credentials, the URL is the one in
    ``props`` (the state's outputs)."""
    key = DomainWebhookUrlProvider.id_format.split(id_)
    if not key["url"].startswith(SECRET_URL_ID):
        return key["domain"], unquote(key["url"])
    url = (props or {}).get("url")
    if not isinstance(url, str) or not url:
        raise ValueError(f"the DomainWebhookUrl {id_} has no url in the state: its id does "
                         "not name the URL, which has credentials")
    return key["domain"], url


def _events_of(url: str, hooks: Mapping[str, list[str]]) -> list[str]:
    return sorted(event for event, urls in hooks.items() if url in urls)


class DomainWebhookUrl(Resource, module="mailgun", name="DomainWebhookUrl"):
    """One URL of a domain and the events it receives (``/v4/domains/{domain}/webhooks``)."""

    domain: pulumi.Output[str]
    url: pulumi.Output[str]
    event_types: pulumi.Output[list[str]]

    def __init__(
        self,
        resource_name: str,
        *,
        domain: pulumi.Input[str],
        url: pulumi.Input[str],
        event_types: pulumi.Input[list[pulumi.Input[str]]],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(DomainWebhookUrlProvider, locals())
        props["url"] = secret_when_credentials(url)
        super().__init__(DomainWebhookUrlProvider(), resource_name, props, opts)
