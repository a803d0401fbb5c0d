"""The command: its flags, where the key and the region come from, progress on stderr,
and every failure told in one line."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from ..client import (
    APIError,
    MailgunError,
    RouteNotFound,
    TransportError,
    Unauthorized,
    default_retry,
)
from ..config import ProviderSettings
from ..facts import masked
from ..resources import RETRY_BACKOFF
from .entries import KIND_KEYS, SPEC_KEY, Discovered, DiscoverError, Say
from .reader import DOMAIN_KINDS, AccountReader, discover
from .render import header, render_python, render_yaml
from .split import ACCOUNT, MAX_DOMAINS, MAX_OBJECTS, SPLITS, placed_groups, split
from .stack_file import merge_into_stack, read_stack_file, stack_api_key, stack_config_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mailgun-infra discover",
        description="Write an existing Mailgun account as a stack spec (or a Pulumi program) "
                    "whose first `up` adopts every object without a write.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region", choices=("us", "eu"), help="the account's region")
    where.add_argument("--api-url", metavar="URL", help="an API base URL (the emulator)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write here instead of stdout")
    out.add_argument("--stack", metavar="NAME",
                     help="merge into this stack's config file (and read its key and "
                          "region when no other is given)")
    parser.add_argument("--force", action="store_true",
                        help="with --stack: replace entries that say something else")
    parser.add_argument("--only", type=_kinds, default=KIND_KEYS, metavar="KIND[,KIND]",
                        help=f"only these kinds: {', '.join(KIND_KEYS)}")
    parser.add_argument("--domain", action="append", default=[], metavar="DOMAIN",
                        help="only these domains' objects (" + ", ".join(sorted(DOMAIN_KINDS))
                             + "); repeatable")
    parser.add_argument("--split", choices=SPLITS, metavar="domain|subaccount",
                        help="write several stacks: the account's objects, groups of whole "
                             "domains and (by subaccount) one per subaccount; with --stack "
                             "PREFIX into stacks PREFIX-account, PREFIX-domains-01, ..., with "
                             "-o DIR into DIR/account.yaml, ...")
    parser.add_argument("--max-objects", type=int, default=MAX_OBJECTS, metavar="N",
                        help=f"with --split: at most N objects a stack (default {MAX_OBJECTS})")
    parser.add_argument("--max-domains", type=int, default=MAX_DOMAINS, metavar="N",
                        help="with --split: at most N domains a domains-NN stack (default "
                             f"{MAX_DOMAINS}: each is a read of the domains API, 300 a "
                             "minute, in every preview)")
    parser.add_argument("--format", choices=("yaml", "python"), default="yaml",
                        help="a spec (default) or a Pulumi program of the same objects")
    parser.add_argument("--cwd", type=Path, default=Path("."),
                        help="the Pulumi project's folder, for --stack")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.force and not args.stack:
        parser.error("--force goes with --stack")
    if args.stack and args.format != "yaml":
        parser.error("--stack merges a spec: --format python writes a program, use -o")
    if args.split and (args.format != "yaml" or not (args.stack or args.output)):
        parser.error("--split writes specs: give --stack PREFIX or -o DIR")

    def say(message: str) -> None:
        if not args.quiet:
            print(f"discover: {message}", file=sys.stderr)

    api_key = ""
    base_url = args.api_url or args.region or "the API"
    try:
        settings, stack_file = _settings(args)
        api_key = settings.api_key
        # The provider's back-off between retries, scaled as mailgun:waitScale says.
        retry = default_retry(backoff_factor=RETRY_BACKOFF * settings.wait_scale)
        reader = AccountReader(api_key, region=settings.region, api_url=settings.api_url,
                               retry=retry)
        base_url = reader.base_url
        say(f"reading {base_url}")
        found = discover(reader, only=args.only, domains=args.domain, say=say)
        if args.split:
            _write_parts(args, found, say)
        elif stack_file is not None:
            merge_into_stack(stack_file, found, args.force, say,
                             (args.cwd.resolve(), args.stack))
            say(f"{found.count()} objects merged into {stack_file}")
        else:
            text = render_python(found) if args.format == "python" else \
                "\n".join(render_yaml(found.kinds, found.remarks, header(found.source))) + "\n"
            if args.output:
                args.output.write_text(text)
                say(f"{found.count()} objects written to {args.output}")
            else:
                sys.stdout.write(text)
            if found.secrets.values():
                say(f"{len(found.secrets.values())} webhook URL(s) with credentials are not "
                    "written: set the secret config values the REVIEW lines name (--stack "
                    "does it for you)")
    except (DiscoverError, MailgunError, ValueError) as error:
        message = masked(explain(error, base_url))
        if api_key:
            message = message.replace(api_key, "***")
        print(f"mailgun-infra discover: error: {message}", file=sys.stderr)
        return 1
    return 0


def _settings(args: argparse.Namespace) -> tuple[ProviderSettings, Path | None]:
    """The key, region and URL: a flag first, then the stack's config, then the
    environment; the key from ``MAILGUN_API_KEY`` before the stack's."""
    values: dict[str, str] = {}
    stack_file = None
    stack = f"{args.stack}-{ACCOUNT}" if args.stack and args.split else args.stack
    if stack:
        stack_file = stack_config_file(args.cwd.resolve(), stack)
        config = read_stack_file(stack_file)[1].get("config") or {}
        values = {key: str(config[key]) for key in ("mailgun:region", "mailgun:apiUrl")
                  if isinstance(config.get(key), str)}
    # GETs only: the read key (least privilege) first; the client reads with this one key.
    key = os.environ.get("MAILGUN_READ_API_KEY") or os.environ.get("MAILGUN_API_KEY") or ""
    if not key and stack:
        key = (stack_api_key(args.cwd.resolve(), stack, "mailgun:readApiKey")
               or stack_api_key(args.cwd.resolve(), stack))
    if not key:
        raise DiscoverError("no Mailgun API key: set MAILGUN_API_KEY (or MAILGUN_READ_API_KEY"
                            "), or give --stack NAME of a stack with mailgun:apiKey")
    settings = ProviderSettings.from_config({**values, "mailgun:apiKey": key}.get)
    # A flag names the one place to read, whatever the config or the environment say.
    if args.api_url:
        settings = replace(settings, api_url=args.api_url)
    elif args.region:
        settings = replace(settings, region=args.region, api_url=None)
    return settings, stack_file


def _write_parts(args: argparse.Namespace, found: Discovered, say: Say) -> None:
    """``found`` split into stacks: merged into PREFIX-<part>'s config files (a domain or
    subaccount a stack declares already stays there), or written as DIR/<part>.yaml."""
    if args.stack:
        project = args.cwd.resolve()
        files = {part: stack_config_file(project, f"{args.stack}-{part}") for part in
                 _existing_parts(stack_config_file(project, args.stack))}
        specs = {part: (read_stack_file(path)[1].get("config") or {}).get(SPEC_KEY) or {}
                 for part, path in files.items()}
        parts = split(found, args.max_objects, args.split, placed_groups(specs, args.split),
                      args.max_domains)
        for part in parts:
            name = f"{args.stack}-{part.name}"
            merge_into_stack(stack_config_file(project, name), part.found, args.force, say,
                             (project, name))
            say(f"{part.found.count()} objects merged into stack {name}")
    else:
        parts = split(found, args.max_objects, args.split, max_domains=args.max_domains)
        args.output.mkdir(parents=True, exist_ok=True)
        for part in parts:
            path = args.output / f"{part.name}.yaml"
            path.write_text("\n".join(render_yaml(part.found.kinds, part.found.remarks,
                                                  header(found.source))) + "\n")
            say(f"{part.found.count()} objects written to {path}")
        if found.secrets.values():
            say(f"{len(found.secrets.values())} webhook URL(s) with credentials are not "
                "written: set the secret config values the REVIEW lines name in each stack")
    say(f"{len(parts)} stacks: {', '.join(part.name for part in parts)}")


def _existing_parts(prefix_file: Path) -> list[str]:
    """The parts whose config files exist beside ``prefix_file`` (Pulumi.PREFIX.yaml)."""
    prefix = prefix_file.name.removesuffix(".yaml") + "-"
    return sorted(path.name.removeprefix(prefix).removesuffix(".yaml")
                  for path in prefix_file.parent.glob(f"{prefix}*.yaml"))


def explain(error: Exception, base_url: str) -> str:
    """A failure in one line, with what to do about it."""
    if isinstance(error, Unauthorized) and error.status == 401:
        return (f"{base_url} refused the API key ({error.message}): check MAILGUN_API_KEY or "
                "the stack's mailgun:apiKey, and the region (--region eu for an EU account)")
    if isinstance(error, TransportError):
        return f"no answer from {base_url} ({error.reason}): check --api-url or --region"
    if isinstance(error, RouteNotFound):
        return (f"{base_url} does not answer like Mailgun's API ({error.status} on "
                f"{error.method} {error.path}): check --api-url or --region")
    if isinstance(error, APIError):
        return f"Mailgun answered {error}"
    return str(error)


def _kinds(text: str) -> tuple[str, ...]:
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KIND_KEYS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown) or '(none)'}: choose from {', '.join(KIND_KEYS)}")
    return kinds
