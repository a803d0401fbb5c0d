"""The warming rule, called directly with the args the engine would send."""

from __future__ import annotations

from typing import Any

from pulumi_policy import ResourceValidationArgs

from mailgun_infra.types import DEDICATED_IP_POOL
from mailgun_policies import POLICIES, dedicated_ip_pool_has_non_warming_ip


def violations(props: dict[str, Any], warming: list[str],
               resource_type: str = DEDICATED_IP_POOL) -> list[str]:
    found: list[str] = []
    args = ResourceValidationArgs(
        resource_type=resource_type, props=props, urn=f"urn:pulumi:s::p::{resource_type}::x",
        name="x", opts=None, provider=None,
        config={"warmingIps": warming},
    )
    dedicated_ip_pool_has_non_warming_ip.validate(
        args, lambda message, urn=None: found.append(message))
    return found


def test_a_pool_with_a_non_warming_ip_passes() -> None:
    assert violations({"name": "p", "ips": ["192.0.2.10", "192.0.2.20"]}, ["192.0.2.20"]) == []


def test_a_warming_only_pool_is_a_violation() -> None:
    found = violations({"name": "p", "ips": ["192.0.2.20", "192.0.2.21"]},
                       ["192.0.2.20", "192.0.2.21"])
    assert found == ["DIPP 'p' has only warming IPs (192.0.2.20, 192.0.2.21): add at least one "
                     "IP that is not on warmup, or the pool's traffic is throttled to the "
                     "warmup plan."]


def test_an_empty_pool_is_a_violation() -> None:
    assert violations({"name": "p", "ips": []}, []) == [
        "DIPP 'p' has no IPs: add at least one IP that is not warming."]


def test_other_resource_types_are_ignored() -> None:
    assert violations({"ips": []}, [], resource_type="pulumi-python:dynamic/mailgun:Other") == []


def test_the_pack_lists_the_rule() -> None:
    assert [p.name for p in POLICIES] == ["dedicated-ip-pool-has-non-warming-ip"]
