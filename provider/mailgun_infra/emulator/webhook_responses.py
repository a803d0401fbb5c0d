"""The bodies of the webhook operations, per domain (v3 and v4) and account-level (v1);
``webhook_rules`` holds their rules. The account-level writes answer 204, no body."""

from __future__ import annotations

from typing import Any

from .models import AccountWebhook
from .responses import ResponsesBase


class WebhookResponses(ResponsesBase):
    # -- domain webhooks (v3) ------------------------------------------------------------

    def list_domain_webhooks(self, domain: str) -> dict[str, Any]:
        with self.lock:
            return _webhook_map(self.rules.list_domain_webhooks(domain))

    def get_domain_webhook(self, domain: str, event: str) -> dict[str, Any]:
        with self.lock:
            return {"webhook": {"urls": list(self.rules.get_domain_webhook(domain, event))}}

    def create_domain_webhook(self, domain: str, event: str | None,
                              urls: list[str]) -> dict[str, Any]:
        with self.lock:
            return _webhook_changed("created", self.rules.create_domain_webhook(
                domain, event, urls))

    def update_domain_webhook(self, domain: str, event: str, urls: list[str]) -> dict[str, Any]:
        with self.lock:
            return _webhook_changed("updated", self.rules.update_domain_webhook(
                domain, event, urls))

    def delete_domain_webhook(self, domain: str, event: str) -> dict[str, Any]:
        with self.lock:
            return _webhook_changed("deleted", self.rules.delete_domain_webhook(domain, event))

    # -- domain webhooks (v4): every answer is the domain's full map ---------------------

    def create_domain_webhook_url(self, domain: str, url: str | None,
                                  event_types: list[str]) -> dict[str, Any]:
        with self.lock:
            return _webhook_map(self.rules.create_domain_webhook_url(domain, url, event_types))

    def update_domain_webhook_url(self, domain: str, url: str | None,
                                  event_types: list[str]) -> dict[str, Any]:
        with self.lock:
            return _webhook_map(self.rules.update_domain_webhook_url(domain, url, event_types))

    def delete_domain_webhook_urls(self, domain: str, urls: str | None) -> dict[str, Any]:
        with self.lock:
            return _webhook_map(self.rules.delete_domain_webhook_urls(domain, urls))

    # -- account webhooks (v1) -----------------------------------------------------------

    def list_account_webhooks(self, ids: list[str]) -> dict[str, Any]:
        with self.lock:
            return {"webhooks": [_account_webhook_json(h)
                                 for h in self.rules.list_account_webhooks(ids)]}

    def get_account_webhook(self, webhook_id: str) -> dict[str, Any]:
        with self.lock:
            return _account_webhook_json(self.rules.get_account_webhook(webhook_id))

    def create_account_webhook(self, url: str | None, event_types: list[str],
                               description: str) -> dict[str, Any]:
        hook = self.rules.create_account_webhook(url, event_types, description)
        return {"webhook_id": hook.webhook_id}

    def update_account_webhook(self, webhook_id: str, url: str | None, event_types: list[str],
                               description: str) -> None:
        self.rules.update_account_webhook(webhook_id, url, event_types, description)

    def delete_account_webhook(self, webhook_id: str) -> None:
        self.rules.delete_account_webhook(webhook_id)

    def delete_account_webhooks(self, webhook_ids: str | None, delete_all: bool) -> None:
        self.rules.delete_account_webhooks(webhook_ids, delete_all)


def _webhook_map(hooks: dict[str, list[str]]) -> dict[str, Any]:
    return {"webhooks": {event: {"urls": list(urls)} for event, urls in hooks.items()}}


def _webhook_changed(done: str, urls: list[str]) -> dict[str, Any]:
    return {"message": f"Webhook has been {done}", "webhook": {"urls": list(urls)}}


def _account_webhook_json(hook: AccountWebhook) -> dict[str, Any]:
    return {"webhook_id": hook.webhook_id, "url": hook.url, "event_types": list(hook.event_types),
            "description": hook.description, "created_at": hook.created_at}
