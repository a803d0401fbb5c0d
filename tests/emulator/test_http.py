"""The emulator's HTTP shape: auth, bodies, aliases, the state file, the CLI."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from mailgun_infra.emulator import Backend, create_app, default_seed
from mailgun_infra.emulator.__main__ import account_for
from mailgun_infra.emulator.__main__ import main as emulator_main
from tests.conftest import Emulator


def api(emulator: Emulator, method: str, path: str, **kwargs: object) -> requests.Response:
    return requests.request(method, emulator.url + path, auth=("api", emulator.api_key),
                            timeout=5, **kwargs)  # type: ignore[arg-type]


def test_requests_without_the_right_basic_auth_get_401(emulator: Emulator) -> None:
    for auth in [None, ("api", "wrong"), ("user", emulator.api_key)]:
        response = requests.get(emulator.url + "/v3/ips", auth=auth, timeout=5)
        assert response.status_code == 401
        assert response.json() == {"message": "Invalid private key"}


def test_unknown_routes_answer_plain_text_404(emulator: Emulator) -> None:
    response = api(emulator, "GET", "/v3/nothing-here")
    assert response.status_code == 404
    assert response.text == "404 page not found\n"


def test_create_accepts_form_and_repeated_ip_and_v1_alias(emulator: Emulator) -> None:
    created = api(emulator, "POST", "/v3/ip_pools",
                  data=[("name", "p"), ("description", "d"), ("ip", "192.0.2.10"),
                        ("ip", "192.0.2.11")])
    assert created.status_code == 200 and created.json()["message"] == "success"
    pool_id = created.json()["pool_id"]
    details = api(emulator, "GET", f"/v1/ip_pools/{pool_id}").json()
    assert details["message"] == "success"
    assert details["details"]["ips"] == ["192.0.2.10", "192.0.2.11"]
    added = api(emulator, "POST", f"/v3/ip_pools/{pool_id}/ips.json",
                json={"ips": ["192.0.2.12"]})
    assert added.json()["message"] == "started"
    deleted = api(emulator, "DELETE", f"/v3/ip_pools/{pool_id}", params={"ip": "shared"})
    assert deleted.json()["message"] == "started"


def test_errors_have_mailgun_status_and_message_body(emulator: Emulator) -> None:
    response = api(emulator, "POST", "/v3/ip_pools", data={"description": "no name"})
    assert response.status_code == 400
    assert response.json() == {"message": "Missing parameter 'name'"}
    response = api(emulator, "POST", "/v3/ip_pools/x/ips.json", data="not json")
    assert response.status_code == 400


def test_lost_answer_fault_applies_the_change(emulator: Emulator) -> None:
    emulator.faults({"status": 502, "after_apply": True, "methods": ["POST"]})
    response = api(emulator, "POST", "/v3/ip_pools", data={"name": "ghost", "description": "d"})
    assert response.status_code == 502
    assert "ghost" in emulator.pools_by_name()


def test_settings_set_the_read_lag_of_started_writes(emulator: Emulator) -> None:
    settings = emulator.admin("POST", "/settings", json={
        "async_lag_reads": 1, "async_lag_scope": "every_started_write"})
    assert settings == {"async_lag_reads": 1, "async_lag_scope": "every_started_write",
                        "rate_limited": 0}
    pool_id = api(emulator, "POST", "/v3/ip_pools",
                  data={"name": "p", "description": "d", "ip": "192.0.2.10"}).json()["pool_id"]
    api(emulator, "PUT", f"/v3/ip_pools/{pool_id}/ips/192.0.2.11")
    reads = [api(emulator, "GET", f"/v3/ip_pools/{pool_id}").json()["details"]["ips"]
             for _ in range(2)]
    assert reads == [["192.0.2.10"], ["192.0.2.10", "192.0.2.11"]]
    emulator.reset()  # back to the lag the emulator started with: on, as Mailgun's
    assert emulator.admin("POST", "/settings", json={}) == {
        "async_lag_reads": 2, "async_lag_scope": "documented", "rate_limited": 0}


def test_settings_refuse_unknown_names_and_bad_values(emulator: Emulator) -> None:
    for body in [{"async_delay": 0.5}, {"async_lag_reads": -1}, {"async_lag_reads": True},
                 {"async_lag_reads": "2"}, {"async_lag_scope": "later"}]:
        response = requests.post(emulator.url + "/_emulator/settings", json=body, timeout=5)
        assert response.status_code == 400, body
        assert set(response.json()) == {"message"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(port: int, state: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", "mailgun_infra.emulator", "--port", str(port), "--state",
         str(state), "--api-key", "key-cli"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the emulator did not start")


def test_state_file_survives_a_restart(tmp_path: Path) -> None:
    port = _free_port()
    state = tmp_path / "state.json"
    process = _start(port, state)
    try:
        url = f"http://127.0.0.1:{port}"
        created = requests.post(url + "/v3/ip_pools", auth=("api", "key-cli"),
                                data={"name": "kept", "description": "d", "ip": "192.0.2.10"},
                                timeout=5)
        assert created.status_code == 200
        saved = json.loads(state.read_text())
        assert [p["name"] for p in saved["ip_pools"]] == ["kept"]
        assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    process = _start(port, state)
    try:
        listed = requests.get(f"http://127.0.0.1:{port}/v3/ip_pools", auth=("api", "key-cli"),
                              timeout=5).json()
        assert [p["name"] for p in listed["ip_pools"]] == ["kept"]
    finally:
        process.kill()
        process.wait(timeout=10)


def test_the_admin_api_answers_loopback_clients_only() -> None:
    """Whatever address the emulator binds, its admin API (the whole account, keys
    included) is not served to other hosts. The client address is set in the WSGI
    environ: nothing leaves this process."""
    app = create_app(Backend(default_seed()))
    elsewhere = app.test_client().get("/_emulator/state",
                                      environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert elsewhere.status_code == 403
    assert elsewhere.get_json() == {
        "message": "the emulator's admin API answers loopback clients only"}
    for loopback in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        here = app.test_client().get("/_emulator/state", environ_base={"REMOTE_ADDR": loopback})
        assert here.status_code == 200


def test_the_api_key_in_force_is_the_one_the_state_shows(tmp_path: Path) -> None:
    backend = account_for(seed_path=None, state_path=tmp_path / "none.json", api_key="key-own")
    assert backend.snapshot()["api_key"] == "key-own"
    app = create_app(backend)
    auth = {"Authorization": "Basic " + base64.b64encode(b"api:key-own").decode()}
    assert app.test_client().get("/v3/ips", headers=auth).status_code == 200
    seeded = {"Authorization": "Basic " + base64.b64encode(
        f"api:{default_seed()['api_key']}".encode()).decode()}
    assert app.test_client().get("/v3/ips", headers=seeded).status_code == 401
    backend.reset()  # the key given on the command line outlives a reset
    assert backend.snapshot()["api_key"] == "key-own"


def test_the_lag_scope_given_at_start_outlives_a_reset() -> None:
    backend = account_for(None, None, None, 1, "every_started_write")
    backend.async_lag_scope = "documented"
    backend.reset()
    assert (backend.async_lag_reads, backend.async_lag_scope) == (1, "every_started_write")
    with pytest.raises(SystemExit):
        emulator_main(["--async-lag-scope", "later"])
