"""DIPP spillover (``/v3/ips/account/settings``, ``/v3/ips/domain/{name}``) and IP bands
(``POST /v3/ips/{addr}/ip_band``): the rules on the backend, then their HTTP shape."""

from __future__ import annotations

import requests

from mailgun_infra.emulator import Backend
from mailgun_infra.emulator.models import FEATURE_DEDICATED_IP_BANDS
from tests.conftest import Emulator
from tests.emulator.conftest import rejects

UNSET = {"extra_dedicated_ips": {"pool_id": None}}


def pool(backend: Backend, name: str, ip: str) -> str:
    return str(backend.create_pool(name, "d", [ip])["pool_id"])


# -- spillover rules -----------------------------------------------------------------------

def test_the_account_spillover_is_set_read_and_cleared(backend: Backend) -> None:
    assert backend.get_account_spillover() == UNSET
    spill = pool(backend, "spill", "192.0.2.15")
    assert backend.set_account_spillover(spill) == {"message": "success"}
    assert backend.get_account_spillover() == {"extra_dedicated_ips": {"pool_id": spill}}
    # The account's setting and a domain's are apart.
    assert backend.get_domain_spillover("mail.example.com") == UNSET
    backend.set_account_spillover(None)
    assert backend.get_account_spillover() == UNSET


def test_a_domain_spillover_is_its_own(backend: Backend) -> None:
    spill = pool(backend, "spill", "192.0.2.15")
    backend.set_domain_spillover("mail.example.com", spill)
    assert backend.get_domain_spillover("mail.example.com") == {
        "extra_dedicated_ips": {"pool_id": spill}}
    assert backend.get_domain_spillover("news.example.com") == UNSET
    assert backend.get_account_spillover() == UNSET
    backend.set_domain_spillover("mail.example.com", None)
    assert backend.get_domain_spillover("mail.example.com") == UNSET


def test_the_spillover_dipp_must_be_one_of_the_account(backend: Backend) -> None:
    with rejects(400, "DIPP 'nope' not found") as caught:
        backend.set_account_spillover("nope")
    assert caught.value.body() == {"message": "DIPP 'nope' not found"}
    with rejects(400, "not found"):
        backend.set_domain_spillover("mail.example.com", "nope")
    assert backend.get_account_spillover() == UNSET


def test_a_domain_spillover_needs_the_domain(backend: Backend) -> None:
    spill = pool(backend, "spill", "192.0.2.15")
    with rejects(404, "Domain not found") as caught:
        backend.set_domain_spillover("nope.example.com", spill)
    assert caught.value.body() == {"message": "Domain not found"}
    with rejects(404, "Domain not found"):
        backend.get_domain_spillover("nope.example.com")


def test_spillover_needs_the_dipps_feature(backend: Backend) -> None:
    backend.account.features.remove("dipps")
    for call in (backend.get_account_spillover, lambda: backend.set_account_spillover(None),
                 lambda: backend.get_domain_spillover("mail.example.com")):
        with rejects(403, "'DIPPs' feature is not enabled"):
            call()


def test_deleting_a_spillover_dipp_clears_the_settings_naming_it(backend: Backend) -> None:
    spill = pool(backend, "spill", "192.0.2.15")
    kept = pool(backend, "kept", "192.0.2.14")
    backend.set_account_spillover(spill)
    backend.set_domain_spillover("mail.example.com", spill)
    backend.set_domain_spillover("news.example.com", kept)
    backend.delete_pool(spill, "shared", None)
    assert backend.get_account_spillover() == UNSET
    assert backend.get_domain_spillover("mail.example.com") == UNSET
    assert backend.get_domain_spillover("news.example.com") == {
        "extra_dedicated_ips": {"pool_id": kept}}


def test_spillover_settings_survive_the_state_file_format(backend: Backend) -> None:
    spill = pool(backend, "spill", "192.0.2.15")
    backend.set_account_spillover(spill)
    backend.set_domain_spillover("mail.example.com", spill)
    again = Backend(backend.snapshot(), async_lag_reads=0)
    assert again.get_account_spillover() == backend.get_account_spillover()
    assert again.get_domain_spillover("mail.example.com") == \
        backend.get_domain_spillover("mail.example.com")


# -- IP band rules ---------------------------------------------------------------------------

def test_an_ip_band_needs_the_feature(backend: Backend) -> None:
    backend.account.features.remove(FEATURE_DEDICATED_IP_BANDS)  # an account without it
    with rejects(403, "Dedicated IP Bands feature is not enabled") as caught:
        backend.place_ip_in_band("192.0.2.10", "band-a")
    assert caught.value.body() == {
        "message": "the Dedicated IP Bands feature is not enabled for this account"}


def test_an_ip_band_takes_a_dedicated_ip_of_the_account(backend: Backend) -> None:
    backend.account.features.append(FEATURE_DEDICATED_IP_BANDS)
    with rejects(404, "IP not found"):
        backend.place_ip_in_band("203.0.113.9", "band-a")
    with rejects(400, "is not a dedicated IP"):
        backend.place_ip_in_band("198.51.100.1", "band-a")
    with rejects(400, "not a valid IP address"):
        backend.place_ip_in_band("banana", "band-a")
    for missing in (None, "", "  "):
        with rejects(400, "Missing parameter 'ip_band'"):
            backend.place_ip_in_band("192.0.2.10", missing)
    assert backend.place_ip_in_band("192.0.2.10", "band-a") == {"message": "success"}
    assert backend.account.ips["192.0.2.10"].ip_band == "band-a"
    backend.place_ip_in_band("192.0.2.10", "band-b")
    assert backend.account.ips["192.0.2.10"].ip_band == "band-b"
    # No documented answer carries the band.
    assert "ip_band" not in backend.get_ip("192.0.2.10")


# -- HTTP ------------------------------------------------------------------------------------

def api(emulator: Emulator, method: str, path: str, **kwargs: object) -> requests.Response:
    return requests.request(method, emulator.url + path, auth=("api", emulator.api_key),
                            timeout=5, **kwargs)  # type: ignore[arg-type]


def test_spillover_takes_and_shows_json(emulator: Emulator) -> None:
    spill = emulator.client().create_ip_pool("spill", "d", ["192.0.2.15"])
    body = {"extra_dedicated_ips": {"pool_id": spill}}
    for path in ("/v3/ips/account/settings", "/v3/ips/domain/mail.example.com"):
        assert api(emulator, "GET", path).json() == UNSET
        patched = api(emulator, "PATCH", path, json=body)
        assert (patched.status_code, patched.json()) == (200, {"message": "success"})
        assert api(emulator, "GET", path).json() == body
        cleared = api(emulator, "PATCH", path, json={"extra_dedicated_ips": {"pool_id": None}})
        assert cleared.status_code == 200
        assert api(emulator, "GET", path).json() == UNSET


def test_a_spillover_patch_must_be_json_of_the_documented_shape(emulator: Emulator) -> None:
    path = "/v3/ips/account/settings"
    for bad in ({"data": {"pool_id": "p"}}, {"json": {"pool_id": "p"}},
                {"json": {"extra_dedicated_ips": {}}},
                {"json": {"extra_dedicated_ips": {"pool_id": 7}}}):
        response = api(emulator, "PATCH", path, **bad)
        assert response.status_code == 400, bad
        assert "extra_dedicated_ips" in response.json()["message"]
    unknown = api(emulator, "PATCH", "/v3/ips/domain/nope.example.com",
                  json={"extra_dedicated_ips": {"pool_id": None}})
    assert (unknown.status_code, unknown.json()) == (404, {"message": "Domain not found"})


def test_the_spillover_paths_leave_the_ip_paths_as_they_were(emulator: Emulator) -> None:
    assert api(emulator, "GET", "/v3/ips/192.0.2.10").json()["ip"] == "192.0.2.10"
    assert api(emulator, "GET", "/v3/ips/192.0.2.10/domains").json()["total_count"] == 1
    # /v3/ips/domain/domains is a domain's spillover, not the domains of an IP "domain".
    assert api(emulator, "GET", "/v3/ips/domain/domains").json() == {
        "message": "Domain not found"}
    assert api(emulator, "DELETE", "/v3/ips/account/settings").status_code == 405


def test_ip_band_takes_a_form(emulator: Emulator) -> None:
    emulator.backend.account.features.append(FEATURE_DEDICATED_IP_BANDS)
    placed = api(emulator, "POST", "/v3/ips/192.0.2.10/ip_band", data={"ip_band": "band-a"})
    assert (placed.status_code, placed.json()) == (200, {"message": "success"})
    assert emulator.backend.account.ips["192.0.2.10"].ip_band == "band-a"
    missing = api(emulator, "POST", "/v3/ips/192.0.2.10/ip_band")
    assert (missing.status_code, missing.json()) == (
        400, {"message": "Missing parameter 'ip_band'"})
    # Mailgun documents no read of a band: the path serves a POST only.
    assert api(emulator, "GET", "/v3/ips/192.0.2.10/ip_band").status_code == 405
