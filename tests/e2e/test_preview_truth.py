"""A preview a reviewer can trust: the operation preview reports for each resource is the
one `up` then performs. Dependents of a DIPP or a subaccount changed in place stay in place."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from mailgun_infra.facts import ACCOUNT_WEBHOOK, DEDICATED_IP_POOL, SUBACCOUNT
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

SPEC: dict[str, Any] = {
    "subaccounts": {"acme": {"name": "Acme Corp"}},
    "dedicated_ip_pools": {"tx": {"name": "tx", "description": "receipts",
                                  "ips": ["192.0.2.10", "192.0.2.11"]}},
    "domain_ip_assignments": {"mail": {"domain": "mail.example.com",
                                       "pool_id": "${dedicated_ip_pools.tx.pool_id}",
                                       "replacement_ip": "shared"}},
    "subaccount_ip_links": {"acme": {"subaccount_id": "${subaccounts.acme.subaccount_id}",
                                     "ips": ["192.0.2.15"]}},
    "dedicated_ip_pool_delegations": {"tx-acme": {
        "pool_id": "${dedicated_ip_pools.tx.pool_id}",
        "subaccount_id": "${subaccounts.acme.subaccount_id}"}},
}


def test_in_place_changes_preview_as_what_up_does(tmp_path: Path, emulator: Emulator) -> None:
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(SPEC)
    ws.up()
    changed = copy.deepcopy(SPEC)
    changed["dedicated_ip_pools"]["tx"]["ips"] = ["192.0.2.10"]
    changed["subaccounts"]["acme"]["enabled"] = False
    ws.set_spec(changed)
    done = ws.up_as_previewed()
    assert {name: op for name, op in done.items() if op != "same"} == {
        "DedicatedIpPool::tx": "update", "Subaccount::acme": "update"}


def test_a_replaced_object_previews_its_dependents_replaced(tmp_path: Path,
                                                            emulator: Emulator) -> None:
    """The other side: a subaccount renamed is a new subaccount, with a new id, and what
    refers to it is replaced with it, in preview as in `up`."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    ws.set_spec(SPEC)
    ws.up()
    renamed = copy.deepcopy(SPEC)
    renamed["subaccounts"]["acme"]["name"] = "Acme Holdings"
    ws.set_spec(renamed)
    done = ws.up_as_previewed()
    assert {name: op for name, op in done.items() if op != "same"} == {
        "Subaccount::acme": "replace", "SubaccountIpLink::acme": "replace",
        "DedicatedIpPoolDelegation::tx-acme": "replace"}
    ws.run("destroy", "--yes", check=True)


PROGRAM = '''"""A user's own program, as the README shows it: references by the natural names."""
import pulumi

import mailgun_infra

spec = pulumi.Config().get_object("spec")
acme = mailgun_infra.Subaccount("acme", name="Acme Corp", enabled=spec["enabled"])
pool = mailgun_infra.DedicatedIpPool("transactional", name="transactional",
                                     description="Receipts", ips=spec["ips"])
alerts = mailgun_infra.AccountWebhook("alerts", url="https://hooks.example.com/alerts",
                                      event_types=spec["events"])
mailgun_infra.DomainIpAssignment("mail", domain="mail.example.com", pool_id=pool.pool_id,
                                 replacement_ip="shared")
mailgun_infra.SubaccountIpLink("acme", subaccount_id=acme.subaccount_id, ips=["192.0.2.15"])
mailgun_infra.DedicatedIpPoolDelegation("transactional-acme", pool_id=pool.pool_id,
                                        subaccount_id=acme.subaccount_id)
# The resource's id works as well as its natural name.
mailgun_infra.SubaccountSendingLimit("acme", subaccount_id=acme.id, limit=1000)
mailgun_infra.DedicatedIpPool(
    "marketing", name="marketing",
    description=alerts.webhook_id.apply(lambda id_: f"Bounces reported to webhook {id_}"))
pulumi.export("alerts_webhook", alerts.webhook_id)
'''


def test_a_users_own_program_previews_what_up_does(tmp_path: Path, emulator: Emulator) -> None:
    """Each object changed in place keeps its id, so what refers to it by `pool.pool_id`,
    `acme.subaccount_id`, `alerts.webhook_id` (or `.id`) stays as it is, in preview as in
    `up`."""
    ws = Workspace(tmp_path, emulator.url, emulator.api_key)
    (ws.dir / "stacks" / "__main__.py").write_text(PROGRAM)
    ws.set_spec({"enabled": True, "ips": ["192.0.2.10", "192.0.2.11"],
                 "events": ["permanent_fail"]})
    ws.up()
    ws.set_spec({"enabled": False, "ips": ["192.0.2.10"],
                 "events": ["permanent_fail", "temporary_fail"]})
    done = ws.up_as_previewed()
    assert {name: op for name, op in done.items() if op != "same"} == {
        "DedicatedIpPool::transactional": "update", "Subaccount::acme": "update",
        "AccountWebhook::alerts": "update"}
    assert emulator.pools_by_name()["transactional"]["ips"] == ["192.0.2.10"]
    # The state still keeps each id output, and a stack output of one is the id.
    state = {(r["type"], r["urn"].rsplit("::", 1)[1]): r
             for r in ws.export()["deployment"]["resources"]}
    for type_token, name, output in ((DEDICATED_IP_POOL, "transactional", "pool_id"),
                                     (SUBACCOUNT, "acme", "subaccount_id"),
                                     (ACCOUNT_WEBHOOK, "alerts", "webhook_id")):
        assert state[type_token, name]["outputs"][output] == state[type_token, name]["id"]
    stack = next(r for (type_token, _), r in state.items() if type_token == "pulumi:pulumi:Stack")
    assert stack["outputs"]["alerts_webhook"] == state[ACCOUNT_WEBHOOK, "alerts"]["id"]
