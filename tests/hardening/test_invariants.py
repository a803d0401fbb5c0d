"""Property-based: random sequences of API calls, through the emulator's HTTP routes, never
break Mailgun's invariants, whatever each call answers."""

from __future__ import annotations

import base64
import copy
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from mailgun_infra.emulator import Backend, create_app, default_seed

SEED = default_seed()
IPS = [ip["ip"] for ip in SEED["ips"]] + ["203.0.113.9"]
DOMAINS = [d["name"] for d in SEED["domains"]]
DYNAMIC = ["dynamic_good", "dynamic_poor", "dynamic_new", "dynamic_best"]
AUTH = {"Authorization": "Basic " + base64.b64encode(
    f"api:{SEED['api_key']}".encode()).decode()}

ips = st.lists(st.sampled_from(IPS), max_size=4)


class MailgunAccount(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.backend = Backend(copy.deepcopy(SEED))
        self.http = create_app(self.backend).test_client()
        self.statuses: set[int] = set()

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.open(path, method=method, headers=AUTH, **kwargs)
        self.statuses.add(response.status_code)
        assert response.status_code in (200, 204, 400, 403, 404, 409), response.data
        return response.get_json(silent=True) or {}

    def pool_ids(self) -> list[str]:
        return [p["pool_id"] for p in self.call("GET", "/v3/ip_pools")["ip_pools"]] or ["none"]

    @rule(name=st.sampled_from(["a", "b", ""]), chosen=ips)
    def create_pool(self, name: str, chosen: list[str]) -> None:
        self.call("POST", "/v3/ip_pools", data={"name": name, "ip": chosen})

    @rule(data=st.data(), add=ips, remove=ips)
    def patch_pool(self, data: st.DataObject, add: list[str], remove: list[str]) -> None:
        pool = data.draw(st.sampled_from(self.pool_ids()))
        self.call("PATCH", f"/v3/ip_pools/{pool}", data={"add_ip": add, "remove_ip": remove})

    @rule(data=st.data(), ip=st.sampled_from(IPS))
    def put_pool_ip(self, data: st.DataObject, ip: str) -> None:
        pool = data.draw(st.sampled_from(self.pool_ids()))
        self.call("PUT", f"/v3/ip_pools/{pool}/ips/{ip}")

    @rule(data=st.data(), replacement=st.sampled_from([None, "shared", *IPS[:3]]))
    def delete_pool(self, data: st.DataObject, replacement: str | None) -> None:
        pool = data.draw(st.sampled_from(self.pool_ids()))
        params = {"ip": replacement} if replacement else {}
        self.call("DELETE", f"/v3/ip_pools/{pool}", query_string=params)

    @rule(data=st.data(), domain=st.sampled_from(DOMAINS))
    def link_domain(self, data: st.DataObject, domain: str) -> None:
        pool = data.draw(st.sampled_from(self.pool_ids()))
        self.call("POST", f"/v3/domains/{domain}/ips", data={"pool_id": pool})

    @rule(pool=st.sampled_from(DYNAMIC), add=ips, remove=ips)
    def patch_dynamic_pool(self, pool: str, add: list[str], remove: list[str]) -> None:
        self.call("PATCH", f"/v3/dynamic_pools/{pool}", data={"add_ip": add, "remove_ip": remove})

    @rule(domain=st.sampled_from(DOMAINS))
    def enroll(self, domain: str) -> None:
        self.call("POST", f"/v3/domains/{domain}/dynamic_pools",
                  query_string={"replacement_ip": "shared"})

    @rule(domain=st.sampled_from(DOMAINS))
    def unenroll(self, domain: str) -> None:
        self.call("DELETE", f"/v3/domains/{domain}/dynamic_pools",
                  query_string={"replacement_ip": "shared"})

    @rule(ip=st.sampled_from(IPS), start=st.booleans())
    def warmup(self, ip: str, start: bool) -> None:
        self.call("POST" if start else "DELETE", f"/v3/ip_warmups/{ip}")

    @invariant()
    def an_ip_is_in_one_dipp_at_most(self) -> None:
        seen: list[str] = [ip for p in self.backend.account.pools.values() for ip in p.ips]
        assert len(seen) == len(set(seen))

    @invariant()
    def pools_hold_dedicated_account_ips_only(self) -> None:
        account = self.backend.account
        pooled = [ip for p in account.pools.values() for ip in p.ips]
        pooled += [ip for ips in account.dynamic_pools.values() for ip in ips]
        assert all(ip in account.ips and account.ips[ip].dedicated for ip in pooled)

    @invariant()
    def an_ip_is_in_one_dynamic_pool_at_most(self) -> None:
        seen = [ip for ips in self.backend.account.dynamic_pools.values() for ip in ips]
        assert len(seen) == len(set(seen))

    @invariant()
    def a_dynamic_pool_in_use_keeps_a_non_warming_ip(self) -> None:
        account = self.backend.account
        in_use = {d.dynamic_pool for d in account.domains.values() if d.dynamic_pool}
        for name, pool_ips in account.dynamic_pools.items():
            if name in in_use:
                assert not all(account.ips[ip].is_on_warmup for ip in pool_ips), name

    @invariant()
    def linked_dipps_exist(self) -> None:
        account = self.backend.account
        for domain in account.domains.values():
            # A deleted DIPP relinks or unlinks its domains.
            assert domain.pool_id is None or domain.pool_id in account.pools


TestMailgunAccount = MailgunAccount.TestCase
TestMailgunAccount.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
