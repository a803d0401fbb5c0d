"""Answers the emulator once gave where Mailgun's documents say otherwise (issue 23): each
test here failed before its fix."""

from __future__ import annotations

import requests

from tests.conftest import Emulator

DOMAINS = ("mail.example.com", "news.example.com", "promo.example.com")


def get(emulator: Emulator, url: str, **params: object) -> requests.Response:
    if url.startswith("/"):
        url = emulator.url + url
    return requests.get(url, params=params,  # type: ignore[arg-type]
                        auth=("api", emulator.api_key), timeout=5)


def test_dynamic_pool_domain_pages_keep_the_sort_and_filters(emulator: Emulator) -> None:
    emulator.backend.add_dynamic_pool_ip("dynamic_new", "192.0.2.13")
    for name in DOMAINS:
        emulator.backend.enroll_domain(name, "shared")
    url, names = "/v1/dynamic_pools/domains", []
    query: dict[str, object] = {"limit": 1, "sort_order": "descending", "sort_by": "name",
                                "pool": "dynamic_new"}
    for _ in DOMAINS:
        body = get(emulator, url, **query).json()
        names += [item["name"] for item in body["items"]]
        url, query = body["paging"]["Next"], {}
    assert names == sorted(DOMAINS, reverse=True)
    for kept in ("sort_order=descending", "sort_by=name", "pool=dynamic_new"):
        assert kept in url


def test_ip_details_filter_by_pool_and_domain_and_sort(emulator: Emulator) -> None:
    pool_id = emulator.backend.create_pool("p", "d", ["192.0.2.11", "192.0.2.12"])["pool_id"]

    def addresses(**query: object) -> list[str]:
        response = get(emulator, "/v3/ips/details/all", **query)
        assert response.status_code == 200, response.text
        return [item["address"] for item in response.json()["items"]]

    assert addresses(pool_id=pool_id) == ["192.0.2.11", "192.0.2.12"]
    domain_id = emulator.backend.get_domain("news.example.com")["domain"]["id"]
    assert addresses(domain_id=domain_id) == ["198.51.100.1"]
    assert addresses(pool_id=pool_id, sort_by="address", sort_order="descending") == [
        "192.0.2.12", "192.0.2.11"]
    everything = addresses(sort_order="descending")
    assert everything == sorted(everything, key=lambda a: tuple(map(int, a.split("."))),
                                reverse=True)
    assert get(emulator, "/v3/ips/details/all", sort_by="colour").status_code == 400
    assert get(emulator, "/v3/ips/details/all", sort_order="up").status_code == 400


def test_too_many_domain_webhook_urls_is_a_reason(emulator: Emulator) -> None:
    """The v3 domain webhooks' 400 is documented as ``{"Reason"}``, the PUT's and the
    POST's alike."""
    urls = [f"https://hooks.example.com/{n}" for n in range(4)]
    path = emulator.url + "/v3/domains/mail.example.com/webhooks"
    auth = ("api", emulator.api_key)
    created = requests.post(path, data={"id": "clicked", "url": urls[:1]}, auth=auth,
                            timeout=5)
    assert created.status_code == 200, created.text
    for refused in (requests.put(path + "/clicked", data={"url": urls}, auth=auth, timeout=5),
                    requests.post(path, data={"id": "opened", "url": urls}, auth=auth,
                                  timeout=5)):
        assert refused.status_code == 400
        assert refused.json() == {"Reason": "Maximum of 3 urls for a given webhook type"}


def test_removing_an_override_that_is_not_there_succeeds(emulator: Emulator) -> None:
    """Documented: the DELETE "removes any dynamic IP pool override", 200 only."""
    emulator.backend.add_dynamic_pool_ip("dynamic_new", "192.0.2.13")
    emulator.backend.enroll_domain("news.example.com", "shared")
    auth = ("api", emulator.api_key)
    for name in ("news.example.com", "mail.example.com"):  # enrolled; not enrolled
        response = requests.delete(
            f"{emulator.url}/v1/dynamic_pools/domains/{name}/override", auth=auth, timeout=5)
        assert (response.status_code, response.json()) == (200, {"message": "success"})
    assert requests.delete(f"{emulator.url}/v1/dynamic_pools/domains/nope.example.com/override",
                           auth=auth, timeout=5).status_code == 404


def test_an_ips_domains_take_any_limit_the_documents_allow(emulator: Emulator) -> None:
    """The documents give ``limit`` as an integer, with no upper bound."""
    response = get(emulator, "/v3/ips/198.51.100.1/domains", limit=5000, skip=0)
    assert response.status_code == 200, response.text
    assert [item["domain"] for item in response.json()["items"]] == ["news.example.com"]
    assert get(emulator, "/v3/ips/198.51.100.1/domains", limit=0).status_code == 400


def test_an_unknown_ip_in_the_path_is_not_found_on_every_ip_path(emulator: Emulator) -> None:
    """The documents give no error for an unknown IP; the emulator's choice is one answer
    wherever the path names the IP it addresses, warmups included: 404 ``IP not found``."""
    auth = ("api", emulator.api_key)
    unknown = "203.0.113.9"
    for method, path in [("GET", f"/v3/ips/{unknown}"), ("GET", f"/v3/ips/{unknown}/domains"),
                         ("POST", f"/v3/ips/{unknown}/ip_band"),
                         ("GET", f"/v3/ip_warmups/{unknown}"),
                         ("POST", f"/v3/ip_warmups/{unknown}"),
                         ("DELETE", f"/v3/ip_warmups/{unknown}")]:
        response = requests.request(method, emulator.url + path, data={"ip_band": "b"},
                                    auth=auth, timeout=5)
        assert (response.status_code, response.json()) == (404, {"message": "IP not found"}), \
            f"{method} {path}"


def test_linking_ips_names_what_is_wrong_with_the_subaccounts(emulator: Emulator) -> None:
    subaccount = emulator.backend.create_subaccount("sub")["subaccount"]["id"]
    auth = ("api", emulator.api_key)

    def patch(**form: object) -> requests.Response:
        return requests.patch(emulator.url + "/v3/ips/subaccounts", data=form, auth=auth,
                              timeout=5)

    neither = patch(link_ip="192.0.2.10")
    assert neither.status_code == 400
    assert neither.json()["message"] == "subaccount_id or all_subaccounts=true is required"
    both = patch(link_ip="192.0.2.10", subaccount_id=subaccount, all_subaccounts="true")
    assert both.status_code == 400
    assert both.json()["message"] == "specify subaccount_id or all_subaccounts=true, not both"
