"""``mailgun-infra ci drift``: what changed in Mailgun, outside the stack, since its last
update, as a review in the style of ``ci preview``.

    mailgun-infra ci drift --stack NAME [--stack NAME|GLOB]... [--cwd DIR] [--summary FILE]
        [--json FILE]
    python -m mailgun_infra.drift ...   (the same, without ``ci drift``)

It runs ``pulumi refresh --preview-only``: every object of the stack is read (the
resources' reads send GETs only) and compared with the state, and nothing is written,
neither to Mailgun nor to the state. The review lists each object Mailgun changed, with
every declared property that differs (the state's value -> Mailgun's), each object deleted
outside the stack, and the next step: `up` restores what the code says, or the code takes
Mailgun's change. A secret value is shown as ``[secret]`` and a URL's credentials masked.
Outputs Mailgun computes (a warmup's stage, a DIPP's linked domains) move on their own and
are not drift.

It writes to stdout, to ``$GITHUB_STEP_SUMMARY`` when set, to ``--summary``, and as JSON to
``--json``. Several stacks (``--stack`` repeated, or a glob) are read one after the other,
a review each, then a total (see ``stack_set``). Exit codes: 0 nothing drifted; 4 something
drifted; 1 an error (the worst of the stacks: 1, else 4).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from pulumi.automation import events

from . import ci
from .facts import ACCOUNT_FACTS, masked
from .stack_set import NoSuchStacks, Total, stack_names, worst

CLEAN, ERROR, DRIFTED = 0, 1, 4
# How the engine's event stream shows a secret value when secrets are not shown.
SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"
SECRET = "[secret]"
# Inputs that say how to manage an object, not what it is in Mailgun.
NOT_DECLARED = frozenset({ACCOUNT_FACTS, "adopt"})


@dataclass
class PropertyDrift:
    name: str
    state: str
    mailgun: str


@dataclass
class Drift:
    urn: str
    type: str
    # "update": Mailgun holds other values; "delete": the object is gone from Mailgun.
    op: str
    properties: list[PropertyDrift] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.urn.rsplit("::", 1)[-1]

    @property
    def kind(self) -> str:
        return self.type.rsplit(":", 1)[-1]


@dataclass
class DriftReview:
    stack: str
    drifts: dict[str, Drift] = field(default_factory=dict)
    read: int = 0  # objects of ours the refresh read
    error: str | None = None

    def on_event(self, event: events.EngineEvent) -> None:
        """The refresh's outcome per object: a refresh's pre-event says only "refresh";
        its outputs event carries what the read changed."""
        if event.res_outputs_event is None:
            return
        meta = event.res_outputs_event.metadata
        if meta.type.startswith("pulumi:"):  # the stack itself and its providers
            return
        self.read += 1
        op = str(meta.op.value)
        if op == "delete":
            self.drifts[meta.urn] = Drift(meta.urn, meta.type, "delete")
        elif op == "update":
            changed = _declared_changes(meta)
            if changed:
                self.drifts[meta.urn] = Drift(meta.urn, meta.type, "update", changed)

    def exit_code(self) -> int:
        if self.error is not None:
            return ERROR
        return DRIFTED if self.drifts else CLEAN

    def updated(self) -> list[Drift]:
        return [d for d in self.drifts.values() if d.op == "update"]

    def deleted(self) -> list[Drift]:
        return [d for d in self.drifts.values() if d.op == "delete"]

    def markdown(self) -> str:
        lines = [f"## Drift of stack `{self.stack}`", ""]
        if self.error:
            lines.append(f"**Error:** {self.error}")
            if self.drifts:
                lines += ["", "Seen before the error:"]
        elif not self.drifts:
            lines.append(f"No drift: Mailgun holds what the state says ({self.read} objects "
                         "read).")
        else:
            lines.append(f"{len(self.updated())} changed in Mailgun, {len(self.deleted())} "
                         f"deleted outside the stack ({self.read} objects read).")
        if self.updated():
            lines += ["", "### Changed in Mailgun", "",
                      "| object | property | state | Mailgun |", "|---|---|---|---|"]
            for drift in self.updated():
                lines += [f"| `{drift.kind}` `{drift.name}` | {p.name} | {_cell(p.state)} | "
                          f"{_cell(p.mailgun)} |" for p in drift.properties]
        if self.deleted():
            lines += ["", "### Deleted outside the stack", ""]
            lines += [f"- `{d.kind}` `{d.name}`" for d in self.deleted()]
        if self.drifts and not self.error:
            lines += ["", "### Next step", "",
                      "- To restore what the code says, run `up` (`mailgun-infra ci up`): it "
                      "sets the changed properties back and creates the deleted objects "
                      "again.",
                      "- To keep Mailgun's change, take it into the code (`mailgun-infra "
                      "discover` prints the account as spec entries to copy from), or drop "
                      "a deleted object from it; then `pulumi refresh --stack "
                      f"{self.stack}` takes Mailgun's values into the state, and the next "
                      "`up` has nothing to change."]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {"command": "drift", "stack": self.stack, "read": self.read,
                "drifted": [asdict(d) for d in self.drifts.values()], "error": self.error}


def _declared_changes(meta: events.StepEventMetadata) -> list[PropertyDrift]:
    """The declared properties (the object's inputs) whose values the read changed."""
    old = (meta.old.outputs if meta.old else None) or {}
    new = (meta.new.outputs if meta.new else None) or {}
    declared = {*((meta.old.inputs if meta.old else None) or {}),
                *((meta.new.inputs if meta.new else None) or {})}
    named = {_top(path) for path in [*(meta.diffs or []), *(meta.detailed_diff or {})]}
    names = named or {key for key in {*old, *new} if old.get(key) != new.get(key)}
    return [PropertyDrift(name, shown(old.get(name)), shown(new.get(name)))
            for name in sorted(names)
            if name in declared and not name.startswith("__") and name not in NOT_DECLARED]


def _top(path: str) -> str:
    """The top-level property of a property path such as ``ips[1]`` or ``limits.hour``."""
    return path.split(".", 1)[0].split("[", 1)[0]


def shown(value: Any) -> str:
    """A value for people to read: a secret is never shown, a URL's credentials masked."""
    if value is None:
        return "(none)"
    if _is_secret(value):
        return SECRET
    return masked(json.dumps(_secrets_hidden(value), sort_keys=True))


def _is_secret(value: Any) -> bool:
    return isinstance(value, dict) and SECRET_SIGNATURE in value


def _secrets_hidden(value: Any) -> Any:
    if _is_secret(value):
        return SECRET
    if isinstance(value, dict):
        return {k: _secrets_hidden(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_secrets_hidden(v) for v in value]
    return value


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="mailgun-infra ci drift",
        description="Read every object of a stack, write nothing, and review what changed "
                    "in Mailgun since the stack's last update.")
    parser.add_argument("--stack", required=True, action="append", metavar="NAME",
                        help="the stack, e.g. prod or org/prod; repeatable, or a glob "
                             "('prod-*'): a review each, then the total")
    parser.add_argument("--cwd", default=".", help="the Pulumi project's folder")
    parser.add_argument("--summary", type=Path, help="also write the Markdown review here")
    parser.add_argument("--json", type=Path, help="write the review as JSON here")
    args = parser.parse_args(argv)

    # The CLI refuses --preview-only beside a --yes that this variable implies.
    os.environ.pop("PULUMI_SKIP_CONFIRMATIONS", None)
    work_dir = str(Path(args.cwd).resolve())
    try:
        names = stack_names(args.stack, work_dir)
    except (NoSuchStacks, auto.CommandError) as error:
        review = DriftReview(", ".join(args.stack))
        review.error = masked(str(error) if isinstance(error, NoSuchStacks)
                              else ci.explain(error))
        publish(review.markdown(), review.to_json(), args.summary, args.json)
        return ERROR
    reviews, total = [], Total("drift")
    for name in names:
        review = DriftReview(name)
        try:
            stack = auto.select_stack(name, work_dir=work_dir)
            stack.preview_refresh(on_event=review.on_event, color="never", show_secrets=False)
        except auto.CommandError as error:
            review.error = masked(ci.explain(error))
        reviews.append(review)
        total.add(name, review.exit_code(), {"drifted": len(review.drifts),
                                             "read": review.read})
    code = worst((c for _, c, _ in total.stacks), (ERROR, DRIFTED))
    markdown = "\n".join(review.markdown() for review in reviews)
    data = reviews[0].to_json()
    if len(reviews) > 1:
        markdown += "\n" + total.markdown(code)
        data = total.to_json(code, [review.to_json() for review in reviews])
    publish(markdown, data, args.summary, args.json)
    return code


def publish(markdown: str, data: dict[str, Any], summary: Path | None,
            json_file: Path | None) -> None:
    """Where every review goes: stdout, the GitHub step summary, ``summary``, ``json_file``."""
    sys.stdout.write(markdown)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as file:
            file.write(markdown)
    if summary:
        summary.write_text(markdown)
    if json_file:
        json_file.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
