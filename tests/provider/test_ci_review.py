"""`mailgun-infra ci`'s review of policy violations: each shows its rule's severity, its
remediation under the message and a link to the rule, taken from the pack's own rules
(the engine's events carry no remediation). The real CLI's review is in
tests/e2e/test_ci_command.py."""

from __future__ import annotations

from pathlib import Path

from pulumi.automation import events

from mailgun_infra.ci import Review, pack_rules
from mailgun_infra.facts import DEDICATED_IP_POOL
from mailgun_policies import PACK, POLICIES

ROOT = Path(__file__).resolve().parents[2]
RULE = next(p for p in POLICIES if p.name == "dedicated-ip-pool-has-non-warming-ip")
URN = f"urn:pulumi:e2e::mailgun-infra::{DEDICATED_IP_POOL}::warm"


def violation(message: str, pack: str = PACK, policy: str = RULE.name) -> events.EngineEvent:
    return events.EngineEvent(sequence=1, timestamp=0, policy_event=events.PolicyEvent(
        message=message, color="never", policy_name=policy, policy_pack_name=pack,
        policy_pack_version="0.1.0", policy_pack_version_tag="0.1.0",
        enforcement_level="mandatory", resource_urn=URN))


def test_the_rules_come_from_the_pack_folder_by_pack_and_policy_name() -> None:
    rules = pack_rules([str(ROOT / "policies"), str(ROOT / "examples")])
    assert sorted(rules) == sorted((PACK, p.name) for p in POLICIES)
    rule = rules[(PACK, RULE.name)]
    assert (rule.severity, rule.remediation, rule.url) == (
        "high", RULE.remediation_steps, RULE.url)


def test_a_violation_shows_severity_and_remediation_in_markdown_and_json() -> None:
    review = Review("preview", "e2e", pack_rules([str(ROOT / "policies")]))
    review.on_event(violation("Every DedicatedIpPool ...\nDIPP 'warm' has only warming IPs."))
    review.on_event(violation("a message | with a pipe", pack="other-pack", policy="other"))

    row, other = [line for line in review.markdown().splitlines()
                  if line.startswith("| mandatory |")]
    assert row == (
        f"| mandatory | high | {PACK} | [{RULE.name}]({RULE.url}) | warm | Every "
        f"DedicatedIpPool ... DIPP 'warm' has only warming IPs.<br>**Remediation:** "
        f"{RULE.remediation_steps} |")
    # A rule of another pack: level and message only, the table kept whole.
    assert other == "| mandatory |  | other-pack | other | warm | a message \\| with a pipe |"
    first, second = review.to_json()["violations"]
    assert (first["severity"], first["remediation"], first["url"]) == (
        "high", RULE.remediation_steps, RULE.url)
    assert (second["severity"], second["remediation"], second["url"]) == (None, None, None)


def test_a_rule_that_could_not_run_gets_no_remediation() -> None:
    review = Review("preview", "e2e", pack_rules([str(ROOT / "policies")]))
    review.on_event(violation(f"can't run policy '{RULE.name}' from policy pack "
                              f"'{PACK}@v0.1.0' during preview: ips is unknown"))
    [found] = review.violations
    assert found.severity == "high" and found.remediation is None
    assert "Remediation" not in review.markdown()


def test_a_rule_that_could_not_check_is_unverified_and_fails_unless_accepted() -> None:
    review = Review("preview", "e2e", pack_rules([str(ROOT / "policies")]))
    review.on_event(violation(
        f"can't run policy '{RULE.name}' from policy pack '{PACK}@v0.1.0' during preview: "
        "could not read the account: IPs on warmup (GET /v3/ips): no Mailgun API key, for "
        "DedicatedIpPool 'warm'. Judged on the stack's declarations only."))
    assert review.mandatory == [] and len(review.unverified) == 1
    assert review.exit_code(fail_on_replace=False) == 5
    assert review.exit_code(fail_on_replace=False, accept_unverified=True) == 0
    markdown = review.markdown()
    assert "### Policy violations" not in markdown
    assert (f"| {PACK} | [{RULE.name}]({RULE.url}) | could not read the account: IPs on "
            "warmup (GET /v3/ips): no Mailgun API key, for DedicatedIpPool 'warm'. Judged on "
            "the stack's declarations only. |") in markdown.split("### Unverified")[1]
    as_json = review.to_json()
    assert as_json["violations"] == [] and len(as_json["unverified"]) == 1


def test_a_violation_outweighs_an_unverified_rule() -> None:
    review = Review("preview", "e2e", pack_rules([str(ROOT / "policies")]))
    review.on_event(violation(f"can't run policy '{RULE.name}' ... during preview: x"))
    review.on_event(violation("DIPP 'warm' has only warming IPs."))
    assert review.exit_code(fail_on_replace=False, accept_unverified=True) == 2
