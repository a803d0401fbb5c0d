"""The stack spec: every problem listed with its path; good specs pass through."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from mailgun_infra import spec as spec_module
from mailgun_infra.spec import KINDS, SpecError, build, parse_spec

ROOT = Path(__file__).resolve().parents[2]


def test_the_dev_stack_spec_is_valid() -> None:
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.dev.yaml").read_text())["config"]
    spec = parse_spec(config["mailgun-infra:spec"])
    assert set(spec.dedicated_ip_pools) == {"transactional", "marketing"}


def test_a_bad_spec_lists_every_problem_with_its_path() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({
            "dedicated_ip_pools": {
                "a": {"name": "", "description": "d", "ips": ["1.2.3"]},
                "b": {"description": "d", "ips": "192.0.2.10", "colour": "red"},
            },
            "web_hooks": {},
        })
    assert sorted(caught.value.problems) == sorted([
        "spec.dedicated_ip_pools.a.name: must not be empty",
        "spec.dedicated_ip_pools.a.ips: item 0: '1.2.3' is not a valid IPv4 or IPv6 address",
        "spec.dedicated_ip_pools.b.name: is required",
        "spec.dedicated_ip_pools.b.ips: Input should be a valid list",
        "spec.dedicated_ip_pools.b.colour: unknown key",
        "spec.web_hooks: unknown key",
    ])
    assert "the stack spec has 6 problem(s)" in str(caught.value)


def test_an_empty_spec_declares_nothing() -> None:
    assert parse_spec(None).dedicated_ip_pools == {}


def test_every_entry_may_be_protected_and_is_not_by_default() -> None:
    spec = parse_spec({
        "dedicated_ip_pools": {"tx": {"name": "tx", "description": "d", "protect": True},
                               "mk": {"name": "mk", "description": "d"}},
        "webhooks": {"w": {"domain": "mail.example.com", "event": "opened",
                           "urls": ["https://hooks.example.com/o"], "protect": False}},
    })
    assert spec.dedicated_ip_pools["tx"].protect is True
    assert spec.dedicated_ip_pools["mk"].protect is False
    assert spec.webhooks["w"].protect is False
    assert {kind.key: "protect" in kind.entry.model_fields for kind in KINDS} == \
        {kind.key: True for kind in KINDS}


def test_options_stay_strict() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({"subaccounts": {"a": {"name": "A", "protected": True,
                                          "protect": "sometimes"}}})
    assert sorted(caught.value.problems) == [
        "spec.subaccounts.a.protect: Input should be a valid boolean, unable to interpret "
        "input",
        "spec.subaccounts.a.protected: unknown key",
    ]


def test_protect_goes_to_pulumi_and_never_to_the_provider(
        monkeypatch: pytest.MonkeyPatch) -> None:
    declared: dict[str, tuple[dict[str, Any], pulumi.ResourceOptions]] = {}

    class Recorded:
        def __init__(self, resource_name: str, /, opts: pulumi.ResourceOptions,
                     **inputs: Any) -> None:
            declared[resource_name] = (inputs, opts)
            self.pool_id = f"id-of-{resource_name}"

    spec = parse_spec({
        "dedicated_ip_pools": {"tx": {"name": "tx", "description": "d", "protect": True}},
        "domain_ip_assignments": {"mail": {
            "domain": "mail.example.com", "pool_id": "${dedicated_ip_pools.tx.pool_id}",
            "replacement_ip": "shared"}},
    })
    monkeypatch.setattr(spec_module, "KINDS",
                        tuple(dataclasses.replace(kind, resource=Recorded) for kind in KINDS))
    build(spec)
    pool_inputs, pool_opts = declared["tx"]
    assert "protect" not in pool_inputs and pool_opts.protect is True
    link_inputs, link_opts = declared["mail"]
    assert link_inputs["pool_id"] == "id-of-tx"
    assert "protect" not in link_inputs and link_opts.protect is False
