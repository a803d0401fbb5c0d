"""The engine hears our diff property by property (``_detailed_diff``), so it shows what
changed as our ``diff`` sees it, and never the account facts it ignores. Through the real
CLI: tests/e2e/test_account_facts.py (a rename previews as ``[diff: ~ips,name]``)."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pulumi.dynamic
from pulumi.runtime import proto

from mailgun_infra.resources import _detailed_diff
from mailgun_infra.resources.dedicated_ip_pool import DedicatedIpPoolProvider


def test_the_sdk_host_still_builds_diffs_without_details() -> None:
    """The canary: when the SDK's dynamic provider can tell the engine a detailed diff
    itself, delete ``_detailed_diff`` and say it through the SDK."""
    # Read, not imported: importing the host starts its server.
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    assert spec is not None and spec.origin is not None
    host = Path(spec.origin).read_text()
    assert "proto.DiffResponse(**fields)" in host
    assert "detailedDiff" not in host
    assert "detailed" not in inspect.signature(pulumi.dynamic.DiffResult).parameters


def test_a_response_after_our_diff_names_each_changed_property() -> None:
    provider = DedicatedIpPoolProvider()
    olds = {"name": "tx", "description": "d", "ips": ["192.0.2.10"], "pool_id": "p"}
    news = {"name": "tx2", "description": None, "ips": ["192.0.2.10"],
            "account_facts": {"ips": {}}}
    result = provider.diff("p", olds, news)
    response = proto.DiffResponse(changes=proto.DiffResponse.DIFF_SOME)
    assert result.changes and response.hasDetailedDiff
    assert sorted(response.diffs) == ["description", "name"]
    assert {k: v.kind for k, v in response.detailedDiff.items()} == {
        "name": proto.PropertyDiff.UPDATE, "description": proto.PropertyDiff.DELETE}
    assert all(v.inputDiff for v in response.detailedDiff.values())
    # Told once: a response built later on this thread, not after our diff, is the SDK's.
    assert not proto.DiffResponse(changes=proto.DiffResponse.DIFF_NONE).hasDetailedDiff


def test_a_replacing_property_says_so() -> None:
    changes = _detailed_diff.changes_of(["pool"], ["pool"], {"pool": "a"}, {"pool": "b"})
    _detailed_diff.tell(changes)
    response = proto.DiffResponse(changes=proto.DiffResponse.DIFF_SOME, replaces=["pool"])
    assert response.detailedDiff["pool"].kind == proto.PropertyDiff.UPDATE_REPLACE
