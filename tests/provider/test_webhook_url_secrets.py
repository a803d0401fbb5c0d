"""Webhook URLs with credentials without the CLI: masked for people in every message the
provider, the client, the spec, the policies and discover write; Pulumi secrets as inputs;
a DomainWebhookUrl id that does not hold them; discover's secret references."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

import pulumi
import pytest

from mailgun_infra import discover
from mailgun_infra.client import APIError, MailgunClient
from mailgun_infra.facts import ACCOUNT_WEBHOOK, PREFIX, has_credentials, masked
from mailgun_infra.resources import (
    AccountWebhookProvider,
    DomainWebhookUrlProvider,
    MailgunProvider,
    WebhookProvider,
)
from mailgun_infra.resources._base import masking_errors
from mailgun_infra.resources._props import secret_when_credentials
from mailgun_infra.resources.domain_webhook_url import SECRET_URL_ID, make_id, split_id
from mailgun_infra.spec import SpecError, parse_spec
from mailgun_policies.webhooks import webhook_urls_use_https
from tests.conftest import Emulator
from tests.policies.helpers import resource, violations

DOMAIN = "mail.example.com"
PASSWORD = "pw-Tr0ub4dor-u"
URL = f"https://hooks:{PASSWORD}@hooks.example.com/in"
SHOWN = "https://hooks:****@hooks.example.com/in"


def checked(provider: MailgunProvider[Any], **inputs: Any) -> dict[str, Any]:
    result = provider.check({}, {"__provider": "blob", **inputs})
    assert result.failures == [], [f.reason for f in result.failures]
    return dict(result.inputs)


# -- the one mask ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    (URL, SHOWN),
    (f"'{URL}' and https://tok3n@h.example/x", f"'{SHOWN}' and https://****@h.example/x"),
    # The host starts after the last "@": a password may hold one.
    ("http://u:p@ss@h.example/x", "http://u:****@h.example/x"),
    (f"{DOMAIN}/{quote(URL, safe='')}",
     f"{DOMAIN}/https%3A%2F%2Fhooks%3A****%40hooks.example.com%2Fin"),
    ("https://hooks.example.com/a@b?c=d@e", "https://hooks.example.com/a@b?c=d@e"),
])
def test_masked_hides_the_password_or_a_lone_user_name(text: str, shown: str) -> None:
    assert masked(text) == shown


def test_has_credentials() -> None:
    assert has_credentials(URL) and has_credentials("https://token@h.example/")
    assert not has_credentials("https://h.example/a@b")


def test_inputs_with_credentials_become_secrets_and_plain_ones_do_not() -> None:
    async def check() -> list[Any]:
        values: list[Any] = []
        for given in (URL, [PLAIN, URL], pulumi.Output.from_input(URL),
                      [pulumi.Output.from_input(URL)]):
            value = secret_when_credentials(given)
            values.append(await value.is_secret())
        values.append(await secret_when_credentials(pulumi.Output.from_input(PLAIN)).is_secret())
        return values

    assert asyncio.run(check()) == [True, True, True, True, False]
    assert secret_when_credentials([PLAIN]) == [PLAIN]
    assert secret_when_credentials(PLAIN) == PLAIN


PLAIN = "https://plain.example.com/in"


# -- errors ----------------------------------------------------------------------------------

def test_mailgun_echoing_a_url_is_masked_in_the_api_error() -> None:
    error = APIError(400, "POST", "/v1/webhooks", f"{URL} is not a valid url")
    assert PASSWORD not in str(error) and PASSWORD not in error.message
    assert SHOWN in str(error)


def test_any_error_of_a_provider_call_is_masked() -> None:
    def fails() -> None:
        raise KeyError(f"lost {URL}")

    with pytest.raises(RuntimeError) as raised:
        masking_errors(fails)()
    assert PASSWORD not in str(raised.value) and SHOWN in str(raised.value)
    assert raised.value.__suppress_context__


def test_a_check_failure_of_a_secret_input_names_no_property() -> None:
    provider = DomainWebhookUrlProvider()
    bad = f"https://hooks:{PASSWORD}@hooks.example.com/a,b"
    result = provider.check({}, {"__provider": "blob", "domain": DOMAIN, "url": bad,
                                 "event_types": ["opened"]})
    [failure] = result.failures
    assert failure.property == ""
    assert PASSWORD not in failure.reason and failure.reason.startswith("url: ")
    duplicate = WebhookProvider().check({}, {"__provider": "blob", "domain": DOMAIN,
                                             "event": "opened", "urls": [PLAIN],
                                             "foreign_urls": [URL, URL]})
    [failure] = duplicate.failures
    assert failure.property == "" and "listed twice" in failure.reason
    plain = WebhookProvider().check({}, {"__provider": "blob", "domain": DOMAIN,
                                         "event": "opened", "urls": []})
    assert [f.property for f in plain.failures] == ["urls"]


def test_adopt_refusals_and_full_events_show_urls_masked(emulator: Emulator) -> None:
    client = emulator.client()
    client.create_account_webhook(URL, ["complained"], "")
    account = emulator.provider(AccountWebhookProvider)
    with pytest.raises(RuntimeError) as refused:
        account.create(checked(account, url=URL, event_types=["complained"]))
    assert PASSWORD not in str(refused.value) and SHOWN in str(refused.value)

    full = [f"https://u{n}:{PASSWORD}@hooks.example.com/{n}" for n in range(3)]
    client.create_domain_webhook(DOMAIN, "opened", full)
    v4 = emulator.provider(DomainWebhookUrlProvider)
    with pytest.raises(RuntimeError) as stopped:
        v4.create(checked(v4, domain=DOMAIN, url=URL, event_types=["opened"]))
    assert "full" in str(stopped.value) and PASSWORD not in str(stopped.value)
    v3 = emulator.provider(WebhookProvider)
    with pytest.raises(RuntimeError) as taken:
        v3.create(checked(v3, domain=DOMAIN, event="opened", urls=[PLAIN]))
    assert "already exists" in str(taken.value) and PASSWORD not in str(taken.value)


def test_policy_messages_mask_the_url() -> None:
    hook = resource(ACCOUNT_WEBHOOK.removeprefix(PREFIX), "a",
                    url=URL.replace("https", "http"), event_types=["opened"])
    reported = violations(webhook_urls_use_https, hook)
    assert reported and all(PASSWORD not in m and "hooks:****@" in m for m in reported)


# -- the DomainWebhookUrl id ---------------------------------------------------------------

def test_a_credentialed_url_is_not_in_the_id_and_comes_from_the_state(
        emulator: Emulator, client: MailgunClient) -> None:
    id_ = make_id(DOMAIN, URL)
    assert id_.startswith(f"{DOMAIN}/{SECRET_URL_ID}") and PASSWORD not in id_
    assert make_id(DOMAIN, URL) != id_, "an id that a URL decides could be guessed back"
    assert split_id(id_, {"url": URL}) == (DOMAIN, URL)
    with pytest.raises(ValueError, match="no url in the state"):
        split_id(id_)
    # Ids of the older form, the URL quoted in them, still read back.
    assert split_id(f"{DOMAIN}/{quote(URL, safe='')}") == (DOMAIN, URL)

    provider = emulator.provider(DomainWebhookUrlProvider)
    created = provider.create(checked(provider, domain=DOMAIN, url=URL,
                                      event_types=["opened"]))
    assert created.id.startswith(f"{DOMAIN}/{SECRET_URL_ID}")
    read = provider.read(created.id, created.outs)
    assert read.id == created.id and read.inputs is not None and read.inputs["url"] == URL
    # A refresh gives an id of the older form, which holds the URL, the new form.
    older = f"{DOMAIN}/{quote(URL, safe='')}"
    renewed = provider.read(older, created.outs)
    assert renewed.id.startswith(f"{DOMAIN}/{SECRET_URL_ID}") and PASSWORD not in renewed.id
    plain = provider.create(checked(provider, domain=DOMAIN, url=PLAIN, event_types=["opened"]))
    assert provider.read(plain.id, plain.outs).id == plain.id == f"{DOMAIN}/{quote(PLAIN, safe='')}"
    provider.delete(plain.id, plain.outs)
    provider.delete(created.id, created.outs)
    assert client.list_domain_webhooks(DOMAIN).get("opened") in (None, [])
    assert provider.read(created.id, created.outs).id == ""


# -- the spec ------------------------------------------------------------------------------

def hooks(url: str) -> dict[str, Any]:
    return {"account_webhooks": {"a": {"url": url, "event_types": ["complained"]}}}


def test_the_spec_refuses_a_credentialed_url_in_plain_text() -> None:
    with pytest.raises(SpecError) as error:
        parse_spec(hooks(URL))
    assert PASSWORD not in str(error.value) and SHOWN in str(error.value)
    assert "${secret.NAME}" in str(error.value)
    # A spec that is a secret itself may hold one.
    assert parse_spec(hooks(URL), encrypted=True).account_webhooks["a"].url == URL


def test_secret_references_resolve_from_secret_config_only() -> None:
    values = {"hook": (URL, True), "plain-text": (URL, False)}
    spec = parse_spec(hooks("${secret.hook}"), secrets=values.get)
    assert spec.account_webhooks["a"].url == URL
    for key, state in (("plain-text", "is not a secret"), ("missing", "is not set")):
        with pytest.raises(SpecError) as error:
            parse_spec(hooks(f"${{secret.{key}}}"), secrets=values.get)
        assert state in str(error.value) and PASSWORD not in str(error.value)
    # A problem about a secret value names its reference, not the value.
    twice = {"domain_webhook_urls": {
        name: {"domain": DOMAIN, "url": "${secret.hook}", "event_types": ["opened"]}
        for name in ("a", "b")}}
    with pytest.raises(SpecError) as error:
        parse_spec(twice, secrets=values.get)
    assert "'${secret.hook}' of mail.example.com is also the url of a" in str(error.value)
    # Without a way to read them (discover), each key stands for a URL of its own.
    assert parse_spec(hooks("${secret.hook}")).account_webhooks["a"].url.endswith("/hook")


# -- discover ------------------------------------------------------------------------------

def test_discover_writes_references_and_never_the_password(
        emulator: Emulator, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    client = emulator.client()
    client.create_domain_webhook(DOMAIN, "opened", [URL, PLAIN])
    client.create_account_webhook(URL, ["complained"], "alerts")
    found = discover.discover(discover.AccountReader(emulator.api_key, api_url=emulator.url),
                              only=("webhooks", "account_webhooks"))
    key = "webhook-url-hooks-hooks-example-com-in"
    assert found.secrets.values() == {key: URL}
    spec = found.spec()
    assert spec["webhooks"]["mail-example-com-opened"]["urls"] == [f"${{secret.{key}}}", PLAIN]
    # The name comes from the URL without its credentials.
    assert spec["account_webhooks"]["hooks-example-com-in"]["url"] == f"${{secret.{key}}}"
    program = discover.render_python(found)
    assert f"pulumi.Config('mailgun-infra').require_secret('{key}')" in program
    for argv in (["--format", "python"], []):
        code = discover.main(["--api-url", emulator.url, "--only",
                              "webhooks,account_webhooks", *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert PASSWORD not in out + err
        assert SHOWN in out and "set the secret config values" in err


def test_a_credentialed_url_added_by_hand_is_stored_masked(emulator: Emulator) -> None:
    """The state keeps an output secret only when it was: a URL with credentials that
    appears in Mailgun outside the stack is read into the state masked, a declared one
    as it is (the stack keeps it secret)."""
    provider = emulator.provider(WebhookProvider)
    declared = "https://ours:declared-pass@hooks.example.com/a"
    created = provider.create(provider.check({}, {
        "__provider": "blob", "domain": "mail.example.com", "event": "opened",
        "urls": [declared]}).inputs)
    by_hand = "https://them:hand-pass@hooks.example.com/b"
    emulator.client().update_domain_webhook("mail.example.com", "opened", [declared, by_hand])

    read = provider.read(created.id, dict(created.outs or {}))
    assert "hand-pass" not in repr(read.outs) + repr(read.inputs)
    assert sorted(read.outs["urls"]) == [declared, "https://them:****@hooks.example.com/b"]
