"""Webhook URLs: https (http only for named hosts), at most 3 per event, known events,
hosts from an allowed list when one is given, and one resource per domain, event and URL.

A domain's webhooks have two APIs: v3 (Webhook: one event, its URLs) and v4
(DomainWebhookUrl: one URL, its events). Both show and change the same URLs, so the
limits count them together. A Webhook writes its event's whole URL list: the URLs a
DomainWebhookUrl manages must be in its ``foreign_urls``, or its next write drops them.

Policies see secret inputs in plain text: a URL in a message shows its credentials masked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import (
    ACCOUNT_WEBHOOK,
    DOMAIN_WEBHOOK_URL,
    MAX_WEBHOOK_URLS,
    WEBHOOK,
    WEBHOOK_EVENTS,
    masked,
)

from ._about import rule_url
from ._read import kind_and_name, of_type, strings

HOOK_TYPES = (WEBHOOK, DOMAIN_WEBHOOK_URL, ACCOUNT_WEBHOOK)


def _urls(resource: PolicyResource | ResourceValidationArgs) -> list[str]:
    if resource.resource_type == WEBHOOK:
        return strings(resource.props, "urls")
    return [str(resource.props.get("url"))]


def _events(resource: PolicyResource) -> list[str]:
    if resource.resource_type == WEBHOOK:
        return [str(resource.props.get("event"))]
    return strings(resource.props, "event_types")


def _hooks(args: StackValidationArgs) -> Iterator[PolicyResource]:
    yield from of_type(args, *HOOK_TYPES)


def _https(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.resource_type not in HOOK_TYPES:
        return
    config: dict[str, Any] = dict(args.get_config() or {})
    allowed_http = {h.lower() for h in config.get("allowHttpHosts") or []}
    for url in _urls(args):
        parsed = urlparse(url)
        if parsed.scheme == "https":
            continue
        if parsed.scheme == "http" and (parsed.hostname or "").lower() in allowed_http:
            continue
        report_violation(
            f"webhook URL {masked(url)} does not use https: event data would cross the "
            "internet in clear text (allowHttpHosts lists hosts allowed over http).",
            args.urn)


def _limits_and_events(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    # Domain webhooks: per domain and event. Account webhooks: per event, across the stack.
    per_event: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str], PolicyResource] = {}
    for hook in _hooks(args):
        scope = ("the account" if hook.resource_type == ACCOUNT_WEBHOOK
                 else str(hook.props.get("domain")))
        for event in _events(hook):
            if event not in WEBHOOK_EVENTS:
                report_violation(f"'{event}' is not a webhook event Mailgun knows "
                                 f"({', '.join(WEBHOOK_EVENTS)}).", hook.urn)
                continue
            per_event[(scope, event)].update(_urls(hook))
            if hook.resource_type == WEBHOOK:
                # Managed elsewhere, but they take places on the event all the same.
                per_event[(scope, event)].update(strings(hook.props, "foreign_urls"))
            first.setdefault((scope, event), hook)
    for (scope, event), urls in sorted(per_event.items()):
        if len(urls) > MAX_WEBHOOK_URLS:
            report_violation(
                f"{len(urls)} URLs for {event} on {scope}: Mailgun allows "
                f"{MAX_WEBHOOK_URLS} per event.", first[(scope, event)].urn)


def _allowed_hosts(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    allowed = {h.lower() for h in (args.get_config() or {}).get("allowedHosts") or []}
    if not allowed or args.resource_type not in HOOK_TYPES:
        return
    for url in _urls(args):
        host = (urlparse(url).hostname or "").lower()
        if host not in allowed and not any(host.endswith("." + a) for a in allowed):
            report_violation(f"webhook host {host} is not in allowedHosts: events would "
                             "go to a receiver nobody approved.", args.urn)


def _one_owner(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    # What each API writes as a whole: a Webhook the URL list of one event, a
    # DomainWebhookUrl the events of one URL (its PUT replaces them, on every event).
    webhooks: dict[tuple[str, str], list[PolicyResource]] = defaultdict(list)
    v4: dict[tuple[str, str], list[PolicyResource]] = defaultdict(list)
    for hook in of_type(args, WEBHOOK):
        webhooks[(_domain(hook), str(hook.props.get("event")))].append(hook)
    for hook in of_type(args, DOMAIN_WEBHOOK_URL):
        v4[(_domain(hook), str(hook.props.get("url")))].append(hook)
    for (domain, url), hooks in sorted(v4.items()):
        if len(hooks) > 1:
            report_violation(
                f"URL {masked(url)} of {domain} is managed by {_names(hooks)}: each sets the URL's "
                "events and would undo the other's. Declare it once.", hooks[-1].urn)
    for (domain, event), hooks in sorted(webhooks.items()):
        if len(hooks) > 1:
            report_violation(
                f"the {event} URLs of {domain} are managed by {_names(hooks)}: each writes "
                "the event's whole URL list and would undo the other's. Declare it once.",
                hooks[-1].urn)
        for hook in hooks:
            own = strings(hook.props, "urls")
            kept = {*own, *strings(hook.props, "foreign_urls")}
            for url in own:
                if v4.get((domain, url)):
                    report_violation(
                        f"{event} events of {domain} to {masked(url)} are managed by "
                        f"{_names([hook, *v4[(domain, url)]])}: a DomainWebhookUrl sets its "
                        "URL's events on every event of the domain, so each would undo the "
                        "other's changes. Keep the URL in one of them.", hook.urn)
            for (v4_domain, url), owners in sorted(v4.items()):
                if v4_domain != domain or url in kept:
                    continue
                for owner in owners:
                    if event in strings(owner.props, "event_types"):
                        report_violation(
                            f"{event} events of {domain} to {masked(url)} are managed by "
                            f"{kind_and_name(owner)}, but {kind_and_name(hook)} writes every "
                            "URL of that event and does not list it in foreign_urls: its "
                            "next write removes the URL. Add it to the Webhook's "
                            "foreign_urls.", hook.urn)


def _domain(hook: PolicyResource) -> str:
    return str(hook.props.get("domain")).lower()


def _names(resources: list[PolicyResource]) -> str:
    return " and ".join(sorted(kind_and_name(r) for r in resources))


webhook_urls_use_https = ResourceValidationPolicy(
    name="webhook-urls-use-https",
    description="Webhook, DomainWebhookUrl and AccountWebhook URLs use https (http only "
                "for hosts the config names, such as a local receiver in dev).",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_https,
    config_schema=PolicyConfigSchema(properties={
        "allowHttpHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                           "description": "Hosts that may receive webhooks over http."},
    }),
    severity=Severity.HIGH,
    remediation_steps="Use an https URL; for a local receiver in dev, list its host in "
                      "allowHttpHosts.",
    url=rule_url("webhook-urls-use-https"),
    tags=["webhooks", "Webhook", "DomainWebhookUrl", "AccountWebhook"],
)

webhook_urls_per_event = StackValidationPolicy(
    name="webhook-urls-per-event",
    description="At most 3 URLs per event (per domain, v3 and v4 together; across the "
                "stack's account webhooks), and only event names Mailgun knows.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_limits_and_events,
    severity=Severity.MEDIUM,
    remediation_steps="Keep at most 3 URLs per event (a Webhook's urls and foreign_urls and "
                      "the DomainWebhookUrls count together) and use event names Mailgun "
                      "knows.",
    url=rule_url("webhook-urls-per-event"),
    tags=["webhooks", "Webhook", "DomainWebhookUrl", "AccountWebhook"],
)

webhook_hosts_allowed = ResourceValidationPolicy(
    name="webhook-hosts-allowed",
    description="Webhook hosts (or their parent domains) are in the config's allowedHosts, "
                "when it gives any.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_allowed_hosts,
    config_schema=PolicyConfigSchema(properties={
        "allowedHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                         "description": "Hosts (and their subdomains) webhooks may use."},
    }),
    severity=Severity.HIGH,
    remediation_steps="Send webhooks to a host in allowedHosts, or have the receiver "
                      "approved and add its host there.",
    url=rule_url("webhook-hosts-allowed"),
    tags=["webhooks", "Webhook", "DomainWebhookUrl", "AccountWebhook"],
)

webhook_url_has_one_owner = StackValidationPolicy(
    name="webhook-url-has-one-owner",
    description="A domain's webhook URL has one owner: one Webhook per event, one "
                "DomainWebhookUrl per URL, never a URL in both; a Webhook lists in "
                "foreign_urls the URLs of its event that a DomainWebhookUrl manages.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_one_owner,
    severity=Severity.HIGH,
    remediation_steps="Declare each URL once: one Webhook per domain and event, or one "
                      "DomainWebhookUrl per URL, and list a DomainWebhookUrl's URL in the "
                      "foreign_urls of its event's Webhook.",
    url=rule_url("webhook-url-has-one-owner"),
    tags=["webhooks", "Webhook", "DomainWebhookUrl"],
)
