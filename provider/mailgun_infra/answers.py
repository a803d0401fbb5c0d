"""Mailgun's answers the provider reads more into than their status: what each one is taken
to mean, and what that rests on. One table, so that every guess about Mailgun is written
once, shown in README ("Mailgun's answers we interpret") and, where a read-only call can
show it, checked against a real account by the live acceptance tests
(``tests/live/test_answers.py``).

An answer the documents describe is marked "documented"; one they leave open, "observed"
(seen from Mailgun, or from its official clients) or "inferred" (the provider's choice,
made safe by a read that confirms it before anything is concluded).
"""

from __future__ import annotations

from dataclasses import dataclass

from .client import APIError
from .facts import NO_HTTP_SIGNING_KEY as NO_KEY_MESSAGE


@dataclass(frozen=True)
class Answer:
    """One answer of Mailgun's and what the provider concludes from it."""

    call: str
    status: int
    # Text the answer's message contains (case-insensitive); None: any message.
    text: str | None
    conclusion: str
    basis: str

    def matches(self, error: APIError) -> bool:
        """Whether ``error`` is this answer."""
        return error.status == self.status and (
            self.text is None or self.text.lower() in error.message.lower())


NO_HTTP_SIGNING_KEY = Answer(
    "GET /v5/accounts/http_signing_key", 400, NO_KEY_MESSAGE,
    "The account has no signing key: HttpSigningKey creates one. Any other 400 never makes "
    "one, since a new key would stop receivers verifying.",
    "documented: the one error the call lists")
SUBACCOUNT_CLOSED = Answer(
    "GET /v5/accounts/subaccounts/{id}", 200, "closed",
    "A subaccount whose status is closed is deleted: read as gone, and its limit with it.",
    "inferred: there is no deleted status, and the list filters on closed")
SUBACCOUNT_DELETE_FORBIDDEN = Answer(
    "DELETE /v5/accounts/subaccounts (X-Mailgun-On-Behalf-Of)", 403, None,
    "The subaccount may be gone already: deleted only if a read then finds it gone or "
    "closed; otherwise the 403 stands.",
    "observed: a 403 for a subaccount that no longer exists")
NOT_A_SUBACCOUNT = Answer(
    "GET /v5/accounts/subaccounts/{id}/limit/custom/monthly", 400, None,
    "Mailgun says \"Not a subaccount\": the subaccount is gone, so is its limit, if a read "
    "of the subaccount agrees; otherwise the 400 stands.",
    "observed: the answer for an id that is no (longer a) subaccount")
NO_MONTHLY_LIMIT = Answer(
    "GET /v5/accounts/limit/custom/monthly, .../subaccounts/{id}/limit/custom/monthly", 404,
    None, "No custom limit is set (\"No threshold for account\"): the limit resource is gone.",
    "documented: the 404 of both reads")
LIMIT_NOT_DELETABLE = Answer(
    "DELETE .../limit/custom/monthly", 400, None,
    "\"Could not delete threshold\": no limit to delete, if a read agrees; the delete is "
    "done. Otherwise the 400 stands.",
    "observed: the answer when no limit is set")
IP_BANDS_FORBIDDEN = Answer(
    "POST /v3/ips/{ip}/ip_band", 403, None,
    "The account lacks the Dedicated IP Bands feature (a key whose role cannot write is "
    "told apart by the client first).",
    "documented: the call needs the feature, which Mailgun support enables")
DETAILED_IP_VIEW_FORBIDDEN = Answer(
    "GET /v3/ips/details/all?subaccount_id=", 403, None,
    "The account lacks the detailed IP view that reading a subaccount's linked IPs needs.",
    "documented: the call needs the feature")
DELEGATIONS_ACCOUNT_NOT_FOUND = Answer(
    "GET /v5/accounts/subaccounts/ip_pools/all", 404, None,
    "Says nothing of one delegation: it is read alone, and gone only if its subaccount is.",
    "observed: the list's 404 for an account without delegations")
WEBHOOK_EXISTS = Answer(
    "POST /v3/domains/{domain}/webhooks, POST /v4/domains/{domain}/webhooks", 400, None,
    "The event (or the URL) may have URLs already: it exists if a read shows them, and "
    "the create refuses or adopts it; otherwise the 400 stands.",
    "documented: a create for an event with URLs is refused")
WARMUP_EXISTS = Answer(
    "POST /v3/ip_warmups/{ip}", 400, None,
    "A plan may run for the IP already: it exists if a read shows it, and the create "
    "refuses or adopts it; otherwise the 400 stands.",
    "documented: one plan per IP")
DIPP_REMOVALS_PENDING = Answer(
    "DELETE /v3/ip_pools/{id}, PATCH /v3/ip_pools/{id} (remove_ip)", 400, None,
    "Removals of ours have not landed yet: the IPs are read again once Mailgun has caught "
    "up and the call is sent once more; otherwise the 400 stands.",
    "inferred: Mailgun refuses to delete a DIPP with IPs, and answers removals started")

ANSWERS: tuple[Answer, ...] = (
    NO_HTTP_SIGNING_KEY, SUBACCOUNT_CLOSED, SUBACCOUNT_DELETE_FORBIDDEN, NOT_A_SUBACCOUNT,
    NO_MONTHLY_LIMIT, LIMIT_NOT_DELETABLE, IP_BANDS_FORBIDDEN, DETAILED_IP_VIEW_FORBIDDEN,
    DELEGATIONS_ACCOUNT_NOT_FOUND, WEBHOOK_EXISTS, WARMUP_EXISTS, DIPP_REMOVALS_PENDING,
)


def readme_rows() -> list[str]:
    """The table's rows as README shows them."""
    return [f"| `{a.call}` | {a.status} | {f'`{a.text}`' if a.text else 'any'} | "
            f"{a.conclusion} | {a.basis} |" for a in ANSWERS]
