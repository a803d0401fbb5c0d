"""Webhooks: per domain and event (``/v3/domains/{domain}/webhooks``) and account-level
(``/v1/webhooks``)."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlparse

from ..facts import MAX_WEBHOOK_URLS, WEBHOOK_EVENTS
from .backend_base import BackendBase
from .errors import EmulatorError, InvalidParameter, bad_request, not_found
from .models import AccountWebhook

# Account webhook ids are 24 hex digits (MongoDB object ids), as Mailgun's examples show.
WEBHOOK_ID = re.compile(r"[0-9a-f]{24}")
MALFORMED_IDS = ("Invalid parameter: webhook_ids malformed webhook_ids parameter: "
                 "empty values not allowed")


def _check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise EmulatorError(400, f"{url} is not a valid url: invalid URL scheme", key="Reason")
    if not parsed.hostname:
        raise EmulatorError(400, f"{url} is not a valid url: missing host", key="Reason")


def _check_account_url(url: str | None) -> None:
    """The account-webhook API answers a bad URL with one field error (REFERENCE 7.4), not
    the domain API's ``{"Reason"}``."""
    try:
        _check_url(url or "")
    except EmulatorError:
        raise InvalidParameter("url", "missing or invalid url parameter") from None


class WebhookRules(BackendBase):
    # -- domain webhooks (v3) ------------------------------------------------------------

    def _check_event(self, event: str) -> None:
        if event not in WEBHOOK_EVENTS:
            raise bad_request(f"'{event}' is not a valid webhook type")

    def _check_urls(self, urls: list[str]) -> None:
        if not urls:
            raise bad_request("Missing parameter 'url'")
        if len(urls) > MAX_WEBHOOK_URLS:
            raise bad_request(f"Maximum of {MAX_WEBHOOK_URLS} urls for a given webhook type")
        for url in urls:
            _check_url(url)

    def list_domain_webhooks(self, domain: str) -> dict[str, Any]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            return {"webhooks": {event: {"urls": list(urls)} for event, urls in hooks.items()}}

    def get_domain_webhook(self, domain: str, event: str) -> dict[str, Any]:
        with self.lock:
            urls = self._domain(domain).webhooks.get(event)
            if not urls:
                raise not_found("Webhook not found")
            return {"webhook": {"urls": list(urls)}}

    def create_domain_webhook(self, domain: str, event: str | None,
                              urls: list[str]) -> dict[str, Any]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            if not event:
                raise bad_request("Missing parameter 'id'")
            self._check_event(event)
            self._check_urls(urls)
            if hooks.get(event):
                raise bad_request(f"Webhook with the id '{event}' already exists")
            hooks[event] = list(urls)
            return {"message": "Webhook has been created", "webhook": {"urls": list(urls)}}

    def update_domain_webhook(self, domain: str, event: str, urls: list[str]) -> dict[str, Any]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            self._check_event(event)
            if not hooks.get(event):
                raise not_found("Webhook not found")
            self._check_urls(urls)
            hooks[event] = list(urls)
            return {"message": "Webhook has been updated", "webhook": {"urls": list(urls)}}

    def delete_domain_webhook(self, domain: str, event: str) -> dict[str, Any]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            urls = hooks.pop(event, None)
            if not urls:
                raise not_found("Webhook not found")
            return {"message": "Webhook has been deleted", "webhook": {"urls": urls}}

    # -- account webhooks (v1) -----------------------------------------------------------

    def _check_account_webhook(self, url: str | None, event_types: list[str],
                               exclude: str | None) -> None:
        _check_account_url(url)
        if not event_types:
            raise InvalidParameter("event_types", "")
        duplicates = sorted({e for e in event_types if event_types.count(e) > 1})
        if duplicates:
            raise InvalidParameter("event_types", "duplicate event types: " +
                                   ", ".join(f"'{e}'" for e in duplicates))
        for event in event_types:
            if event not in WEBHOOK_EVENTS:
                raise EmulatorError(404, f"event_type '{event}' is invalid", key="Description")
        others = [h for h in self.account.account_webhooks.values() if h.webhook_id != exclude]
        for event in event_types:
            urls = {h.url for h in others if event in h.event_types}
            if url in urls:
                raise EmulatorError(
                    409, f"url {url} already exists for event type {event}", key="Description")
            if len(urls) >= MAX_WEBHOOK_URLS:
                raise EmulatorError(
                    409, f"unable to add more than {MAX_WEBHOOK_URLS} urls for event type "
                    f"{event}", key="Description")

    def _account_webhook(self, webhook_id: str) -> AccountWebhook:
        hook = self.account.account_webhooks.get(webhook_id)
        if hook is None:
            raise EmulatorError(404, f"webhook_id not found: {webhook_id}", key="Description")
        return hook

    def list_account_webhooks(self, ids: list[str]) -> dict[str, Any]:
        with self.lock:
            hooks = [h for h in self.account.account_webhooks.values()
                     if not ids or h.webhook_id in ids]
            return {"webhooks": [_account_webhook_json(h) for h in hooks]}

    def get_account_webhook(self, webhook_id: str) -> dict[str, Any]:
        with self.lock:
            hook = self.account.account_webhooks.get(webhook_id)
            if hook is None:
                # The read's documented 404 is shorter than the update's and delete's.
                raise EmulatorError(404, "webhook not found", key="Description")
            return _account_webhook_json(hook)

    def create_account_webhook(self, url: str | None, event_types: list[str],
                               description: str) -> dict[str, Any]:
        with self.lock:
            self._check_account_webhook(url, event_types, exclude=None)
            hook = AccountWebhook(webhook_id=secrets.token_hex(12), url=str(url),
                                  event_types=list(event_types), description=description)
            self.account.account_webhooks[hook.webhook_id] = hook
            return {"webhook_id": hook.webhook_id}

    def update_account_webhook(self, webhook_id: str, url: str | None, event_types: list[str],
                               description: str) -> None:
        with self.lock:
            hook = self._account_webhook(webhook_id)
            self._check_account_webhook(url, event_types, exclude=webhook_id)
            hook.url = str(url)
            hook.event_types = list(event_types)
            hook.description = description

    def delete_account_webhook(self, webhook_id: str) -> None:
        with self.lock:
            if not WEBHOOK_ID.fullmatch(webhook_id):
                raise InvalidParameter("webhook_id", "is not valid")
            self._account_webhook(webhook_id)
            del self.account.account_webhooks[webhook_id]

    def delete_account_webhooks(self, webhook_ids: str | None, delete_all: bool) -> None:
        """``DELETE /v1/webhooks``: the comma-separated ``webhook_ids``, or with
        ``all=true`` every account webhook; given both, only the ids go. ``all`` is a
        safety catch, so neither is a 400."""
        with self.lock:
            hooks = self.account.account_webhooks
            if webhook_ids is not None:
                ids = webhook_ids.split(",")
                if not all(i.strip() for i in ids):
                    raise bad_request(MALFORMED_IDS)
                doomed = [i.strip() for i in ids if i.strip() in hooks]
            elif delete_all:
                doomed = list(hooks)
            else:
                raise bad_request("Invalid parameter: webhook_ids or all=true is required")
            if not doomed:
                raise EmulatorError(404, "no webhooks found for account", key="Description")
            for webhook_id in doomed:
                del hooks[webhook_id]


def _account_webhook_json(hook: AccountWebhook) -> dict[str, Any]:
    return {"webhook_id": hook.webhook_id, "url": hook.url, "event_types": list(hook.event_types),
            "description": hook.description, "created_at": hook.created_at}
