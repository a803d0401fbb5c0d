"""The admin API refuses what a web page in the developer's browser could send: a write
that is not JSON (a form or text/plain, which needs no CORS preflight) and a request for a
name that is not loopback (DNS rebinding). Over real HTTP on loopback."""

from __future__ import annotations

import json

import pytest
import requests

from tests.conftest import Emulator


def _make_pool(emulator: Emulator) -> None:
    created = requests.post(emulator.url + "/v3/ip_pools", auth=("api", emulator.api_key),
                            data={"name": "kept", "description": "d"}, timeout=5)
    assert created.status_code == 200, created.text


# What a cross-site <form> or a no-cors fetch can send; and a write with no body at all.
NOT_JSON = {
    "form": {"data": {"rules": "x"}},
    "text/plain": {"data": json.dumps({"rules": [{"status": 500}]}),
                   "headers": {"Content-Type": "text/plain"}},
    "text/plain naming json": {"data": "{}",
                               "headers": {"Content-Type": "text/plain; a=application/json"}},
    "multipart": {"files": {"f": ("f", b"{}")}},
    "no body": {},
}


@pytest.mark.parametrize("body", NOT_JSON.values(), ids=NOT_JSON.keys())
def test_a_write_that_is_not_json_is_refused_and_changes_nothing(
        emulator: Emulator, body: dict[str, object]) -> None:
    _make_pool(emulator)
    emulator.admin("POST", "/settings", json={"async_lag_reads": 3})
    emulator.faults({"status": 503, "path_prefix": "/v3/ip_pools/armed", "times": 5})
    before = emulator.state()
    for method, path in [("POST", "/reset"), ("POST", "/faults"), ("DELETE", "/faults"),
                         ("POST", "/settings"), ("DELETE", "/requests")]:
        response = requests.request(method, f"{emulator.url}/_emulator{path}", timeout=5,
                                    **body)  # type: ignore[arg-type]
        assert response.status_code == 415, (method, path, response.text)
        assert response.json() == {"message": (
            f"the emulator's admin API takes {method} with Content-Type: application/json"
            " only ({} will do when there is nothing to send), so that no web page can"
            " send it")}
    assert emulator.state() == before
    assert "kept" in emulator.pools_by_name()
    assert [r["path"] for r in emulator.requests_log()] == ["/v3/ip_pools"]
    assert emulator.backend.async_lag_reads == 3
    armed = requests.get(emulator.url + "/v3/ip_pools/armed", auth=("api", emulator.api_key),
                         timeout=5)
    assert armed.status_code == 503


def test_a_json_write_works_and_reads_need_no_content_type(emulator: Emulator) -> None:
    _make_pool(emulator)
    health = requests.get(emulator.url + "/_emulator/health", timeout=5)
    assert (health.status_code, health.json()) == (200, {"ok": True})
    reset = requests.post(emulator.url + "/_emulator/reset", json={}, timeout=5)
    assert reset.status_code == 200, reset.text
    assert emulator.pools_by_name() == {}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8025", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "192.0.2.1"])
def test_a_host_that_is_not_loopback_is_refused(emulator: Emulator, host: str) -> None:
    """A page on a name the attacker's DNS rebinds to 127.0.0.1 is same-origin with
    itself, so it could send JSON and read the answer; its Host header still names it."""
    _make_pool(emulator)
    for method, kwargs in [("GET", {}), ("POST", {"json": {}})]:
        response = requests.request(method, emulator.url + "/_emulator/reset"
                                    if method == "POST" else emulator.url + "/_emulator/state",
                                    headers={"Host": host}, timeout=5,
                                    **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 403, (method, response.text)
        assert "loopback host only" in response.json()["message"]
    assert "kept" in emulator.pools_by_name()


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8025", "localhost:8025",
                                  "LOCALHOST", "[::1]:8025", "127.1.2.3"])
def test_loopback_names_are_served(emulator: Emulator, host: str) -> None:
    response = requests.get(emulator.url + "/_emulator/health", headers={"Host": host},
                            timeout=5)
    assert response.status_code == 200, response.text
