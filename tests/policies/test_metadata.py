"""Every rule of the pack tells a reviewer how bad a violation is and what to do: severity,
remediation steps, tags and a link to its row in the pack's README, whose table states the
same. A rule added without them fails here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pulumi_policy import Policy, ResourceValidationPolicy, Severity

from mailgun_policies import POLICIES
from mailgun_policies._about import RULES_URL
from mailgun_policies._account import READS_ACCOUNT

README = Path(__file__).resolve().parents[2] / "policies" / "README.md"
ANCHORED_ROW = re.compile(r'^\| <a name="(?P<anchor>[a-z0-9-]+)"></a>`(?P<name>[a-z0-9-]+)` \|')


def readme_rows() -> dict[str, dict[str, str]]:
    """The README's table of rules, each row by the rule's name and its cells by header."""
    lines = README.read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| rule |"))
    columns = [c.strip() for c in lines[header].strip("|").split("|")]
    rows: dict[str, dict[str, str]] = {}
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        match = ANCHORED_ROW.match(line)
        assert match and match["anchor"] == match["name"], f"a row without its anchor: {line}"
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows[match["name"]] = dict(zip(columns, cells, strict=True))
    return rows


@pytest.mark.parametrize("policy", POLICIES, ids=[p.name for p in POLICIES])
def test_the_rule_carries_what_a_reviewer_needs(policy: Policy) -> None:
    assert isinstance(policy.severity, Severity), "severity"
    assert policy.remediation_steps and policy.remediation_steps.strip().endswith("."), \
        "remediation_steps: one or two sentences"
    assert policy.url == f"{RULES_URL}#{policy.name}", "url: the rule's README row"
    assert policy.tags and all(isinstance(t, str) and t for t in policy.tags), "tags"


@pytest.mark.parametrize("policy", POLICIES, ids=[p.name for p in POLICIES])
def test_the_readme_row_states_what_the_rule_carries(policy: Policy) -> None:
    row = readme_rows().get(policy.name)
    assert row is not None, f"policies/README.md has no row for {policy.name}"
    assert policy.severity is not None
    assert row["severity"] == policy.severity.value
    assert row["remediation"] == policy.remediation_steps
    judges = "one resource" if isinstance(policy, ResourceValidationPolicy) else "the stack"
    assert row["judges"] == judges


@pytest.mark.parametrize("policy", POLICIES, ids=[p.name for p in POLICIES])
def test_the_rule_says_whether_it_reads_the_account(policy: Policy) -> None:
    """Its tag, its description ("Reads the account: WHAT.") and its README row agree."""
    reads = READS_ACCOUNT in (policy.tags or [])
    described = re.search(r"Reads the account: (.+)\.$", policy.description or "")
    assert bool(described) == reads, "description: ends with 'Reads the account: WHAT.'"
    row = readme_rows()[policy.name]["reads the account"]
    assert row == (described[1] if described else "no")


def test_the_readme_documents_no_rule_the_pack_lacks() -> None:
    assert sorted(readme_rows()) == sorted(p.name for p in POLICIES)
