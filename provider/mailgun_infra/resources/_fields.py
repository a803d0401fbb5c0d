"""The field types of the resources' inputs models: each rule of an input, written once.

A field is one line in its Args model (``ips: IpList = Field(...)``); the rule and its
message live here. Optional text fields reject ``""`` with one message: an empty string is
never a value Mailgun takes, and silently reading it as "unset" hides typos in a spec.

These rules are for inputs, at check time. A read never passes what Mailgun returns through
them: Mailgun may hold a longer name than these bounds allow, and a refresh must still see it.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator, BeforeValidator

from .. import facts
from ..facts import DYNAMIC_POOLS, SUBACCOUNT_FEATURES, WEBHOOK_EVENTS

EMPTY = "must not be empty"
EMPTY_OPTIONAL = "must not be empty: omit the field to leave it unset"
SHARED = "shared"

# Bounds. Mailgun's documents give no length or size limit for any of these inputs: each
# is ours, far above any real value, so that a pasted blob or a typo stops at preview
# instead of reaching Mailgun (a 100,000-character name came back as a 414 HTML page).
MAX_NAME = 255
"""A DIPP's, a subaccount's or an IP band's name; the signing key's rotation mark."""
MAX_DESCRIPTION = 1024
"""A DIPP's or an account webhook's description."""
MAX_ID = 256
"""An id of Mailgun's (a DIPP's, a subaccount's), or a spec reference standing for one."""
MAX_URL = 2048
"""A webhook URL: room for any receiver's address and query."""
MAX_MESSAGES = 10**12
"""A monthly sending limit: a trillion messages, beyond any account; more is a typo."""
MAX_ROTATION = 2**53
"""A rotation mark as a number: Pulumi passes numbers as floats, exact up to 2**53."""
# The rules of DNS (RFC 1035, RFC 1123): not ours, not Mailgun's.
MAX_DOMAIN = 253
MAX_LABEL = 63
# A resource name in the stack spec (ours): what a reference ``${kind.name.output}`` can
# name, and short enough to read in a URN.
MAX_RESOURCE_NAME = 128
RESOURCE_NAME_CHARACTERS = "A-Za-z0-9_-"

# C0 and C1 control characters, DEL, and Unicode's line and paragraph separators: in a name
# they break the lines of logs and previews, and Mailgun has no use for them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_WHITE_SPACE = re.compile(r"\s")
_LABEL = re.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
# Dotted IPv4 with a part such as 010.
_IPV4_LEADING_ZERO = re.compile(r"(?=.*(?:^|\.)0[0-9])[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_RESOURCE_NAME = re.compile(f"[{RESOURCE_NAME_CHARACTERS}]+")
# Keys YAML reads as a number, a boolean or null: Pulumi's config turns them into text
# silently, so `1:` or `true:` would arrive as a resource named "1" or "true".
_YAML_NOT_TEXT = re.compile("[-+]?[0-9]+|true|false|null", re.IGNORECASE)
# How much of a bad value a message shows.
_SHOWN = 60


def shown(value: Any) -> str:
    """``value`` for a message: quoted, control characters escaped, cut when long."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + f"... ({len(text)} characters)"


def canonical_ip(value: str) -> str:
    """The canonical text of an IP address (``facts.canonical_ip``); ValueError names what
    is wrong."""
    try:
        return facts.canonical_ip(value)
    except ValueError:
        if _IPV4_LEADING_ZERO.fullmatch(value.strip()):
            raise ValueError(f"{shown(value)} is not a valid IPv4 or IPv6 address: a part "
                             "has a leading zero, which some read as octal; write "
                             "each part without leading zeros") from None
        raise ValueError(f"{shown(value)} is not a valid IPv4 or IPv6 address") from None


def canonical_ips(values: Iterable[str]) -> list[str]:
    """Sorted, canonical, each once: IP lists compare as sets."""
    return sorted({canonical_ip(v) for v in values}, key=_ip_sort_key)


def _ip_sort_key(ip: str) -> tuple[int, int]:
    address = ipaddress.ip_address(ip)
    return (address.version, int(address))


def _ip_input(value: str) -> str:
    # Python reads "fe80::1%eth0" as an address with a zone; a Mailgun IP never has one.
    if "%" in value:
        raise ValueError(f"{shown(value)} is not a valid IPv4 or IPv6 address: it has a "
                         "zone index (%)")
    return canonical_ip(value)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(EMPTY)
    return value


def _not_empty_when_given(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ValueError(EMPTY_OPTIONAL)
    return value


def _no_control_characters(value: str) -> str:
    if found := _CONTROL.search(value):
        raise ValueError(f"must not contain control characters "
                         f"({shown(found.group())[1:-1]} at position {found.start()})")
    return value


def _text(limit: int) -> Callable[[str], str]:
    """The rule of free text: at most ``limit`` characters, no control characters."""
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"must be at most {limit} characters long, not {len(value)}")
        return _no_control_characters(value)
    return check


def _id(value: str) -> str:
    _text(MAX_ID)(_not_blank(value))
    if found := _WHITE_SPACE.search(value):
        raise ValueError(f"must not contain white space ({shown(found.group())} at position "
                         f"{found.start()}): an id has none")
    return value


def _domain_name(value: str) -> str:
    # DNS names compare without case.
    if len(value) > MAX_DOMAIN:
        raise ValueError(f"a domain name is at most {MAX_DOMAIN} characters long, not "
                         f"{len(value)}")
    name = _no_control_characters(_not_blank(value)).lower()
    if not name.isascii():
        raise ValueError(f"{shown(name)} is not a domain name: it has non-ASCII characters; "
                         "give the name's IDNA form (xn--...)")
    for label in name.split("."):
        if not label:
            raise ValueError(f"{shown(name)} is not a domain name: it has an empty label "
                             "(two dots in a row, or a dot at an end)")
        if len(label) > MAX_LABEL:
            raise ValueError(f"{shown(name)} is not a domain name: a label is at most "
                             f"{MAX_LABEL} characters long, not {len(label)}")
        if not _LABEL.fullmatch(label):
            raise ValueError(f"{shown(name)} is not a domain name: label {shown(label)} may "
                             "hold only letters, digits and '-', and not start or end with "
                             "'-'")
    if name.rsplit(".", 1)[-1].isdigit():
        raise ValueError(f"{shown(name)} is not a domain name: its last label is a number "
                         "(an IP address is no domain name)")
    return name


def _resource_name(value: str) -> str:
    if not value:
        raise ValueError(EMPTY)
    if len(value) > MAX_RESOURCE_NAME:
        raise ValueError(f"must be at most {MAX_RESOURCE_NAME} characters long, not "
                         f"{len(value)}")
    if not _RESOURCE_NAME.fullmatch(value):
        raise ValueError(f"{shown(value)} may hold only ASCII letters, digits, '-' and '_'")
    if not reads_as_text(value):
        raise ValueError(f"{shown(value)} is a number, a boolean or null to YAML, which "
                         "Pulumi turns into text unasked: give a name with a letter, such "
                         f"as 'pool-{value.lower()}'")
    return value


def reads_as_text(name: str) -> bool:
    """Whether YAML reads ``name``, unquoted, as text (not a number, a boolean or null)."""
    return _YAML_NOT_TEXT.fullmatch(name) is None


def _true_or_false(value: Any) -> Any:
    # Pydantic's own bool takes "yes", "on", 1 and "1": a spec saying adopt: "yes" must not
    # take over an object by a guess. Pulumi passes booleans as booleans.
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {shown(value)}")
    return value


def _ip_list(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for position, value in enumerate(values):
        try:
            ip = _ip_input(value)
        except ValueError as error:
            raise ValueError(f"item {position}: {error}") from None
        if ip in seen:
            raise ValueError(f"item {position}: {ip} is listed twice")
        seen.add(ip)
    return canonical_ips(values)


def _replacement_ip(value: str) -> str:
    return SHARED if _not_blank(value) == SHARED else _ip_input(value)


def _dynamic_pool_name(value: str) -> str:
    if value not in DYNAMIC_POOLS:
        raise ValueError(f"{shown(value)} is not a dynamic pool name "
                         f"({', '.join(DYNAMIC_POOLS)})")
    return value


def _webhook_event(value: str) -> str:
    if value not in WEBHOOK_EVENTS:
        raise ValueError(f"{shown(value)} is not a webhook event ({', '.join(WEBHOOK_EVENTS)})")
    return value


def _webhook_events(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("an event is listed twice")
    return sorted(values)


def _whole_number(value: Any, what: str = "a whole number") -> Any:
    # Numbers reach a provider as floats (3.0 for 3); True is no count, "3" no number.
    if isinstance(value, bool):
        raise ValueError(f"must be {what}, not true or false")
    if isinstance(value, float):
        if value.is_integer():  # never NaN or an infinity
            return int(value)
        raise ValueError(f"must be {what}, not {value}")
    if not isinstance(value, int):
        raise ValueError(f"must be {what}, not {shown(value)}")
    return value


def _at_most(limit: int) -> Callable[[int], int]:
    def check(value: int) -> int:
        if value < 0:
            raise ValueError(f"must be 0 or more, not {value}")
        if value > limit:
            shown_value = f"{value:,}" if value < 10**18 else f"{value:.3e}"
            raise ValueError(f"must be at most {limit:,}, not {shown_value}")
        return value
    return check


def read_count(value: Any) -> Any:
    """A count as Mailgun sends it (a JSON number, 10000 or 10000.0), whole where it is."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _account_limit(value: int) -> int:
    # Mailgun's own floor, refused here so that preview says so rather than `up`.
    if value < facts.MIN_ACCOUNT_MONTHLY_LIMIT:
        raise ValueError(f"must be at least {facts.MIN_ACCOUNT_MONTHLY_LIMIT:,} (Mailgun's "
                         f"minimum for the account), not {value:,}")
    return value


def _rotation(value: Any) -> Any:
    if value is None or isinstance(value, str):
        return _not_empty_when_given(value)
    return _at_most(MAX_ROTATION)(_whole_number(value, "a string or a whole number"))


def _rotation_text(value: int | str | None) -> int | str | None:
    return _text(MAX_NAME)(value) if isinstance(value, str) else value


def _subaccount_features(values: dict[str, bool]) -> dict[str, bool]:
    if not values:
        raise ValueError("must name at least one feature: omit the field to leave the "
                         "features unmanaged")
    for name in values:
        if name not in SUBACCOUNT_FEATURES:
            raise ValueError(f"{shown(name)} is not a subaccount feature "
                             f"({', '.join(SUBACCOUNT_FEATURES)})")
    return dict(sorted(values.items()))


def _webhook_url(value: str) -> str:
    _text(MAX_URL)(value)
    if found := _WHITE_SPACE.search(value):
        raise ValueError(f"{shown(value)} is not a URL: it has white space at position "
                         f"{found.start()} (percent-encode a space as %20)")
    try:
        parsed = urlparse(value)
        host, _ = parsed.hostname, parsed.port
    except ValueError as error:  # an unclosed [IPv6 host], a port out of range
        raise ValueError(f"{shown(value)} is not a valid URL: {error}") from None
    if parsed.scheme not in ("http", "https") or not host:
        raise ValueError(f"{shown(value)} is not an http(s) URL with a host")
    return value


def at_least_one(rule: str) -> AfterValidator:
    """A list that must hold something; ``rule``, the error, says what and why."""

    def check(values: list[Any]) -> list[Any]:
        if not values:
            raise ValueError(rule)
        return values

    return AfterValidator(check)


# -- required fields ----------------------------------------------------------------------

ResourceName = Annotated[str, AfterValidator(_resource_name)]
"""The key of an entry in the stack spec: 1 to MAX_RESOURCE_NAME ASCII letters, digits, '-'
and '_', so that a reference can name it and Pulumi's URN holds it as it is (no '::')."""
StrictBool = Annotated[bool, BeforeValidator(_true_or_false)]
"""true or false, nothing read as one."""
Name = Annotated[str, AfterValidator(_not_blank), AfterValidator(_text(MAX_NAME))]
"""A name: not blank, at most MAX_NAME characters, no control characters."""
Description = Annotated[str, AfterValidator(_not_blank),
                        AfterValidator(_text(MAX_DESCRIPTION))]
"""A description: not blank, at most MAX_DESCRIPTION characters, no control characters."""
EmptyOrDescription = Annotated[str, AfterValidator(_text(MAX_DESCRIPTION))]
"""A description that may be empty."""
Id = Annotated[str, AfterValidator(_id)]
"""An id: not blank, at most MAX_ID characters, no white space or control characters."""
DomainName = Annotated[str, AfterValidator(_domain_name)]
"""A domain's name by DNS's rules, lower-cased: labels of letters, digits and inner '-',
1 to 63 characters each, at most 253 in all, the last label not a number."""
IpAddress = Annotated[str, AfterValidator(_ip_input)]
"""One IPv4 or IPv6 address, canonical."""
IpList = Annotated[list[str], AfterValidator(_ip_list)]
"""IP addresses, each once; canonical and sorted (IP lists compare as sets)."""
DynamicPoolName = Annotated[str, AfterValidator(_dynamic_pool_name)]
"""One of the account's dynamic pools: dynamic_good, dynamic_poor or dynamic_new."""
WebhookEvent = Annotated[str, AfterValidator(_webhook_event)]
"""An event name of the webhook APIs."""
WebhookEvents = Annotated[list[WebhookEvent], AfterValidator(_webhook_events)]
"""Event names of the webhook APIs, each once; sorted."""
WebhookUrl = Annotated[str, AfterValidator(_webhook_url)]
"""An http or https URL with a host, at most MAX_URL characters, no white space."""
ReplacementIp = Annotated[str, AfterValidator(_replacement_ip)]
"""What a domain sends from once its DIPP or dynamic pool goes: ``shared`` or a dedicated
IP of the account."""
MessageCount = Annotated[int, BeforeValidator(_whole_number),
                         AfterValidator(_at_most(MAX_MESSAGES))]
"""A number of messages: whole, 0 to MAX_MESSAGES."""
AccountMessageLimit = Annotated[int, BeforeValidator(_whole_number),
                                AfterValidator(_at_most(MAX_MESSAGES)),
                                AfterValidator(_account_limit)]
"""The account's monthly limit: whole, MIN_ACCOUNT_MONTHLY_LIMIT to MAX_MESSAGES."""

# -- optional fields: omitted or a real value, never "" ------------------------------------

OptionalIpAddress = Annotated[IpAddress | None, BeforeValidator(_not_empty_when_given)]
OptionalId = Annotated[Id | None, BeforeValidator(_not_empty_when_given)]
OptionalDomainName = Annotated[DomainName | None, BeforeValidator(_not_empty_when_given)]
OptionalDynamicPoolName = Annotated[
    DynamicPoolName | None, BeforeValidator(_not_empty_when_given)]
OptionalReplacementIp = Annotated[
    ReplacementIp | None, BeforeValidator(_not_empty_when_given)]
OptionalRotation = Annotated[int | str | None, BeforeValidator(_rotation),
                             AfterValidator(_rotation_text)]
"""A mark whose every change asks for a new key: a string (at most MAX_NAME characters) or
a whole number from 0 to MAX_ROTATION."""
OptionalSubaccountFeatures = Annotated[
    dict[str, StrictBool], AfterValidator(_subaccount_features)] | None
"""Feature overrides by the API's feature names, at least one; sorted by name."""
