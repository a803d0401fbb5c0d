"""The field types of the resources' inputs models: each rule of an input, written once.

A field is one line in its Args model (``ips: IpList = Field(...)``); the rule and its
message live here. Optional text fields reject ``""`` with one message: an empty string is
never a value Mailgun takes, and silently reading it as "unset" hides typos in a spec.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator, BeforeValidator

from ..facts import DYNAMIC_POOLS, SUBACCOUNT_FEATURES, WEBHOOK_EVENTS

EMPTY = "must not be empty"
EMPTY_OPTIONAL = "must not be empty: omit the field to leave it unset"
SHARED = "shared"


def canonical_ip(value: str) -> str:
    """The canonical text of an IP address; ValueError names what is wrong."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError(f"'{value}' is not a valid IPv4 or IPv6 address") from None


def canonical_ips(values: Iterable[str]) -> list[str]:
    """Sorted, canonical, each once: IP lists compare as sets."""
    return sorted({canonical_ip(v) for v in values}, key=_ip_sort_key)


def _ip_sort_key(ip: str) -> tuple[int, int]:
    address = ipaddress.ip_address(ip)
    return (address.version, int(address))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError(EMPTY)
    return value


def _not_empty_when_given(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ValueError(EMPTY_OPTIONAL)
    return value


def _domain_name(value: str) -> str:
    # DNS names compare without case.
    return _not_blank(value).lower()


def _ip_list(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for position, value in enumerate(values):
        try:
            ip = canonical_ip(value)
        except ValueError as error:
            raise ValueError(f"item {position}: {error}") from None
        if ip in seen:
            raise ValueError(f"item {position}: {ip} is listed twice")
        seen.add(ip)
    return canonical_ips(values)


def _replacement_ip(value: str) -> str:
    return SHARED if _not_blank(value) == SHARED else canonical_ip(value)


def _dynamic_pool_name(value: str) -> str:
    if value not in DYNAMIC_POOLS:
        raise ValueError(f"'{value}' is not a dynamic pool name ({', '.join(DYNAMIC_POOLS)})")
    return value


def _webhook_event(value: str) -> str:
    if value not in WEBHOOK_EVENTS:
        raise ValueError(f"'{value}' is not a webhook event ({', '.join(WEBHOOK_EVENTS)})")
    return value


def _webhook_events(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("an event is listed twice")
    return sorted(values)


def _whole_number(value: Any) -> Any:
    # Numbers reach a provider as floats (3.0 for 3); True is no count.
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _message_count(value: int) -> int:
    if value < 0:
        raise ValueError(f"must be 0 or more, not {value}")
    return value


def _rotation(value: Any) -> Any:
    value = _not_empty_when_given(_whole_number(value))
    if value is not None and not isinstance(value, int | str):
        raise ValueError("must be a string or a whole number")
    return value


def _subaccount_features(values: dict[str, bool]) -> dict[str, bool]:
    if not values:
        raise ValueError("must name at least one feature: omit the field to leave the "
                         "features unmanaged")
    for name in values:
        if name not in SUBACCOUNT_FEATURES:
            raise ValueError(f"'{name}' is not a subaccount feature "
                             f"({', '.join(SUBACCOUNT_FEATURES)})")
    return dict(sorted(values.items()))


def _webhook_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(f"'{value}' is not an http(s) URL with a host")
    return value


# -- required fields ----------------------------------------------------------------------

NonBlank = Annotated[str, AfterValidator(_not_blank)]
"""A name or an id: something other than white space."""
DomainName = Annotated[str, AfterValidator(_domain_name)]
"""A domain's name, lower-cased."""
IpAddress = Annotated[str, AfterValidator(canonical_ip)]
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
"""An http or https URL with a host."""
ReplacementIp = Annotated[str, AfterValidator(_replacement_ip)]
"""What a domain sends from once its DIPP or dynamic pool goes: ``shared`` or a dedicated
IP of the account."""
MessageCount = Annotated[int, BeforeValidator(_whole_number), AfterValidator(_message_count)]
"""A number of messages: whole, 0 or more."""

# -- optional fields: omitted or a real value, never "" ------------------------------------

OptionalIpAddress = Annotated[IpAddress | None, BeforeValidator(_not_empty_when_given)]
OptionalId = Annotated[NonBlank | None, BeforeValidator(_not_empty_when_given)]
OptionalDomainName = Annotated[DomainName | None, BeforeValidator(_not_empty_when_given)]
OptionalDynamicPoolName = Annotated[
    DynamicPoolName | None, BeforeValidator(_not_empty_when_given)]
OptionalReplacementIp = Annotated[
    ReplacementIp | None, BeforeValidator(_not_empty_when_given)]
OptionalRotation = Annotated[int | str | None, BeforeValidator(_rotation)]
"""A mark whose every change asks for a new key: a string or a whole number."""
OptionalSubaccountFeatures = Annotated[
    dict[str, bool], AfterValidator(_subaccount_features)] | None
"""Feature overrides by the API's feature names, at least one; sorted by name."""
