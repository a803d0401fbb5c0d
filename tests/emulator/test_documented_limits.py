"""Parameters the documents mark required, and the ranges and choices they give, refused
as Mailgun refuses them where the emulator used to take anything."""

from __future__ import annotations

from typing import Any

import pytest

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import Domain
from tests.emulator.conftest import rejects


def test_a_warmup_page_holds_at_least_one_item(backend: Backend) -> None:
    # The emulator divided by the limit: 0 was a 500, a negative one a wrong page.
    for limit in (0, -1):
        with rejects(400, "limit"):
            backend.list_warmups(limit, None)


def test_the_subaccount_list_checks_skip_and_sort(backend: Backend) -> None:
    for name in ("b", "a", "c"):
        backend.create_subaccount(name)
    with rejects(400, "skip"):
        backend.list_subaccounts(None, -1, 10, None)
    with rejects(400, "sort"):
        backend.list_subaccounts(None, 0, 10, None, sort="up")
    listed = backend.list_subaccounts(None, 0, 10, None, sort="desc")["subaccounts"]
    assert [s["name"] for s in listed] == ["c", "b", "a"]
    # Deleted subaccounts leave the account here, so none is ever closed.
    assert backend.list_subaccounts(None, 0, 10, None, closed=True)["total"] == 0
    assert backend.list_subaccounts(None, 0, 10, None, closed=False)["total"] == 3


def test_ip_details_check_skip_and_limit(backend: Backend) -> None:
    with rejects(400, "skip"):
        backend.ip_details(None, None, -1, 10)
    with rejects(400, "limit"):
        backend.ip_details(None, None, 0, 0)


def test_the_domain_list_keeps_to_its_documented_choices(backend: Backend) -> None:
    for limit in (0, 1001):
        with rejects(400, "limit"):
            backend.list_domains(limit=limit)
    with rejects(400, "skip"):
        backend.list_domains(skip=-1)
    with rejects(400, "sort"):
        backend.list_domains(sort="size")
    with rejects(400, "state"):
        backend.list_domains(state="gone")
    assert len(backend.list_domains(limit=1000)["items"]) == 3


@pytest.fixture
def enrolled(backend: Backend) -> Backend:
    backend.update_dynamic_pool("dynamic_new", ["192.0.2.10"], [])
    backend.update_dynamic_pool("dynamic_good", ["192.0.2.11"], [])
    for name in ("b.example.com", "a.example.com", "c.example.com"):
        backend.account.domains[name] = Domain(name=name)
        backend.enroll_domain(name, "shared")
    backend.set_dynamic_pool_override("c.example.com", "dynamic_good")
    return backend


def test_dynamic_pool_domains_sort_and_filter_as_documented(enrolled: Backend) -> None:
    def listed(**kwargs: Any) -> list[str]:
        return [d["name"] for d in enrolled.list_dynamic_pool_domains(10, None, **kwargs)["items"]]

    assert listed() == ["a.example.com", "b.example.com", "c.example.com"]
    assert listed(sort_order="descending") == ["c.example.com", "b.example.com",
                                                "a.example.com"]
    assert listed(pools=["dynamic_good"]) == ["c.example.com"]
    assert listed(sort_by="bounce_rate") == listed()
    with rejects(400, "sort_by"):
        listed(sort_by="size")
    with rejects(400, "sort_order"):
        listed(sort_order="up")
    item = enrolled.list_dynamic_pool_domains(10, None)["items"][0]
    assert {"id", "account_id", "account_name", "name", "registered_at", "pool", "override",
            "bounce_rate", "complaint_rate", "processed_count"} <= set(item)


def test_setting_all_dynamic_pools_needs_each_of_them(backend: Backend) -> None:
    with rejects(400, "Missing parameter 'poor_reputation'"):
        backend.set_all_dynamic_pools({"dynamic_good": ["192.0.2.10"], "dynamic_poor": [],
                                       "dynamic_new": ["192.0.2.11"]})


def test_account_webhook_urls_are_refused_as_documented(backend: Backend) -> None:
    for url in (None, "", "ftp://x", "https://"):
        with rejects(400, "for url") as caught:
            backend.create_account_webhook(url, ["delivered"], "")
        assert caught.value.body() == {"Field": "url",
                                       "Value": "missing or invalid url parameter"}
    webhook_id = backend.create_account_webhook("https://a.example", ["delivered"], "")[
        "webhook_id"]
    with rejects(400, "for url"):
        backend.update_account_webhook(webhook_id, "ftp://x", ["delivered"], "")


def test_unknown_and_malformed_account_webhook_ids(backend: Backend) -> None:
    with rejects(404, "webhook not found") as caught:
        backend.get_account_webhook("0" * 24)
    assert caught.value.body() == {"Description": "webhook not found"}
    with rejects(400, "for webhook_id") as caught:
        backend.delete_account_webhook("nope")
    assert caught.value.body() == {"Field": "webhook_id", "Value": "is not valid"}
    with rejects(404, "webhook_id not found") as caught:
        backend.delete_account_webhook("0" * 24)
    assert caught.value.body() == {"Description": f"webhook_id not found: {'0' * 24}"}
