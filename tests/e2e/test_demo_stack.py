"""The demo `dev` stack, every resource kind in it, up and down through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mailgun_infra import facts
from mailgun_infra.resources import RESOURCES
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT, Workspace, left_by_destroy

pytestmark = pytest.mark.e2e


def test_the_demo_stack_goes_up_and_down_cleanly(tmp_path: Path, emulator: Emulator) -> None:
    seed = emulator.state()
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(config["mailgun-infra:spec"])
    # A preview first: references between resources are unknown there, and every check
    # must take them.
    ws.run("preview", check=True)
    # It reads the account for the policy pack (one call per listing; the subaccounts'
    # listing not, as the one subaccount named is new), and writes nothing.
    assert sorted((r["method"], r["path"]) for r in emulator.requests_log()) == [
        ("GET", "/v3/dynamic_pools"), ("GET", "/v3/ip_pools"), ("GET", "/v3/ips")], \
        "a preview only reads the account's listings"
    # DIPP writes land after Mailgun answers; a refresh right after up must wait for them
    # rather than report drift.
    ws.up()
    ws.run("refresh", "--yes", "--expect-no-changes", check=True)

    deployed = {r["type"] for r in ws.export()["deployment"]["resources"]}
    every_kind = {facts.PREFIX + r.resource.__name__ for r in RESOURCES}
    assert every_kind <= deployed

    state = emulator.state()
    pools = {p["name"]: p for p in state["ip_pools"]}
    domains = {d["name"]: d for d in state["domains"]}
    assert domains["mail.example.com"]["pool_id"] == pools["transactional"]["pool_id"]
    assert domains["promo.example.com"]["dynamic_pool"] == "dynamic_new"
    engagement = ["https://hooks.example.com/mailgun/engagement"]
    assert domains["mail.example.com"]["webhooks"] == {
        "permanent_fail": ["https://hooks.example.com/mailgun/bounces"],
        "clicked": engagement, "delivered": engagement, "opened": engagement}
    [acme] = state["subaccounts"]
    assert acme["ips"] == ["192.0.2.15"]
    assert pools["marketing"]["delegated_to"] == [acme["id"]]
    assert state["dynamic_pools"]["dynamic_new"] == ["192.0.2.14", "192.0.2.21"]
    assert "192.0.2.15" in {w["ip"] for w in state["ip_warmups"]}
    assert state["spillover_pool_id"] == pools["transactional"]["pool_id"]
    assert domains["mail.example.com"]["spillover_pool_id"] == pools["marketing"]["pool_id"]
    assert acme["monthly_limit"] == 100000
    outputs = ws.resources(facts.DEDICATED_IP_POOL)
    assert outputs["marketing"]["warming_ips"] == ["192.0.2.20"]
    assert outputs["transactional"]["warming_ips"] == []

    ws.run("preview", "--expect-no-changes", check=True)

    # Everyday changes, in place: preview shows exactly what up does, and nothing that
    # refers to the changed pool or subaccount previews as replaced.
    spec = config["mailgun-infra:spec"]
    spec["dedicated_ip_pools"]["transactional"]["ips"] = ["192.0.2.10"]
    spec["dedicated_ip_pools"]["marketing"]["description"] = "Newsletters"
    spec["subaccounts"]["acme"]["enabled"] = False
    ws.set_spec(spec)
    done = ws.up_as_previewed()
    assert {name: op for name, op in done.items() if op != "same"} == {
        "DedicatedIpPool::transactional": "update", "DedicatedIpPool::marketing": "update",
        "Subaccount::acme": "update"}

    ws.run("destroy", "--yes", check=True)
    # Mailgun has no call to take an IP out of its band: destroy leaves the band.
    after = emulator.state()
    assert [(ip["ip"], ip["ip_band"]) for ip in after["ips"] if ip.get("ip_band")] == [
        ("192.0.2.10", "band-a")]
    assert after == left_by_destroy(seed, config["mailgun-infra:spec"])
