"""The webhook signing key (``/v5/accounts/http_signing_key``, OpenAPI "Account
Management"), and a subaccount's monthly limit and features over HTTP (REFERENCE 8), as
the documents give their shapes."""

from __future__ import annotations

import json
import re
from typing import Any

import requests

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import Account
from tests.conftest import Emulator
from tests.emulator.conftest import rejects

SIGNING_KEY = "/v5/accounts/http_signing_key"
# The documented example's shape: key-55c5c5c5c55f55ca5cd5f55d5c555c55.
KEY_SHAPE = re.compile(r"^key-[0-9a-f]{32}$")


def api(emulator: Emulator, method: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.request(method, emulator.url + path, auth=("api", emulator.api_key),
                            timeout=5, **kwargs)


# -- the signing key: rules ---------------------------------------------------------------

def test_an_account_has_a_key_fixed_by_its_seed(backend: Backend, seed: dict[str, Any]) -> None:
    key = backend.get_http_signing_key()["http_signing_key"]
    assert KEY_SHAPE.match(key)
    # Two accounts from one seed are equal, a saved state without the key included.
    assert Backend(seed).get_http_signing_key()["http_signing_key"] == key
    assert key != seed["api_key"]
    other = Account.from_json({**seed, "api_key": "key-other"})
    assert other.http_signing_key != key
    assert Account.from_json({**seed, "http_signing_key": "key-" + "a" * 32}) \
        .http_signing_key == "key-" + "a" * 32


def test_post_regenerates_the_key(backend: Backend) -> None:
    old = backend.get_http_signing_key()["http_signing_key"]
    answer = backend.regenerate_http_signing_key()
    assert set(answer) == {"message", "http_signing_key"}
    assert answer["message"] == "regenerated HTTP signing key for account"
    assert KEY_SHAPE.match(answer["http_signing_key"]) and answer["http_signing_key"] != old
    assert backend.get_http_signing_key() == {"http_signing_key": answer["http_signing_key"]}
    assert backend.snapshot()["http_signing_key"] == answer["http_signing_key"]
    backend.reset()
    assert backend.get_http_signing_key()["http_signing_key"] == old


def test_an_account_without_a_key_gets_400_until_a_post(seed: dict[str, Any]) -> None:
    backend = Backend({**seed, "http_signing_key": None}, async_lag_reads=0)
    with rejects(400, "could not get HSK for account") as caught:
        backend.get_http_signing_key()
    assert caught.value.body() == {"message": "could not get HSK for account"}
    made = backend.regenerate_http_signing_key()["http_signing_key"]
    assert backend.get_http_signing_key()["http_signing_key"] == made
    # A saved state keeps "none yet" as it is.
    assert Backend({**seed, "http_signing_key": None}).snapshot()["http_signing_key"] is None


# -- the signing key: HTTP -----------------------------------------------------------------

def test_the_key_is_served_on_get_and_post_only(emulator: Emulator) -> None:
    got = api(emulator, "GET", SIGNING_KEY)
    assert got.status_code == 200 and got.json() == {
        "http_signing_key": emulator.state()["http_signing_key"]}
    posted = api(emulator, "POST", SIGNING_KEY)
    assert posted.status_code == 200
    assert posted.json()["http_signing_key"] == emulator.state()["http_signing_key"] \
        != got.json()["http_signing_key"]
    # Mailgun documents no other method: no delete, no way to choose the key.
    for method in ("PUT", "DELETE", "PATCH"):
        assert api(emulator, method, SIGNING_KEY).status_code == 405
    unauthenticated = requests.get(emulator.url + SIGNING_KEY, timeout=5)
    assert unauthenticated.status_code == 401
    assert emulator.state()["http_signing_key"] not in unauthenticated.text


# -- a subaccount's monthly limit and features, over HTTP -----------------------------------

def subaccount(emulator: Emulator) -> str:
    created = api(emulator, "POST", "/v5/accounts/subaccounts", params={"name": "Acme"})
    return str(created.json()["subaccount"]["id"])


def test_the_monthly_limit_takes_its_value_in_the_query(emulator: Emulator) -> None:
    path = f"/v5/accounts/subaccounts/{subaccount(emulator)}/limit/custom/monthly"
    missing = api(emulator, "GET", path)
    assert (missing.status_code, missing.json()) == (404, {"message": "No threshold for account"})
    assert api(emulator, "PUT", path, params={"limit": "10000"}).json() == {"success": True}
    assert api(emulator, "GET", path).json() == {"limit": 10000, "current": 0, "period": "1m"}
    refused = api(emulator, "PUT", path)
    assert refused.status_code == 400 and "limit" in refused.json()["message"]
    assert api(emulator, "DELETE", path).json() == {"success": True}
    again = api(emulator, "DELETE", path)
    assert (again.status_code, again.json()) == (
        400, {"message": "Could not delete threshold for account"})
    gone = api(emulator, "GET", "/v5/accounts/subaccounts/nope/limit/custom/monthly")
    assert (gone.status_code, gone.json()) == (400, {"message": "Not a subaccount"})


def test_features_are_form_fields_holding_json(emulator: Emulator) -> None:
    sub = subaccount(emulator)
    path = f"/v5/accounts/subaccounts/{sub}/features"
    answer = api(emulator, "PUT", path, data={"sending": json.dumps({"enabled": False}),
                                              "billing": json.dumps({"enabled": True})})
    assert answer.json() == {"features": {"sending": {"enabled": False}}}
    shown = api(emulator, "GET", f"/v5/accounts/subaccounts/{sub}").json()["subaccount"]
    assert shown["features"] == {"sending": {"enabled": False}}
    refused = api(emulator, "PUT", path, data={"sending": "false"})
    assert (refused.status_code, refused.json()) == (
        400, {"message": "No valid updates provided"})
    unknown = api(emulator, "PUT", "/v5/accounts/subaccounts/nope/features",
                  data={"sending": json.dumps({"enabled": True})})
    assert (unknown.status_code, unknown.json()) == (404, {"message": "Not Found"})
