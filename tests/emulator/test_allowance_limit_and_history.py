"""The calls added for issue 23: the IP allowance and request (``/v3/ips/request/new``), the
account's monthly limit (``/v5/accounts/limit/custom/...``), the dynamic pools' assignable
domains, enroll-all, preview and history, and a subaccount's DIPPs read on its behalf; each
answer in the document's shape, each documented error as documented."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import Domain, Subaccount
from tests.conftest import Emulator
from tests.emulator.conftest import rejects

# The fields of the documents' HistoryRecord.
HISTORY_RECORD = {"id", "owning_account_id", "account_id", "account_name", "domain_id",
                  "domain_name", "new_band", "prev_band", "reason", "bounce_rate",
                  "complaint_rate", "processed_count", "initiated_by", "timestamp"}


def with_dynamic_new(backend: Backend) -> None:
    backend.set_all_dynamic_pools({"dynamic_good": ["192.0.2.10"],
                                   "dynamic_poor": ["192.0.2.11"],
                                   "dynamic_new": ["192.0.2.12"]})


def subaccount_with_domain(backend: Backend, sub_id: str = "5" * 24,
                           domain: str = "sub.example.com") -> str:
    with backend.lock:
        backend.account.subaccounts[sub_id] = Subaccount(id=sub_id, name="Sub")
        backend.account.domains[domain] = Domain(name=domain, subaccount_id=sub_id)
    return sub_id


# -- the IP allowance and requesting an IP -----------------------------------------------

def test_the_allowance_is_what_is_left_and_a_request_takes_one(backend: Backend) -> None:
    assert backend.ip_allowance() == {"allowed": {"dedicated": 1, "shared": 0}}
    before = set(backend.account.ips)
    assert backend.request_new_ip() == {"message": "success"}
    [added] = set(backend.account.ips) - before
    assert backend.account.ips[added].dedicated
    assert backend.ip_allowance() == {"allowed": {"dedicated": 0, "shared": 0}}
    with rejects(400, "billing limits"):
        backend.request_new_ip()
    backend.reset()
    assert backend.ip_allowance()["allowed"]["dedicated"] == 1


def test_a_seed_sets_the_allowance(seed: dict[str, Any]) -> None:
    backend = Backend({**seed, "ip_allowance": {"dedicated": 3, "shared": 2}})
    assert backend.ip_allowance() == {"allowed": {"dedicated": 3, "shared": 2}}
    assert backend.snapshot()["ip_allowance"] == {"dedicated": 3, "shared": 2}


# -- the account's monthly limit ---------------------------------------------------------------

def test_the_account_monthly_limit_round_trip(backend: Backend) -> None:
    with rejects(404, "No threshold for account"):
        backend.get_account_monthly_limit()
    with rejects(400, "Could not delete threshold for account"):
        backend.delete_account_monthly_limit()
    assert backend.set_account_monthly_limit("25000") == {"success": True}
    assert backend.get_account_monthly_limit() == {"limit": 25000, "current": 0,
                                                   "period": "1m"}
    assert backend.set_account_monthly_limit("1000") == {"success": True}
    assert backend.get_account_monthly_limit()["limit"] == 1000
    assert backend.snapshot()["monthly_limit"] == 1000
    assert backend.delete_account_monthly_limit() == {"success": True}
    with rejects(404, "No threshold for account"):
        backend.get_account_monthly_limit()


@pytest.mark.parametrize(("limit", "status", "fragment"), [
    (None, 400, "Missing parameter 'limit'"),
    ("999", 400, "The limit parameter minumum is 1000"),
    ("-5", 400, "minumum is 1000"),
    ("lots", 400, "limit must be a number"),
    ("inf", 400, "limit must be a number"),
])
def test_the_account_monthly_limit_refuses(backend: Backend, limit: str | None, status: int,
                                           fragment: str) -> None:
    with rejects(status, fragment):
        backend.set_account_monthly_limit(limit)
    assert backend.account.monthly_limit is None


def test_no_account_is_disabled_for_its_limit_here(backend: Backend) -> None:
    with rejects(400, "Unable to re-enable account with current account disablement"):
        backend.reenable_account()


# -- assignable domains and enroll-all -------------------------------------------------------

def test_assignable_domains_are_the_unenrolled_ones_of_one_account(backend: Backend) -> None:
    with_dynamic_new(backend)
    sub = subaccount_with_domain(backend)
    names = [i["name"] for i in backend.assignable_domains(None, None)["items"]]
    assert names == ["mail.example.com", "news.example.com", "promo.example.com"]
    backend.enroll_domain("news.example.com", "shared")
    items = backend.assignable_domains(None, "^(mail|news)")["items"]
    assert [(i["name"], i["account_id"]) for i in items] == [("mail.example.com", "emulated")]
    assert backend.assignable_domains(sub, None)["items"] == [
        {"account_id": sub, "id": backend.account.domains["sub.example.com"].id,
         "name": "sub.example.com"}]
    with rejects(400, "not a valid account ID"):
        backend.assignable_domains("nope", None)
    with rejects(400, "valid regular expression"):
        backend.assignable_domains(None, "(")


@pytest.mark.parametrize("include_subaccounts", ["false", "true"])
def test_enroll_all_enrolls_the_unenrolled_domains(backend: Backend,
                                                   include_subaccounts: str) -> None:
    with_dynamic_new(backend)
    subaccount_with_domain(backend)
    backend.enroll_domain("news.example.com", "shared")
    backend.set_dynamic_pool_override("news.example.com", "dynamic_good")
    assert backend.enroll_all_domains(include_subaccounts, None) == {"message": "started"}
    pools = {d.name: d.dynamic_pool for d in backend.account.domains.values()}
    assert pools == {"mail.example.com": "dynamic_new", "news.example.com": "dynamic_good",
                     "promo.example.com": "dynamic_new",
                     "sub.example.com": "dynamic_new" if include_subaccounts == "true"
                     else None}


def test_enroll_all_refuses(backend: Backend, seed: dict[str, Any]) -> None:
    with rejects(400, "dynamic_new has no IPs"):
        backend.enroll_all_domains("false", None)
    with_dynamic_new(backend)
    with rejects(400, "Missing parameter 'include_subaccounts'"):
        backend.enroll_all_domains(None, None)
    with rejects(400, "invalid include_subaccounts 'maybe'"):
        backend.enroll_all_domains("maybe", None)
    with rejects(403, "only the parent account"):
        backend.enroll_all_domains("true", "5" * 24)
    assert not any(d.dynamic_pool for d in backend.account.domains.values())
    without = Backend({**seed, "features": ["dipps"]}, async_lag_reads=0)
    with rejects(403, "Dynamic IP Pools feature"):
        without.enroll_all_domains("true", None)


# -- preview and history -------------------------------------------------------------------

def test_the_preview_of_a_domain_without_volume_is_dynamic_new(backend: Backend) -> None:
    answer = backend.preview_domain("mail.example.com")
    assert answer["pool"] == "dynamic_new"
    assert set(answer["results"]) == {"bounce_rate", "complaint_rate", "processed_count"}
    assert all(set(r) == {"value", "band"} for r in answer["results"].values())
    # A preview enrolls nothing.
    assert backend.account.domains["mail.example.com"].dynamic_pool is None
    with rejects(404, "Domain not found"):
        backend.preview_domain("nope.example.com")


def test_history_records_each_move(backend: Backend) -> None:
    with_dynamic_new(backend)
    sub = subaccount_with_domain(backend)
    with rejects(404, "no dynamic IP pool history for domain mail.example.com"):
        backend.domain_history("mail.example.com")
    backend.enroll_domain("mail.example.com", "shared")
    backend.set_dynamic_pool_override("mail.example.com", "dynamic_poor")
    backend.enroll_all_domains("true", None)

    latest = backend.domain_history("mail.example.com")
    assert set(latest) == HISTORY_RECORD
    assert (latest["prev_band"], latest["new_band"], latest["reason"]) == \
        ("dynamic_new", "dynamic_poor", "override")

    everything = dict(limit=None, include_subaccounts=True, domain=None, before=None,
                      after=None, moved_to=None, moved_from=None)
    listed = backend.dynamic_pool_history(**everything)
    assert (listed["total_items"], listed["paging"]) == (5, {})
    assert [(r["domain_name"], r["new_band"]) for r in listed["items"]][-2:] == \
        [("mail.example.com", "dynamic_poor"), ("mail.example.com", "dynamic_new")]
    [mine] = [r for r in listed["items"] if r["domain_name"] == "sub.example.com"]
    assert (mine["account_id"], mine["account_name"]) == (sub, "Sub")

    parent_only = backend.dynamic_pool_history(**{**everything, "include_subaccounts": False})
    assert parent_only["total_items"] == 4
    moved = backend.dynamic_pool_history(**{**everything, "moved_from": "dynamic_new"})
    assert [r["new_band"] for r in moved["items"]] == ["dynamic_poor"]
    one = backend.dynamic_pool_history(**{**everything, "limit": 1,
                                          "domain": "mail.example.com"})
    assert (len(one["items"]), one["total_items"]) == (1, 2)
    later = backend.dynamic_pool_history(**{**everything,
                                            "after": "Mon, 02 Jan 2006 15:04:05 MST"})
    assert later["total_items"] == 5
    earlier = backend.dynamic_pool_history(**{**everything,
                                              "before": "Mon, 02 Jan 2006 15:04:05 MST"})
    assert earlier["total_items"] == 0


@pytest.mark.parametrize(("change", "fragment"), [
    ({"limit": 0}, "limit must be between 1 and 100"),
    ({"limit": 101}, "limit must be between 1 and 100"),
    ({"before": "yesterday"}, "before must be a time"),
    ({"after": "2006-01-02"}, "after must be a time"),
])
def test_the_account_history_refuses(backend: Backend, change: dict[str, Any],
                                     fragment: str) -> None:
    filters = dict(limit=None, include_subaccounts=False, domain=None, before=None,
                   after=None, moved_to=None, moved_from=None)
    with rejects(400, fragment):
        backend.dynamic_pool_history(**{**filters, **change})


# -- on behalf of a subaccount ---------------------------------------------------------------

def test_a_subaccount_sees_the_dipps_delegated_to_it_inherited(backend: Backend) -> None:
    sub = subaccount_with_domain(backend)
    pool_id = backend.create_pool("shared-out", "Delegated", ["192.0.2.13"])["pool_id"]
    backend.create_pool("kept", "Not delegated", ["192.0.2.14"])
    assert backend.subaccount_pools(sub) == {"ip_pools": [], "message": "success"}
    backend.delegate_pool(pool_id, sub)
    [seen] = backend.subaccount_pools(sub)["ip_pools"]
    assert seen == {"pool_id": pool_id, "name": "shared-out", "description": "Delegated",
                    "ips": ["192.0.2.13"], "is_linked": False, "is_inherited": True}
    with rejects(403, "no subaccount 'nope'"):
        backend.subaccount_pools("nope")


# -- over HTTP: each new path routed, with its documented status ------------------------------

@pytest.mark.parametrize(("method", "path", "status", "body"), [
    ("GET", "/v3/ips/request/new", 200, {"allowed": {"dedicated": 1, "shared": 0}}),
    ("POST", "/v3/ips/request/new", 200, {"message": "success"}),
    ("GET", "/v5/accounts/limit/custom/monthly", 404, {"message": "No threshold for account"}),
    ("PUT", "/v5/accounts/limit/custom/monthly?limit=5000", 200, {"success": True}),
    ("DELETE", "/v5/accounts/limit/custom/monthly", 400,
     {"message": "Could not delete threshold for account"}),
    ("PUT", "/v5/accounts/limit/custom/enable", 400,
     {"message": "Unable to re-enable account with current account disablement"}),
    ("GET", "/v3/domains/dynamic_pools/assignable?domain=^promo", 200,
     {"items": [{"account_id": "emulated", "id": "64a1f0c2e3b4d5a6b7c8d9e2",
                 "name": "promo.example.com"}]}),
    ("POST", "/v3/domains/all/dynamic_pools/enroll", 400,
     {"message": "Missing parameter 'include_subaccounts'"}),
    ("GET", "/v1/dynamic_pools/domains/mail.example.com/history", 404,
     {"message": "no dynamic IP pool history for domain mail.example.com"}),
    ("GET", "/v1/dynamic_pools/history?Limit=5&include_subaccounts=true", 200,
     {"items": [], "total_items": 0, "paging": {}}),
    ("GET", "/v1/dynamic_pools/history?Limit=many", 400,
     {"message": "'Limit' must be an integer"}),
])
def test_the_new_paths_over_http(emulator: Emulator, method: str, path: str, status: int,
                                 body: dict[str, Any]) -> None:
    response = requests.request(method, emulator.url + path, timeout=5,
                                auth=("api", emulator.api_key))
    assert (response.status_code, response.json()) == (status, body)


def test_the_preview_and_on_behalf_reads_over_http(emulator: Emulator) -> None:
    auth = ("api", emulator.api_key)
    preview = requests.get(f"{emulator.url}/v1/dynamic_pools/domains/news.example.com/preview",
                           auth=auth, timeout=5)
    assert preview.status_code == 200 and preview.json()["pool"] == "dynamic_new"
    sub = requests.post(f"{emulator.url}/v5/accounts/subaccounts", auth=auth, timeout=5,
                        params={"name": "Sub"}).json()["subaccount"]["id"]
    seen = requests.get(f"{emulator.url}/v3/ip_pools", auth=auth, timeout=5,
                        headers={"X-Mailgun-On-Behalf-Of": sub})
    assert seen.json() == {"ip_pools": [], "message": "success"}
    refused = requests.get(f"{emulator.url}/v3/ip_pools", auth=auth, timeout=5,
                           headers={"X-Mailgun-On-Behalf-Of": "nope"})
    assert refused.status_code == 403 and set(refused.json()) == {"message"}
    enroll = requests.post(f"{emulator.url}/v3/domains/all/dynamic_pools/enroll", auth=auth,
                           timeout=5, params={"include_subaccounts": "true"},
                           headers={"X-Mailgun-On-Behalf-Of": sub})
    assert enroll.status_code == 403
