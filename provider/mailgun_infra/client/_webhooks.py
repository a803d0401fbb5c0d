"""Webhooks (REFERENCE 7): a domain's by event (v3), a domain's by URL (v4), and the
account's (``/v1/webhooks``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ._transport import Transport, api_path


class WebhooksApi(Transport):
    """Domain webhooks, v3 and v4, and account webhooks."""

    # -- Domain webhooks (v3) ----------------------------------------------------------

    def list_domain_webhooks(self, domain: str) -> dict[str, list[str]]:
        """``GET /v3/domains/{domain}/webhooks``: the URLs of each event that has any."""
        return _webhook_map(self.request("GET", api_path("/v3/domains/{}/webhooks", domain)))

    def get_domain_webhook(self, domain: str, event: str) -> list[str]:
        body = self.request("GET", api_path("/v3/domains/{}/webhooks/{}", domain, event))
        return _webhook_urls(body.get("webhook") or {})

    def create_domain_webhook(self, domain: str, event: str, urls: Iterable[str]) -> None:
        self.request("POST", api_path("/v3/domains/{}/webhooks", domain),
                     form={"id": event, "url": list(urls)})

    def update_domain_webhook(self, domain: str, event: str, urls: Iterable[str]) -> None:
        self.request("PUT", api_path("/v3/domains/{}/webhooks/{}", domain, event),
                     form={"url": list(urls)})

    def delete_domain_webhook(self, domain: str, event: str) -> None:
        self.request("DELETE", api_path("/v3/domains/{}/webhooks/{}", domain, event))

    # -- Domain webhooks (v4: one URL, many events) --------------------------------------

    def create_domain_webhook_url(self, domain: str, url: str,
                                  event_types: Iterable[str]) -> dict[str, list[str]]:
        """``POST /v4/domains/{domain}/webhooks``: ``url`` on each of ``event_types``;
        returns the domain's URLs by event afterwards."""
        body = self.request("POST", api_path("/v4/domains/{}/webhooks", domain),
                            form={"url": url, "event_types": list(event_types)})
        return _webhook_map(body)

    def update_domain_webhook_url(self, domain: str, url: str,
                                  event_types: Iterable[str]) -> dict[str, list[str]]:
        """``PUT /v4/domains/{domain}/webhooks``: ``url`` on exactly ``event_types`` (it
        must be on some event already); returns the domain's URLs by event afterwards."""
        body = self.request("PUT", api_path("/v4/domains/{}/webhooks", domain),
                            form={"url": url, "event_types": list(event_types)})
        return _webhook_map(body)

    def delete_domain_webhook_urls(self, domain: str,
                                   urls: Iterable[str]) -> dict[str, list[str]]:
        """``DELETE /v4/domains/{domain}/webhooks?url=u1,u2``: each URL off every event;
        returns the domain's URLs by event afterwards. Mailgun splits the list on commas,
        so a URL with a comma cannot be named here."""
        body = self.request("DELETE", api_path("/v4/domains/{}/webhooks", domain),
                            params={"url": ",".join(urls)})
        return _webhook_map(body)

    # -- Account webhooks (v1) ---------------------------------------------------------

    def list_account_webhooks(self) -> list[dict[str, Any]]:
        hooks: list[dict[str, Any]] = self.request("GET", "/v1/webhooks").get("webhooks") or []
        return hooks

    def get_account_webhook(self, webhook_id: str) -> dict[str, Any]:
        return self.request("GET", api_path("/v1/webhooks/{}", webhook_id))

    def create_account_webhook(self, url: str, event_types: Iterable[str],
                               description: str) -> str:
        form = {"url": url, "event_types": list(event_types), "description": description}
        return str(self.request("POST", "/v1/webhooks", form=form)["webhook_id"])

    def update_account_webhook(self, webhook_id: str, url: str, event_types: Iterable[str],
                               description: str) -> None:
        form = {"url": url, "event_types": list(event_types), "description": description}
        self.request("PUT", api_path("/v1/webhooks/{}", webhook_id), form=form)

    def delete_account_webhook(self, webhook_id: str) -> None:
        self.request("DELETE", api_path("/v1/webhooks/{}", webhook_id))


def _webhook_map(body: Mapping[str, Any]) -> dict[str, list[str]]:
    """The URLs of each event that has any, from a ``{"webhooks": {event: {"urls"}}}``
    answer (the v3 list and every v4 write answer so)."""
    hooks = body.get("webhooks") or {}
    return {str(event): urls for event, hook in hooks.items()
            if isinstance(hook, dict) and (urls := _webhook_urls(hook))}


def _webhook_urls(hook: Mapping[str, Any]) -> list[str]:
    """A webhook's URLs; pre-2018 events carried a single ``url``."""
    urls = hook.get("urls")
    if urls is None and hook.get("url"):
        urls = [hook["url"]]
    return [str(u) for u in urls or []]
