"""Webhooks: per domain and event (``/v3/domains/{domain}/webhooks``) and account-level
(``/v1/webhooks``).

Each method returns the URLs or webhooks it read or changed; ``webhook_responses`` renders
them."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlparse

from ..facts import MAX_WEBHOOK_URLS, WEBHOOK_EVENTS
from .errors import (
    AccountWebhookNotFound,
    AccountWebhookUrlExists,
    AccountWebhookUrlLimit,
    DuplicateEventTypes,
    InvalidAccountWebhookUrl,
    InvalidEventType,
    InvalidWebhookId,
    InvalidWebhookParameters,
    InvalidWebhookType,
    InvalidWebhookUrl,
    MalformedWebhookIds,
    MissingField,
    MissingParameter,
    NoAccountWebhooks,
    NoEventTypes,
    TooManyWebhookUrlsReason,
    WebhookExists,
    WebhookIdNotFound,
    WebhookIdsOrAllRequired,
    WebhookNotFound,
    WebhookParameterRequired,
    WebhookUrlExists,
    WebhookUrlNotFound,
)
from .models import AccountWebhook
from .rules_base import RulesBase

# Account webhook ids are 24 hex digits (MongoDB object ids), as Mailgun's examples show.
WEBHOOK_ID = re.compile(r"[0-9a-f]{24}")


def _check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise InvalidWebhookUrl(url, "invalid URL scheme")
    if not parsed.hostname:
        raise InvalidWebhookUrl(url, "missing host")


def _check_account_url(url: str | None) -> None:
    """The account-webhook API answers a bad URL with one field error (REFERENCE 7.4), not
    the domain API's ``{"Reason"}``."""
    try:
        _check_url(url or "")
    except InvalidWebhookUrl:
        raise InvalidAccountWebhookUrl() from None


class WebhookRules(RulesBase):
    # -- domain webhooks (v3) ------------------------------------------------------------

    def _check_event(self, event: str) -> None:
        if event not in WEBHOOK_EVENTS:
            raise InvalidWebhookType(event)

    def _check_urls(self, urls: list[str]) -> None:
        if not urls:
            raise MissingParameter("url")
        if len(urls) > MAX_WEBHOOK_URLS:
            # The POST's and PUT's documented 400 is a GenericAPIError: ``{"Reason"}``.
            raise TooManyWebhookUrlsReason()
        for url in urls:
            _check_url(url)

    def list_domain_webhooks(self, domain: str) -> dict[str, list[str]]:
        """The domain's URLs, by event."""
        with self.lock:
            return self._domain(domain).webhooks

    def get_domain_webhook(self, domain: str, event: str) -> list[str]:
        with self.lock:
            urls = self._domain(domain).webhooks.get(event)
            if not urls:
                raise WebhookNotFound()
            return urls

    def create_domain_webhook(self, domain: str, event: str | None,
                              urls: list[str]) -> list[str]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            if not event:
                raise MissingParameter("id")
            self._check_event(event)
            self._check_urls(urls)
            if hooks.get(event):
                raise WebhookExists(event)
            hooks[event] = list(urls)
            return hooks[event]

    def update_domain_webhook(self, domain: str, event: str, urls: list[str]) -> list[str]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            self._check_event(event)
            if not hooks.get(event):
                raise WebhookNotFound()
            self._check_urls(urls)
            hooks[event] = list(urls)
            return hooks[event]

    def delete_domain_webhook(self, domain: str, event: str) -> list[str]:
        """The URLs the event had."""
        with self.lock:
            hooks = self._domain(domain).webhooks
            urls = hooks.pop(event, None)
            if not urls:
                raise WebhookNotFound()
            return urls

    # -- domain webhooks (v4): one URL on many events of the domain's one map ---------------
    #
    # Documented (REFERENCE 7.3, OpenAPI): form fields ``url`` and ``event_types`` (both
    # required); every answer is the domain's full map; a POST of a URL an event has
    # already is a 400 naming them; a PUT replaces the URL's events and needs the URL on
    # some event (404 ``{"Description"}``); a DELETE takes ``url=u1,u2`` and without it is
    # a 400 ``{"Field": "url"}``. Inferred: the other 400s say ``invalid parameters: ...``
    # in a ``{"Reason"}`` body, as the PUT's example does; an event still takes 3 URLs, v3
    # and v4 alike, refused with v3's message in that body; a repeated event type counts
    # once; a DELETE of URLs on no event changes nothing and answers the map (only a
    # missing domain is a documented 404 there).

    def _check_v4_write(self, url: str | None, event_types: list[str]) -> str:
        if not url:
            raise WebhookParameterRequired("url")
        if not event_types:
            raise WebhookParameterRequired("event_types")
        for event in event_types:
            if event not in WEBHOOK_EVENTS:
                raise InvalidWebhookParameters(InvalidWebhookType(event).message)
        try:
            _check_url(url)
        except InvalidWebhookUrl as error:
            raise InvalidWebhookParameters(error.message) from None
        return url

    def _add_url(self, hooks: dict[str, list[str]], url: str, events: list[str]) -> None:
        adding = [e for e in dict.fromkeys(events) if url not in hooks.get(e, [])]
        for event in adding:
            if len(hooks.get(event, [])) >= MAX_WEBHOOK_URLS:
                raise TooManyWebhookUrlsReason()
        for event in adding:
            hooks.setdefault(event, []).append(url)

    def create_domain_webhook_url(self, domain: str, url: str | None,
                                  event_types: list[str]) -> dict[str, list[str]]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            url = self._check_v4_write(url, event_types)
            for event in event_types:
                if url in hooks.get(event, []):
                    raise WebhookUrlExists(event, url)
            self._add_url(hooks, url, event_types)
            return hooks

    def update_domain_webhook_url(self, domain: str, url: str | None,
                                  event_types: list[str]) -> dict[str, list[str]]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            url = self._check_v4_write(url, event_types)
            if not any(url in urls for urls in hooks.values()):
                raise WebhookUrlNotFound()
            # Added first: _add_url refuses before it changes anything, so a PUT over the
            # limit leaves the URL's events as they were.
            self._add_url(hooks, url, event_types)
            _remove_url(hooks, url, keep=event_types)
            return hooks

    def delete_domain_webhook_urls(self, domain: str, urls: str | None) -> dict[str, list[str]]:
        with self.lock:
            hooks = self._domain(domain).webhooks
            doomed = [u.strip() for u in (urls or "").split(",") if u.strip()]
            if not doomed:
                raise MissingField("url")
            for url in doomed:
                _remove_url(hooks, url, keep=[])
            return hooks

    # -- account webhooks (v1) -----------------------------------------------------------

    def _check_account_webhook(self, url: str | None, event_types: list[str],
                               exclude: str | None) -> None:
        _check_account_url(url)
        if not event_types:
            raise NoEventTypes()
        duplicates = sorted({e for e in event_types if event_types.count(e) > 1})
        if duplicates:
            raise DuplicateEventTypes(duplicates)
        for event in event_types:
            if event not in WEBHOOK_EVENTS:
                raise InvalidEventType(event)
        others = [h for h in self.account.account_webhooks.values() if h.webhook_id != exclude]
        for event in event_types:
            urls = {h.url for h in others if event in h.event_types}
            if url in urls:
                raise AccountWebhookUrlExists(url, event)
            if len(urls) >= MAX_WEBHOOK_URLS:
                raise AccountWebhookUrlLimit(event)

    def _account_webhook(self, webhook_id: str) -> AccountWebhook:
        hook = self.account.account_webhooks.get(webhook_id)
        if hook is None:
            raise WebhookIdNotFound(webhook_id)
        return hook

    def list_account_webhooks(self, ids: list[str]) -> list[AccountWebhook]:
        with self.lock:
            return [h for h in self.account.account_webhooks.values()
                    if not ids or h.webhook_id in ids]

    def get_account_webhook(self, webhook_id: str) -> AccountWebhook:
        with self.lock:
            hook = self.account.account_webhooks.get(webhook_id)
            if hook is None:
                # The read's documented 404 is shorter than the update's and delete's.
                raise AccountWebhookNotFound()
            return hook

    def create_account_webhook(self, url: str | None, event_types: list[str],
                               description: str) -> AccountWebhook:
        with self.lock:
            self._check_account_webhook(url, event_types, exclude=None)
            hook = AccountWebhook(webhook_id=secrets.token_hex(12), url=str(url),
                                  event_types=list(event_types), description=description)
            self.account.account_webhooks[hook.webhook_id] = hook
            return hook

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
                raise InvalidWebhookId()
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
                    raise MalformedWebhookIds()
                doomed = [i.strip() for i in ids if i.strip() in hooks]
            elif delete_all:
                doomed = list(hooks)
            else:
                raise WebhookIdsOrAllRequired()
            if not doomed:
                raise NoAccountWebhooks()
            for webhook_id in doomed:
                del hooks[webhook_id]


def _remove_url(hooks: dict[str, list[str]], url: str, keep: list[str]) -> None:
    """``url`` off every event but those in ``keep``; an event left without URLs goes, as
    a v3 delete leaves it."""
    for event in list(hooks):
        if event not in keep and url in hooks[event]:
            hooks[event] = [u for u in hooks[event] if u != url]
            if not hooks[event]:
                del hooks[event]
