"""Every resource but DedicatedIpPool through the shared lifecycle (see lifecycle.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailgun_infra.client import MailgunClient
from tests.conftest import Emulator
from tests.e2e.lifecycle import Lifecycle, run_lifecycle

pytestmark = pytest.mark.e2e

TOKEN = "pulumi-python:dynamic/mailgun:"


def client(emulator: Emulator) -> MailgunClient:
    return MailgunClient(emulator.api_key, api_url=emulator.url)


def dynamic_pool(name: str):  # type: ignore[no-untyped-def]
    return lambda emulator: sorted(emulator.state()["dynamic_pools"][name])


def test_dynamic_pool_membership(tmp_path: Path, emulator: Emulator) -> None:
    run_lifecycle(tmp_path, emulator, Lifecycle(
        kind="dynamic_pool_memberships", type_token=TOKEN + "DynamicPoolMembership",
        name="good",
        create={"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.20"]},
        expect_create=["192.0.2.10", "192.0.2.20"],
        update={"pool": "dynamic_good", "ips": ["192.0.2.10", "192.0.2.11"]},
        expect_update=["192.0.2.10", "192.0.2.11"],
        live=dynamic_pool("dynamic_good"),
        drift=lambda e: client(e).update_dynamic_pool("dynamic_good", add_ips=["192.0.2.12"]),
        expect_drift=["192.0.2.10", "192.0.2.11", "192.0.2.12"],
    ))


def _warmups(emulator: Emulator) -> list[str]:
    return sorted(w["ip"] for w in emulator.state()["ip_warmups"])


def test_ip_warmup(tmp_path: Path, emulator: Emulator) -> None:
    seeded = _warmups(emulator)
    run_lifecycle(tmp_path, emulator, Lifecycle(
        kind="ip_warmups", type_token=TOKEN + "IpWarmup", name="fresh-ip",
        create={"ip": "192.0.2.13"},
        expect_create=sorted([*seeded, "192.0.2.13"]),
        # An adopt flag is the only thing a plan can change in place.
        update={"ip": "192.0.2.13", "adopt": True},
        expect_update=sorted([*seeded, "192.0.2.13"]),
        live=_warmups,
        drift=lambda e: client(e).cancel_ip_warmup("192.0.2.13"),
        expect_drift=seeded,
    ))


def _enrollment(emulator: Emulator) -> dict[str, object]:
    domain = next(d for d in emulator.state()["domains"] if d["name"] == "news.example.com")
    return {"pool": domain["dynamic_pool"], "override": domain["dynamic_override"]}


def test_dynamic_pool_enrollment(tmp_path: Path, emulator: Emulator) -> None:
    run_lifecycle(tmp_path, emulator, Lifecycle(
        kind="dynamic_pool_enrollments", type_token=TOKEN + "DynamicPoolEnrollment",
        name="news",
        context={"dynamic_pool_memberships": {
            "new": {"pool": "dynamic_new", "ips": ["192.0.2.13"]},
            "good": {"pool": "dynamic_good", "ips": ["192.0.2.14"]},
        }},
        create={"domain": "news.example.com", "replacement_ip": "shared"},
        expect_create={"pool": "dynamic_new", "override": False},
        update={"domain": "news.example.com", "replacement_ip": "shared",
                "override_pool": "dynamic_good"},
        expect_update={"pool": "dynamic_good", "override": True},
        live=_enrollment,
        drift=lambda e: client(e).remove_dynamic_pool_override("news.example.com"),
        expect_drift={"pool": "dynamic_good", "override": False},
    ))
