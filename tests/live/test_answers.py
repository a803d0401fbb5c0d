"""Read-only checks (``--live``) of Mailgun's answers the provider interprets
(``mailgun_infra.answers``): each answer a read can bring about is brought about, and must
be the one the table describes: no answer of the account may contradict the table. An
account whose read succeeds (it has a signing key, a limit set) has nothing to contradict
it there. Answers only a write shows are listed in ``WRITES_ONLY``;
tests/provider/test_answers.py keeps the two lists whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mailgun_infra import answers
from mailgun_infra.answers import Answer
from mailgun_infra.client import APIError
from tests.live.support import NO_SUCH_ID, ReadOnlyClient, feature

Probe = Callable[[ReadOnlyClient], object]

# Each answer a read can show, with the read that shows it.
PROBES: dict[str, tuple[Answer, Probe]] = {
    "no signing key": (answers.NO_HTTP_SIGNING_KEY, lambda r: r.get_http_signing_key()),
    "not a subaccount": (answers.NOT_A_SUBACCOUNT,
                         lambda r: r.get_subaccount_monthly_limit(NO_SUCH_ID)),
    "no monthly limit": (answers.NO_MONTHLY_LIMIT, lambda r: r.get_account_monthly_limit()),
    "no delegations": (answers.DELEGATIONS_ACCOUNT_NOT_FOUND,
                       lambda r: r.list_delegated_ip_pools()),
    "no detailed IP view": (answers.DETAILED_IP_VIEW_FORBIDDEN,
                            lambda r: r.list_subaccount_ips(NO_SUCH_ID)),
}
# The answers only a write brings about: checked by the write tests and the emulator.
WRITES_ONLY = frozenset({
    answers.SUBACCOUNT_DELETE_FORBIDDEN, answers.LIMIT_NOT_DELETABLE,
    answers.IP_BANDS_FORBIDDEN, answers.WEBHOOK_EXISTS, answers.WARMUP_EXISTS,
    answers.DIPP_REMOVALS_PENDING,
})


@pytest.mark.parametrize("name", PROBES)
def test_an_error_a_read_brings_is_the_one_the_table_says(reader: ReadOnlyClient,
                                                            name: str) -> None:
    answer, probe = PROBES[name]
    try:
        if answer.status == 403:
            probe(reader)
        else:
            with feature(answer.call):
                probe(reader)
    except APIError as error:
        assert answer.matches(error), (
            f"{error.method} {error.path} answered {error.status} {error.message!r}; the "
            f"provider reads {answer.status} {answer.text or ''} there as: {answer.conclusion}")


def test_a_subaccount_status_is_one_the_table_knows(reader: ReadOnlyClient) -> None:
    with feature("subaccounts"):
        subaccounts = reader.list_subaccounts()
    statuses = {str(s.get("status")) for s in subaccounts}
    assert statuses <= {"open", "disabled", answers.SUBACCOUNT_CLOSED.text}, statuses
