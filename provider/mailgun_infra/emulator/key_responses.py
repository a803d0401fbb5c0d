"""The bodies of the API key operations (``key_rules`` holds their rules): a key is shown
without its secret, but once, in the answer that made it."""

from __future__ import annotations

from typing import Any

from .models import ApiKey
from .responses import ResponsesBase, message

# The documented answers.
CREATED = "great success"
DELETED = "key deleted"


class KeyResponses(ResponsesBase):
    def list_keys(self, kind: str | None = None,
                  domain_name: str | None = None) -> dict[str, Any]:
        """``GET /v1/keys``: every key but its secret, the account's own first."""
        with self.lock:
            items = [_key_info(k) for k in self.rules.list_keys(kind, domain_name)]
            return {"total_count": len(items), "items": items}

    def create_key(self, role: str | None, kind: str | None = None, description: str = "",
                   expiration: str | None = None, domain_name: str | None = None,
                   user_name: str | None = None, email: str | None = None) -> dict[str, Any]:
        """``POST /v1/keys``: the new key, its secret included (the only time it is shown)."""
        with self.lock:
            key = self.rules.create_key(role, kind, description, expiration, domain_name,
                                        user_name, email)
            return {"message": CREATED, "key": {**_key_info(key), "secret": key.secret}}

    def delete_key(self, id_: str) -> dict[str, Any]:
        """``DELETE /v1/keys/{key_id}``: the key stops working at once."""
        self.rules.delete_key(id_)
        return message(DELETED)


def _key_info(key: ApiKey) -> dict[str, Any]:
    """A key as the keys API shows it: everything but the secret."""
    info: dict[str, Any] = {
        "id": key.id, "description": key.description, "kind": key.kind, "role": key.role,
        "created_at": key.created_at, "updated_at": key.updated_at,
        "requestor": key.requestor, "user_name": key.user_name,
        "domain_name": key.domain_name, "is_disabled": key.is_disabled,
    }
    if key.expires_at is not None:
        info["expires_at"] = key.expires_at
    if key.disabled_reason is not None:
        info["disabled_reason"] = key.disabled_reason
    return info
