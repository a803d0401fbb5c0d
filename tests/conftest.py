"""Shared fixtures: the emulator on a loopback port, reset before each test, and providers
configured against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

import pytest
import requests
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from mailgun_infra.client import (
    MailgunClient,
    MailgunRetry,
    _ratelimit,
    _shared_reads,
    default_retry,
)
from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from mailgun_infra.resources import MailgunProvider

SEED_KEY = default_seed()["api_key"]
P = TypeVar("P", bound=MailgunProvider[Any])


class Emulator:
    """A running emulator and the handles tests use to seed, inspect and break it."""

    def __init__(self, server: EmulatorServer, backend: Backend) -> None:
        self.server = server
        self.backend = backend
        self.url = server.url
        self.api_key = SEED_KEY

    def admin(self, method: str, path: str, **kwargs: Any) -> Any:
        # The admin API takes a write only as JSON (see emulator/admin.py): {} says nothing.
        if method not in ("GET", "HEAD") and "json" not in kwargs:
            kwargs["json"] = {}
        response = requests.request(method, f"{self.url}/_emulator{path}", timeout=5, **kwargs)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        self.admin("POST", "/reset")

    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = self.admin("GET", "/state")
        return state

    def faults(self, *rules: dict[str, Any]) -> None:
        self.admin("POST", "/faults", json={"rules": list(rules)})

    def requests_log(self) -> list[dict[str, Any]]:
        log: list[dict[str, Any]] = self.admin("GET", "/requests")["requests"]
        return log

    def pools_by_name(self) -> dict[str, dict[str, Any]]:
        return {p["name"]: p for p in self.state()["ip_pools"]}

    def client(self) -> MailgunClient:
        """A client of the emulator that retries without waiting."""
        return MailgunClient(self.api_key, api_url=self.url, retry=fast_retry())

    def new_key(self, role: str) -> str:
        """A new API key of ``role``, made through Mailgun's keys API (its secret)."""
        secret: str = self.client().request("POST", "/v1/keys", form={"role": role})[
            "key"]["secret"]
        return secret

    def provider(self, provider_class: type[P]) -> P:
        """A provider configured, as the engine would, for this emulator and no waits."""
        provider = provider_class()
        config = {"mailgun:apiKey": self.api_key, "mailgun:apiUrl": self.url,
                  "mailgun:waitScale": "0"}
        provider.configure(ConfigureRequest(Config(config, "mailgun-infra")))
        return provider


@pytest.fixture(scope="session", autouse=True)
def rate_limit_ledgers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The client's rate-limit ledgers in a folder of this run's, which the provider
    processes the tests start inherit: none is shared with another run of the tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(_ratelimit.LEDGER_DIR_ENV, str(tmp_path_factory.mktemp("rate-limits")))
        yield


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    backend = Backend(default_seed())
    server = EmulatorServer(create_app(backend)).start()
    yield Emulator(server, backend)
    server.stop()


@pytest.fixture
def emulator(emulator_server: Emulator) -> Emulator:
    emulator_server.reset()
    # The process's shared listings and rate limiters outlive a test; the reset account is
    # another one (and would otherwise wait out the domains API's 300 a minute of the tests
    # before it).
    _shared_reads.forget_every_account()
    _ratelimit.forget_every_account()
    return emulator_server


def fast_retry(total: int = 4) -> MailgunRetry:
    """The client's retry policy with no backoff, so retry tests run in milliseconds."""
    return default_retry(total=total, backoff_factor=0)


@pytest.fixture
def client(emulator: Emulator) -> MailgunClient:
    return emulator.client()


def pytest_addoption(parser: pytest.Parser) -> None:
    # The switches of tests/live (its conftest holds the rest): here because pytest takes
    # options only from the conftest files it loads before collecting. Off by default, and
    # a flag rather than an environment variable, so `./dev test` and CI never turn them on.
    group = parser.getgroup("live", "live acceptance against a real Mailgun account")
    group.addoption("--live", action="store_true", default=False,
                    help="run tests/live's read-only checks against the account of "
                         "MAILGUN_API_KEY (MAILGUN_REGION, MAILGUN_LIVE_DOMAIN)")
    group.addoption("--live-writes", action="store_true", default=False,
                    help="also create, update and delete test webhooks on "
                         "MAILGUN_LIVE_DOMAIN and the account (implies --live)")
