"""``--live-writes``: the Webhook and AccountWebhook providers through create → read →
update → read → delete → read-gone on the live account, as the Pulumi engine would call
them (check first, then each step with the state the last one returned).

What they make, and nothing else, is removed again:

- Every URL is under ``https://192.0.2.1/mailgun-infra-live-test/<run>/`` (or
  MAILGUN_LIVE_WEBHOOK_BASE instead of ``https://192.0.2.1``): an address routed nowhere,
  so no delivery reaches anybody, and a path no real webhook has.
- The domain webhook goes on an event of MAILGUN_LIVE_DOMAIN that has no webhook (read
  first; the test skips when every event has one), so no URL of yours is replaced.
- The account webhook goes on events that have room for one more URL (Mailgun takes 3 per
  event), so none of yours has to give way.
- Clean-up runs in ``finally``: whatever assertion fails, every webhook whose URLs are all
  under this run's prefix is deleted through a plain client, and a run that was killed
  before its clean-up is cleaned up by the next one (see ``leftovers``).
- A URL Mailgun refuses (it checks that the host resolves) fails saying what to set.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pulumi.dynamic import CreateResult, ReadResult

from mailgun_infra.client import BadRequest, MailgunClient, NotFound, Unauthorized
from mailgun_infra.facts import MAX_WEBHOOK_URLS, WEBHOOK_EVENTS
from mailgun_infra.resources import AccountWebhookProvider, MailgunProvider, WebhookProvider
from tests.live.support import (
    URL_REFUSED,
    LiveSettings,
    ReadOnlyClient,
    feature,
    is_domain,
    note,
    read_until,
)

pytestmark = pytest.mark.live_writes

# The events the tests may use, those that fire least often first: the few seconds a test
# webhook exists then see as few deliveries (which fail: the host never resolves) as can be.
EVENT_PREFERENCE = ("complained", "unsubscribed", "clicked", "opened", "temporary_fail",
                    "permanent_fail", "delivered", "accepted")
DESCRIPTION = "mailgun-infra live test: safe to delete"


def test_event_preference_covers_every_event() -> None:
    assert sorted(EVENT_PREFERENCE) == sorted(WEBHOOK_EVENTS)


# -- fixtures and clean-up ----------------------------------------------------------------

@pytest.fixture(scope="module")
def write_domain(live_settings: LiveSettings, reader: ReadOnlyClient) -> str:
    if not live_settings.domain:
        pytest.fail("--live-writes needs MAILGUN_LIVE_DOMAIN=<a sending domain of the account>"
                    ": the domain webhook test runs on it", pytrace=False)
    if not is_domain(reader, live_settings.domain):
        pytest.fail(f"MAILGUN_LIVE_DOMAIN={live_settings.domain} is not a domain of this "
                    f"account in region {live_settings.region}", pytrace=False)
    return live_settings.domain


@pytest.fixture(scope="module")
def writer(live_settings: LiveSettings) -> MailgunClient:
    """The clean-up's client: the only one here that writes outside the providers."""
    return live_settings.client()


@pytest.fixture(scope="module")
def run_prefix(live_settings: LiveSettings) -> str:
    """This run's URL prefix: the clean-up removes exactly what carries it."""
    return f"{live_settings.test_url_prefix}{secrets.token_hex(6)}/"


@pytest.fixture(scope="module", autouse=True)
def leftovers(live_settings: LiveSettings, reader: ReadOnlyClient, writer: MailgunClient,
              write_domain: str) -> Iterator[None]:
    """Remove what an earlier run left when it was killed before its own clean-up: webhooks
    whose every URL is under the tests' prefix are the tests' and nobody else's."""
    removed = remove_test_webhooks(reader, writer, write_domain, live_settings.test_url_prefix)
    if removed:
        note(f"removed test webhooks an earlier run left behind: {removed}")
    yield


def domain_urls(reader: ReadOnlyClient, domain: str, event: str) -> list[str]:
    try:
        return reader.get_domain_webhook(domain, event)
    except NotFound:
        return []


def remove_test_webhooks(reader: ReadOnlyClient, writer: MailgunClient, domain: str | None,
                         prefix: str) -> list[str]:
    """Delete every domain webhook of ``domain`` and account webhook whose URLs all start
    with ``prefix``; return what was deleted. One with a URL of yours too is left alone."""
    removed: list[str] = []
    for event in WEBHOOK_EVENTS if domain else ():
        urls = domain_urls(reader, str(domain), event)
        ours = [url for url in urls if url.startswith(prefix)]
        if ours and len(ours) < len(urls):
            note(f"left the {event} webhook of {domain} alone: it has URLs besides {ours}")
        elif ours:
            with contextlib.suppress(NotFound):
                writer.delete_domain_webhook(str(domain), event)
            removed.append(f"{domain} {event}: {ours}")
    try:
        hooks = reader.list_account_webhooks()
    except Unauthorized as error:
        if error.status != 403:
            raise
        hooks = []  # no account webhooks in this account: none of ours either
    for hook in hooks:
        if str(hook.get("url") or "").startswith(prefix):
            with contextlib.suppress(NotFound):
                writer.delete_account_webhook(str(hook["webhook_id"]))
            removed.append(f"account webhook {hook['webhook_id']}: {hook['url']}")
    return removed


def checked(provider: MailgunProvider[Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The inputs as `pulumi preview` would hand them on: through the provider's check."""
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [failure.reason for failure in result.failures]
    return dict(result.inputs)


def create(provider: MailgunProvider[Any], props: dict[str, Any], url: str) -> CreateResult:
    """``provider.create``; Mailgun refusing the test URL itself fails saying what to set."""
    try:
        return provider.create(props)
    except BadRequest as error:
        if "url" not in error.message.lower():
            raise
        problem = URL_REFUSED.format(url=url, message=error.message)
    pytest.fail(problem, pytrace=False)


# -- the lifecycles ---------------------------------------------------------------------

def test_webhook_lifecycle(live_settings: LiveSettings, reader: ReadOnlyClient,
                           writer: MailgunClient, write_domain: str, run_prefix: str) -> None:
    free = [event for event in EVENT_PREFERENCE
            if not domain_urls(reader, write_domain, event)]
    if not free:
        pytest.skip(f"every event of {write_domain} has a webhook, and the test replaces none")
    event = free[0]
    provider = live_settings.provider(WebhookProvider)
    base = f"{run_prefix}webhook"
    declared = checked(provider, {"domain": write_domain, "event": event,
                                  "urls": [f"{base}/a"]})
    id_ = f"{write_domain}/{event}"
    try:
        created = create(provider, declared, declared["urls"][0])
        assert created.id == id_
        state = read_until(provider, id_, dict(created.outs or {}),
                           lambda r: r.id == id_ and (r.outs or {}).get("urls") == declared["urls"],
                           f"read of the new {event} webhook")

        changed = checked(provider, {**provider.inputs_of(declared),
                                     "urls": [f"{base}/b", f"{base}/c"]})
        diff = provider.diff(id_, dict(state.outs or {}), changed)
        assert diff.changes and not diff.replaces, diff
        provider.update(id_, dict(state.outs or {}), changed)
        state = read_until(provider, id_, dict(state.outs or {}),
                           lambda r: (r.outs or {}).get("urls") == changed["urls"],
                           f"read of the updated {event} webhook")

        provider.delete(id_, dict(state.outs or {}))
        read_until(provider, id_, dict(state.outs or {}), lambda r: not r.id,
                   f"read of the deleted {event} webhook")
        assert domain_urls(reader, write_domain, event) == []
    finally:
        remove_test_webhooks(reader, writer, write_domain, run_prefix)


def test_account_webhook_lifecycle(live_settings: LiveSettings, reader: ReadOnlyClient,
                                   writer: MailgunClient, run_prefix: str) -> None:
    with feature("account webhooks (GET /v1/webhooks)"):
        hooks = reader.list_account_webhooks()
    room = [event for event in EVENT_PREFERENCE
            if sum(event in (hook.get("event_types") or []) for hook in hooks)
            < MAX_WEBHOOK_URLS]
    if len(room) < 2:
        pytest.skip(f"fewer than two events have room for another account webhook URL "
                    f"(Mailgun takes {MAX_WEBHOOK_URLS} per event)")
    first, second = room[:2]
    url = f"{run_prefix}account"
    provider = live_settings.provider(AccountWebhookProvider)
    declared = checked(provider, {"url": url, "event_types": [first],
                                  "description": DESCRIPTION})
    try:
        created = create(provider, declared, url)
        hook_id = str(created.id)
        assert (created.outs or {}).get("webhook_id") == hook_id

        def reads(event_types: list[str], description: str) -> Callable[[ReadResult], bool]:
            def done(result: ReadResult) -> bool:
                inputs = result.inputs or {}
                return bool(result.id == hook_id and inputs.get("url") == url
                            and inputs.get("event_types") == sorted(event_types)
                            and inputs.get("description") == description)
            return done

        state = read_until(provider, hook_id, dict(created.outs or {}),
                           reads([first], DESCRIPTION), "read of the new account webhook")
        if not (state.outs or {}).get("created_at"):
            note("the new account webhook reads back without created_at: the output is null")

        changed = checked(provider, {**provider.inputs_of(declared),
                                     "event_types": [first, second],
                                     "description": f"{DESCRIPTION} (updated)"})
        diff = provider.diff(hook_id, dict(state.outs or {}), changed)
        assert diff.changes and not diff.replaces, diff
        provider.update(hook_id, dict(state.outs or {}), changed)
        state = read_until(provider, hook_id, dict(state.outs or {}),
                           reads([first, second], f"{DESCRIPTION} (updated)"),
                           "read of the updated account webhook")

        provider.delete(hook_id, dict(state.outs or {}))
        read_until(provider, hook_id, dict(state.outs or {}), lambda r: not r.id,
                   "read of the deleted account webhook")
    finally:
        remove_test_webhooks(reader, writer, None, run_prefix)
