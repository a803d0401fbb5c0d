"""Webhook URLs: https (http only for named hosts), at most 3 per event, known events, and
hosts from an allowed list when one is given."""

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
    StackValidationArgs,
    StackValidationPolicy,
)

from mailgun_infra.facts import ACCOUNT_WEBHOOK, MAX_WEBHOOK_URLS, WEBHOOK, WEBHOOK_EVENTS

from ._read import of_type, strings


def _urls(resource: PolicyResource) -> list[str]:
    if resource.resource_type == WEBHOOK:
        return strings(resource.props, "urls")
    return [str(resource.props.get("url"))]


def _events(resource: PolicyResource) -> list[str]:
    if resource.resource_type == WEBHOOK:
        return [str(resource.props.get("event"))]
    return strings(resource.props, "event_types")


def _hooks(args: StackValidationArgs) -> Iterator[PolicyResource]:
    yield from of_type(args, WEBHOOK, ACCOUNT_WEBHOOK)


def _https(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    config: dict[str, Any] = dict(args.get_config() or {})
    allowed_http = {h.lower() for h in config.get("allowHttpHosts") or []}
    for hook in _hooks(args):
        for url in _urls(hook):
            parsed = urlparse(url)
            if parsed.scheme == "https":
                continue
            if parsed.scheme == "http" and (parsed.hostname or "").lower() in allowed_http:
                continue
            report_violation(
                f"webhook URL {url} does not use https: event data would cross the internet "
                "in clear text (allowHttpHosts lists hosts allowed over http).", hook.urn)


def _limits_and_events(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    # Domain webhooks: per domain and event. Account webhooks: per event, across the stack.
    per_event: dict[tuple[str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str], PolicyResource] = {}
    for hook in _hooks(args):
        scope = (str(hook.props.get("domain")) if hook.resource_type == WEBHOOK
                 else "the account")
        for event in _events(hook):
            if event not in WEBHOOK_EVENTS:
                report_violation(f"'{event}' is not a webhook event Mailgun knows "
                                 f"({', '.join(WEBHOOK_EVENTS)}).", hook.urn)
                continue
            per_event[(scope, event)].update(_urls(hook))
            first.setdefault((scope, event), hook)
    for (scope, event), urls in sorted(per_event.items()):
        if len(urls) > MAX_WEBHOOK_URLS:
            report_violation(
                f"{len(urls)} URLs for {event} on {scope}: Mailgun allows "
                f"{MAX_WEBHOOK_URLS} per event.", first[(scope, event)].urn)


def _allowed_hosts(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    allowed = {h.lower() for h in (args.get_config() or {}).get("allowedHosts") or []}
    if not allowed:
        return
    for hook in _hooks(args):
        for url in _urls(hook):
            host = (urlparse(url).hostname or "").lower()
            if host not in allowed and not any(host.endswith("." + a) for a in allowed):
                report_violation(f"webhook host {host} is not in allowedHosts: events would "
                                 "go to a receiver nobody approved.", hook.urn)


webhook_urls_use_https = StackValidationPolicy(
    name="webhook-urls-use-https",
    description="Webhook and AccountWebhook URLs use https (http only for hosts the config "
                "names, such as a local receiver in dev).",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_https,
    config_schema=PolicyConfigSchema(properties={
        "allowHttpHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                           "description": "Hosts that may receive webhooks over http."},
    }),
)

webhook_urls_per_event = StackValidationPolicy(
    name="webhook-urls-per-event",
    description="At most 3 URLs per event (per domain; across the stack's account "
                "webhooks), and only event names Mailgun knows.",
    enforcement_level=EnforcementLevel.MANDATORY,
    validate=_limits_and_events,
)

webhook_hosts_allowed = StackValidationPolicy(
    name="webhook-hosts-allowed",
    description="Webhook hosts (or their parent domains) are in the config's allowedHosts, "
                "when it gives any.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=_allowed_hosts,
    config_schema=PolicyConfigSchema(properties={
        "allowedHosts": {"type": "array", "items": {"type": "string"}, "default": [],
                         "description": "Hosts (and their subdomains) webhooks may use."},
    }),
)
