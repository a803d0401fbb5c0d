"""The live mode's switches and fixtures.

Every test in this folder is skipped unless pytest is given ``--live`` (read-only checks)
or ``--live-writes`` (those, and the webhook lifecycles, which imply ``--live``). Only a
command-line flag turns it on, never the environment: a CI job that happens to export
MAILGUN_API_KEY still skips it all. The flags are declared in tests/conftest.py, since
pytest takes options only from the conftest files it loads before collecting.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailgun_infra.client import RouteNotFound, TransportError, Unauthorized
from tests.live.support import LiveConfigError, LiveSettings, ReadOnlyClient, is_domain

LIVE_DIR = Path(__file__).resolve().parent
OPT_IN = ("live Mailgun tests: opt in with --live (read-only) or --live-writes; see README, "
          "'Proving it against your Mailgun account'")
WRITES_OPT_IN = "creates and deletes test webhooks: opt in with --live-writes"
WRITES_MARKER = "live_writes"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{WRITES_MARKER}: changes the live account (test webhooks); needs "
                   "--live-writes")


def _live(config: pytest.Config) -> bool:
    return bool(config.getoption("--live") or config.getoption("--live-writes"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only this folder's.
    mine = [item for item in items if item.path.resolve().is_relative_to(LIVE_DIR)]
    if not _live(config):
        for item in mine:
            item.add_marker(pytest.mark.skip(reason=OPT_IN))
        return
    if not config.getoption("--live-writes"):
        for item in mine:
            if item.get_closest_marker(WRITES_MARKER):
                item.add_marker(pytest.mark.skip(reason=WRITES_OPT_IN))


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Which account a live run talks to, before anything is sent (never the key)."""
    if not _live(config):
        return []
    writes = bool(config.getoption("--live-writes"))
    try:
        settings = LiveSettings.from_env(writes)
    except LiveConfigError as error:
        return [f"live: not configured: {error}"]
    domain = settings.domain or "none (MAILGUN_LIVE_DOMAIN unset)"
    mode = (f"writes test webhooks on {settings.domain} under {settings.test_url_prefix}"
            if writes else "read-only")
    return [f"live: {settings.target} (region {settings.region}), domain {domain}, {mode}"]


@pytest.fixture(scope="session")
def live_settings(pytestconfig: pytest.Config) -> LiveSettings:
    try:
        return LiveSettings.from_env(writes=bool(pytestconfig.getoption("--live-writes")))
    except LiveConfigError as error:
        problem = str(error)
    # Failed outside the except block, so the report shows the message once, unchained.
    pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def reader(live_settings: LiveSettings) -> ReadOnlyClient:
    """The one client of the read checks, in every mode: it cannot write."""
    client = live_settings.reader()
    # One cheap GET first, so that a wrong key, region or URL fails once with what to fix
    # instead of as every test's own 401.
    problem = None
    try:
        client.list_ips()
    except Unauthorized as error:
        # A 403 is the IPs API missing from the account: the IP checks say so themselves.
        if error.status == 401:
            problem = (f"{live_settings.target} refused the key (401: {error.message}): check "
                       "MAILGUN_API_KEY, and set MAILGUN_REGION=eu for an EU account")
    except RouteNotFound as error:
        problem = f"{live_settings.target} is not Mailgun's API ({error}): check MAILGUN_API_URL"
    except TransportError as error:
        problem = f"cannot reach {live_settings.target}: {error.reason}"
    if problem:
        pytest.fail(problem, pytrace=False)
    return client


@pytest.fixture(scope="session")
def domain(live_settings: LiveSettings, reader: ReadOnlyClient) -> str:
    """MAILGUN_LIVE_DOMAIN, checked to be a domain of the account; the domain reads skip
    without it (the write tests fail instead: see their own fixture)."""
    if not live_settings.domain:
        pytest.skip("a domain read: set MAILGUN_LIVE_DOMAIN=<a sending domain of the account>")
    if not is_domain(reader, live_settings.domain):
        pytest.fail(f"MAILGUN_LIVE_DOMAIN={live_settings.domain} is not a domain of this "
                    f"account in region {live_settings.region}", pytrace=False)
    return live_settings.domain
