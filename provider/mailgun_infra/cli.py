"""``mailgun-infra``, the console script: one command per module, each also run alone with
``python -m mailgun_infra.<command>``.

    mailgun-infra ci preview|up --stack NAME ...    a CI deployment with a review (ci.py)
    mailgun-infra ci drift --stack NAME ...         what changed in Mailgun since the last up
                                                    (drift.py)
    mailgun-infra discover ...                      an existing account as a spec (discover/)
    mailgun-infra audit ...                         the policy pack over the account (audit.py)
    mailgun-infra policy-pack                       the installed policy pack's folder
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from . import audit, ci, discover, drift, policy_pack

USAGE_ERROR = 2


def _ci(args: list[str]) -> int:
    # drift is a command of its own module, which builds on ci's.
    return drift.main(args[1:]) if args[:1] == ["drift"] else ci.main(args)


# Command -> (what it does, its entry point taking the arguments after its name).
COMMANDS: dict[str, tuple[str, Callable[[list[str]], int]]] = {
    "ci": ("preview or update a stack in CI, with a Markdown review (ci preview|up), or "
           "review what changed in Mailgun outside it (ci drift)", _ci),
    "discover": ("write an existing Mailgun account as a stack spec that adopts it",
                 discover.main),
    "audit": ("judge the Mailgun account itself with the policy pack's rules (reads only)",
              audit.main),
    "policy-pack": ("print the folder of the policy pack installed with this package",
                    policy_pack.main),
}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = ["usage: mailgun-infra COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<{width}}  {summary}" for name, (summary, _) in COMMANDS.items()]
    lines += ["", "`mailgun-infra COMMAND --help` tells more about one."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"], ["help"]):
        sys.stdout.write(usage())
        return 0
    command = COMMANDS.get(args[0]) if args else None
    if command is None:
        given = f"unknown command '{args[0]}'\n" if args else ""
        sys.stderr.write(given + usage())
        return USAGE_ERROR
    return command[1](args[1:])


if __name__ == "__main__":
    sys.exit(main())
