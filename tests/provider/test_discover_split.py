"""`discover --split`, in process: an account as several stacks, whole domains together,
ids across stacks, the parts' bounds, and a second run that moves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mailgun_infra import discover
from mailgun_infra.discover import Discovered, DiscoverError, Entry
from mailgun_infra.discover.split import Part, group_of, placed_groups, split
from mailgun_infra.spec import REFERENCE, parse_spec
from tests.conftest import Emulator
from tests.e2e.workspace import ROOT
from tests.provider.test_discover import (  # noqa: F401 (a fixture)
    ACME_REF,
    POOL_REF,
    account,
    reader,
    run,
)


def members(parts: list[Part]) -> dict[tuple[str, str], str]:
    return {(kind, name): part.name for part in parts
            for kind, entries in part.found.kinds.items() for name in entries}


def test_every_object_lands_in_one_part_and_a_domain_stays_whole(
        emulator: Emulator, account: dict[str, str]) -> None:  # noqa: F811
    found = discover.discover(reader(emulator))
    parts = split(found, max_objects=3)
    placed = members(parts)
    assert sorted(placed) == sorted((kind, name) for kind, entries in found.kinds.items()
                                    for name in entries)
    assert all(part.found.count() <= 3 for part in parts)
    assert [p.name for p in parts][:2] == ["account", "account-2"]
    by_domain: dict[str, set[str]] = {}
    for part in parts:
        for kind, entries in part.found.kinds.items():
            for name, entry in entries.items():
                domain = entry.inputs.get("domain")
                if domain:
                    by_domain.setdefault(str(domain), set()).add(part.name)
                    assert part.name.startswith("domains-"), (kind, name)
    assert by_domain and all(len(names) == 1 for names in by_domain.values())
    # mail.example.com has three objects: a part of its own, filled to the bound.
    mail = by_domain["mail.example.com"].pop()
    assert next(p for p in parts if p.name == mail).found.count() == 3
    for part in parts:
        parse_spec(part.found.spec())


def test_a_reference_across_stacks_is_the_id_and_within_one_stays(
        emulator: Emulator, account: dict[str, str]) -> None:  # noqa: F811
    found = discover.discover(reader(emulator))
    parts = {p.name: p.found for p in split(found, max_objects=500)}
    assert sorted(parts) == ["account", "domains-01"]
    domains = parts["domains-01"].kinds
    linked = domains["domain_ip_assignments"]["mail-example-com"]
    assert linked.inputs["pool_id"] == account["transactional"]
    assert "declared in stack part 'account'" in linked.notes["pool_id"]
    assert domains["dipp_spillovers"]["mail-example-com"].inputs["pool_id"] == \
        account["marketing"]
    own = parts["account"].kinds
    assert own["dipp_spillovers"]["account"].inputs["pool_id"] == POOL_REF
    assert own["subaccount_sending_limits"]["acme-corp"].inputs["subaccount_id"] == ACME_REF
    # The account's part keeps the remarks; found itself is left as it was.
    assert parts["account"].remarks["ip_bands"] and not parts["domains-01"].remarks["ip_bands"]
    assert found.kinds["domain_ip_assignments"]["mail-example-com"].inputs["pool_id"] == POOL_REF


def test_split_by_subaccount_gives_each_its_own_stack(
        emulator: Emulator, account: dict[str, str]) -> None:  # noqa: F811
    found = discover.discover(reader(emulator))
    parts = {p.name: p.found for p in split(found, max_objects=500, by="subaccount")}
    assert sorted(parts) == ["account", "domains-01", "subaccount-acme-corp"]
    acme = parts["subaccount-acme-corp"].spec()
    assert sorted(acme) == ["dedicated_ip_pool_delegations", "subaccount_ip_links",
                            "subaccount_sending_limits", "subaccounts"]
    delegation = acme["dedicated_ip_pool_delegations"]["marketing-pool-to-acme-corp"]
    assert delegation["subaccount_id"] == ACME_REF
    assert delegation["pool_id"] == account["marketing"]
    assert "subaccounts" not in parts["account"].spec()


def synthetic(domains: list[str], hooks: int = 2) -> Discovered:
    found = Discovered("https://api.example.test")
    for domain in domains:
        for n in range(hooks):
            name = f"{domain.replace('.', '-')}-{n}"
            found.kinds["webhooks"][name] = Entry({
                "domain": domain, "event": ["opened", "clicked", "delivered"][n],
                "urls": [f"https://h.example.com/{n}"], "adopt": True, "protect": True})
    return found


def test_a_domain_a_stack_declares_stays_there_and_new_ones_fill_the_room() -> None:
    first = split(synthetic(["b.example.com", "d.example.com", "f.example.com"]), 4)
    assert [(p.name, p.found.count()) for p in first] == [("domains-01", 4), ("domains-02", 2)]
    specs = {p.name: p.found.spec() for p in first}
    placed = placed_groups(specs, "domain")
    assert placed["domain:f.example.com"] == "domains-02"
    # Two domains sort before the placed ones: they go where there is room, not first.
    again = split(synthetic(["a.example.com", "b.example.com", "c.example.com",
                             "d.example.com", "f.example.com"]), 4, placed=placed)
    parts = {p.name: {str(e.inputs["domain"]) for e in p.found.kinds["webhooks"].values()}
             for p in again}
    assert parts == {"domains-01": {"b.example.com", "d.example.com"},
                     "domains-02": {"f.example.com", "a.example.com"},
                     "domains-03": {"c.example.com"}}


def test_a_stack_holds_at_most_max_domains_domains_and_placed_ones_stay() -> None:
    # One object a domain: the object bound alone would put all five in one stack.
    domains = [f"{c}.example.com" for c in "abcde"]
    first = split(synthetic(domains, hooks=1), 500, max_domains=2)
    parts = {p.name: sorted(str(e.inputs["domain"]) for e in p.found.kinds["webhooks"].values())
             for p in first}
    assert parts == {"domains-01": domains[:2], "domains-02": domains[2:4],
                     "domains-03": domains[4:]}
    # A stack that declares more than the bound keeps them; new domains go elsewhere.
    placed = {f"domain:{d}": "domains-01" for d in domains[:3]}
    again = split(synthetic([*domains, "f.example.com"], hooks=1), 500, placed=placed,
                  max_domains=2)
    parts = {p.name: sorted(str(e.inputs["domain"]) for e in p.found.kinds["webhooks"].values())
             for p in again}
    assert parts == {"domains-01": domains[:3], "domains-02": ["d.example.com", "e.example.com"],
                     "domains-03": ["f.example.com"]}
    with pytest.raises(DiscoverError, match="--max-domains must be at least 1"):
        split(synthetic(domains, hooks=1), 500, max_domains=0)


def test_a_group_larger_than_a_stack_and_a_zero_bound_are_refused() -> None:
    with pytest.raises(DiscoverError, match=r"domain:a\.example\.com has 3 objects"):
        split(synthetic(["a.example.com"], hooks=3), 2)
    with pytest.raises(DiscoverError, match="at least 1"):
        split(synthetic(["a.example.com"]), 0)
    assert group_of("account_webhooks", "x", Entry({"url": "https://x"}), "domain") == \
        "account:account_webhooks/x"


def test_a_secret_url_goes_with_the_stack_that_names_it() -> None:
    found = synthetic(["a.example.com", "b.example.com"], hooks=1)
    url = "https://user:pw@h.example.com/x"
    found.kinds["webhooks"]["b-example-com-0"].inputs["urls"] = [found.secrets.stand_for(url)]
    parts = split(found, 1)
    assert [p.found.secrets.values() for p in parts] == [{}, {found.secrets.key_for(url): url}]


def test_split_writes_a_spec_a_part_and_merges_into_stacks_again_the_same(
        emulator: Emulator, account: dict[str, str], tmp_path: Path,  # noqa: F811
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILGUN_API_KEY", emulator.api_key)
    code, _, err = run(capsys, "--api-url", emulator.url, "--split", "domain",
                       "--max-objects", "4", "-o", str(tmp_path / "out"))
    assert code == 0, err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    # 14 objects of the account's own, 6 of three domains (3, 2 and 1).
    assert written == ["account-2.yaml", "account-3.yaml", "account-4.yaml", "account.yaml",
                       "domains-01.yaml", "domains-02.yaml"]
    assert "6 stacks: account, account-2, account-3, account-4, domains-01, domains-02" in err
    assert all(parse_spec(yaml.safe_load((tmp_path / "out" / name).read_text()))
               for name in written)

    (tmp_path / "stacks").mkdir()
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    args = ["--api-url", emulator.url, "--split", "domain", "--stack", "big", "--cwd",
            str(tmp_path), "-q"]
    assert run(capsys, *args)[0] == 0
    files = {p.name: p.read_text() for p in (tmp_path / "stacks").iterdir()}
    assert sorted(files) == ["Pulumi.big-account.yaml", "Pulumi.big-domains-01.yaml"]
    spec = yaml.safe_load(files["Pulumi.big-domains-01.yaml"])["config"]["mailgun-infra:spec"]
    assert not any(REFERENCE.fullmatch(str(v)) for entries in spec.values()
                   for inputs in entries.values() for v in inputs.values())
    # A smaller bound moves nothing a stack declares already.
    assert run(capsys, *args, "--max-objects", "3")[0] == 0
    assert {p.name: p.read_text() for p in (tmp_path / "stacks").iterdir()} == files
