"""AccountWebhook: an account-level webhook, for every domain of the account and its
subaccounts, in the provider's region.

Mailgun endpoints: ``POST /v1/webhooks`` (create), ``GET /v1/webhooks/{id}`` (read),
``PUT /v1/webhooks/{id}`` (update: a full replacement), ``DELETE /v1/webhooks/{id}``,
``GET /v1/webhooks`` (adopt by URL).

- ID: the ``webhook_id`` Mailgun assigns.
- Adopt key: ``url``. A webhook with the same URL exists already: taken over only with
  ``adopt=True``.
- Replacement: none; every input changes in place.
- Delete: removes the webhook; one already gone counts as deleted.
- A ``url`` with credentials (``https://user:password@host/...``) is a Pulumi secret:
  encrypted in the state, ``[secret]`` in previews, masked in errors.
- Mailgun caches these for up to 10 minutes before deliveries follow a change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import EmptyOrDescription, WebhookEvents, WebhookUrl, at_least_one
from ._ids import IdFormat
from ._props import secret_when_credentials


class AccountWebhookArgs(Inputs):
    """The inputs of an AccountWebhook."""

    url: WebhookUrl = Field(description="The http(s) URL Mailgun posts events to.")
    event_types: Annotated[WebhookEvents, at_least_one("list at least one event")] = Field(
        description="The event kinds, each once.")
    description: EmptyOrDescription = Field("", description="A note for people.")


class AccountWebhookProvider(MailgunProvider[AccountWebhookArgs]):
    inputs_model = AccountWebhookArgs
    id_format = IdFormat("AccountWebhook", "{webhook_id}")
    output_fields = ("webhook_id", "created_at")
    id_output = "webhook_id"
    replace_on = frozenset()

    def existing(self, args: AccountWebhookArgs) -> Found | None:
        live = self._with_url(args.url)
        if live is None:
            return None
        hook_id = str(live["webhook_id"])
        return Found(hook_id, f"an account webhook for {args.url}", hook_id, live=live)

    def write(self, args: AccountWebhookArgs) -> tuple[str, Live | None]:
        def created() -> str | None:
            found = self._with_url(args.url)
            return None if found is None else str(found["webhook_id"])

        hook_id = self.waits.write_or_find(lambda: self.client.create_account_webhook(
            args.url, args.event_types, args.description), created)
        return hook_id, None

    def after_write(self, id_: str, args: AccountWebhookArgs, live: Live | None) -> Live | None:
        # The creation time is Mailgun's to tell.
        return self.client.get_account_webhook(id_)

    def adopt(self, found: Found, args: AccountWebhookArgs) -> Live | None:
        if found.live is not None and _differs(found.live, args):
            self.client.update_account_webhook(found.id, args.url, args.event_types,
                                               args.description)
        return found.live

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        return self.from_listing(
            ("account_webhooks",), self.client.list_account_webhooks,
            lambda hooks: next((h for h in hooks if h.get("webhook_id") == id_), None),
            lambda: self.client.get_account_webhook(id_))

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"url": live.get("url"), "event_types": sorted(live.get("event_types") or []),
                "description": live.get("description") or ""}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        # An update keeps the webhook's creation time: the last state has it.
        return {"webhook_id": id_, "created_at": (live or olds).get("created_at")}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        if _differs(olds, args):
            self.client.update_account_webhook(id_, args.url, args.event_types, args.description)
        return UpdateResult(self.outputs(id_, args, None, olds))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.client.delete_account_webhook(id_)

    def _with_url(self, url: str) -> dict[str, Any] | None:
        return next((h for h in self.client.list_account_webhooks() if h.get("url") == url),
                    None)


def _differs(live: Live, args: AccountWebhookArgs) -> bool:
    return (live.get("url") != args.url
            or sorted(live.get("event_types") or []) != args.event_types
            or (live.get("description") or "") != args.description)


class AccountWebhook(Resource, module="mailgun", name="AccountWebhook"):
    """An account-level webhook (``/v1/webhooks``)."""

    url: pulumi.Output[str]
    event_types: pulumi.Output[list[str]]
    description: pulumi.Output[str]
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        url: pulumi.Input[str],
        event_types: pulumi.Input[list[pulumi.Input[str]]],
        description: pulumi.Input[str] = "",
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(AccountWebhookProvider, locals())
        props["url"] = secret_when_credentials(url)
        super().__init__(AccountWebhookProvider(), resource_name, props, opts)

    @property
    def webhook_id(self) -> pulumi.Output[str]:
        """The id Mailgun gave the webhook: the resource's ``id``, known in the preview
        of an in-place update (see ``MailgunProvider.id_output``)."""
        return self.id
