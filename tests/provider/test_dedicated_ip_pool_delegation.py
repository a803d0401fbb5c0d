"""DedicatedIpPoolDelegation's read: ``GET /v5/accounts/subaccounts/ip_pools/all`` lists
every delegation (several DIPPs per subaccount included) and answers 404 "account not
found" for an account without subaccounts. A 404 of that list says nothing about one
delegation: only its subaccount being gone does."""

from __future__ import annotations

import pytest

from mailgun_infra.resources import DedicatedIpPoolDelegationProvider
from tests.conftest import Emulator


def delegated(emulator: Emulator) -> tuple[DedicatedIpPoolDelegationProvider, str, list[str]]:
    client = emulator.client()
    subaccount_id = str(client.create_subaccount("Acme Corp")["id"])
    pools = [client.create_ip_pool(name, "d", [ip])
             for name, ip in (("a", "192.0.2.13"), ("b", "192.0.2.14"))]
    provider = emulator.provider(DedicatedIpPoolDelegationProvider)
    ids = [str(provider.create(provider.check({}, {"pool_id": pool_id,
                                                   "subaccount_id": subaccount_id}).inputs).id)
           for pool_id in pools]
    return provider, subaccount_id, ids


def test_several_dipps_delegated_to_one_subaccount_read_back(emulator: Emulator) -> None:
    provider, _, ids = delegated(emulator)
    assert [provider.read(id_, {}).id for id_ in ids] == ids
    provider.delete(ids[0], {})
    assert [provider.read(id_, {}).id for id_ in ids] == ["", ids[1]]


def test_a_gone_subaccount_takes_its_delegations_with_it(emulator: Emulator) -> None:
    provider, subaccount_id, ids = delegated(emulator)
    emulator.client().delete_subaccount(subaccount_id)
    # The account has no subaccount left: the list answers 404 "account not found".
    assert [provider.read(id_, {}).id for id_ in ids] == ["", ""]


def test_a_404_of_the_list_while_the_subaccount_lives_is_an_error(emulator: Emulator) -> None:
    provider, _, ids = delegated(emulator)
    emulator.faults({"status": 404, "message": "account not found", "times": 100,
                     "path_prefix": "/v5/accounts/subaccounts/ip_pools/all"})
    with pytest.raises(RuntimeError, match=r"404 Not Found on GET "
                                           r"/v5/accounts/subaccounts/ip_pools/all"):
        provider.read(ids[0], {})


def test_a_passing_404_of_the_list_is_read_again(emulator: Emulator) -> None:
    """Mailgun answers 404 for a moment after some writes: a refresh reads again before it
    decides anything, and the delegation stays."""
    provider, _, ids = delegated(emulator)
    emulator.faults({"status": 404, "message": "account not found", "times": 2,
                     "path_prefix": "/v5/accounts/subaccounts/ip_pools/all"})
    assert provider.read(ids[0], {}).id == ids[0]
