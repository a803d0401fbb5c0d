"""``mailgun-infra ci preview|up``: a Pulumi deployment for a CI job, with a review.

    mailgun-infra ci preview --stack NAME [--stack NAME|GLOB]... [--cwd DIR] [--policy-pack DIR]...
        [--policy-pack-config FILE]... [--summary FILE] [--json FILE] [--fail-on-replace]
        [--accept-unverified]
    python -m mailgun_infra.ci preview|up ...   (the same, without ``ci``)

Built on Pulumi's Automation API, so it serves any Pulumi project that uses these
resources. It writes a Markdown review (counts per operation; replacements and deletes
first with the properties that cause them; updates with the properties that change; every
policy violation) to stdout, to ``$GITHUB_STEP_SUMMARY`` when set and to ``--summary``, and
the same as JSON to ``--json``. Property names are shown, never values, so no secret is;
the texts it quotes (policy messages, the error) show any URL's credentials masked.

Each violation shows its rule's severity and remediation steps and links the rule's
documentation. pulumi-policy gives the engine a rule's remediation and URL once, when the
pack loads, and its violations carry neither; they carry the severity, which Pulumi's
Python Automation API does not pass on. So all three come from the rules of each
``--policy-pack`` that is this project's pack (``mailgun_policies`` in its folder).

Without ``--policy-pack`` it checks with the pack installed with this package
(``mailgun-infra policy-pack``).

``up`` previews with the policy packs first and applies only a clean preview: the pack's
stack policies run only after the changes are applied during an update, so the gate must
be the preview.

A rule that could not check something is listed under "Unverified", apart from the
violations: the account could not be read for it (no key, a key Mailgun refused, the API
down: the message says what and why), or a value it needed is unknown until the update
runs. The review cannot vouch for such a change, so ``preview`` exits 5 and ``up`` applies
nothing unless ``--accept-unverified`` is given.

With several stacks (``--stack`` repeated, or a glob such as ``'prod-*'``) each stack is
previewed (and updated) alone, one after the other, a review each, then a total: each
stack's exit code and counts, and the sum; the JSON is then ``{"stacks": [review...],
"counts", "exit_code"}``. The exit code is the worst stack's: 2, else 1, else 5, else 3.

Exit codes: 0 clean (advisory violations are listed, not fatal); 1 an error; 2 a mandatory
policy violation; 5 a rule could not check (without ``--accept-unverified``); 3 a
replacement or a delete, with ``--fail-on-replace``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi.automation import events

from .facts import ACCOUNT_FACTS, masked
from .policy_pack import installed_pack
from .stack_set import NoSuchStacks, Total, stack_names, worst

CLEAN, ERROR, MANDATORY_VIOLATION, REPLACE_OR_DELETE, UNVERIFIED = 0, 1, 2, 3, 5
# The operations of one resource, most telling first: one is reported per resource.
RANK = ("replace", "delete", "create", "update", "same")
# Several stacks exit with the code of the worst, in the order a single review picks one.
WORST_FIRST = (MANDATORY_VIOLATION, ERROR, UNVERIFIED, REPLACE_OR_DELETE)
REPLACING = frozenset({"replace", "create-replacement", "delete-replaced",
                       "discard-replaced"})


@dataclass
class Change:
    urn: str
    type: str
    op: str
    properties: list[str]

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]


@dataclass(frozen=True)
class Rule:
    """What a pack says of one of its rules beyond what a violation carries."""
    severity: str | None
    remediation: str | None
    url: str | None


NO_RULE = Rule(None, None, None)
# How pulumi-policy words a rule that an unknown value kept from running at preview.
CANT_RUN = "can't run policy"


@dataclass
class Violation:
    pack: str
    policy: str
    level: str
    urn: str
    message: str
    severity: str | None = None
    remediation: str | None = None
    url: str | None = None

    @property
    def could_not_run(self) -> bool:
        """pulumi-policy's report of a rule that could not check (see CANT_RUN)."""
        return self.message.startswith(CANT_RUN)


@dataclass
class Review:
    command: str
    stack: str
    # The packs' rules by (pack, policy) name, for what their violations do not say.
    rules: dict[tuple[str, str], Rule] = field(default_factory=dict)
    changes: dict[str, Change] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    error: str | None = None

    def on_event(self, event: events.EngineEvent) -> None:
        """Collect steps and policy violations from the engine's event stream."""
        if event.resource_pre_event is not None:
            meta = event.resource_pre_event.metadata
            if meta.type.startswith("pulumi:"):  # the stack itself and its providers
                return
            op = "replace" if str(meta.op.value) in REPLACING else str(meta.op.value)
            if op not in RANK:
                return
            # What forces a replacement where the engine says so, else what changed.
            properties = list((meta.keys if op == "replace" else None) or meta.diffs
                              or meta.detailed_diff or _changed_inputs(meta))
            known = self.changes.get(meta.urn)
            if known is None or RANK.index(op) < RANK.index(known.op):
                self.changes[meta.urn] = Change(meta.urn, meta.type, op, sorted(properties))
            elif known.op == op:  # a replacement comes as several steps: keep all they say
                known.properties = sorted({*known.properties, *properties})
        elif event.policy_event is not None:
            policy = event.policy_event
            rule = self.rules.get((policy.policy_pack_name, policy.policy_name), NO_RULE)
            message = masked(policy.message.strip())
            # A rule that could not run at preview found nothing to remedy yet.
            remediation = None if message.startswith(CANT_RUN) else rule.remediation
            self.violations.append(Violation(
                policy.policy_pack_name, policy.policy_name, policy.enforcement_level,
                policy.resource_urn or "", message, rule.severity, remediation, rule.url))

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(c.op for c in self.changes.values() if c.op != "same"))

    @property
    def mandatory(self) -> list[Violation]:
        return [v for v in self.violations if v.level == "mandatory" and not v.could_not_run]

    @property
    def unverified(self) -> list[Violation]:
        return [v for v in self.violations if v.could_not_run]

    def replaced_or_deleted(self) -> list[Change]:
        return [c for c in self.changes.values() if c.op in ("replace", "delete")]

    def exit_code(self, fail_on_replace: bool, accept_unverified: bool = False) -> int:
        if self.mandatory:
            return MANDATORY_VIOLATION
        if self.error is not None:
            return ERROR
        if self.unverified and not accept_unverified:
            return UNVERIFIED
        if fail_on_replace and self.replaced_or_deleted():
            return REPLACE_OR_DELETE
        return CLEAN

    def markdown(self) -> str:
        counts = self.counts
        lines = [f"## `pulumi {self.command}` of stack `{self.stack}`", ""]
        if self.error:
            # Changes seen before the error are a partial list: never "No changes." here.
            lines.append(f"**Error:** {self.error}")
            if counts:
                lines += ["", "Seen before the error: "
                          + ", ".join(f"{n} to {op}" for op, n in sorted(counts.items()))]
        else:
            lines.append(", ".join(f"{n} to {op}" for op, n in sorted(counts.items()))
                         or "No changes.")
        risky = self.replaced_or_deleted()
        if risky:
            lines += ["", "### Replaced or deleted", ""]
            lines += [f"- **{c.op}** `{c.type}` `{c.name}`"
                      + (f": {', '.join(c.properties)}" if c.properties else "")
                      for c in risky]
        updates = [c for c in self.changes.values() if c.op == "update"]
        if updates:
            lines += ["", "### Updated in place", ""]
            lines += [f"- `{c.type}` `{c.name}`: {', '.join(c.properties) or 'outputs'}"
                      for c in updates]
        violations = [v for v in self.violations if not v.could_not_run]
        if violations:
            lines += ["", "### Policy violations", "",
                      "| level | severity | pack | policy | resource | message |",
                      "|---|---|---|---|---|---|"]
            lines += [_row(v) for v in violations]
        if self.unverified:
            lines += ["", "### Unverified", "",
                      "These rules could not check everything they judge; the change may "
                      "break them.", "",
                      "| pack | policy | what could not be checked |", "|---|---|---|"]
            lines += [_unverified_row(v) for v in self.unverified]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {"command": self.command, "stack": self.stack, "counts": self.counts,
                "changes": [asdict(c) for c in self.changes.values() if c.op != "same"],
                "violations": [asdict(v) for v in self.violations if not v.could_not_run],
                "unverified": [asdict(v) for v in self.unverified], "error": self.error}


def _row(violation: Violation) -> str:
    """A violation as a table row, its remediation under its message."""
    v = violation
    policy = f"[{v.policy}]({v.url})" if v.url else v.policy
    text = _cell(v.message)
    if v.remediation:
        text += f"<br>**Remediation:** {_cell(v.remediation)}"
    return (f"| {v.level} | {v.severity or ''} | {v.pack} | {policy} | "
            f"{v.urn.rsplit('::', 1)[-1] or '(stack)'} | {text} |")


def _unverified_row(violation: Violation) -> str:
    v = violation
    policy = f"[{v.policy}]({v.url})" if v.url else v.policy
    # pulumi-policy's preamble names the policy and pack again: keep what follows it.
    text = v.message.split(" during preview: ", 1)[-1]
    return f"| {v.pack} | {policy} | {_cell(text)} |"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def pack_rules(pack_dirs: list[str]) -> dict[tuple[str, str], Rule]:
    """The rules of this project's packs among ``pack_dirs`` (a folder whose
    ``mailgun_policies`` package lists them), by pack and policy name. Other packs have
    none here: their violations show level and message only."""
    rules: dict[tuple[str, str], Rule] = {}
    for n, folder in enumerate(pack_dirs):
        init = _rules_of(folder)
        if init is None:
            continue
        # A name of its own, so two packs' folders (or one already imported) never mix.
        name = f"_mailgun_policies_{n}"
        spec = importlib.util.spec_from_file_location(
            name, init, submodule_search_locations=[str(init.parent)])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        for policy in module.POLICIES:
            severity = policy.severity.value if policy.severity is not None else None
            rules[(module.PACK, policy.name)] = Rule(severity, policy.remediation_steps,
                                                     policy.url)
    return rules


def _rules_of(folder: str) -> Path | None:
    """The ``mailgun_policies/__init__.py`` of a pack folder: its own copy of the rules, or
    the installed package's for a pack whose ``__main__.py`` builds on it (the pack
    installed with this package, or a copy with rules of the user's own beside ours)."""
    init = Path(folder) / "mailgun_policies" / "__init__.py"
    if init.is_file():
        return init
    main = Path(folder) / "__main__.py"
    if not main.is_file() or "mailgun_policies" not in main.read_text(encoding="utf-8"):
        return None
    spec = importlib.util.find_spec("mailgun_policies")
    return Path(spec.origin) if spec is not None and spec.origin else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mailgun_infra.ci",
        description="Preview or update Pulumi stacks in CI, with a Markdown review.")
    parser.add_argument("command", choices=("preview", "up"))
    parser.add_argument("--stack", required=True, action="append", metavar="NAME",
                        help="the stack, e.g. prod or org/prod; repeatable, or a glob "
                             "('prod-*'): a review each, then the total")
    parser.add_argument("--cwd", default=".", help="the Pulumi project's folder")
    parser.add_argument("--policy-pack", action="append", default=[], metavar="DIR",
                        help="a policy pack's folder (repeatable); by default the pack "
                             "installed with mailgun-infra (`mailgun-infra policy-pack`)")
    parser.add_argument("--policy-pack-config", action="append", default=[], metavar="FILE")
    parser.add_argument("--summary", type=Path, help="also write the Markdown review here")
    parser.add_argument("--json", type=Path, help="write the review as JSON here")
    parser.add_argument("--fail-on-replace", action="store_true",
                        help="exit 3 when a resource would be replaced or deleted")
    parser.add_argument("--accept-unverified", action="store_true",
                        help="exit 0 (and let `up` apply) when a rule could not check "
                             "everything, e.g. without a key that reads the account; "
                             "otherwise such a review exits 5")
    args = parser.parse_args(argv)
    installed = installed_pack()
    if not args.policy_pack and installed is not None:
        args.policy_pack = [str(installed)]

    # The CLI runs in --cwd, where it finds a relative --policy-pack.
    rules = pack_rules([str(Path(args.cwd) / pack) for pack in args.policy_pack])
    try:
        names = stack_names(args.stack, str(Path(args.cwd).resolve()))
    except (NoSuchStacks, auto.CommandError) as error:
        review = Review(args.command, ", ".join(args.stack), rules)
        review.error = masked(str(error) if isinstance(error, NoSuchStacks)
                              else _explain(error))
        _publish([review], args)
        return ERROR
    reviews, total = [], Total(args.command)
    for name in names:
        review, code = _deploy(name, rules, args)
        reviews.append(review)
        total.add(name, code, review.counts)
    code = worst((c for _, c, _ in total.stacks), WORST_FIRST)
    _publish(reviews, args, total if len(reviews) > 1 else None, code)
    return code


def _deploy(name: str, rules: dict[tuple[str, str], Rule],
            args: argparse.Namespace) -> tuple[Review, int]:
    """One stack's preview, and with ``up`` its update if the preview is clean."""
    review = Review("preview", name, rules)
    try:
        stack = auto.select_stack(name, work_dir=str(Path(args.cwd).resolve()))
        _run(stack.preview, review, args)
        code = review.exit_code(args.fail_on_replace, args.accept_unverified)
        if args.command == "up" and code == CLEAN:
            review = Review("up", name, rules)
            _run(stack.up, review, args)
            # Stack rules run after the writes of an update: the preview was the gate.
            code = review.exit_code(fail_on_replace=False, accept_unverified=True)
    except auto.CommandError as error:
        review.error = masked(_explain(error))
        code = review.exit_code(args.fail_on_replace, args.accept_unverified)
    return review, code


def _run(operation: Any, review: Review, args: argparse.Namespace) -> None:
    try:
        operation(policy_packs=args.policy_pack or None,
                  policy_pack_configs=args.policy_pack_config or None,
                  on_event=review.on_event, color="never")
    except auto.CommandError:
        # A mandatory violation fails the command too; the review already holds it.
        if not review.mandatory:
            raise


def _changed_inputs(meta: events.StepEventMetadata) -> list[str]:
    """The names of the inputs whose values differ between the old and new state: a
    provider's diff may name none to the engine. The provider blob and the account facts
    read at preview are never changes."""
    if meta.old is None or meta.new is None:  # a create or a delete: nothing compares
        return []
    old, new = meta.old.inputs or {}, meta.new.inputs or {}
    return [key for key in sorted({*old, *new})
            if not key.startswith("__") and key != ACCOUNT_FACTS
            and old.get(key) != new.get(key)]


def _explain(error: auto.CommandError) -> str:
    """The cause of a failed command in one line a CI log reader can act on."""
    text = str(error)
    if isinstance(error, auto.ConcurrentUpdateError):
        holders = [line.strip() for line in text.splitlines() if "created by" in line]
        return ("the stack is locked by another update"
                + (f" ({'; '.join(holders)})" if holders else "")
                + "; wait for it, or if none is running, clear the lock with "
                "`pulumi cancel --stack <stack>`")
    if "passphrase" in text.lower():
        return "the stack's secrets need PULUMI_CONFIG_PASSPHRASE (or its _FILE variant)"
    # A job given only the read-only key (the preview's) that tried to write: say which key.
    if "no key that can write" in text:
        return ("no Mailgun key that can write: this job has only MAILGUN_READ_API_KEY; set "
                "MAILGUN_API_KEY (or the mailgun:apiKey secret) to an admin or developer key")
    if "the API key's role cannot write" in text:
        return ("Mailgun refused a write (403): the API key's role cannot write, a basic "
                "(read-only) or sending key; deploy with an admin or developer key as "
                "MAILGUN_API_KEY")
    if "no Mailgun API key" in text:
        return "no Mailgun API key: set the mailgun:apiKey secret or MAILGUN_API_KEY"
    if "PULUMI_BACKEND_URL" in text or "pulumi login" in text:
        return "no Pulumi backend: set PULUMI_BACKEND_URL (for example s3:// or file://)"
    errors = [line.strip() for line in text.splitlines() if "error:" in line]
    return errors[-1] if errors else text.strip().splitlines()[-1]


# The same words for the other commands that run the CLI (drift.py, audit.py).
explain, violation_row, unverified_row = _explain, _row, _unverified_row


def _publish(reviews: list[Review], args: argparse.Namespace, total: Total | None = None,
             code: int = CLEAN) -> None:
    markdown = "\n".join(review.markdown() for review in reviews)
    data = reviews[0].to_json()
    if total is not None:
        markdown += "\n" + total.markdown(code)
        data = total.to_json(code, [review.to_json() for review in reviews])
    sys.stdout.write(markdown)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as summary:
            summary.write(markdown)
    if args.summary:
        args.summary.write_text(markdown)
    if args.json:
        args.json.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
