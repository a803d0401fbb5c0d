"""The account's API keys (``/v1/keys``, OpenAPI "Keys") and what each key's role may do.

The account's own key (``Account.api_key``, the seed's and ``--api-key``'s) is an admin
key; the keys API lists it beside the keys made through it. Which requests a role may make
is ``allows``, a rule on a method and a path alone: the app asks it for every request, and
answers a refusal with the generic 403 (``errors.ForbiddenByRole``).

Mailgun's documents name the roles but not what each answers to a request it may not make;
the emulator's choices (also in the emulator README):

- ``admin``: everything;
- ``developer``: everything but the keys API's writes (POST and DELETE under ``/v1/keys``);
- ``basic`` (read-only, "analyst"): GET and HEAD only, on every endpoint;
- ``sending`` (domain keys): nothing the emulator has, since it only sends mail.

Each operation returns the keys it read or made; ``key_responses`` renders them.
"""

from __future__ import annotations

import hmac
from datetime import UTC, datetime, timedelta

from .errors import (
    BadKeyExpiration,
    BadKeyKind,
    BadKeyRole,
    DomainKeyWithoutDomain,
    NoSuchKey,
    PrimaryKeyKept,
    SendingKeyNotOfDomain,
)
from .models import (
    KEY_KINDS,
    KEY_ROLES,
    PRIMARY_KEY_CREATED_AT,
    ROLE_ADMIN,
    ROLE_BASIC,
    ROLE_DEVELOPER,
    ROLE_SENDING,
    ApiKey,
    key_id,
    key_secret,
    key_time,
    primary_key_id,
)
from .rules_base import RulesBase

KEYS_PATH = "/v1/keys"
READS = frozenset({"GET", "HEAD"})
# Web keys live a day at most, and a day when no expiration is given (documented).
WEB_KEY_SECONDS = 24 * 60 * 60


def allows(role: str, method: str, path: str) -> bool:
    """Whether a key of ``role`` may make a ``method`` request of ``path``."""
    if role == ROLE_ADMIN:
        return True
    if role == ROLE_BASIC:
        return method in READS
    if role == ROLE_DEVELOPER:
        return method in READS or not (path == KEYS_PATH or path.startswith(KEYS_PATH + "/"))
    # ``sending`` and any role the emulator does not know.
    return False


def _expired(key: ApiKey, at: datetime) -> bool:
    if key.expires_at is None:
        return False
    return datetime.fromisoformat(key.expires_at).replace(tzinfo=UTC) <= at


class KeyRules(RulesBase):
    def role_of(self, secret: str) -> str | None:
        """The role of the key whose secret is ``secret``; None for no key of the account
        (unknown, disabled or expired), which Mailgun answers with a 401."""
        with self.lock:
            # compare_digest: how long a wrong key takes to refuse tells nothing of the right one.
            if hmac.compare_digest(secret.encode(), self.account.api_key.encode()):
                return ROLE_ADMIN
            at = datetime.now(UTC)
            for key in self.account.api_keys.values():
                if (hmac.compare_digest(secret.encode(), key.secret.encode())
                        and not key.is_disabled and not _expired(key, at)):
                    return key.role
            return None

    def list_keys(self, kind: str | None = None,
                  domain_name: str | None = None) -> list[ApiKey]:
        """``GET /v1/keys``: the account's keys, its own first."""
        if kind is not None and kind not in KEY_KINDS:
            raise BadKeyKind()
        with self.lock:
            keys = [self._primary_key(), *self.account.api_keys.values()]
            return [k for k in keys
                    if (kind is None or k.kind == kind)
                    and (domain_name is None or k.domain_name == domain_name)]

    def create_key(self, role: str | None, kind: str | None = None, description: str = "",
                   expiration: str | None = None, domain_name: str | None = None,
                   user_name: str | None = None, email: str | None = None) -> ApiKey:
        """``POST /v1/keys``: the new key."""
        if role not in KEY_ROLES:
            raise BadKeyRole()
        kind = kind or "user"
        if kind not in KEY_KINDS:
            raise BadKeyKind()
        if role == ROLE_SENDING and kind != "domain":
            raise SendingKeyNotOfDomain()
        if kind == "domain" and not domain_name:
            raise DomainKeyWithoutDomain()
        seconds = _seconds(expiration)
        if kind == "web":
            seconds = min(seconds or WEB_KEY_SECONDS, WEB_KEY_SECONDS)
        created = datetime.now(UTC)
        key = ApiKey(
            id=key_id(), secret=key_secret(), role=role, kind=kind, description=description,
            created_at=key_time(created),
            expires_at=key_time(created + timedelta(seconds=seconds)) if seconds else None,
            domain_name=domain_name if kind == "domain" else None,
            requestor=email or None, user_name=user_name or None)
        with self.lock:
            self.account.api_keys[key.id] = key
        return key

    def delete_key(self, id_: str) -> None:
        """``DELETE /v1/keys/{key_id}``: the key stops working at once."""
        with self.lock:
            if id_ == primary_key_id(self.account.api_key):
                raise PrimaryKeyKept()
            if self.account.api_keys.pop(id_, None) is None:
                raise NoSuchKey()

    def _primary_key(self) -> ApiKey:
        return ApiKey(id=primary_key_id(self.account.api_key), secret=self.account.api_key,
                      role=ROLE_ADMIN, description="the account's own key",
                      created_at=PRIMARY_KEY_CREATED_AT)


def _seconds(expiration: str | None) -> int | None:
    if expiration is None or expiration == "":
        return None
    try:
        seconds = int(expiration)
    except ValueError:
        raise BadKeyExpiration() from None
    if seconds <= 0:
        raise BadKeyExpiration()
    return seconds
