"""`mailgun-infra ci drift`'s review of a refresh's events: declared properties only, each
as the state has it and as Mailgun has it, secrets never shown. The real CLI's drift is in
tests/e2e/test_ci_drift.py."""

from __future__ import annotations

from typing import Any

from pulumi.automation import events

from mailgun_infra.drift import SECRET_SIGNATURE, DriftReview
from mailgun_infra.facts import ACCOUNT_FACTS, WEBHOOK

URN = f"urn:pulumi:prod::mailgun-infra::{WEBHOOK}::bounces"
SECRET = {SECRET_SIGNATURE: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "[secret]"}


def refreshed(op: events.OpType, old: dict[str, Any], new: dict[str, Any] | None,
              inputs: dict[str, Any], diffs: list[str] | None = None) -> events.EngineEvent:
    def state(outputs: dict[str, Any]) -> events.StepEventStateMetadata:
        return events.StepEventStateMetadata(WEBHOOK, URN, "id", "", "", inputs=inputs,
                                             outputs=outputs)
    meta = events.StepEventMetadata(op, URN, WEBHOOK, "", old=state(old),
                                    new=state(new) if new is not None else None, diffs=diffs)
    return events.EngineEvent(sequence=1, timestamp=0,
                              res_outputs_event=events.ResOutputsEvent(meta))


def test_only_declared_properties_drift_and_secrets_stay_hidden() -> None:
    review = DriftReview("prod")
    old = {"__provider": "x", "adopt": False, "event": "delivered", "urls": SECRET,
           "foreign_urls": ["https://a:pw@old.example.com"], "stage": 1}
    new = {**old, "urls": {**SECRET}, "foreign_urls": ["https://b:pw2@new.example.com"],
           "stage": 2, "adopt": True}
    inputs = {"__provider": "x", "adopt": False, ACCOUNT_FACTS: {}, "event": "delivered",
              "urls": SECRET, "foreign_urls": []}
    review.on_event(refreshed(events.OpType.UPDATE, old, new, inputs,
                              diffs=["foreign_urls[0]", "stage", "adopt", "urls"]))
    [drift] = review.drifts.values()
    # "stage" is computed by Mailgun, "adopt" says how to manage: neither is drift.
    assert [(p.name, p.state, p.mailgun) for p in drift.properties] == [
        ("foreign_urls", '["https://a:****@old.example.com"]',
         '["https://b:****@new.example.com"]'),
        ("urls", "[secret]", "[secret]")]
    markdown = review.markdown()
    assert "pw" not in markdown and "pw2" not in str(review.to_json())
    assert review.exit_code() == 4


def test_a_computed_output_alone_is_no_drift_and_a_gone_object_is() -> None:
    review = DriftReview("prod")
    inputs = {"event": "delivered"}
    review.on_event(refreshed(events.OpType.UPDATE, {"event": "delivered", "stage": 1},
                              {"event": "delivered", "stage": 2}, inputs))
    assert review.drifts == {} and review.exit_code() == 0
    assert "No drift" in review.markdown()
    review.on_event(refreshed(events.OpType.DELETE, {"event": "delivered"}, None, inputs))
    [drift] = review.drifts.values()
    assert (drift.kind, drift.name, drift.op) == ("Webhook", "bounces", "delete")
    assert "### Deleted outside the stack\n\n- `Webhook` `bounces`" in review.markdown()
    assert review.exit_code() == 4
