"""``mailgun-infra audit``: the policy pack's rules over the Mailgun account itself, with no
stack of the team's.

    mailgun-infra audit [--api-url URL | --region us|eu] [--policy-pack DIR]
        [--policy-pack-config FILE]... [--summary FILE] [--json FILE]
    python -m mailgun_infra.audit ...   (the same)

It reads the account as ``mailgun-infra discover`` does (GETs only, with
``MAILGUN_READ_API_KEY``, else ``MAILGUN_API_KEY``) and previews what it found, every
object adopted, in a throwaway stack: a temporary folder, a file backend there and a
random passphrase that is never shown, all deleted afterwards. The preview runs the pack,
so each rule judges the account exactly as it judges a review of a change, and the
provider is given the read key alone, so nothing can be written. The review lists each
violation with the object it names, its level, severity and remediation; rules that could
not check something (a value Mailgun assigns only when an object is created) are listed
apart, as ``ci preview`` does.

It writes to stdout, to ``$GITHUB_STEP_SUMMARY`` when set, to ``--summary``, and as JSON to
``--json``. Exit codes: 0 no mandatory finding (advisory ones are listed); 2 a mandatory
finding; 1 an error (no key, a key Mailgun refused, no pack).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from . import ci
from .client import MailgunError
from .discover import AccountReader, Discovered, DiscoverError, discover, explain
from .drift import publish
from .facts import masked
from .policy_pack import installed_pack
from .spec import SpecError, StackSpec, build, parse_spec

CLEAN, ERROR, MANDATORY = 0, 1, 2
PROJECT, STACK = "mailgun-infra-audit", "audit"
DEFAULT_PACK = "policies"


class Audit(ci.Review):
    """A preview's review, told of the account: the violations and what could not be
    checked, no changes (every object is adopted as it is)."""

    def __init__(self, account: str, rules: dict[tuple[str, str], ci.Rule]) -> None:
        super().__init__("audit", STACK, rules)
        self.account = account
        self.objects = 0

    def exit_code(self, fail_on_replace: bool = False, accept_unverified: bool = True) -> int:
        if self.error is not None:
            return ERROR
        return MANDATORY if self.mandatory else CLEAN

    def markdown(self) -> str:
        lines = [f"## Audit of the Mailgun account at {self.account}", ""]
        violations = [v for v in self.violations if not v.could_not_run]
        if self.error:
            lines.append(f"**Error:** {self.error}")
        else:
            mandatory = len(self.mandatory)
            lines.append(f"{self.objects} objects read; {mandatory} mandatory and "
                         f"{len(violations) - mandatory} advisory finding(s).")
        if violations:
            lines += ["", "### Policy violations", "",
                      "| level | severity | pack | policy | object | message |",
                      "|---|---|---|---|---|---|"]
            lines += [ci.violation_row(v) for v in violations]
        if self.unverified:
            lines += ["", "### Unverified", "",
                      "These rules could not check everything they judge here.", "",
                      "| pack | policy | what could not be checked |", "|---|---|---|"]
            lines += [ci.unverified_row(v) for v in self.unverified]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {"command": "audit", "account": self.account, "objects": self.objects,
                "violations": [asdict(v) for v in self.violations if not v.could_not_run],
                "unverified": [asdict(v) for v in self.unverified], "error": self.error}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mailgun-infra audit",
        description="Judge the Mailgun account itself with the policy pack's rules: reads "
                    "only, no stack needed.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--region", choices=("us", "eu"), help="the account's region")
    where.add_argument("--api-url", metavar="URL", help="an API base URL (the emulator)")
    parser.add_argument("--policy-pack", metavar="DIR",
                        help="the policy pack's folder (default: the one installed with "
                             "this package, `mailgun-infra policy-pack`)")
    parser.add_argument("--policy-pack-config", action="append", default=[], metavar="FILE")
    parser.add_argument("--summary", type=Path, help="also write the Markdown review here")
    parser.add_argument("--json", type=Path, help="write the review as JSON here")
    args = parser.parse_args(argv)

    region = args.region or os.environ.get("MAILGUN_REGION") or "us"
    api_url = args.api_url or (None if args.region else os.environ.get("MAILGUN_API_URL"))
    # GETs only: the read key (least privilege) first.
    key = os.environ.get("MAILGUN_READ_API_KEY") or os.environ.get("MAILGUN_API_KEY") or ""
    installed = installed_pack()
    pack = Path(args.policy_pack or installed or DEFAULT_PACK).resolve()
    audit = Audit(masked(api_url or region), ci.pack_rules([str(pack)]))
    try:
        if not key:
            raise DiscoverError("no Mailgun API key: set MAILGUN_READ_API_KEY (a read-only "
                                "key will do) or MAILGUN_API_KEY")
        if not (pack / "PulumiPolicy.yaml").is_file():
            raise DiscoverError(f"no policy pack in {pack}: give --policy-pack DIR")
        reader = AccountReader(key, region=region, api_url=api_url)
        audit.account = reader.base_url
        found = discover(reader)
        audit.objects = found.count()
        spec = _spec(found)
        _preview(audit, spec, key, region, api_url, pack, args.policy_pack_config)
    except (DiscoverError, MailgunError, SpecError, ValueError) as error:
        text = "; ".join(error.problems) if isinstance(error, SpecError) else \
            explain(error, audit.account)
        audit.error = _hidden(text, key)
    except auto.CommandError as error:
        audit.error = _hidden(ci.explain(error), key)
    publish(audit.markdown(), audit.to_json(), args.summary, args.json)
    return audit.exit_code()


def _hidden(text: str, key: str) -> str:
    """``text`` for people to read: URL credentials masked, the key never shown."""
    return masked(text).replace(key, "***") if key else masked(text)


def _spec(found: Discovered) -> StackSpec:
    """The discovered spec, its webhook URLs with credentials as the secrets they are."""
    urls = found.secrets.values()
    return parse_spec(found.spec(), secrets=lambda name: (urls[name], True)
                      if name in urls else None)


def _preview(audit: Audit, spec: StackSpec, key: str, region: str, api_url: str | None,
             pack: Path, pack_configs: list[str]) -> None:
    """Preview ``spec`` with the pack in a stack that lives as long as this call."""
    with tempfile.TemporaryDirectory(prefix="mailgun-infra-audit-") as folder:
        backend = Path(folder) / "backend"
        backend.mkdir()
        env = {"PULUMI_BACKEND_URL": backend.as_uri(),
               # Encrypts nothing anyone keeps: a fresh one each run, never shown.
               "PULUMI_CONFIG_PASSPHRASE": secrets.token_urlsafe(32),
               "PULUMI_CONFIG_PASSPHRASE_FILE": "",
               # The provider may read and never write: no key that can.
               "MAILGUN_READ_API_KEY": key, "MAILGUN_API_KEY": "",
               # The account discover read, whatever else the environment names.
               "MAILGUN_API_URL": api_url or "", "MAILGUN_REGION": region}
        def program() -> None:
            build(spec)

        settings = auto.ProjectSettings(name=PROJECT, runtime="python")
        stack = auto.create_stack(
            STACK, project_name=PROJECT, program=program,
            opts=auto.LocalWorkspaceOptions(work_dir=folder, project_settings=settings,
                                            env_vars=env))
        stack.set_config("mailgun:region", auto.ConfigValue(region))
        if api_url:
            stack.set_config("mailgun:apiUrl", auto.ConfigValue(api_url))
        try:
            stack.preview(policy_packs=[str(pack)],
                          policy_pack_configs=[str(Path(c).resolve()) for c in pack_configs]
                          or None, on_event=audit.on_event, color="never")
        except auto.CommandError:
            # A mandatory finding fails the preview too; the review already holds it.
            if not audit.mandatory:
                raise


if __name__ == "__main__":
    sys.exit(main())
