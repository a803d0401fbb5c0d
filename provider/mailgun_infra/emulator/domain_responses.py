"""The bodies of the domain and domain-IP operations (``domain_rules`` holds their rules)."""

from __future__ import annotations

from typing import Any

from .models import Domain
from .responses import ResponsesBase, success


class DomainResponses(ResponsesBase):
    def get_domain(self, name: str) -> dict[str, Any]:
        """``GET /v4/domains/{name}``: the domain with every field the OpenAPI file marks
        required, and the DNS records Mailgun asks for."""
        with self.lock:
            domain = self.rules.get_domain(name)
            return {"domain": _domain_json(domain),
                    "receiving_dns_records": [
                        _dns_record("MX", f"mx{n}.mailgun.org", priority="10")
                        for n in ("a", "b")],
                    "sending_dns_records": [
                        _dns_record("TXT", "v=spf1 include:mailgun.org ~all", domain.name),
                        _dns_record("CNAME", "mailgun.org", f"email.{domain.name}")]}

    def list_domains(self, *, limit: int = 100, skip: int = 0, state: str | None = None,
                     sort: str | None = None, authority: str | None = None,
                     search: str | None = None,
                     include_subaccounts: bool = False) -> dict[str, Any]:
        with self.lock:
            found = self.rules.list_domains(
                limit=limit, skip=skip, state=state, sort=sort, authority=authority,
                search=search, include_subaccounts=include_subaccounts)
            return {"total_count": len(found),
                    "items": [_domain_json(d) for d in found[skip:skip + limit]]}

    def list_ip_domains(self, ip: str, limit: int, skip: int,
                        search: str | None) -> dict[str, Any]:
        with self.lock:
            items = [{"domain": d.name, "ips": ips}
                     for d, ips in self.rules.list_ip_domains(ip, limit, skip, search)]
            return {"items": items[skip:skip + limit], "total_count": len(items)}

    def list_domain_ips(self, name: str) -> dict[str, Any]:
        ips = self.rules.list_domain_ips(name)
        # The legacy read documents these two fields only (REFERENCE 4.1).
        return {"items": ips, "total_count": len(ips)}

    def assign_domain_ip(self, name: str, ip: str | None, pool_id: str | None) -> dict[str, Any]:
        self.rules.assign_domain_ip(name, ip, pool_id)
        return success()

    def remove_domain_ip(self, name: str, ip: str, replacement_ip: str | None,
                         replacement_pool_id: str | None) -> dict[str, Any]:
        self.rules.remove_domain_ip(name, ip, replacement_ip, replacement_pool_id)
        return success()


def _domain_json(domain: Domain) -> dict[str, Any]:
    """A domain as the domains API shows it; the settings the emulator does not model
    carry Mailgun's defaults for a new domain."""
    body: dict[str, Any] = {
        "created_at": domain.created_at, "id": domain.id, "name": domain.name,
        "state": domain.state, "type": "custom", "is_disabled": domain.state == "disabled",
        "require_tls": False, "skip_verification": False,
        "smtp_login": f"postmaster@{domain.name}", "spam_action": "disabled",
        "use_automatic_sender_security": False, "web_prefix": "email", "web_scheme": "http",
        "wildcard": False, "encrypt_incoming_message": False, "message_ttl": 259200,
    }
    if domain.subaccount_id is not None:
        body["subaccount_id"] = domain.subaccount_id
    return body


def _dns_record(record_type: str, value: str, name: str | None = None,
                priority: str | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {"is_active": True, "cached": [], "record_type": record_type,
                              "valid": "unknown", "value": value}
    if name is not None:
        record["name"] = name
    if priority is not None:
        record["priority"] = priority
    return record
