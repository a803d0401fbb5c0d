"""Mailgun's facts, written once: type tokens, event names, pool names, documented limits.

The ground floor of the package: it imports nothing of ours, and the client, the
resources, the emulator, the policy pack, the benchmark and the tests all read these
names from here. Behaviour stays in each of those; only the vocabulary is shared.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# -- the resources' Pulumi type tokens (policies match on them) ----------------------------

PREFIX = "pulumi-python:dynamic/mailgun:"

DEDICATED_IP_POOL = PREFIX + "DedicatedIpPool"
DEDICATED_IP_POOL_DELEGATION = PREFIX + "DedicatedIpPoolDelegation"
DYNAMIC_POOL_MEMBERSHIP = PREFIX + "DynamicPoolMembership"
DYNAMIC_POOL_ENROLLMENT = PREFIX + "DynamicPoolEnrollment"
DOMAIN_IP_ASSIGNMENT = PREFIX + "DomainIpAssignment"
DIPP_SPILLOVER = PREFIX + "DippSpillover"
IP_WARMUP = PREFIX + "IpWarmup"
IP_BAND = PREFIX + "IpBand"
WEBHOOK = PREFIX + "Webhook"
DOMAIN_WEBHOOK_URL = PREFIX + "DomainWebhookUrl"
ACCOUNT_WEBHOOK = PREFIX + "AccountWebhook"
SUBACCOUNT = PREFIX + "Subaccount"
SUBACCOUNT_IP_LINK = PREFIX + "SubaccountIpLink"
SUBACCOUNT_SENDING_LIMIT = PREFIX + "SubaccountSendingLimit"
ACCOUNT_SENDING_LIMIT = PREFIX + "AccountSendingLimit"
HTTP_SIGNING_KEY = PREFIX + "HttpSigningKey"

# The input under which a resource carries what the account said of it at ``check`` (see
# resources/_account.py), for the policy pack; never set by a user, never a change.
ACCOUNT_FACTS = "account_facts"

# -- regions ------------------------------------------------------------------------------

REGION_URLS = {
    "us": "https://api.mailgun.net",
    "eu": "https://api.eu.mailgun.net",
}

# -- webhooks -----------------------------------------------------------------------------

# The event names the domain and account webhook APIs accept.
WEBHOOK_EVENTS = ("accepted", "clicked", "complained", "delivered", "opened",
                  "permanent_fail", "temporary_fail", "unsubscribed")
# URLs one event of one domain may have.
MAX_WEBHOOK_URLS = 3

# Credentials inside a webhook URL (``https://user:password@host/...``, which Mailgun takes):
# the URL is a secret then. With a password, the user name stays readable and the password
# becomes MASK; a user name alone may be the token itself, so then it is the one masked.
MASK = "****"
# A URL's start and its authority, plain or percent-encoded (as in old DomainWebhookUrl
# ids): the credentials end at the authority's last "@" (or "%40").
_AUTHORITY = re.compile(r"(?i)([a-z][a-z0-9+.-]*(?:://|%3A%2F%2F))((?:(?!%2F)[^/?#\s'\"<>])*)")
_AT = re.compile(r"(?i)@|%40")
_COLON = re.compile(r"(?i):|%3A")


def has_credentials(url: str) -> bool:
    """Whether ``url`` carries a user name or password before its host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "@" in url
    return parts.username is not None or parts.password is not None


def masked(text: str) -> str:
    """``text`` with the credentials of every URL in it masked, for people to read:
    ``https://user:****@host/path``, ``https://****@host/path``."""
    return _AUTHORITY.sub(_mask_authority, text)


def _mask_authority(match: re.Match[str]) -> str:
    start, authority = match[1], match[2]
    ats = list(_AT.finditer(authority))
    if not ats:
        return match[0]
    at = ats[-1]
    userinfo, host = authority[:at.start()], authority[at.start():]
    colon = _COLON.search(userinfo)
    shown = MASK if colon is None else userinfo[:colon.end()] + MASK
    return start + shown + host


# -- IPs and domain names: one text per object -------------------------------------------


def canonical_ip(value: str) -> str:
    """The one text of an IP address, so that two spellings of one IP compare equal:
    IPv6 compressed and in lower case (RFC 5952), an IPv4-mapped IPv6 address
    (``::ffff:192.0.2.10``) as its IPv4 address, which is how Mailgun lists IPs, and a
    zone index (``%eth0``, meaningless off the host) dropped. ValueError when ``value`` is
    no IP address; IPv4 with leading zeros (``192.0.2.010``) is none: some readers take
    ``010`` as octal 8."""
    address = ipaddress.ip_address(value.strip())
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        if address.scope_id is not None:
            return str(ipaddress.IPv6Address(int(address)))
    return str(address)


def canonical_domain(name: str) -> str:
    """A domain name as DNS and Mailgun compare it: without case, and without the root's
    trailing dot (``News.Example.com.`` is ``news.example.com``)."""
    return name.strip().lower().removesuffix(".")


# -- dynamic IP pools ---------------------------------------------------------------------

# The dynamic pools of an account, by the names the API uses.
DYNAMIC_POOLS = ("dynamic_good", "dynamic_poor", "dynamic_new")
# The form keys of the legacy ``POST /v3/dynamic_pools/all``, by pool.
DYNAMIC_POOL_FORM_KEYS = {
    "dynamic_good": "good_reputation",
    "dynamic_poor": "poor_reputation",
    "dynamic_new": "new_senders",
}

# -- subaccounts --------------------------------------------------------------------------

# The features ``PUT /v5/accounts/subaccounts/{id}/features`` takes, as the API names them.
SUBACCOUNT_FEATURES = ("email_preview", "inbox_placement", "sending", "validations",
                       "validations_bulk")

# -- the account's webhook signing key ----------------------------------------------------

# The smallest custom monthly limit the account takes (``PUT
# /v5/accounts/limit/custom/monthly``'s documented 400, "The limit parameter minumum is
# 1000"); a subaccount's has no such floor.
MIN_ACCOUNT_MONTHLY_LIMIT = 1000

# The one error ``GET /v5/accounts/http_signing_key`` documents (a 400): no key to read.
NO_HTTP_SIGNING_KEY = "could not get HSK for account"

# -- rate limits --------------------------------------------------------------------------

# API family -> (requests, seconds), per account, as Mailgun documents them: 300 a minute
# for the domains and webhooks APIs, 500 per 10 seconds for the metrics API.
DOCUMENTED_LIMITS: dict[str, tuple[int, float]] = {
    "domains": (300, 60.0),
    "metrics": (500, 10.0),
}


def family_of(path: str) -> str | None:
    """The rate-limited API family of a request path; None where no limit is documented."""
    if path.startswith(("/v3/domains", "/v4/domains", "/v1/webhooks")):
        return "domains"
    if path.startswith("/v1/analytics/metrics"):
        return "metrics"
    return None
