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


def test_a_reference_names_an_output_or_the_id_a_resource_reads_as_one() -> None:
    delegation = {"pool_id": "${dedicated_ip_pools.tx.pool_id}",
                  "subaccount_id": "${subaccounts.acme.subaccount_id}"}
    declared = {"subaccounts": {"acme": {"name": "Acme"}},
                "dedicated_ip_pools": {"tx": {"name": "tx", "description": "d"}},
                "dedicated_ip_pool_delegations": {"tx-acme": delegation}}
    parse_spec(declared)
    delegation["pool_id"] = "${dedicated_ip_pools.tx.pool}"
    with pytest.raises(SpecError) as caught:
        parse_spec(declared)
    assert caught.value.problems == [
        "spec.dedicated_ip_pool_delegations.tx-acme.pool_id: DedicatedIpPool has no output "
        "'pool'"]


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
        "spec.subaccounts.a.protect: must be true or false, not 'sometimes'",
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


V4_URL, V3_URL = "https://hooks.example.com/all", "https://hooks.example.com/bounces"


def v4_entry(url: str = V4_URL, events: tuple[str, ...] = ("permanent_fail",),
             domain: str = "mail.example.com") -> dict[str, Any]:
    return {"domain": domain, "url": url, "event_types": list(events)}


def test_a_webhook_url_of_a_domain_is_declared_once() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({"domain_webhook_urls": {
            "a": v4_entry(events=("clicked",)),
            "b": v4_entry(events=("opened",)),
            "other-domain": v4_entry(domain="news.example.com"),
        }})
    assert caught.value.problems == [
        f"spec.domain_webhook_urls.b.url: '{V4_URL}' of mail.example.com is also the url of "
        "a; each must be unique"]


def test_a_webhook_may_not_list_a_url_a_domain_webhook_url_manages() -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({
            "webhooks": {"w": {"domain": "mail.example.com", "event": "opened",
                               "urls": [V4_URL]}},
            "domain_webhook_urls": {"all": v4_entry()},
        })
    assert caught.value.problems == [
        f"spec.webhooks.w.urls: '{V4_URL}' of mail.example.com is managed by "
        "domain_webhook_urls.all, on all its events: list the event in its event_types "
        "instead"]


def test_an_event_takes_three_urls_webhooks_and_domain_webhook_urls_together() -> None:
    webhooks = {"w": {"domain": "mail.example.com", "event": "permanent_fail",
                      "urls": [f"https://{n}.example.com/" for n in range(2)],
                      "foreign_urls": ["https://other-stack.example.com/"]}}
    with pytest.raises(SpecError) as caught:
        parse_spec({"webhooks": webhooks, "domain_webhook_urls": {"all": v4_entry()}})
    assert caught.value.problems == [
        "spec.domain_webhook_urls: the permanent_fail event of mail.example.com would have 4 "
        "URLs, webhooks and domain_webhook_urls together; Mailgun takes 3"]
    # The Webhook's own URLs alone are checked by its model.
    del webhooks["w"]["foreign_urls"]
    parse_spec({"webhooks": webhooks, "domain_webhook_urls": {"all": v4_entry()}})


def test_build_tells_each_webhook_of_the_urls_managed_beside_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    declared: dict[str, tuple[dict[str, Any], pulumi.ResourceOptions]] = {}

    class Recorded:
        def __init__(self, resource_name: str, /, opts: pulumi.ResourceOptions,
                     **inputs: Any) -> None:
            declared[resource_name] = (inputs, opts)

    spec = parse_spec({
        "webhooks": {
            "bounces": {"domain": "mail.example.com", "event": "permanent_fail",
                        "urls": [V3_URL], "foreign_urls": ["https://other-stack.example.com/"]},
            "opens": {"domain": "mail.example.com", "event": "opened", "urls": [V3_URL]},
            "news-bounces": {"domain": "news.example.com", "event": "permanent_fail",
                             "urls": [V3_URL]},
        },
        "domain_webhook_urls": {
            "all": v4_entry(events=("permanent_fail", "delivered")),
            "delivered": v4_entry(url="https://delivered.example.com/", events=("delivered",)),
        },
    })
    # ``after`` orders by resources, which Recorded is not: checked on KINDS below.
    monkeypatch.setattr(spec_module, "KINDS", tuple(
        dataclasses.replace(kind, resource=Recorded, after=()) for kind in KINDS))
    build(spec)
    # The spec's own on that domain and event, and the one the entry names.
    assert declared["bounces"][0]["foreign_urls"] == [
        V4_URL, "https://other-stack.example.com/"]
    assert declared["opens"][0]["foreign_urls"] == []
    assert declared["news-bounces"][0]["foreign_urls"] == []
    assert "foreign_urls" not in declared["all"][0]
    # The two write one event's URL list: the webhooks first.
    kinds = [kind.key for kind in KINDS]
    assert kinds.index("domain_webhook_urls") == kinds.index("webhooks") + 1
    assert KINDS[kinds.index("domain_webhook_urls")].after == ("webhooks",)
