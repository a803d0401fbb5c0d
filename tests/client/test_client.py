"""The client against the emulator over loopback: errors, retries, secrets.

Its waits run on a fake clock: a test sees how long the client waited without waiting.
"""

from __future__ import annotations

import math
import pickle
import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

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
    default_retry,
    error_message,
)
from mailgun_infra.client._ratelimit import RateLimits
from mailgun_infra.emulator import dynamic_pool_responses
from mailgun_infra.emulator.models import Domain
from mailgun_infra.emulator.paging import paginate
from tests.client.clock import FakeClock
from tests.conftest import Emulator, fast_retry


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(emulator: Emulator, clock: FakeClock) -> MailgunClient:
    """The shared fixture's client, with every wait (hint, backoff, rate limit) on ``clock``."""
    return MailgunClient(
        emulator.api_key, api_url=emulator.url,
        retry=default_retry(total=4, backoff_factor=0, sleep=clock.sleep),
        rate_limits=RateLimits(monotonic=clock.monotonic, sleep=clock.sleep))


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
    # The call, Mailgun's message and the likely cause.
    assert str(error) == ("401 Unauthorized on GET /v3/ip_pools: Invalid private key (check "
                          "mailgun:apiKey; EU accounts need mailgun:region eu)")
    assert secret not in repr(error) and secret not in str(error.args)
    assert secret not in repr(client)
    with pytest.raises(TypeError, match="must not be pickled"):
        pickle.dumps(client)


def test_not_found_and_bad_request_carry_mailgun_message(client: MailgunClient) -> None:
    with pytest.raises(NotFound,
                       match=r"404 Not Found on GET /v3/ip_pools/nope: IP pool not found"):
        client.get_ip_pool("nope")
    with pytest.raises(BadRequest, match=r"IP 203\.0\.113\.99 does not belong to the account"):
        client.create_ip_pool("p", "d", ["203.0.113.99"])


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


@pytest.mark.parametrize(
    "hint",
    [{"retry_after": 30}, {"retry_seconds": 30}, {"ratelimit_reset": 30}],
    ids=["Retry-After", "retry-seconds body", "X-RateLimit-Reset"],
)
def test_rate_limit_hints_are_waited_for(client: MailgunClient, emulator: Emulator,
                                         clock: FakeClock, hint: dict[str, float]) -> None:
    emulator.faults({"status": 429, "times": 1, **hint})
    client.list_ips()
    # X-RateLimit-Reset is an epoch time: what is left of it when read is a little less.
    assert clock.slept == [pytest.approx(30, abs=1)]
    assert [r["status"] for r in emulator.requests_log()] == [429, 200]


def test_backoff_and_hints_wait_on_the_given_sleep_only(
        emulator: Emulator, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_real_sleep(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s on the real clock")

    # urllib3 calls time.sleep through the module: any wait not routed to the fake fails.
    monkeypatch.setattr(time, "sleep", no_real_sleep)
    client = MailgunClient(emulator.api_key, api_url=emulator.url,
                           retry=default_retry(total=4, backoff_factor=0.5, sleep=clock.sleep),
                           rate_limits=RateLimits(monotonic=clock.monotonic, sleep=clock.sleep))
    emulator.faults({"status": 503, "times": 3})
    client.list_ips()
    # No wait before the first retry, then backoff_factor * 2 ** (errors in a row - 1).
    assert clock.slept == [1.0, 2.0]
    emulator.faults({"status": 429, "retry_after": 7, "times": 1})
    client.list_ips()
    assert clock.slept == [1.0, 2.0, 7.0]


def test_a_429_on_post_is_retried_because_nothing_was_applied(
        client: MailgunClient, emulator: Emulator) -> None:
    emulator.faults({"status": 429, "retry_after": 0, "times": 1, "methods": ["POST"]})
    client.create_ip_pool("after-429", "d", ["192.0.2.10"])
    assert list(emulator.pools_by_name()) == ["after-429"]


def test_a_503_on_post_is_not_retried(client: MailgunClient, emulator: Emulator) -> None:
    emulator.faults({"status": 503, "times": 1, "methods": ["POST"]})
    with pytest.raises(ServerError, match="503 Service Unavailable on POST /v3/ip_pools"):
        client.create_ip_pool("once", "d", [])
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


def test_pool_domain_pages_list_every_linked_domain_once(client: MailgunClient,
                                                          emulator: Emulator) -> None:
    with emulator.backend.lock:
        account = emulator.backend.account
        for n in range(23):
            account.domains[f"d{n}.example.com"] = Domain(name=f"d{n}.example.com")
    pool_id = client.create_ip_pool("paged", "d", ["192.0.2.12"])
    ids = [d.id for d in emulator.backend.account.domains.values()]
    client.update_ip_pool(pool_id, link_domains=ids)
    path = f"/v3/ip_pools/{pool_id}/domains"
    pages = [client.request("GET", path, params={"limit": "10"})]
    assert len(pages[0]["domains"]) == 10
    # As Mailgun's official clients read it: every page has a next, absolute, and the
    # list ends at the first empty page.
    while pages[-1]["domains"]:
        assert len(pages) <= len(ids), "paging.next never ends"
        link = urlsplit(pages[-1]["paging"]["next"])
        assert link.scheme == "http" and link.netloc and link.path == path
        pages.append(client.request("GET", path, params=dict(parse_qsl(link.query))))
    seen = [d["id"] for page in pages for d in page["domains"]]
    assert sorted(seen) == sorted(ids)
    assert len(pages) == math.ceil(len(ids) / 10) + 1



@pytest.mark.parametrize("capitalised", [True, False])
def test_enrollments_are_read_whole_under_either_paging_key_casing(
        client: MailgunClient, emulator: Emulator, monkeypatch: pytest.MonkeyPatch,
        capitalised: bool) -> None:
    """The documents leave the casing open (the schema says ``Next``, the examples show
    none); the emulator chose ``Next``, and the client must follow ``next`` too."""
    def paged(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return paginate(*args, **{**kwargs, "capitalised": capitalised})

    monkeypatch.setattr(dynamic_pool_responses, "paginate", paged)
    with emulator.backend.lock:
        for n in range(120):
            emulator.backend.account.domains[f"d{n}.example.com"] = Domain(
                name=f"d{n}.example.com", dynamic_pool="dynamic_new")
    names = [item["name"] for item in client.list_dynamic_pool_enrollments()]
    assert sorted(names) == sorted(f"d{n}.example.com" for n in range(120))


def test_a_subaccount_is_named_in_the_query_as_documented(client: MailgunClient,
                                                          emulator: Emulator) -> None:
    client.create_subaccount("Acme Corp")
    [post] = [r for r in emulator.requests_log() if r["method"] == "POST"]
    assert (post["path"], post["query"]) == ("/v5/accounts/subaccounts", "name=Acme+Corp")
