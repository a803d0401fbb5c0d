"""The stack spec: every problem listed with its path; good specs pass through."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mailgun_infra.spec import SpecError, parse_spec

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
