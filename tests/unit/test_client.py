"""The client against the emulator over loopback: errors, retries, secrets."""

from __future__ import annotations

import pickle
import time

import pytest
import requests

from mailgun_infra.client import (
    BadRequest,
    MailgunClient,
    NotFound,
    RateLimited,
    ServerError,
    TransportError,
    Unauthorized,
    base_url_for,
    error_message,
)
from mailgun_infra.emulator.models import Domain
from tests.conftest import Emulator, fast_retry


def _response(status: int, body: bytes,
              content_type: str = "application/json") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = content_type
    return response


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"message": "IP not found"}', "IP not found"),
        (b'{"Reason": "https://x/ is not a valid url"}', "https://x/ is not a valid url"),
        (b'{"Description": "Webhook not found"}', "Webhook not found"),
        (b'{"Field": "pool", "Value": "invalid_name"}',
         "invalid value 'invalid_name' for field 'pool'"),
        (b"Forbidden", "Forbidden"),
        (b'{"retry-seconds": 60}', "rate limited, retry in 60 s"),
    ],
)
def test_error_message_reads_every_mailgun_error_shape(body: bytes, expected: str) -> None:
    assert error_message(_response(400, body)) == expected


def test_regions_and_explicit_url() -> None:
    assert base_url_for("us") == "https://api.mailgun.net"
    assert base_url_for("EU") == "https://api.eu.mailgun.net"
    assert base_url_for("eu", "http://127.0.0.1:9/") == "http://127.0.0.1:9"
    with pytest.raises(ValueError, match="region must be one of"):
        base_url_for("apac")


def test_wrong_key_is_unauthorized_and_the_key_is_nowhere(emulator: Emulator) -> None:
    secret = "key-this-must-never-leak-0123456789"
    client = MailgunClient(secret, api_url=emulator.url, retry=fast_retry())
    with pytest.raises(Unauthorized) as caught:
        client.list_ip_pools()
    error = caught.value
    assert (error.status, error.method, error.path) == (401, "GET", "/v3/ip_pools")
    assert error.message == "Invalid private key"
    assert str(error) == "401 Unauthorized on GET /v3/ip_pools: Invalid private key"
    assert secret not in repr(error) and secret not in str(error.args)
    assert secret not in repr(client)
    with pytest.raises(TypeError, match="must not be pickled"):
        pickle.dumps(client)


def test_not_found_and_bad_request_carry_mailgun_message(client: MailgunClient) -> None:
    with pytest.raises(NotFound,
                       match=r"404 Not Found on GET /v3/ip_pools/nope: IP pool not found"):
        client.get_ip_pool("nope")
    with pytest.raises(BadRequest, match=r"IP 203\.0\.113\.99 does not belong to the account"):
        client.create_ip_pool("p", "", ["203.0.113.99"])


def test_unreachable_host_is_a_transport_error() -> None:
    client = MailgunClient("k", api_url="http://127.0.0.1:9", retry=fast_retry(total=0),
                           timeout=(0.5, 0.5))
    with pytest.raises(TransportError, match="GET /v3/ips got no answer from Mailgun"):
        client.list_ips()


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 429, "retry_after": 0, "times": 2},
        {"status": 429, "ratelimit_reset": 0.2, "times": 1},
        {"status": 429, "retry_seconds": 0.2, "times": 1},
        {"status": 503, "times": 2},
        {"status": 504, "times": 1},
    ],
)
def test_get_is_retried_until_it_succeeds(client: MailgunClient, emulator: Emulator,
                                          rule: dict[str, object]) -> None:
    emulator.faults(rule)
    assert client.list_ips()["total_count"] == 10
    statuses = [r["status"] for r in emulator.requests_log()]
    assert statuses == [rule["status"]] * int(str(rule["times"])) + [200]


def test_rate_limit_hints_are_waited_for(client: MailgunClient, emulator: Emulator) -> None:
    emulator.faults({"status": 429, "retry_seconds": 1, "times": 1})
    started = time.monotonic()
    client.list_ips()
    assert time.monotonic() - started >= 0.9


def test_a_429_on_post_is_retried_because_nothing_was_applied(
        client: MailgunClient, emulator: Emulator) -> None:
    emulator.faults({"status": 429, "retry_after": 0, "times": 1, "methods": ["POST"]})
    client.create_ip_pool("after-429", "", ["192.0.2.10"])
    assert list(emulator.pools_by_name()) == ["after-429"]


def test_a_503_on_post_is_not_retried(client: MailgunClient, emulator: Emulator) -> None:
    emulator.faults({"status": 503, "times": 1, "methods": ["POST"]})
    with pytest.raises(ServerError, match="503 Service Unavailable on POST /v3/ip_pools"):
        client.create_ip_pool("once", "", [])
    assert [r["method"] for r in emulator.requests_log()] == ["POST"]


def test_retries_give_up_with_the_last_error(emulator: Emulator) -> None:
    client = MailgunClient(emulator.api_key, api_url=emulator.url, retry=fast_retry(total=2))
    emulator.faults({"status": 429, "retry_after": 0, "times": 10})
    with pytest.raises(RateLimited, match="Too Many Requests"):
        client.list_ips()
    assert len(emulator.requests_log()) == 3


def test_update_ip_pool_refuses_an_empty_patch(client: MailgunClient) -> None:
    with pytest.raises(ValueError, match="at least one change"):
        client.update_ip_pool("any")


def test_pool_domains_follow_every_page(client: MailgunClient, emulator: Emulator) -> None:
    with emulator.backend.lock:
        account = emulator.backend.account
        for n in range(23):
            account.domains[f"d{n}.example.com"] = Domain(name=f"d{n}.example.com")
    pool_id = client.create_ip_pool("paged", "", ["192.0.2.12"])
    ids = [d.id for d in emulator.backend.account.domains.values()]
    client.update_ip_pool(pool_id, link_domains=ids)
    domains = client.list_ip_pool_domains(pool_id)
    assert sorted(d["id"] for d in domains) == sorted(ids)
    page = client.request("GET", f"/v3/ip_pools/{pool_id}/domains", params={"limit": "10"})
    assert len(page["domains"]) == 10 and "next" in page["paging"]
