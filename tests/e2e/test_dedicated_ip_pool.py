"""DedicatedIpPool through the real Pulumi CLI and engine, against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailgun_infra.client import MailgunClient
from mailgun_infra.facts import DEDICATED_IP_POOL
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace

pytestmark = pytest.mark.e2e

SPEC = {
    "dedicated_ip_pools": {
        "transactional": {"name": "transactional", "description": "receipts",
                          "ips": ["192.0.2.11", "192.0.2.10"]},
        "marketing": {"name": "marketing", "description": "d", "ips": ["192.0.2.12", "192.0.2.20"]},
    },
}


def mutations(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


# Under a lag stricter than Mailgun documents (the DIPP's own record lags too): the
# provider must be right under it as well. The lifecycle row of test_lifecycles.py runs
# a DIPP under the documented lag.
def test_pool_lifecycle_with_drift_and_repair(tmp_path: Path, emulator: Emulator) -> None:
    emulator.admin("POST", "/settings",
                   json={"async_lag_reads": 2, "async_lag_scope": "every_started_write"})
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    client = MailgunClient(emulator.api_key, api_url=emulator.url)

    # up: both pools exist as declared.
    ws.set_spec(SPEC)
    ws.up()
    pools = emulator.pools_by_name()
    assert pools["transactional"]["ips"] == ["192.0.2.10", "192.0.2.11"]
    assert pools["transactional"]["description"] == "receipts"
    assert pools["marketing"]["ips"] == ["192.0.2.12", "192.0.2.20"]
    outputs = ws.resources(DEDICATED_IP_POOL)
    assert outputs["transactional"]["pool_id"] == pools["transactional"]["pool_id"]

    # Reordering IPs changes nothing: no spurious diff.
    reordered = json.loads(json.dumps(SPEC))
    reordered["dedicated_ip_pools"]["transactional"]["ips"] = ["192.0.2.10", "192.0.2.11"]
    ws.set_spec(reordered)
    emulator.admin("DELETE", "/requests")
    ws.run("preview", "--expect-no-changes", check=True)
    assert mutations(emulator) == []

    # Change the IPs: one PATCH, in place (same pool id).
    changed = json.loads(json.dumps(SPEC))
    changed["dedicated_ip_pools"]["transactional"]["ips"] = ["192.0.2.10", "192.0.2.13"]
    ws.set_spec(changed)
    ws.up()
    pools = emulator.pools_by_name()
    assert pools["transactional"]["ips"] == ["192.0.2.10", "192.0.2.13"]
    assert pools["transactional"]["pool_id"] == outputs["transactional"]["pool_id"]
    assert mutations(emulator) == [f"PATCH /v3/ip_pools/{pools['transactional']['pool_id']}"]

    # Out of band: an IP removed, a pool deleted. refresh shows both.
    client.remove_ip_from_pool(pools["transactional"]["pool_id"], "192.0.2.13")
    client.delete_ip_pool(pools["marketing"]["pool_id"], replacement_ip="shared")
    emulator.backend.apply_pending_writes()  # out-of-band changes land before the refresh
    refresh = ws.run("refresh", "--yes", check=True)
    assert "marketing" in refresh.output and "deleted" in refresh.output
    refreshed = ws.resources(DEDICATED_IP_POOL)
    assert refreshed["transactional"]["ips"] == ["192.0.2.10"]
    assert "marketing" not in refreshed

    # The next up repairs both; then nothing is left to change.
    ws.up()
    pools = emulator.pools_by_name()
    assert pools["transactional"]["ips"] == ["192.0.2.10", "192.0.2.13"]
    assert pools["marketing"]["ips"] == ["192.0.2.12", "192.0.2.20"]
    ws.run("preview", "--expect-no-changes", check=True)

    # destroy: no pools left.
    ws.run("destroy", "--yes", check=True)
    assert emulator.state()["ip_pools"] == []

    # The key never reached the state in plain text.
    exported = ws.run("stack", "export", "--show-secrets=false").output
    assert emulator.api_key not in exported
    assert emulator.api_key not in ws.config_file.read_text()


def test_policy_pack_stops_a_warming_only_pool_at_preview(tmp_path: Path,
                                                          emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {
        "warm": {"name": "warm", "description": "d", "ips": ["192.0.2.20", "192.0.2.21"]},
        "fine": {"name": "fine", "description": "d", "ips": ["192.0.2.10"]},
    }})
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps(
        {"dedicated-ip-pool-has-non-warming-ip": {"warmingIps": ["192.0.2.20", "192.0.2.21"]}}))
    emulator.admin("DELETE", "/requests")
    result = ws.run("preview", "--policy-pack", str(ROOT / "policies"),
                    "--policy-pack-config", str(config))
    assert result.code != 0
    assert "dedicated-ip-pool-has-non-warming-ip" in result.output
    assert "DIPP 'warm' has only warming IPs" in result.output
    assert "DIPP 'fine'" not in result.output
    assert mutations(emulator) == []

    # Advisory instead of mandatory: the same preview passes and still warns.
    config.write_text(json.dumps({"dedicated-ip-pool-has-non-warming-ip": {
        "enforcementLevel": "advisory", "warmingIps": ["192.0.2.20", "192.0.2.21"]}}))
    result = ws.run("preview", "--policy-pack", str(ROOT / "policies"),
                    "--policy-pack-config", str(config))
    assert result.code == 0, result.output
    assert "DIPP 'warm' has only warming IPs" in result.output


def test_bad_spec_fails_preview_with_every_problem_and_changes_nothing(
        tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {
        "a": {"name": "", "description": "d", "ips": ["192.0.2.300"]},
        "b": {"name": "b", "ipz": []},
    }})
    emulator.admin("DELETE", "/requests")
    result = ws.run("preview")
    assert result.code != 0
    for problem in ("spec.dedicated_ip_pools.a.name: must not be empty",
                    "spec.dedicated_ip_pools.a.ips: item 0: '192.0.2.300' is not a valid",
                    "spec.dedicated_ip_pools.b.ipz: unknown key"):
        assert problem in result.output
    assert emulator.requests_log() == []


def test_adopt_takes_over_an_existing_pool(tmp_path: Path, emulator: Emulator) -> None:
    client = MailgunClient(emulator.api_key, api_url=emulator.url)
    existing = client.create_ip_pool("legacy", "made by hand", ["192.0.2.14"])
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {"legacy": {"name": "legacy", "description": "d",
                                                   "ips": ["192.0.2.14"]}}})
    refused = ws.run("up", "--yes", "--skip-preview")
    assert refused.code != 0
    assert "a DIPP named 'legacy' already exists" in refused.output
    ws.set_spec({"dedicated_ip_pools": {"legacy": {"name": "legacy", "description": "d",
                                                   "ips": ["192.0.2.14"], "adopt": True}}})
    ws.up()
    assert ws.resources(DEDICATED_IP_POOL)["legacy"]["pool_id"] == existing
    assert len(emulator.state()["ip_pools"]) == 1
    assert emulator.pools_by_name()["legacy"]["description"] == "d"  # made to match


def test_a_proxys_404_fails_refresh_and_keeps_the_pool(tmp_path: Path,
                                                        emulator: Emulator) -> None:
    """Only Mailgun's own not-found answer means gone: a plain-text 404 from something in
    between must not drop a DIPP that still exists from state."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec({"dedicated_ip_pools": {"transactional": SPEC["dedicated_ip_pools"][
        "transactional"]}})
    ws.up()
    pool_id = ws.ids(DEDICATED_IP_POOL)["transactional"]
    # The whole DIPP API: a refresh reads the DIPPs' list before any DIPP alone.
    emulator.faults({"status": 404, "text": "404 page not found", "times": 1000,
                     "path_prefix": "/v3/ip_pools"})
    refresh = ws.run("refresh", "--yes")
    assert refresh.code != 0
    assert "404 Not Found on GET /v3/ip_pools" in refresh.output
    assert "not Mailgun's not-found answer" in refresh.output
    assert ws.ids(DEDICATED_IP_POOL) == {"transactional": pool_id}
    emulator.admin("DELETE", "/faults")
    ws.run("destroy", "--yes", check=True)
    assert emulator.state()["ip_pools"] == []
