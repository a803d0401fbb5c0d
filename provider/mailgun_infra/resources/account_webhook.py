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
- Mailgun caches these for up to 10 minutes before deliveries follow a change.
"""

from __future__ import annotations

import contextlib
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult
from pydantic import Field, field_validator

from ..client import NotFound
from ._base import Inputs, MailgunProvider, create_once, validate_events, validate_url


class AccountWebhookArgs(Inputs):
    """The inputs of an AccountWebhook."""

    url: str = Field(description="The http(s) URL Mailgun posts events to.")
    event_types: list[str] = Field(description="The event kinds, each once.")
    description: str = Field("", description="A note for people.")
    adopt: bool = Field(False, description="Take over an account webhook with this URL.")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return validate_url(value)

    @field_validator("event_types")
    @classmethod
    def _events(cls, values: list[str]) -> list[str]:
        if not values:
            raise ValueError("list at least one event")
        return validate_events(values)


class AccountWebhookProvider(MailgunProvider):
    inputs_model = AccountWebhookArgs
    output_fields = frozenset({"webhook_id", "created_at"})
    replace_on = frozenset()

    def create(self, props: dict[str, Any]) -> CreateResult:
        args: AccountWebhookArgs = self.parse(props)
        client = self.client
        existing = [h for h in client.list_account_webhooks() if h.get("url") == args.url]
        if existing and not self.adopting(args):
            raise RuntimeError(
                f"an account webhook for {args.url} exists ({existing[0]['webhook_id']}): set "
                "adopt=True to manage it")
        if existing:
            hook_id = str(existing[0]["webhook_id"])
            if _differs(existing[0], args):
                client.update_account_webhook(hook_id, args.url, args.event_types,
                                              args.description)
            return CreateResult(hook_id, self._outputs(args, hook_id))
        def created() -> str | None:
            found = [h for h in client.list_account_webhooks() if h.get("url") == args.url]
            return str(found[0]["webhook_id"]) if found else None

        hook_id = create_once(
            lambda: client.create_account_webhook(args.url, args.event_types, args.description),
            created)
        try:
            outputs = self._outputs(args, hook_id)
        except Exception:
            # The state would not record the webhook: remove it rather than orphan it.
            with contextlib.suppress(NotFound):
                client.delete_account_webhook(hook_id)
            raise
        return CreateResult(hook_id, outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            live = self.client.get_account_webhook(id_)
        except NotFound:
            return ReadResult("", {})
        inputs = {"url": live.get("url"), "event_types": sorted(live.get("event_types") or []),
                  "description": live.get("description") or "",
                  "adopt": bool(props.get("adopt"))}
        outs = {**inputs, "webhook_id": id_, "created_at": live.get("created_at")}
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args: AccountWebhookArgs = self.parse(news)
        if _differs(olds, args):
            self.client.update_account_webhook(id_, args.url, args.event_types, args.description)
        return UpdateResult(self._outputs(args, id_, olds.get("created_at")))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.client.delete_account_webhook(id_)
        except NotFound:
            return

    def _outputs(self, args: AccountWebhookArgs, hook_id: str,
                 created_at: str | None = None) -> dict[str, Any]:
        if created_at is None:
            created_at = self.client.get_account_webhook(hook_id).get("created_at")
        return {**args.model_dump(), "webhook_id": hook_id, "created_at": created_at}


def _differs(live: dict[str, Any], args: AccountWebhookArgs) -> bool:
    return (live.get("url") != args.url
            or sorted(live.get("event_types") or []) != args.event_types
            or (live.get("description") or "") != args.description)


class AccountWebhook(Resource, module="mailgun", name="AccountWebhook"):
    """An account-level webhook (``/v1/webhooks``)."""

    webhook_id: pulumi.Output[str]
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
        props = {"url": url, "event_types": event_types, "description": description,
                 "adopt": adopt, "webhook_id": None, "created_at": None}
        super().__init__(AccountWebhookProvider(), resource_name, props, opts)
