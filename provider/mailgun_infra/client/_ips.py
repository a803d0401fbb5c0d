"""IPs (``/v3/ips``, REFERENCE 3: with the DIPP spillover of 3.5 and the subaccount
links of 3.6) and IP warmups (``/v3/ip_warmups``, REFERENCE 6)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._transport import Transport, api_path


class IpsApi(Transport):
    """The account's IPs, what they are linked to, and their warmups."""

    def list_ips(self, *, dedicated: bool | None = None) -> dict[str, Any]:
        """``GET /v3/ips``: items, details (with ``is_on_warmup``), assignable_to_pools."""
        params = {} if dedicated is None else {"dedicated": "true" if dedicated else "false"}
        return self.request("GET", "/v3/ips", params=params)

    def warming_ips(self) -> set[str]:
        """The account's IPs on warmup (``GET /v3/ips`` ``is_on_warmup``), one listing
        shared by the reads of the process; a warmup's start or cancel renews it."""

        def load() -> frozenset[str]:
            details = self.list_ips().get("details") or []
            return frozenset(str(d["ip"]) for d in details if d.get("is_on_warmup"))

        return set(self.listed(("warming_ips",), load, ("/v3/ip_warmups",)).value)

    def list_ip_domains(self, ip: str, search: str | None = None) -> list[dict[str, Any]]:
        """``GET /v3/ips/{ip}/domains``, every page: the domains sending from ``ip``
        (``domain`` and ``ips``); ``search`` narrows by words of the domain names."""
        params = {"limit": "1000", **({"search": search} if search else {})}
        return self._skip_pages(api_path("/v3/ips/{}/domains", ip), params, "items",
                                "total_count")

    def get_ip_allowance(self) -> dict[str, int]:
        """``GET /v3/ips/request/new``: how many more IPs the billing plan allows, by kind
        (``dedicated``; ``shared`` is deprecated). Only a read: the ``POST`` that requests
        an IP is billed, and nothing here sends it."""
        allowed = self.request("GET", "/v3/ips/request/new").get("allowed") or {}
        return {str(kind): int(count) for kind, count in allowed.items()}

    def get_ip(self, ip: str) -> dict[str, Any]:
        """``GET /v3/ips/{ip}``: ``ip``, ``rdns`` and ``dedicated``; NotFound for an IP that
        is not the account's."""
        return self.request("GET", api_path("/v3/ips/{}", ip))

    def place_ip_in_band(self, ip: str, ip_band: str) -> None:
        """``POST /v3/ips/{addr}/ip_band``: needs the account's Dedicated IP Bands feature.
        Mailgun documents no read of an IP's band."""
        self.request("POST", api_path("/v3/ips/{}/ip_band", ip), form={"ip_band": ip_band})

    # -- DIPP spillover ------------------------------------------------------------------

    def get_dipp_spillover(self, domain: str | None = None) -> str | None:
        """``GET /v3/ips/account/settings``, or ``/v3/ips/domain/{name}`` for a domain: the
        id of the DIPP taking the spillover, None when none is set."""
        body = self.request("GET", _spillover_path(domain))
        pool_id = (body.get("extra_dedicated_ips") or {}).get("pool_id")
        # The spec types the read's pool_id as a string: "" may be how it shows none set.
        return str(pool_id) if pool_id else None

    def set_dipp_spillover(self, pool_id: str | None, domain: str | None = None) -> None:
        """``PATCH`` of the same path with the JSON ``{"extra_dedicated_ips": {"pool_id"}}``;
        None clears the setting."""
        self.request("PATCH", _spillover_path(domain),
                     json_body={"extra_dedicated_ips": {"pool_id": pool_id}})

    # -- IP warmups ----------------------------------------------------------------------

    def get_ip_warmup(self, ip: str) -> dict[str, Any]:
        result: dict[str, Any] = self.request(
            "GET", api_path("/v3/ip_warmups/{}", ip))["details"]
        return result

    def create_ip_warmup(self, ip: str) -> None:
        self.request("POST", api_path("/v3/ip_warmups/{}", ip))

    def cancel_ip_warmup(self, ip: str) -> None:
        self.request("DELETE", api_path("/v3/ip_warmups/{}", ip))

    # -- IPs linked to subaccounts -------------------------------------------------------

    def update_subaccount_ips(self, subaccount_id: str, *, link_ips: Iterable[str] = (),
                              unlink_ips: Iterable[str] = ()) -> None:
        """``PATCH /v3/ips/subaccounts`` for one subaccount."""
        form = {"subaccount_id": subaccount_id, "link_ip": list(link_ips),
                "unlink_ip": list(unlink_ips)}
        self.request("PATCH", "/v3/ips/subaccounts", form=form)

    def list_subaccount_ips(self, subaccount_id: str) -> list[str]:
        """The parent IPs linked to a subaccount, from ``GET /v3/ips/details/all``."""
        items = self._skip_pages("/v3/ips/details/all",
                                 {"subaccount_id": subaccount_id, "limit": "100"},
                                 "items", "total_count")
        return [str(item["address"]) for item in items]


def _spillover_path(domain: str | None) -> str:
    """The account's spillover setting, or one domain's."""
    return api_path("/v3/ips/domain/{}", domain) if domain else "/v3/ips/account/settings"
