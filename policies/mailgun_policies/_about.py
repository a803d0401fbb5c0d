"""Where a rule is documented: its row in the pack's README, whose table gives each rule an
anchor named after it.

pulumi-policy hands a policy's ``url`` (with its severity, remediation steps and tags) to
the engine once, when the pack loads; the violations it reports carry none of them but the
severity. ``mailgun-infra ci`` therefore reads them from the policies themselves.
"""

from __future__ import annotations

# The published copy of policies/README.md: change it where you host the pack's README.
RULES_URL = "https://github.com/mailgun-infra/mailgun-infra/blob/main/policies/README.md"


def rule_url(name: str) -> str:
    """The rule's row in the README's table (``<a name="NAME">`` in its first cell)."""
    return f"{RULES_URL}#{name}"
