"""Where a rule is documented: its row in the pack's README, whose table gives each rule an
anchor named after it.

pulumi-policy hands a policy's ``url`` (with its severity, remediation steps and tags) to
the engine once, when the pack loads; the violations it reports carry none of them but the
severity. ``mailgun-infra ci`` therefore reads them from the policies themselves.
"""

from __future__ import annotations

# The pack's README, relative to the project: the project has no published home yet. Set
# the address of your published copy here to make the reviews' links absolute.
RULES_URL = "policies/README.md"


def rule_url(name: str) -> str:
    """The rule's row in the README's table (``<a name="NAME">`` in its first cell)."""
    return f"{RULES_URL}#{name}"
