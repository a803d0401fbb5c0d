"""An IP's domains, ``GET /v3/ips/{ip}/domains``: the documented way to see which domains
send from an IP (REFERENCE 3.3), paged with skip and limit."""

from __future__ import annotations

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import Domain
from tests.emulator.conftest import rejects


def test_an_ips_domains_are_the_domains_sending_from_it(backend: Backend) -> None:
    backend.assign_domain_ip("news.example.com", "192.0.2.13", None)
    listed = backend.list_ip_domains("192.0.2.13", limit=10, skip=0, search=None)
    assert listed == {"items": [{"domain": "news.example.com",
                                 "ips": ["198.51.100.1", "192.0.2.13"]}],
                      "total_count": 1}
    # While a DIPP is linked the domain sends from the DIPP's IPs, not its own.
    pool_id = backend.create_pool("p", "d", ["192.0.2.14"])["pool_id"]
    backend.assign_domain_ip("news.example.com", None, pool_id)
    assert backend.list_ip_domains("192.0.2.13", 10, 0, None)["items"] == []
    assert [i["domain"] for i in backend.list_ip_domains("192.0.2.14", 10, 0, None)["items"]] \
        == ["news.example.com"]


def test_an_ips_domains_page_and_search(backend: Backend) -> None:
    for n in range(25):
        backend.account.domains[f"d{n:02}.example.com"] = Domain(
            name=f"d{n:02}.example.com", id=f"{99 - n:024x}", ips=["192.0.2.15"])
    pages = [backend.list_ip_domains("192.0.2.15", 10, skip, None) for skip in (0, 10, 20)]
    assert [len(p["items"]) for p in pages] == [10, 10, 5]
    assert {p["total_count"] for p in pages} == {25}
    names = [i["domain"] for p in pages for i in p["items"]]
    # By domain id, as documented: here the reverse of the names.
    assert names == sorted(names, reverse=True) and len(set(names)) == 25
    found = backend.list_ip_domains("192.0.2.15", 10, 0, "d03 d17")
    assert [i["domain"] for i in found["items"]] == ["d17.example.com", "d03.example.com"]


def test_an_unknown_ip_has_no_domains_to_list(backend: Backend) -> None:
    with rejects(404, "IP not found"):
        backend.list_ip_domains("203.0.113.9", 10, 0, None)
    with rejects(400, "limit"):
        backend.list_ip_domains("192.0.2.15", 0, 0, None)


def test_the_legacy_domain_ips_read_has_only_its_documented_fields(backend: Backend) -> None:
    pool_id = backend.create_pool("p", "d", ["192.0.2.14"])["pool_id"]
    backend.assign_domain_ip("news.example.com", None, pool_id)
    assert backend.list_domain_ips("news.example.com") == {
        "items": ["192.0.2.14"], "total_count": 1}
