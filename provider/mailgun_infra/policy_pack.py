"""``mailgun-infra policy-pack``: prints the folder of the policy pack installed with this
package, to pass to ``pulumi preview --policy-pack`` (``mailgun-infra ci`` uses it when given
no ``--policy-pack``).

    pulumi preview --policy-pack "$(mailgun-infra policy-pack)"
    python -m mailgun_infra.policy_pack   (the same)

The wheel installs the folder as data into the environment's prefix (a virtualenv's root),
at ``share/mailgun-infra/policy-pack``: PulumiPolicy.yaml, ``__main__.py``, the README and
the example configs; the rules are the package ``mailgun_policies``. The folder's
PulumiPolicy.yaml names ``../../..``, that prefix, as its virtualenv, so Pulumi runs the
pack with the Python that has mailgun_infra, whatever is first on PATH.

The pack's rules are read from ``mailgun_policies`` wherever the pack runs; copy the folder
to add rules of your own beside them (README, "Policy pack").
"""

from __future__ import annotations

import importlib.util
import sys
import sysconfig
from pathlib import Path

NOT_INSTALLED = 1
WHERE = Path("share", "mailgun-infra", "policy-pack")


def installed_pack() -> Path | None:
    """The installed pack's folder; in a checkout of mailgun-infra (an editable install,
    which installs no data, or PYTHONPATH), the checkout's pack, ``policies/``, whose
    PulumiPolicy.yaml takes the Python first on PATH (./dev puts .venv there). None when
    neither is there."""
    folder = Path(sysconfig.get_path("data")) / WHERE
    if (folder / "PulumiPolicy.yaml").is_file():
        return folder
    rules = importlib.util.find_spec("mailgun_policies")
    if rules is None or rules.origin is None:
        return None
    checkout = Path(rules.origin).parent.parent
    return checkout if (checkout / "PulumiPolicy.yaml").is_file() else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        helped = args[0] in ("-h", "--help")
        (sys.stdout if helped else sys.stderr).write(__doc__ or "")
        return 0 if helped else 2
    folder = installed_pack()
    if folder is None:
        sys.stderr.write(
            f"no policy pack in {Path(sysconfig.get_path('data')) / WHERE}: install "
            "mailgun-infra into this environment with pip\n")
        return NOT_INSTALLED
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
