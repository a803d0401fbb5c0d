"""The keys API (``/v1/keys``) and what each key role may do, over HTTP."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from mailgun_infra.emulator import Backend, default_seed
from mailgun_infra.emulator.models import Account, ApiKey
from tests.conftest import Emulator

# One read and one write of each part the roles tell apart: the account's objects and the
# keys API itself.
READ = ("GET", "/v3/ip_pools")
WRITE = ("POST", "/v3/ip_pools")
KEYS_READ = ("GET", "/v1/keys")
KEYS_WRITE = ("POST", "/v1/keys")
DAY = timedelta(days=1)


def call(emulator: Emulator, key: str, method: str, path: str,
         **kwargs: Any) -> requests.Response:
    return requests.request(method, emulator.url + path, auth=("api", key), timeout=5,
                            **kwargs)


def new_key(emulator: Emulator, role: str, **form: str) -> dict[str, Any]:
    """A key made through the keys API with the account's own (admin) key."""
    response = call(emulator, emulator.api_key, "POST", "/v1/keys", data={"role": role, **form})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["message"] == "great success"
    key: dict[str, Any] = body["key"]
    return key


def attempt(emulator: Emulator, secret: str, method: str, path: str) -> requests.Response:
    # A write that would succeed with an admin key: a new DIPP, or a new key.
    data = {"name": "by-role", "description": "d"} if path == "/v3/ip_pools" else {
        "role": "basic"}
    return call(emulator, secret, method, path, data=data if method == "POST" else None)


def test_create_answers_the_key_with_its_secret_and_list_never_shows_it(
        emulator: Emulator) -> None:
    key = new_key(emulator, "basic", description="previews")
    assert key["role"] == "basic" and key["kind"] == "user"
    assert key["description"] == "previews" and key["is_disabled"] is False
    assert key["secret"] and key["secret"] != emulator.api_key
    listed = call(emulator, emulator.api_key, "GET", "/v1/keys").json()
    assert listed["total_count"] == len(listed["items"]) == 2
    own, made = listed["items"]
    assert own["role"] == "admin"
    assert made == {k: v for k, v in key.items() if k != "secret"}
    assert key["secret"] not in str(listed) and emulator.api_key not in str(listed)


def test_list_filters_by_kind_and_refuses_an_unknown_kind(emulator: Emulator) -> None:
    new_key(emulator, "sending", kind="domain", domain_name="mail.example.com")
    domain = call(emulator, emulator.api_key, "GET", "/v1/keys", params={"kind": "domain"})
    assert [k["domain_name"] for k in domain.json()["items"]] == ["mail.example.com"]
    user = call(emulator, emulator.api_key, "GET", "/v1/keys", params={"kind": "user"})
    assert [k["role"] for k in user.json()["items"]] == ["admin"]
    bad = call(emulator, emulator.api_key, "GET", "/v1/keys", params={"kind": "robot"})
    assert bad.status_code == 400
    assert bad.json() == {
        "message": "expected `kind` param to be one of [domain user web] or absent"}


@pytest.mark.parametrize("form, message", [
    ({}, "expected `role` param to be one of [admin basic sending developer]"),
    ({"role": "owner"}, "expected `role` param to be one of [admin basic sending developer]"),
    ({"role": "basic", "kind": "robot"},
     "expected `kind` param to be one of [domain user web] or absent"),
    ({"role": "sending"}, "a key of role `sending` must be of kind domain"),
    ({"role": "sending", "kind": "domain"}, "a key of kind domain needs a `domain_name`"),
    ({"role": "basic", "expiration": "0"},
     "expected `expiration` param to be a whole number of seconds greater than 0"),
])
def test_create_refuses_a_key_it_cannot_make(emulator: Emulator, form: dict[str, str],
                                             message: str) -> None:
    response = call(emulator, emulator.api_key, "POST", "/v1/keys", data=form)
    assert response.status_code == 400
    assert response.json() == {"message": message}
    assert emulator.state()["api_keys"] == []


def lifetime(key: dict[str, Any]) -> timedelta:
    return datetime.fromisoformat(key["expires_at"]) - datetime.fromisoformat(
        key["created_at"])


def test_an_expiration_sets_when_the_key_expires_and_a_web_key_lives_a_day_at_most(
        emulator: Emulator) -> None:
    assert lifetime(new_key(emulator, "basic", expiration="3600")) == timedelta(hours=1)
    assert "expires_at" not in new_key(emulator, "basic")
    # Documented: web keys have a default and maximum validity of one day.
    assert lifetime(new_key(emulator, "basic", kind="web", expiration="999999")) == DAY
    assert lifetime(new_key(emulator, "basic", kind="web")) == DAY
    assert lifetime(new_key(emulator, "basic", kind="web", expiration="60")) == timedelta(
        minutes=1)


def test_delete_ends_the_key_and_an_unknown_id_is_404(emulator: Emulator) -> None:
    key = new_key(emulator, "developer")
    assert call(emulator, key["secret"], *READ).status_code == 200
    deleted = call(emulator, emulator.api_key, "DELETE", f"/v1/keys/{key['id']}")
    assert deleted.status_code == 200 and deleted.json() == {"message": "key deleted"}
    gone = call(emulator, key["secret"], *READ)
    assert gone.status_code == 401 and gone.json() == {"message": "Invalid private key"}
    again = call(emulator, emulator.api_key, "DELETE", f"/v1/keys/{key['id']}")
    assert again.status_code == 404 and again.json() == {"message": "no key matching id"}


def test_the_accounts_own_key_cannot_be_deleted(emulator: Emulator) -> None:
    own = call(emulator, emulator.api_key, "GET", "/v1/keys").json()["items"][0]
    response = call(emulator, emulator.api_key, "DELETE", f"/v1/keys/{own['id']}")
    assert response.status_code == 400
    assert call(emulator, emulator.api_key, *READ).status_code == 200


# role -> the statuses of (READ, WRITE, KEYS_READ, KEYS_WRITE)
ROLES = {
    "admin": (200, 200, 200, 200),
    "developer": (200, 200, 200, 403),
    "basic": (200, 403, 200, 403),
    "sending": (403, 403, 403, 403),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_may_make_only_its_requests(emulator: Emulator, role: str) -> None:
    form = {"kind": "domain", "domain_name": "mail.example.com"} if role == "sending" else {}
    secret = new_key(emulator, role, **form)["secret"]
    for (method, path), status in zip((READ, WRITE, KEYS_READ, KEYS_WRITE), ROLES[role],
                                      strict=True):
        response = attempt(emulator, secret, method, path)
        assert response.status_code == status, (role, method, path, response.text)
        if status == 403:
            assert response.json() == {"message": "Forbidden"}


def test_a_refused_write_changes_nothing(emulator: Emulator) -> None:
    secret = new_key(emulator, "basic")["secret"]
    before = emulator.state()
    for method, path in [("POST", "/v3/ip_pools"), ("DELETE", "/v3/ip_pools/any"),
                         ("PUT", "/v3/domains/x/webhooks/delivered"),
                         ("PATCH", "/v3/ip_pools/any"), ("POST", "/v5/accounts/http_signing_key")]:
        response = call(emulator, secret, method, path, data={"name": "x"})
        assert response.status_code == 403, (method, path)
    assert emulator.state() == before


def test_a_basic_key_reads_everything_an_admin_key_reads(emulator: Emulator) -> None:
    secret = new_key(emulator, "basic")["secret"]
    for path in ["/v3/ips", "/v3/ip_pools", "/v1/keys", "/v5/accounts/http_signing_key",
                 "/v5/accounts/subaccounts", "/v3/domains/nothing-here.example/webhooks"]:
        admin = call(emulator, emulator.api_key, "GET", path)
        basic = call(emulator, secret, "GET", path)
        assert (basic.status_code, basic.json()) == (admin.status_code, admin.json()), path


def test_a_disabled_or_expired_key_is_refused_as_unknown() -> None:
    seed = copy.deepcopy(default_seed())
    seed["api_keys"] = [
        {"id": "a-1", "secret": "disabled-secret", "role": "admin", "is_disabled": True},
        {"id": "a-2", "secret": "expired-secret", "role": "admin",
         "expires_at": "2020-01-01T00:00:00"},
        {"id": "a-3", "secret": "live-secret", "role": "basic"},
    ]
    backend = Backend(seed)
    assert backend.role_of("disabled-secret") is None
    assert backend.role_of("expired-secret") is None
    assert backend.role_of("live-secret") == "basic"
    assert backend.role_of(seed["api_key"]) == "admin"
    assert backend.role_of("") is None


def test_keys_are_state_and_an_old_state_without_them_loads() -> None:
    old = copy.deepcopy(default_seed())
    old.pop("api_keys", None)
    account = Account.from_json(old)
    assert account.api_keys == {}
    account.api_keys["k-1"] = ApiKey(id="k-1", secret="s", role="developer")
    again = Account.from_json(account.to_json())
    assert again.api_keys == account.api_keys
    assert again.to_json() == account.to_json()


def test_the_request_log_tells_the_role_of_each_requests_key(emulator: Emulator) -> None:
    secret = new_key(emulator, "basic")["secret"]
    emulator.admin("DELETE", "/requests")
    call(emulator, secret, *READ)
    attempt(emulator, secret, *WRITE)
    call(emulator, emulator.api_key, *READ)
    call(emulator, "no-key-of-the-account", *READ)
    assert [(r["method"], r["status"], r["role"]) for r in emulator.requests_log()] == [
        ("GET", 200, "basic"), ("POST", 403, "basic"), ("GET", 200, "admin"),
        ("GET", 401, None)]
    assert secret not in str(emulator.requests_log())
