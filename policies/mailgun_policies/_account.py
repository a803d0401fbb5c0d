"""The account's facts in a rule: what Mailgun said at ``check`` of a resource being
created or changed (the provider's ``resources/_account.py`` writes them under the input
``account_facts``), and the one way a rule says it could not check against them.

A rule that reads the account judges what it can, then calls ``Unverified.report``: when
the account could not be read for a resource it needed, the rule raises ``AccountUnread``,
which pulumi-policy reports as "can't run policy ... during preview", with what could not
be read and why. ``mailgun-infra ci preview`` lists it under "Unverified". It never
passes silently.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from mailgun_infra.facts import ACCOUNT_FACTS, DEDICATED_IP_POOL

# The tag of every rule that reads the account (its description says what it reads).
READS_ACCOUNT = "reads-account"


class AccountUnread(UnknownValueError):
    """The account could not be read for some resources: the rule could not check them."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.unknown_type_sentinel = ""
        self.props = []
        self.message = message


def facts_of(resource: PolicyResource) -> Mapping[str, Any] | None:
    """The account facts of ``resource``; None when it has none (unchanged at this
    preview, or a kind that names nothing of the account)."""
    try:
        facts = resource.props.get(ACCOUNT_FACTS)
    except UnknownValueError:
        return None
    # pulumi-policy hands nested objects over as read-only Mappings, not dicts.
    return facts if isinstance(facts, Mapping) else None


def ip_facts(resource: PolicyResource) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(IP, what the account says of it) for each IP of ``resource`` the account was
    read for."""
    facts = facts_of(resource) or {}
    for ip, about in sorted((facts.get("ips") or {}).items()):
        if isinstance(about, Mapping):
            yield str(ip), about


def dipp_facts(resource: PolicyResource, pool_id: str) -> Mapping[str, Any] | None:
    """What the account says of the DIPP ``pool_id`` that ``resource`` names; None when
    not read, or when the account has no such DIPP."""
    about = ((facts_of(resource) or {}).get("dipps") or {}).get(pool_id)
    return about if isinstance(about, Mapping) else None


def account_warming(resources: list[PolicyResource]) -> set[str]:
    """Every IP the account reported on warmup, through any resource's facts."""
    warming: set[str] = set()
    for resource in resources:
        warming.update(ip for ip, about in ip_facts(resource) if about.get("warming"))
        for about in ((facts_of(resource) or {}).get("dipps") or {}).values():
            warming.update(str(ip) for ip in about.get("warming_ips") or [])
    return warming


def stack_dipp_ids(resources: list[PolicyResource]) -> set[str]:
    """The Mailgun ids of the stack's DIPPs that exist: a known ``pool_id`` (an unchanged
    DIPP), or the one its facts recognised as itself (a DIPP changed in this preview)."""
    ids: set[str] = set()
    for pool in resources:
        if pool.resource_type != DEDICATED_IP_POOL:
            continue
        try:
            pool_id = pool.props.get("pool_id")
        except UnknownValueError:
            pool_id = None
        if pool_id:
            ids.add(str(pool_id))
        own = (facts_of(pool) or {}).get("self")
        if own:
            ids.add(str(own))
    return ids


class Unverified:
    """The resources a rule needed the account for and could not read it for."""

    def __init__(self) -> None:
        self._unread: dict[str, list[str]] = {}

    def note(self, resource: PolicyResource) -> None:
        """``resource`` was judged with its account facts: remember what they lacked."""
        for what in (facts_of(resource) or {}).get("unread") or []:
            kind = resource.resource_type.rsplit(":", 1)[-1]
            self._unread.setdefault(str(what), []).append(f"{kind} '{resource.name}'")

    def report(self) -> None:
        """Raise AccountUnread if anything the rule needed could not be read."""
        if not self._unread:
            return
        parts = [f"{what}, for {', '.join(sorted(set(names)))}"
                 for what, names in sorted(self._unread.items())]
        raise AccountUnread(
            "could not read the account: " + "; ".join(parts)
            + ". Judged on the stack's declarations only.")
