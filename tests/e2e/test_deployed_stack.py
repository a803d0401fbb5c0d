"""Stacks deployed with older versions keep working with the current code.

The engine keeps each resource's pickled dynamic provider (``__provider``, which names its
class by module and class name) in state and unpickles the one stored there for refresh
and destroy. A renamed module or class, a changed id format or a changed input shape
breaks stacks already deployed, and only a state written by the old code shows it. Each
fixture's ``README.md`` says how it was made: ``deployed_v0_1`` by v0.1 (ten kinds),
``deployed_v0_2`` by the last commit before the provider refactor (fifteen kinds).
"""

from __future__ import annotations

import base64
import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailgun_infra.emulator import Backend, EmulatorServer, create_app, default_seed
from tests.conftest import Emulator
from tests.e2e.workspace import Workspace

pytestmark = pytest.mark.e2e

DYNAMIC = "pulumi-python:dynamic/mailgun:"
DEFAULT_PROVIDER = "pulumi:providers:pulumi-python"
UPDATED_POOL = "marketing"
NEW_DESCRIPTION = "Newsletters, changed after the upgrade"

Ids = set[tuple[str, str]]


@dataclass(frozen=True)
class Deployed:
    """A fixture folder: a stack as an older version deployed it, and that version's traits."""

    folder: Path
    stack: str
    # The passphrase the stack was created with (it guards only the emulator's keys).
    passphrase: str
    kinds: frozenset[str]
    # v0.1 stored each pickled provider as a secret; later versions store it plain.
    secret_providers: bool

    def load(self, name: str) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads((self.folder / name).read_text())
        return loaded


V0_1_KINDS = frozenset({
    "AccountWebhook", "DedicatedIpPool", "DedicatedIpPoolDelegation", "DomainIpAssignment",
    "DynamicPoolEnrollment", "DynamicPoolMembership", "IpWarmup", "Subaccount",
    "SubaccountIpLink", "Webhook",
})
V0_1 = Deployed(Path(__file__).parent / "deployed_v0_1", "compat", "deployed-v0.1",
                V0_1_KINDS, secret_providers=True)
V0_2 = Deployed(Path(__file__).parent / "deployed_v0_2", "compat2", "deployed-v0.2",
                V0_1_KINDS | {"DippSpillover", "DomainWebhookUrl", "HttpSigningKey", "IpBand",
                              "SubaccountSendingLimit"},
                secret_providers=False)


def deployed_emulator(deployed: Deployed) -> tuple[Emulator, dict[str, Any]]:
    """The emulator holding the account as the old code left it, on a fresh loopback port,
    and the seed that destroy must bring it back to (less what destroy leaves)."""
    saved = deployed.load("emulator.json")
    seed = default_seed()
    # Features the emulator checks since (the IP details list, IP bands) are the
    # account's settings, not state the old code wrote: the seed's of today.
    saved["features"] = list(seed["features"])
    # The seed's warmups are stamped with the time the account is built; the saved
    # account carries the stamp of the day the fixture was made.
    started = {w["ip"]: w["plan_started_at"] for w in saved["ip_warmups"]}
    for warmup in seed.get("ip_warmups", []):
        warmup["plan_started_at"] = started[warmup["ip"]]
    backend = Backend(seed)
    expected_seed = backend.snapshot()
    backend.restore(saved)
    return Emulator(EmulatorServer(create_app(backend)).start(), backend), expected_seed


def _signing_key(imported: list[dict[str, Any]]) -> str | None:
    """The signing key an HttpSigningKey's create left in the account, from the state: the
    fixture's emulator.json leaves it out, so that it is nowhere in the clear."""
    keys = [_plaintext(r["outputs"]["http_signing_key"]) for r in _dynamic(imported)
            if r["type"] == f"{DYNAMIC}HttpSigningKey"]
    return keys[0] if keys else None


def _left_in_place(seed: dict[str, Any], imported: list[dict[str, Any]]) -> dict[str, Any]:
    """``seed`` with what destroy leaves: an IpBand's IP stays in its band (Mailgun has no
    call to take it out) and so does the signing key (Mailgun has no delete for it)."""
    expected = copy.deepcopy(seed)
    bands = {r["outputs"]["ip"]: r["outputs"]["ip_band"] for r in _dynamic(imported)
             if r["type"] == f"{DYNAMIC}IpBand"}
    for ip in expected["ips"]:
        if ip["ip"] in bands:
            ip["ip_band"] = bands.pop(ip["ip"])
    assert not bands, f"IP bands on IPs the seed does not have: {bands}"
    key = _signing_key(imported)
    if key is not None:
        expected["http_signing_key"] = key
    return expected


class DeployedStack(Workspace):
    """The fixture's stack imported into a file backend, driven with the current program."""

    def __init__(self, tmp: Path, api_url: str, deployed: Deployed) -> None:
        self.lay_out(tmp, deployed.stack, deployed.passphrase)
        # The program and the dynamic provider process must run the code this test
        # imports, whatever `python3` comes first on PATH.
        self.env["PULUMI_PYTHON_CMD"] = sys.executable
        self.run("stack", "init", deployed.stack, check=True)
        # Written after `stack init` so that the fixture's encryption salt, the one the
        # state's secrets were encrypted with, is the one the stack uses.
        config = yaml.safe_load(
            (deployed.folder / f"Pulumi.{deployed.stack}.yaml").read_text())
        config["config"]["mailgun:apiUrl"] = api_url
        self.config_file.write_text(yaml.safe_dump(config, sort_keys=False))
        state = tmp / "state.json"
        state.write_text(json.dumps(_pointed_at(deployed.load("state.json"), api_url)))
        self.run("stack", "import", "--file", str(state), check=True)

    def dynamic_resources(self, *extra: str) -> list[dict[str, Any]]:
        return _dynamic(self.export(*extra)["deployment"].get("resources", []))

    def set_pool_description(self, pool: str, description: str) -> None:
        data = yaml.safe_load(self.config_file.read_text())
        data["config"]["mailgun-infra:spec"]["dedicated_ip_pools"][pool]["description"] = (
            description)
        self.config_file.write_text(yaml.safe_dump(data, sort_keys=False))


def _pointed_at(state: dict[str, Any], api_url: str) -> dict[str, Any]:
    """The state with its default provider's `mailgun:apiUrl` set to ``api_url``.

    Refresh and destroy configure providers from the config recorded in state, not from
    the stack config, so the emulator's port of the day the fixture was made is there.
    """
    state = copy.deepcopy(state)
    [provider] = [r for r in state["deployment"]["resources"] if r["type"] == DEFAULT_PROVIDER]
    for props in (provider["inputs"], provider["outputs"]):
        props["mailgun:apiUrl"] = api_url
    return state


def _dynamic(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in resources if r["type"].startswith(DYNAMIC)]


def _ids(resources: list[dict[str, Any]]) -> Ids:
    return {(r["urn"], r["id"]) for r in _dynamic(resources)}


def _plaintext(value: Any) -> Any:
    """A secret of `stack export --show-secrets` in the clear."""
    assert isinstance(value, dict) and "plaintext" in value, f"not a decrypted secret: {value}"
    return json.loads(value["plaintext"])


def _blobs(resources: list[dict[str, Any]]) -> dict[str, bytes]:
    """The pickled provider each resource's refresh and delete unpickle, by URN: a secret
    as v0.1 wrote it, plain as later versions write it."""
    return {r["urn"]: base64.b64decode(_provider_text(r["outputs"]["__provider"]))
            for r in _dynamic(resources)}


def _provider_text(value: Any) -> str:
    return value if isinstance(value, str) else str(_plaintext(value))


@pytest.mark.parametrize("deployed", [pytest.param(V0_1, id="v0.1"),
                                      pytest.param(V0_2, id="v0.2")])
def test_a_deployed_stack_refreshes_updates_and_destroys(tmp_path: Path,
                                                          deployed: Deployed) -> None:
    fixture = _dynamic(deployed.load("state.json")["deployment"]["resources"])
    assert {r["type"].removeprefix(DYNAMIC) for r in fixture} == deployed.kinds
    for resource in fixture:
        for props in (resource["inputs"], resource["outputs"]):
            if deployed.secret_providers:
                # Pulumi encrypts the pickled provider: what it names is checked once the
                # import has given the passphrase something to open.
                assert "ciphertext" in props["__provider"], resource["urn"]
            else:
                assert isinstance(props["__provider"], str), resource["urn"]

    emulator, seed = deployed_emulator(deployed)
    try:
        _upgrade(DeployedStack(tmp_path, emulator.url, deployed), emulator, seed, fixture)
    finally:
        emulator.server.stop()


def _upgrade(stack: DeployedStack, emulator: Emulator, seed: dict[str, Any],
             fixture: list[dict[str, Any]]) -> None:
    imported = stack.export("--show-secrets")["deployment"]["resources"]
    key = _signing_key(imported)
    if key is not None:
        emulator.backend.restore({**emulator.backend.snapshot(), "http_signing_key": key})
    [provider] = [r for r in imported if r["type"] == DEFAULT_PROVIDER]
    assert _plaintext(provider["inputs"]["mailgun:apiKey"]) == emulator.state()["api_key"]
    old_blobs = _blobs(imported)
    assert len(old_blobs) == len(fixture)
    for resource in _dynamic(imported):
        kind = resource["type"].removeprefix(DYNAMIC)
        blob = old_blobs[resource["urn"]]
        assert b"mailgun_infra.resources." in blob and f"{kind}Provider".encode() in blob, (
            f"{resource['urn']}: the state does not hold the old version's provider: {blob!r}")
    ids = _ids(imported)

    stack.run("refresh", "--yes", "--expect-no-changes", check=True)
    assert _ids(stack.dynamic_resources()) == ids, "refresh dropped or re-identified resources"
    calls = emulator.requests_log()
    assert calls, "refresh did not reach the emulator"
    assert {c["method"] for c in calls} == {"GET"}, f"refresh wrote to Mailgun: {calls}"

    stack.run("preview", "--expect-no-changes", check=True)

    stack.set_pool_description(UPDATED_POOL, NEW_DESCRIPTION)
    stack.up()
    pools = {p["name"]: p for p in emulator.state()["ip_pools"]}
    assert pools[UPDATED_POOL]["description"] == NEW_DESCRIPTION
    updated = stack.dynamic_resources("--show-secrets")
    assert _ids(updated) == ids, "the update replaced resources"
    # Destroy unpickles the provider recorded with each resource's outputs: every
    # resource the update left alone must still hold the one the old version wrote.
    kept = {urn: blob for urn, blob in _blobs(updated).items()
            if not urn.endswith(f"mailgun:DedicatedIpPool::{UPDATED_POOL}")}
    assert len(kept) == len(old_blobs) - 1
    assert kept == {urn: old_blobs[urn] for urn in kept}
    # What the update wrote names the same class, now in plain text: it holds no secret.
    [rewritten] = [r for r in updated
                   if r["urn"].endswith(f"mailgun:DedicatedIpPool::{UPDATED_POOL}")]
    assert isinstance(rewritten["outputs"]["__provider"], str)
    assert _blobs([rewritten])[rewritten["urn"]] == old_blobs[rewritten["urn"]]

    stack.run("destroy", "--yes", check=True)
    assert stack.dynamic_resources() == []
    assert emulator.state() == _left_in_place(seed, imported), (
        "destroy did not bring the account to its seed, less what destroy leaves")
