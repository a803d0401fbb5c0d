"""Every error the emulator answers: one class per error, its status, body shape and text.

Rules raise these; the app turns each into its response (``server``), so no rule knows
about HTTP and no message is written anywhere else. Mailgun's services answer errors in
four shapes (REFERENCE 1.4), one base class each:

- ``{"message": ...}`` (most services): ``BadRequest``, ``Forbidden``, ``NotFound``;
- ``{"Reason": ...}`` (domain webhooks, v3 and v4): ``WebhookReason``;
- ``{"Description": ...}`` (account webhooks, v4 webhook 404s): ``DescriptionNotFound``,
  ``DescriptionConflict``;
- ``{"Field": ..., "Value": ...}`` (the dynamic-pool override, account webhooks):
  ``InvalidParameter``, and ``MissingField`` for the v4 delete's ``{"Field"}`` alone.

A message with no documented text is the emulator's own wording (README, "choices where
the documents are silent").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from ..facts import MAX_WEBHOOK_URLS, NO_HTTP_SIGNING_KEY


class EmulatorError(Exception):
    """An error answered with ``status`` and ``{key: message}``.

    A subclass with a fixed text sets ``text``; one whose text names values takes them in
    its constructor.
    """

    status: ClassVar[int] = 400
    key: ClassVar[str] = "message"
    text: ClassVar[str] = ""

    def __init__(self, message: str | None = None) -> None:
        self.message = self.text if message is None else message
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return {self.key: self.message}


# -- the four shapes -----------------------------------------------------------------------

class BadRequest(EmulatorError):
    status = 400

class Forbidden(EmulatorError):
    status = 403

class NotFound(EmulatorError):
    status = 404

class WebhookReason(EmulatorError):
    """Mailgun's ``GenericAPIError``: a domain webhook's 400."""

    key = "Reason"

class DescriptionNotFound(EmulatorError):
    status = 404
    key = "Description"

class DescriptionConflict(EmulatorError):
    status = 409
    key = "Description"

class InvalidParameter(BadRequest):
    """Mailgun's ``InvalidParameterError``: ``{"Field": ..., "Value": ...}``."""

    def __init__(self, field_name: str, value: str) -> None:
        super().__init__(f"invalid value {value!r} for {field_name}")
        self.field_name = field_name
        self.value = value

    def body(self) -> dict[str, Any]:
        return {"Field": self.field_name, "Value": self.value}

class MissingField(BadRequest):
    """The v4 webhook delete's documented 400 names the missing field alone."""

    def __init__(self, field_name: str) -> None:
        super().__init__(f"missing {field_name}")
        self.field_name = field_name

    def body(self) -> dict[str, Any]:
        return {"Field": self.field_name}


# -- parameters any operation may take -----------------------------------------------------

class MissingParameter(BadRequest):
    def __init__(self, name: str) -> None:
        super().__init__(f"Missing parameter '{name}'")

class NotAnInteger(BadRequest):
    def __init__(self, name: str) -> None:
        super().__init__(f"'{name}' must be an integer")

class JsonBodyExpected(BadRequest):
    def __init__(self, form: str) -> None:
        super().__init__(f"the body must be JSON of the form {form}")

class LimitOutOfRange(BadRequest):
    def __init__(self, low: int, high: int) -> None:
        super().__init__(f"limit must be between {low} and {high}")

class LimitBelowOne(BadRequest):
    text = "limit must be at least 1"

class SkipNegative(BadRequest):
    text = "skip must be 0 or more"

class LimitNotPositive(BadRequest):
    text = "limit must be a positive integer"

class InvalidPageToken(BadRequest):
    text = "invalid page token"

class InvalidSort(BadRequest):
    def __init__(self, sort: str | None, choices: str) -> None:
        super().__init__(f"invalid sort '{sort}': use {choices}")

class InvalidDomainState(BadRequest):
    def __init__(self, state: str) -> None:
        super().__init__(f"invalid state '{state}': use active, unverified or disabled")

class SharedIpsNotEligible(BadRequest):
    text = "the account is not eligible for shared IPs"

class LastIpNotRemovable(BadRequest):
    """Without shared IPs a domain keeps at least one IP (REFERENCE 4.3)."""

    def __init__(self, domains: Iterable[str] = ()) -> None:
        named = ", ".join(domains)
        super().__init__(f"{SharedIpsNotEligible.text}: the last IP of a domain cannot be "
                         "removed" + (f" ({named})" if named else ""))


# -- IPs -----------------------------------------------------------------------------------

class IpNotFound(NotFound):
    text = "IP not found"

class InvalidIpAddress(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"'{ip}' is not a valid IP address")

class IpNotOfAccount(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} does not belong to the account")

class IpNotDedicated(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} is not a dedicated IP")

class IpBandsNotEnabled(Forbidden):
    text = "the Dedicated IP Bands feature is not enabled for this account"

class AlternativeIpIsTheIp(BadRequest):
    text = "the alternative IP cannot replace itself"

class AlternativeIpNotOfAccount(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"alternative IP {ip} does not belong to the account")


# -- IP warmups ----------------------------------------------------------------------------

class IpNotOnWarmup(NotFound):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} is not on warmup")

class IpAlreadyOnWarmup(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} is already on warmup")


# -- DIPPs ---------------------------------------------------------------------------------

class DippsNotEnabled(Forbidden):
    text = "the 'DIPPs' feature is not enabled for this account"

class PoolNotFound(NotFound):
    text = "IP pool not found"

class InheritedPoolNotModifiable(Forbidden):
    text = "a DIPP inherited from the parent account cannot be modified"

class InheritedPoolNotDeletable(Forbidden):
    text = "a DIPP inherited from the parent account cannot be deleted"

class IpInAnotherPool(BadRequest):
    def __init__(self, ip: str, pool_id: str) -> None:
        super().__init__(f"IP {ip} already belongs to another DIPP ({pool_id})")

class PoolNameEmpty(BadRequest):
    text = "name cannot be empty"

class IpNotOfPool(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} does not belong to the DIPP")

class IpAddedAndRemoved(BadRequest):
    text = "an IP cannot be both added and removed"

class LinkedDomainNotFound(BadRequest):
    def __init__(self, domain_id: str) -> None:
        super().__init__(f"domain {domain_id} not found")

class DomainNotLinkedToPool(BadRequest):
    def __init__(self, domain_id: str) -> None:
        super().__init__(f"domain {domain_id} is not linked to the DIPP")

class EmptyPoolNotLinkable(BadRequest):
    text = "a DIPP without IPs cannot be linked to a domain"

class PoolUnchanged(BadRequest):
    text = "no changes to apply: the DIPP already matches the request"

class ReplacementIpAndPool(BadRequest):
    text = "specify either ip or pool_id, not both"

class PoolHoldsIps(BadRequest):
    text = "the DIPP contains IPs: a replacement IP (ip) or DIPP (pool_id) is required"

class ReplacementIsTheDeletedPool(BadRequest):
    text = "the replacement DIPP cannot be the DIPP being deleted"

class ReplacementPoolNotFound(BadRequest):
    text = "replacement DIPP not found"

class ReplacementPoolEmpty(BadRequest):
    text = "the replacement DIPP must contain at least one IP"

class ReplacementIpInAnotherPool(BadRequest):
    def __init__(self, ip: str, pool_id: str) -> None:
        super().__init__(f"replacement IP {ip} belongs to another DIPP ({pool_id})")

class IpNotFoundInPool(NotFound):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} not found in the DIPP")

class SpilloverPoolNotFound(BadRequest):
    def __init__(self, pool_id: str) -> None:
        super().__init__(f"DIPP '{pool_id}' not found")


# -- domains and their IPs -----------------------------------------------------------------

class DomainNotFound(NotFound):
    text = "Domain not found"

class IpDomainsPaging(BadRequest):
    text = "limit must be at least 1, skip at least 0"

class IpOrPoolRequired(BadRequest):
    text = "specify either ip or pool_id"

class ReplacementIpOrPoolRequired(BadRequest):
    text = "either ip or pool_id must be specified, but not both"

class PoolWithoutDedicatedIps(BadRequest):
    text = "the DIPP must contain dedicated IPs"

class DomainIpsFollowPool(BadRequest):
    text = "domain IPs cannot be changed while a DIPP is linked to it"

class IpNotAssignedToDomain(NotFound):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} is not assigned to the domain")

class NoPoolLinked(NotFound):
    text = "no DIPP is linked to the domain"


# -- dynamic IP pools ----------------------------------------------------------------------

class DynamicPoolsNotEnabled(Forbidden):
    text = "the Dynamic IP Pools feature is not enabled for this account"

class InvalidDynamicPoolName(BadRequest):
    def __init__(self, name: str) -> None:
        super().__init__(f"invalid pool name '{name}'")

class IpInAnotherDynamicPool(BadRequest):
    def __init__(self, ip: str, pool: str) -> None:
        super().__init__(f"IP {ip} is already in dynamic pool {pool}")

class IpListedTwice(BadRequest):
    text = "an IP is listed more than once"

class IpInTwoDynamicPools(BadRequest):
    def __init__(self, ip: str, first: str, second: str) -> None:
        super().__init__(f"IP {ip} is in both {first} and {second}")

class DynamicPoolAllWarming(BadRequest):
    """A dynamic pool keeps an IP to send from; warming ones do not count."""

    def __init__(self, pool: str) -> None:
        super().__init__(f"dynamic pool {pool} must contain at least 1 IP that is not warming")

class DynamicPoolHasEnrolledDomains(BadRequest):
    def __init__(self, pool: str) -> None:
        super().__init__(f"dynamic pool {pool} has enrolled domains and must keep at least 1 "
                         "IP that is not warming")

class DomainsStillEnrolled(BadRequest):
    text = "all domains must be removed from dynamic pools first"

class AddOrRemoveIpRequired(BadRequest):
    text = "add_ip or remove_ip is required"

class IpNotInDynamicPool(BadRequest):
    def __init__(self, ip: str, pool: str) -> None:
        super().__init__(f"IP {ip} is not in dynamic pool {pool}")

class DomainAlreadyEnrolled(BadRequest):
    def __init__(self, name: str) -> None:
        super().__init__(f"domain {name} is already enrolled in dynamic pools")

class DynamicPoolsNotConfigured(BadRequest):
    text = "dynamic pools are not configured: dynamic_new has no IPs"

class OneReplacementRequired(BadRequest):
    text = "exactly one of replacement_ip or replacement_pool_id is required"

def _not_enrolled(name: str) -> str:
    return f"domain {name} is not enrolled in dynamic pools"

class DomainNotEnrolled(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__(_not_enrolled(name))

class OverrideOfUnenrolledDomain(BadRequest):
    def __init__(self, name: str) -> None:
        super().__init__(_not_enrolled(name))

class SharedWithDedicatedIps(BadRequest):
    text = "'shared' cannot be combined with dedicated IPs"

class ReplacementIpInPool(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"replacement IP {ip} is already in a dedicated or dynamic IP pool")

class InvalidChoice(BadRequest):
    def __init__(self, name: str, value: str, choices: str) -> None:
        super().__init__(f"invalid {name} '{value}': use {choices}")

class InvalidOverridePool(InvalidParameter):
    def __init__(self, pool: str | None) -> None:
        super().__init__("pool", pool or "")


# -- domain webhooks (v3 and v4) -----------------------------------------------------------

class InvalidWebhookUrl(WebhookReason):
    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{url} is not a valid url: {problem}")

class InvalidWebhookType(BadRequest):
    def __init__(self, event: str) -> None:
        super().__init__(f"'{event}' is not a valid webhook type")

TOO_MANY_URLS = f"Maximum of {MAX_WEBHOOK_URLS} urls for a given webhook type"

class WebhookNotFound(NotFound):
    text = "Webhook not found"

class WebhookExists(BadRequest):
    def __init__(self, event: str) -> None:
        super().__init__(f"Webhook with the id '{event}' already exists")

class InvalidWebhookParameters(WebhookReason):
    """The v4 webhook 400s: documented by the PUT's example, inferred for the others."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"invalid parameters: {detail}")

class WebhookParameterRequired(InvalidWebhookParameters):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is required")

class TooManyWebhookUrlsReason(WebhookReason):
    text = TOO_MANY_URLS

class WebhookUrlExists(WebhookReason):
    def __init__(self, event: str, url: str) -> None:
        super().__init__(f"Webhook for event type '{event}' with URL '{url}' already exists")

class WebhookUrlNotFound(DescriptionNotFound):
    text = "Webhook not found"


# -- account webhooks ----------------------------------------------------------------------

class InvalidAccountWebhookUrl(InvalidParameter):
    def __init__(self) -> None:
        super().__init__("url", "missing or invalid url parameter")

class NoEventTypes(InvalidParameter):
    def __init__(self) -> None:
        super().__init__("event_types", "")

class DuplicateEventTypes(InvalidParameter):
    def __init__(self, events: Iterable[str]) -> None:
        super().__init__("event_types",
                         "duplicate event types: " + ", ".join(f"'{e}'" for e in events))

class InvalidWebhookId(InvalidParameter):
    def __init__(self) -> None:
        super().__init__("webhook_id", "is not valid")

class InvalidEventType(DescriptionNotFound):
    def __init__(self, event: str) -> None:
        super().__init__(f"event_type '{event}' is invalid")

class AccountWebhookUrlExists(DescriptionConflict):
    def __init__(self, url: str | None, event: str) -> None:
        super().__init__(f"url {url} already exists for event type {event}")

class AccountWebhookUrlLimit(DescriptionConflict):
    def __init__(self, event: str) -> None:
        super().__init__(f"unable to add more than {MAX_WEBHOOK_URLS} urls for event type "
                         f"{event}")

class WebhookIdNotFound(DescriptionNotFound):
    def __init__(self, webhook_id: str) -> None:
        super().__init__(f"webhook_id not found: {webhook_id}")

class AccountWebhookNotFound(DescriptionNotFound):
    """The read's documented 404, shorter than the update's and delete's."""

    text = "webhook not found"

class MalformedWebhookIds(BadRequest):
    text = ("Invalid parameter: webhook_ids malformed webhook_ids parameter: "
            "empty values not allowed")

class WebhookIdsOrAllRequired(BadRequest):
    text = "Invalid parameter: webhook_ids or all=true is required"

class NoAccountWebhooks(DescriptionNotFound):
    text = "no webhooks found for account"


# -- the account's signing key -------------------------------------------------------------

class NoHttpSigningKey(BadRequest):
    text = NO_HTTP_SIGNING_KEY


# -- subaccounts ---------------------------------------------------------------------------

class SubaccountNotFound(NotFound):
    text = "Not Found"

class SubaccountBadRequest(BadRequest):
    """The documented answer to a subaccount create or delete without its parameter."""

    text = "Bad request"

class SubaccountForbidden(Forbidden):
    text = "Forbidden"

class NoValidFeatureUpdates(BadRequest):
    text = "No valid updates provided"

class NotASubaccount(BadRequest):
    text = "Not a subaccount"

class NoMonthlyLimit(NotFound):
    text = "No threshold for account"

class InvalidSubaccountId(BadRequest):
    text = "Invalid subaccount ID"

class InvalidMonthlyLimit(BadRequest):
    text = "limit must be a number, 0 or more"

class MonthlyLimitNotDeletable(BadRequest):
    text = "Could not delete threshold for account"

class SubaccountAlready(BadRequest):
    def __init__(self, state: str) -> None:
        super().__init__(f"subaccount is already {state}")

class CentralizedIpAssignmentNotEnabled(Forbidden):
    text = "the centralized IP assignment feature is not enabled"

class SubaccountsOrAll(BadRequest):
    text = "specify subaccount_id or all_subaccounts=true, not both"

class SubaccountsRequired(BadRequest):
    text = "subaccount_id or all_subaccounts=true is required"

class LinkOrUnlinkRequired(BadRequest):
    text = "link_ip or unlink_ip is required"

class DynamicPoolIpNotLinkable(BadRequest):
    def __init__(self, ip: str) -> None:
        super().__init__(f"IP {ip} is in a dynamic IP pool and cannot be linked")

class IpInSubaccountPool(BadRequest):
    def __init__(self, ip: str, subaccount_id: str) -> None:
        super().__init__(f"IP {ip} is in an IP pool of subaccount {subaccount_id}")

class IpOnSubaccountDomain(BadRequest):
    def __init__(self, ip: str, domain: str, subaccount_id: str) -> None:
        super().__init__(f"IP {ip} is assigned to domain {domain} of subaccount "
                         f"{subaccount_id}")

class DetailedIpViewNotEnabled(Forbidden):
    text = "the detailed IP view feature is not enabled for this account"

class PoolNotDelegated(NotFound):
    text = "the DIPP is not delegated to that subaccount"

class AccountNotFound(NotFound):
    """The legacy delegation's unknown subaccount, and the delegated-DIPP list's 404."""

    text = "account not found"

class InvalidRequestParameters(BadRequest):
    """The legacy delegation's answer to any bad parameter."""

    text = "invalid request parameters"


# -- API keys ------------------------------------------------------------------------------

class ForbiddenByRole(Forbidden):
    """The generic 403 a key's role earns (REFERENCE 1.4's ``{"message": "Forbidden"}``)."""

    text = "Forbidden"

class NoSuchKey(NotFound):
    text = "no key matching id"

class BadKeyKind(BadRequest):
    text = "expected `kind` param to be one of [domain user web] or absent"

class BadKeyRole(BadRequest):
    text = "expected `role` param to be one of [admin basic sending developer]"

class BadKeyExpiration(BadRequest):
    text = "expected `expiration` param to be a whole number of seconds greater than 0"

class SendingKeyNotOfDomain(BadRequest):
    text = "a key of role `sending` must be of kind domain"

class DomainKeyWithoutDomain(BadRequest):
    text = "a key of kind domain needs a `domain_name`"

class PrimaryKeyKept(BadRequest):
    text = "the account's own key cannot be deleted (it is the emulator's --api-key)"


# -- the emulator's own admin API (``/_emulator``) -----------------------------------------

class AdminNotLoopbackClient(Forbidden):
    text = "the emulator's admin API answers loopback clients only"

class AdminNotLoopbackHost(Forbidden):
    text = ("the emulator's admin API answers requests for a loopback host only"
            " (Host: 127.0.0.1, localhost or [::1])")

class AdminNeedsJson(EmulatorError):
    status = 415

    def __init__(self, method: str) -> None:
        super().__init__(f"the emulator's admin API takes {method} with Content-Type:"
                         " application/json only ({} will do when there is nothing to"
                         " send), so that no web page can send it")

class UnknownSettings(BadRequest):
    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(f"unknown settings: {', '.join(names)}")

class BadLagReads(BadRequest):
    text = "async_lag_reads must be a whole number, 0 or more"

class BadLagScope(BadRequest):
    text = "async_lag_scope must be 'documented' or 'every_started_write'"

class BadFaultRule(BadRequest):
    def __init__(self, problem: object) -> None:
        super().__init__(f"bad fault rule: {problem}")
