"""`mailgun-infra discover` against the emulator, in process: what it finds and names, the
references, the filters, `--stack` merging, the Python program, its errors, and that
adopting what it wrote sends Mailgun no write."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from mailgun_infra import cli, discover
from mailgun_infra.client import MailgunClient
from mailgun_infra.discover import AccountReader, Discovered, slug, unique_names
from mailgun_infra.emulator.models import Domain, IpPool
from mailgun_infra.resources import PROVIDERS, MailgunProvider
from mailgun_infra.spec import KINDS, REFERENCE, parse_spec
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT

POOL_REF = "${dedicated_ip_pools.transactional.pool_id}"
ACME_REF = "${subaccounts.acme-corp.subaccount_id}"


def build_account(client: MailgunClient) -> dict[str, str]:
    """An account with an object of every kind, made through the API as a team would have
    made it by hand; returns the ids Mailgun gave."""
    ids = {
        "transactional": client.create_ip_pool("transactional", "Receipts",
                                               ["192.0.2.10", "192.0.2.11"]),
        "marketing": client.create_ip_pool("Marketing Pool", "News",
                                           ["192.0.2.12", "192.0.2.20"]),
    }
    client.update_ip_pool(ids["transactional"],
                          link_domains=[client.get_domain("mail.example.com")["id"]])
    client.update_dynamic_pool("dynamic_new", add_ips=["192.0.2.14", "192.0.2.21"])
    client.update_dynamic_pool("dynamic_good", add_ips=["192.0.2.13"])
    client.enroll_domain_in_dynamic_pools("promo.example.com", "shared")
    client.set_dynamic_pool_override("promo.example.com", "dynamic_good")
    client.create_ip_warmup("192.0.2.15")
    ids["acme"] = client.create_subaccount("Acme Corp")["id"]
    client.update_subaccount_ips(ids["acme"], link_ips=["192.0.2.15"])
    client.delegate_ip_pool(ids["marketing"], ids["acme"])
    client.assign_domain_ip("news.example.com", "192.0.2.15")
    client.create_domain_webhook("mail.example.com", "permanent_fail",
                                 ["https://hooks.example.com/bounces"])
    client.create_domain_webhook("news.example.com", "opened",
                                 ["https://hooks.example.com/o", "https://b.example.com/o?a=1&b=2"])
    ids["complaints"] = client.create_account_webhook(
        "https://hooks.example.com/complaints", ["complained"], "Complaints: every domain")
    client.set_subaccount_monthly_limit(ids["acme"], 50000)
    client.set_account_monthly_limit(2000000)
    client.update_subaccount_features(ids["acme"], {"sending": False})
    client.set_dipp_spillover(ids["transactional"])
    client.set_dipp_spillover(ids["marketing"], domain="mail.example.com")
    return ids


@pytest.fixture
def account(emulator: Emulator) -> dict[str, str]:
    ids = build_account(emulator.client())
    # Long before a team runs discover, Mailgun has applied what it answered "started".
    emulator.backend.apply_pending_writes()
    emulator.admin("DELETE", "/requests")
    return ids


def reader(emulator: Emulator, key: str | None = None) -> AccountReader:
    return AccountReader(key or emulator.api_key, api_url=emulator.url)


def writes(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.requests_log() if r["method"] != "GET"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = discover.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- what it finds --------------------------------------------------------------------------

def test_every_kind_is_found_named_and_referenced(emulator: Emulator,
                                                  account: dict[str, str]) -> None:
    found = discover.discover(reader(emulator))
    spec = found.spec()
    assert {kind: sorted(entries) for kind, entries in spec.items()} == {
        "subaccounts": ["acme-corp"],
        "subaccount_sending_limits": ["acme-corp"],
        "account_sending_limits": ["account"],
        "dedicated_ip_pools": ["marketing-pool", "transactional"],
        "dipp_spillovers": ["account", "mail-example-com"],
        "ip_warmups": ["192-0-2-15", "192-0-2-20", "192-0-2-21"],
        "dynamic_pool_memberships": ["dynamic-good", "dynamic-new"],
        "dynamic_pool_enrollments": ["promo-example-com"],
        "domain_ip_assignments": ["mail-example-com", "news-example-com-192-0-2-15"],
        "subaccount_ip_links": ["acme-corp"],
        "dedicated_ip_pool_delegations": ["marketing-pool-to-acme-corp"],
        "webhooks": ["mail-example-com-permanent-fail", "news-example-com-opened"],
        "account_webhooks": ["hooks-example-com-complaints"],
        "http_signing_keys": ["account"],
    }
    adopted = {"adopt": True, "protect": True}
    assert spec["subaccounts"]["acme-corp"] == {
        "name": "Acme Corp", "enabled": True, "features": {"sending": False}, **adopted}
    assert spec["subaccount_sending_limits"]["acme-corp"] == {
        "subaccount_id": ACME_REF, "limit": 50000, **adopted}
    assert spec["dipp_spillovers"] == {
        "account": {"pool_id": POOL_REF, **adopted},
        "mail-example-com": {"domain": "mail.example.com",
                             "pool_id": "${dedicated_ip_pools.marketing-pool.pool_id}",
                             **adopted}}
    assert spec["http_signing_keys"] == {"account": adopted}
    assert spec["account_sending_limits"] == {"account": {"limit": 2000000, **adopted}}
    assert "no call that shows an IP's band" in " ".join(found.remarks["ip_bands"])
    assert spec["domain_ip_assignments"]["mail-example-com"] == {
        "domain": "mail.example.com", "pool_id": POOL_REF, "replacement_ip": "shared",
        **adopted}
    assert spec["dedicated_ip_pool_delegations"]["marketing-pool-to-acme-corp"] == {
        "pool_id": "${dedicated_ip_pools.marketing-pool.pool_id}", "subaccount_id": ACME_REF,
        **adopted}
    assert spec["subaccount_ip_links"]["acme-corp"] == {
        "subaccount_id": ACME_REF, "ips": ["192.0.2.15"], **adopted}
    assert spec["dynamic_pool_enrollments"]["promo-example-com"] == {
        "domain": "promo.example.com", "override_pool": "dynamic_good",
        "replacement_ip": "shared", **adopted}
    assert spec["dedicated_ip_pools"]["marketing-pool"] == {
        "name": "Marketing Pool", "description": "News", "ips": ["192.0.2.12", "192.0.2.20"],
        **adopted}
    assert spec["account_webhooks"]["hooks-example-com-complaints"] == {
        "url": "https://hooks.example.com/complaints", "event_types": ["complained"],
        "description": "Complaints: every domain", **adopted}
    # No id is copied where the spec declares the object it names.
    text = json.dumps(spec)
    assert not any(id_ in text for id_ in account.values())
    # The choices Mailgun does not store are marked for review.
    notes = found.kinds["domain_ip_assignments"]["mail-example-com"].notes
    assert notes["replacement_ip"].startswith("REVIEW: ")
    parse_spec(spec)
    assert writes(emulator) == []


def test_the_yaml_is_the_stack_spec_format_and_the_same_every_run(
        emulator: Emulator, account: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    code, first, err = run(capsys, "--api-url", emulator.url)
    assert code == 0, err
    assert "discover: 2 dedicated_ip_pools" in err
    spec = yaml.safe_load(first)
    assert parse_spec(spec).domain_ip_assignments["mail-example-com"].pool_id == POOL_REF
    assert "# REVIEW: what the domain falls back to on leaving the DIPP" in first
    assert "urls: [\"https://b.example.com/o?a=1&b=2\", https://hooks.example.com/o]" in first
    assert max(len(line) for line in first.splitlines()) <= 100
    code, _, _ = run(capsys, "--api-url", emulator.url, "-q", "-o", str(tmp_path / "s.yaml"))
    assert code == 0
    assert (tmp_path / "s.yaml").read_text() == first


def test_an_inherited_dipp_is_named_in_a_comment_and_left_out(
        emulator: Emulator, account: dict[str, str]) -> None:
    emulator.backend.account.pools["parent1"] = IpPool(
        "parent1", "from-parent", "the parent's", ["192.0.2.15"], is_inherited=True)
    found = discover.discover(reader(emulator))
    assert "from-parent" not in json.dumps(found.spec())
    [remark] = found.remarks["dedicated_ip_pools"]
    assert "'from-parent' (parent1) is inherited from the parent account" in remark
    text = "\n".join(discover.render_yaml(found.kinds, found.remarks, []))
    assert re.search(r"^# Not declared: DIPP 'from-parent'", text, re.MULTILINE)


def test_without_shared_ips_the_fallback_is_a_dedicated_ip_in_no_pool(
        emulator: Emulator, account: dict[str, str]) -> None:
    for ip in ("198.51.100.1", "198.51.100.2"):
        del emulator.backend.account.ips[ip]
    found = discover.discover(reader(emulator))
    entry = found.kinds["domain_ip_assignments"]["mail-example-com"]
    # 192.0.2.15 is the one dedicated IP in no DIPP and no dynamic pool.
    assert entry.inputs["replacement_ip"] == "192.0.2.15"
    assert "a dedicated IP in no pool" in entry.notes["replacement_ip"]


def test_the_domain_lists_are_read_past_their_first_page(emulator: Emulator) -> None:
    domains = emulator.backend.account.domains
    for n in range(130):
        name = f"d{n:03}.example.com"
        domains[name] = Domain(name, ips=["198.51.100.1"], dynamic_pool="dynamic_new",
                               webhooks={"delivered": [f"https://hooks.example.com/{n}"]})
    emulator.backend.account.dynamic_pools["dynamic_new"] = ["192.0.2.14"]
    said: list[str] = []
    found = discover.discover(reader(emulator), say=said.append)
    assert len(found.kinds["dynamic_pool_enrollments"]) == 130
    assert len(found.kinds["webhooks"]) == 130
    pages = [r for r in emulator.requests_log() if r["path"] == "/v1/dynamic_pools/domains"]
    assert len(pages) == 3  # two full pages, then the empty one that ends the list
    assert "read the webhooks of 100 of 133 domains" in said


# -- names ------------------------------------------------------------------------------------

def test_names_are_slugs_made_unique_by_a_hash_of_the_id_whatever_the_order() -> None:
    assert slug("Marketing Pool") == "marketing-pool"
    assert slug("Société Générale") == "societe-generale"
    assert slug("2001:db8::1") == "2001-db8-1"
    assert slug("***") == "unnamed"
    objects = [("id-a", "Promo"), ("id-b", "promo"), ("id-c", "Receipts")]
    names = unique_names(objects)
    assert names["id-c"] == "receipts"
    assert names["id-a"] != names["id-b"]
    assert all(re.fullmatch(r"promo-[0-9a-f]{6}", names[k]) for k in ("id-a", "id-b"))
    assert unique_names(reversed(objects)) == names


def test_two_dipps_of_one_name_are_left_out_with_a_remark(emulator: Emulator) -> None:
    client = emulator.client()
    client.create_ip_pool("twin", "one", ["192.0.2.10"])
    client.create_ip_pool("twin", "two", ["192.0.2.11"])
    found = discover.discover(reader(emulator), only=["dedicated_ip_pools"])
    assert found.spec() == {}
    assert "2 objects have the name 'twin'" in found.remarks["dedicated_ip_pools"][0]


# -- filters ----------------------------------------------------------------------------------

def test_only_and_domain_narrow_what_is_written(emulator: Emulator,
                                               account: dict[str, str]) -> None:
    found = discover.discover(reader(emulator), only=["webhooks", "domain_ip_assignments"],
                              domains=["News.Example.com"])
    assert {kind: sorted(entries) for kind, entries in found.spec().items()} == {
        "domain_ip_assignments": ["news-example-com-192-0-2-15"],
        "webhooks": ["news-example-com-opened"],
    }


def test_a_reference_to_a_kind_left_out_keeps_the_id_with_a_note(
        emulator: Emulator, account: dict[str, str]) -> None:
    found = discover.discover(reader(emulator), only=["dedicated_ip_pool_delegations"])
    [entry] = found.kinds["dedicated_ip_pool_delegations"].values()
    assert entry.inputs["pool_id"] == account["marketing"]
    assert entry.inputs["subaccount_id"] == account["acme"]
    assert "subaccount 'Acme Corp' is not declared in this spec" in entry.notes["subaccount_id"]


def test_a_bad_filter_is_refused(emulator: Emulator, account: dict[str, str],
                                 capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    with pytest.raises(SystemExit) as exited:
        discover.main(["--api-url", emulator.url, "--only", "webhooks,pools"])
    assert exited.value.code == 2
    assert "unknown kind pools" in capsys.readouterr().err
    code, out, err = run(capsys, "--api-url", emulator.url, "--domain", "nope.example.com")
    assert (code, out) == (1, "")
    assert err.endswith("error: not a domain of this account: nope.example.com\n")


def test_it_reads_with_a_read_only_key_first(
        emulator: Emulator, account: dict[str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    basic = emulator.client().request("POST", "/v1/keys", form={"role": "basic"})["key"]
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    _, with_admin, _ = run(capsys, "--api-url", emulator.url, "-q")
    monkeypatch.setenv("MAILGUN_READ_API_KEY", basic["secret"])
    emulator.admin("DELETE", "/requests")
    code, with_basic, _ = run(capsys, "--api-url", emulator.url, "-q")
    assert code == 0 and with_basic == with_admin
    assert {r["role"] for r in emulator.requests_log()} == {"basic"}
    monkeypatch.delenv("MAILGUN_API_KEY")
    assert run(capsys, "--api-url", emulator.url, "-q")[:2] == (0, with_admin)


# -- errors -----------------------------------------------------------------------------------

def test_a_bad_key_is_one_line_that_never_shows_the_key(
        emulator: Emulator, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", "key-wrong-0123456789")
    code, out, err = run(capsys, "--api-url", emulator.url, "-q")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "refused the API key" in err and "--region eu" in err
    assert "key-wrong-0123456789" not in err


def test_an_unreachable_api_and_a_missing_key_are_explained(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", "key-x")
    monkeypatch.setenv("MAILGUN_WAIT_SCALE", "0")  # retries, without their back-off
    code, _, err = run(capsys, "--api-url", "http://127.0.0.1:9", "-q")
    assert code == 1
    assert "no answer from http://127.0.0.1:9" in err and "Traceback" not in err
    monkeypatch.delenv("MAILGUN_API_KEY")
    code, _, err = run(capsys, "--region", "eu")
    assert code == 1
    assert "no Mailgun API key: set MAILGUN_API_KEY" in err


# -- --stack ----------------------------------------------------------------------------------

STACK_FILE = """\
encryptionsalt: v1:c2FsdA==:v1:abc:def
config:
  mailgun:apiKey:
    secure: v1:notreallyencrypted:xyz
  mailgun:apiUrl: {url}
  mailgun-infra:spec:
    # Written by hand.
    webhooks:
      mail-example-com-permanent-fail:
        domain: mail.example.com
        event: permanent_fail
        urls: [https://hooks.example.com/bounces]
        adopt: true
        protect: true
    account_webhooks:
      alerts: {{url: "https://alerts.example.com/x", event_types: [delivered]}}
  other:setting: kept
"""


def project(tmp_path: Path, emulator: Emulator) -> Path:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    stack_file = tmp_path / "stacks" / "Pulumi.prod.yaml"
    stack_file.write_text(STACK_FILE.format(url=emulator.url))
    return stack_file


def test_stack_merges_the_spec_and_leaves_the_rest_of_the_file(
        emulator: Emulator, account: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stack_file = project(tmp_path, emulator)
    before = stack_file.read_text()
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    # The stack's apiUrl says where to read.
    code, out, err = run(capsys, "--stack", "org/prod", "--cwd", str(tmp_path))
    assert (code, out) == (0, ""), err
    text = stack_file.read_text()
    assert text.startswith("encryptionsalt: v1:c2FsdA==:v1:abc:def\nconfig:\n"
                           "  mailgun:apiKey:\n    secure: v1:notreallyencrypted:xyz\n")
    assert text.endswith("  other:setting: kept\n")
    assert emulator.api_key not in text
    assert "1 comment line(s) of the old spec are not kept" in err
    data = yaml.safe_load(text)
    old = yaml.safe_load(before)
    assert {k: v for k, v in data["config"].items() if k != "mailgun-infra:spec"} == \
        {k: v for k, v in old["config"].items() if k != "mailgun-infra:spec"}
    spec = data["config"]["mailgun-infra:spec"]
    # The hand-written entries stay; the discovered ones join them.
    assert set(spec["account_webhooks"]) == {"alerts", "hooks-example-com-complaints"}
    assert spec["domain_ip_assignments"]["mail-example-com"]["pool_id"] == POOL_REF
    assert parse_spec(spec).webhooks["mail-example-com-permanent-fail"].protect

    # Again, with nothing new in Mailgun: nothing to refuse, the same file.
    code, _, err = run(capsys, "--stack", "prod", "--cwd", str(tmp_path), "-q")
    assert code == 0, err
    assert stack_file.read_text() == text


def test_stack_refuses_to_overwrite_an_entry_that_differs_unless_forced(
        emulator: Emulator, account: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stack_file = project(tmp_path, emulator)
    stack_file.write_text(stack_file.read_text().replace(
        "hooks.example.com/bounces", "old.example.com/bounces").replace(
        "alerts: {url: \"https://alerts.example.com/x\"",
        "mine: {url: \"https://hooks.example.com/complaints\""))
    before = stack_file.read_text()
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    code, _, err = run(capsys, "--stack", "prod", "--cwd", str(tmp_path), "-q")
    assert code == 1
    assert "already declares, differently: webhooks.mail-example-com-permanent-fail, " \
           "account_webhooks.mine; nothing was written (--force" in err
    assert stack_file.read_text() == before

    code, _, err = run(capsys, "--stack", "prod", "--cwd", str(tmp_path), "-q", "--force")
    assert code == 0, err
    spec = yaml.safe_load(stack_file.read_text())["config"]["mailgun-infra:spec"]
    assert spec["webhooks"]["mail-example-com-permanent-fail"]["urls"] == [
        "https://hooks.example.com/bounces"]
    # The entry of another name that declared the same webhook gave way to Mailgun's.
    assert list(spec["account_webhooks"]) == ["hooks-example-com-complaints"]


def test_stack_adds_the_spec_to_a_config_without_one(
        emulator: Emulator, account: dict[str, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    stack_file = project(tmp_path, emulator)
    stack_file.write_text(f"config:\n  mailgun:apiUrl: {emulator.url}\n"
                          "encryptionsalt: v1:salt\n")
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    code, _, err = run(capsys, "--stack", "prod", "--cwd", str(tmp_path), "-q",
                       "--only", "subaccounts")
    assert code == 0, err
    assert yaml.safe_load(stack_file.read_text()) == {
        "config": {"mailgun:apiUrl": emulator.url, "mailgun-infra:spec": {
            "subaccounts": {"acme-corp": {"name": "Acme Corp", "enabled": True,
                                          "features": {"sending": False},
                                          "adopt": True, "protect": True}}}},
        "encryptionsalt": "v1:salt"}


# -- the Python program -----------------------------------------------------------------------

def test_python_format_declares_the_same_objects_with_references(
        emulator: Emulator, account: dict[str, str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    code, program, err = run(capsys, "--api-url", emulator.url, "--format", "python", "-q")
    assert code == 0, err
    tree = ast.parse(program)
    calls = [node.value for node in tree.body
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)]
    declared = {ast.literal_eval(call.args[0]) for call in calls}
    spec = discover.discover(reader(emulator)).spec()
    assert declared == {name for entries in spec.values() for name in entries}
    assert "    pool_id=pool_transactional.pool_id,\n" in program
    assert "    subaccount_id=subaccount_acme_corp.subaccount_id,\n" in program
    assert all(any(k.arg == "adopt" and ast.literal_eval(k.value) is True
                   for k in call.keywords) for call in calls)
    assert "opts=pulumi.ResourceOptions(protect=True, depends_on=[*dynamic_pool_memberships])" \
        in program
    assert account["transactional"] not in program
    assert "--stack merges a spec" in _usage_error(
        ["--stack", "prod", "--format", "python"], capsys)


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        discover.main(argv)
    return capsys.readouterr().err


# -- adopting it writes nothing ---------------------------------------------------------------

def test_adopting_every_discovered_object_sends_no_write(emulator: Emulator,
                                                         account: dict[str, str]) -> None:
    """Each provider's create, as the first `up` calls it with the discovered inputs."""
    spec = discover.discover(reader(emulator)).spec()
    emulator.admin("DELETE", "/requests")
    # The engine keeps the async lag of reads as Mailgun has it: on.
    providers = {p.__name__.removesuffix("Provider"): p for p in PROVIDERS}
    created: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        provider: MailgunProvider[Any] = emulator.provider(providers[kind.resource.__name__])
        created[kind.key] = {}
        for name, entry in (spec.get(kind.key) or {}).items():
            inputs = {key: resolve(value, created) for key, value in entry.items()
                      if key != "protect"}
            checked = provider.check({}, inputs)
            assert checked.failures == [], (kind.key, name, checked.failures)
            result = provider.create(checked.inputs)
            created[kind.key][name] = str(result.id)
    assert created["dedicated_ip_pools"]["transactional"] == account["transactional"]
    assert created["subaccounts"]["acme-corp"] == account["acme"]
    assert writes(emulator) == []


def resolve(value: Any, created: dict[str, dict[str, str]]) -> Any:
    match = REFERENCE.fullmatch(value) if isinstance(value, str) else None
    return created[match["kind"]][match["name"]] if match else value


# -- the console script -----------------------------------------------------------------------

def test_the_console_script_dispatches_ci_and_discover(
        emulator: Emulator, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["mailgun-infra"] == "mailgun_infra.cli:main"
    assert cli.main(["--help"]) == 0
    usage = capsys.readouterr().out
    assert re.search(r"^  ci +preview or update", usage, re.MULTILINE)
    assert re.search(r"^  discover +write an existing Mailgun account", usage, re.MULTILINE)
    assert cli.main(["deploy"]) == 2
    assert "unknown command 'deploy'" in capsys.readouterr().err
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    assert cli.main(["discover", "--api-url", emulator.url, "-q", "--only", "subaccounts"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "{}"


def test_discovered_is_empty_for_an_empty_selection() -> None:
    found = Discovered("http://x")
    assert found.spec() == {} and found.count() == 0
    assert discover.render_yaml(found.kinds, found.remarks, []) == ["{}"]


def test_every_spec_kind_has_its_discover_tables() -> None:
    """A kind added to the spec must be named in discover's tables, or its first account
    with one fails to write."""
    assert set(discover.IDENTITY) == set(discover.KIND_KEYS)
    assert set(discover.PYTHON_PREFIXES) == set(discover.KIND_KEYS)


def test_every_name_discover_makes_is_a_resource_name_of_the_spec() -> None:
    """Names from Mailgun's long names, and from names YAML would read as a number or a
    boolean, stay within the spec's rule (128 characters, read as text)."""
    assert slug("42") == "42-name"
    assert slug("True") == "true-name"
    objects = [("id-a", "x" * 300), ("id-b", "X" * 300), ("id-c", "1" * 300), ("id-d", "null")]
    names = unique_names(objects)
    spec = {"subaccounts": {name: {"name": name} for name in names.values()}}
    parse_spec(spec)
    assert len(set(names.values())) == 4
