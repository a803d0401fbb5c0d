"""MailgunClient: one method per Mailgun operation the provider uses.

Usage::

    client = MailgunClient(api_key, region="eu")
    pool_id = client.create_ip_pool("transactional", "receipts", ["192.0.2.10"])
    client.get_ip_pool(pool_id)["ips"]

Each thread gets its own ``requests.Session`` (the Pulumi provider host calls in from up to
16 threads, see ``resources/_provider_host``). Errors are raised as the tree in
``_exceptions``; the API key is sent only in the Authorization header and never appears in
an exception or a log line.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlparse

import requests
from requests.adapters import HTTPAdapter

from ..facts import REGION_URLS
from ._exceptions import TransportError, error_for_status
from ._keys import ApiKeys
from ._ratelimit import RateLimits, shared_limits
from ._retry import MailgunRetry, default_retry
from ._shared_reads import Listing, SharedReads
from ._shared_reads import shared_reads as shared_reads_of

T = TypeVar("T")

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
USER_AGENT = "mailgun-infra/0.1 (+pulumi dynamic provider)"

Form = Mapping[str, str | Iterable[str]]


def base_url_for(region: str | None = None, api_url: str | None = None) -> str:
    """The API base URL: an explicit ``api_url`` wins over the region."""
    if api_url:
        return api_url.rstrip("/")
    key = (region or "us").lower()
    if key not in REGION_URLS:
        raise ValueError(f"region must be one of {sorted(REGION_URLS)}, not {region!r}")
    return REGION_URLS[key]


class MailgunClient:
    """A small, thread-safe Mailgun API client.

    :param api_key: the key writes go with (``api:KEY``); may be empty given ``read_api_key``,
        the key reads (GET, HEAD) go with: then a write raises NoWriteKey, unsent.
    :param region: ``us`` or ``eu``; ignored when ``api_url`` is given.
    :param api_url: a base URL such as ``http://127.0.0.1:8025`` (the emulator).
    :param timeout: ``(connect, read)`` seconds for each try.
    :param retry: the urllib3 retry policy; see ``_retry``.
    :param rate_limits: client-side limits; by default the process-wide ones of the account
        (Mailgun's documented limits, shared by every thread).
    :param shared_reads: the listings reads share (see ``_shared_reads``); by default the
        process-wide ones of the account. Every write through this client invalidates them.
    """

    def __init__(
        self,
        api_key: str,
        *,
        region: str | None = "us",
        api_url: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        retry: MailgunRetry | None = None,
        rate_limits: RateLimits | None = None,
        shared_reads: SharedReads | None = None,
        read_api_key: str | None = None,
    ) -> None:
        self._keys = ApiKeys(api_key, read_api_key)
        self.base_url = base_url_for(region, api_url)
        self.timeout = timeout
        self._rate_limits = rate_limits or shared_limits(self.base_url, self._keys.read_key)
        self.shared_reads = (shared_reads if shared_reads is not None
                             else shared_reads_of(self.base_url, self._keys.read_key))
        self._retry = (retry or default_retry()).new()
        self._retry.rate_limits = self._rate_limits
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"MailgunClient(base_url={self.base_url!r})"

    def __getstate__(self) -> dict[str, Any]:
        raise TypeError("MailgunClient holds the API key and must not be pickled")

    # -- transport -----------------------------------------------------------------------

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            adapter = HTTPAdapter(max_retries=self._retry, pool_maxsize=4)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Form | None = None,
        form: Form | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Send one request and return the decoded JSON object (``{}`` when empty)."""
        if method in ("GET", "HEAD"):
            return self._send(method, path, params, form, json_body, headers)
        # Before and after: a listing loaded while the write was in flight is not kept.
        self.shared_reads.wrote(path)
        try:
            return self._send(method, path, params, form, json_body, headers)
        finally:
            self.shared_reads.wrote(path)

    def listed(self, key: Hashable, load: Callable[[], T],
               invalidated_by: tuple[str, ...] | None = None,
               fresh_for: float | None = None) -> Listing[T]:
        """A list shared with the other reads of this process (``SharedReads``)."""
        return self.shared_reads.get(key, load, invalidated_by, fresh_for)

    def _send(self, method: str, path: str, params: Form | None, form: Form | None,
              json_body: Any, headers: Mapping[str, str] | None) -> dict[str, Any]:
        auth = self._keys.auth_for(method, path)  # NoWriteKey here: nothing sent
        self._rate_limits.acquire(path)
        try:
            response = self._session().request(
                method,
                self.base_url + path,
                params=_pairs(params),
                data=_pairs(form),
                json=json_body,
                headers=dict(headers or {}),
                auth=auth,
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise TransportError(method, path, _describe_transport_error(exc)) from None
        if response.status_code >= 400:
            raise error_for_status(response.status_code, method, path, error_message(response),
                                   from_mailgun=_is_json_object(response))
        if not response.content:
            return {}
        try:
            body = response.json()
        except ValueError:
            return {"message": response.text.strip()}
        return body if isinstance(body, dict) else {"items": body}

    # -- IPs -----------------------------------------------------------------------------

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
        return self._skip_pages(_path("/v3/ips/{}/domains", ip), params, "items",
                                "total_count")

    def get_ip(self, ip: str) -> dict[str, Any]:
        """``GET /v3/ips/{ip}``: ``ip``, ``rdns`` and ``dedicated``; NotFound for an IP that
        is not the account's."""
        return self.request("GET", _path("/v3/ips/{}", ip))

    def place_ip_in_band(self, ip: str, ip_band: str) -> None:
        """``POST /v3/ips/{addr}/ip_band``: needs the account's Dedicated IP Bands feature.
        Mailgun documents no read of an IP's band."""
        self.request("POST", _path("/v3/ips/{}/ip_band", ip), form={"ip_band": ip_band})

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
        result: dict[str, Any] = self.request("GET", _path("/v3/ip_warmups/{}", ip))["details"]
        return result

    def create_ip_warmup(self, ip: str) -> None:
        self.request("POST", _path("/v3/ip_warmups/{}", ip))

    def cancel_ip_warmup(self, ip: str) -> None:
        self.request("DELETE", _path("/v3/ip_warmups/{}", ip))

    # -- Dedicated IP pools (DIPPs) ------------------------------------------------------

    def list_ip_pools(self) -> list[dict[str, Any]]:
        """``GET /v3/ip_pools``: every DIPP with ``is_inherited`` and ``is_linked``."""
        pools: list[dict[str, Any]] = self.request("GET", "/v3/ip_pools").get("ip_pools") or []
        return pools

    def get_ip_pool(self, pool_id: str) -> dict[str, Any]:
        """``GET /v3/ip_pools/{id}``: the details, with ``linked_domains``."""
        details: dict[str, Any] = self.request("GET", _path("/v3/ip_pools/{}", pool_id))["details"]
        return details

    def create_ip_pool(self, name: str, description: str, ips: Iterable[str]) -> str:
        """``POST /v3/ip_pools``; returns the new pool id."""
        form = {"name": name, "description": description, "ip": list(ips)}
        result = self.request("POST", "/v3/ip_pools", form=form)
        return str(result["pool_id"])

    def update_ip_pool(
        self,
        pool_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        add_ips: Iterable[str] = (),
        remove_ips: Iterable[str] = (),
        link_domains: Iterable[str] = (),
        unlink_domains: Iterable[str] = (),
    ) -> dict[str, Any]:
        """``PATCH /v3/ip_pools/{id}``. Mailgun rejects a PATCH that changes nothing."""
        form: dict[str, str | list[str]] = {}
        if name is not None:
            form["name"] = name
        if description is not None:
            form["description"] = description
        for key, values in (("add_ip", add_ips), ("remove_ip", remove_ips),
                            ("link_domain", link_domains), ("unlink_domain", unlink_domains)):
            if values := list(values):
                form[key] = values
        if not form:
            raise ValueError("update_ip_pool needs at least one change")
        return self.request("PATCH", _path("/v3/ip_pools/{}", pool_id), form=form)

    def delete_ip_pool(
        self, pool_id: str, *, replacement_ip: str | None = None,
        replacement_pool_id: str | None = None,
    ) -> None:
        """``DELETE /v3/ip_pools/{id}``; a pool with IPs needs one replacement."""
        if replacement_ip and replacement_pool_id:
            raise ValueError("give replacement_ip or replacement_pool_id, not both")
        params = {}
        if replacement_ip:
            params["ip"] = replacement_ip
        if replacement_pool_id:
            params["pool_id"] = replacement_pool_id
        self.request("DELETE", _path("/v3/ip_pools/{}", pool_id), params=params)

    def remove_ip_from_pool(self, pool_id: str, ip: str) -> None:
        self.request("DELETE", _path("/v3/ip_pools/{}/ips/{}", pool_id, ip))

    def list_dynamic_pools(self) -> dict[str, list[str]]:
        """``GET /v3/dynamic_pools``: the IPs of each dynamic pool, by pool name."""
        body = self.request("GET", "/v3/dynamic_pools")
        return {str(p["name"]): list(p.get("ips") or []) for p in body.get("pools") or []}

    def update_dynamic_pool(self, pool: str, *, add_ips: Iterable[str] = (),
                            remove_ips: Iterable[str] = ()) -> None:
        """``PATCH /v3/dynamic_pools/{pool}`` with ``add_ip`` / ``remove_ip``."""
        form = {"add_ip": list(add_ips), "remove_ip": list(remove_ips)}
        if not form["add_ip"] and not form["remove_ip"]:
            raise ValueError("update_dynamic_pool needs an IP to add or remove")
        self.request("PATCH", _path("/v3/dynamic_pools/{}", pool), form=form)

    def enroll_domain_in_dynamic_pools(self, domain: str, replacement_ip: str) -> None:
        self.request("POST", _path("/v3/domains/{}/dynamic_pools", domain),
                     params={"replacement_ip": replacement_ip})

    def remove_domain_from_dynamic_pools(
        self, domain: str, *, replacement_ips: Iterable[str] = (),
        replacement_pool_id: str | None = None,
    ) -> None:
        params: dict[str, str | list[str]] = {}
        if ips := list(replacement_ips):
            params["replacement_ip"] = ips
        if replacement_pool_id:
            params["replacement_pool_id"] = replacement_pool_id
        self.request("DELETE", _path("/v3/domains/{}/dynamic_pools", domain), params=params)

    def list_dynamic_pool_enrollments(self) -> list[dict[str, Any]]:
        """``GET /v1/dynamic_pools/domains``, every page: each enrolled domain (``name``)
        with its pool, override and assignment."""
        return [item for items in self._token_pages("/v1/dynamic_pools/domains",
                                                     {"limit": "100"}, "items")
                for item in items]

    def get_dynamic_pool_enrollment(self, domain: str) -> dict[str, Any] | None:
        """The enrollment of one domain from ``GET /v1/dynamic_pools/domains``, or None.

        The list has no filter by name: every page is read until the domain is found.
        """
        for items in self._token_pages("/v1/dynamic_pools/domains", {"limit": "100"}, "items"):
            for item in items:
                if item.get("name") == domain:
                    return dict(item)
        return None

    def set_dynamic_pool_override(self, domain: str, pool: str) -> None:
        self.request("PUT", _path("/v1/dynamic_pools/domains/{}/override", domain),
                     form={"pool": pool})

    def remove_dynamic_pool_override(self, domain: str) -> None:
        self.request("DELETE", _path("/v1/dynamic_pools/domains/{}/override", domain))

    def _token_pages(self, path: str, params: dict[str, str],
                     key: str) -> Iterator[list[dict[str, Any]]]:
        """The items of every page of a token-paged list, following each page's ``next``
        (``Next`` on some lists) until a page comes back empty, as Mailgun's clients do.

        Only the query of ``next`` is taken: the whole of it, on this client's own base
        URL, so that the key is never sent to a host a response names.
        """
        seen: set[str] = set()
        while True:
            body = self.request("GET", path, params=params)
            items = body.get(key) or []
            if not items:
                return
            yield items
            paging = body.get("paging") or {}
            query = urlparse(str(paging.get("next") or paging.get("Next") or "")).query
            if not query or query in seen:
                return
            seen.add(query)
            params = dict(parse_qsl(query))

    # -- DIPP delegation to subaccounts ------------------------------------------------

    def delegate_ip_pool(self, pool_id: str, subaccount_id: str) -> None:
        self.request("PUT", _path("/v3/ip_pools/{}/delegate", pool_id),
                     form={"subaccount_id": subaccount_id})

    def revoke_ip_pool(self, pool_id: str, subaccount_id: str) -> None:
        self.request("DELETE", _path("/v3/ip_pools/{}/delegate", pool_id),
                     form={"subaccount_id": subaccount_id})

    def list_delegated_ip_pools(self) -> list[dict[str, Any]]:
        """``GET /v5/accounts/subaccounts/ip_pools/all``: ``{pool_id, subaccount_id}`` items."""
        items: list[dict[str, Any]] = self.request(
            "GET", "/v5/accounts/subaccounts/ip_pools/all").get("items") or []
        return items

    # -- Domains and their IPs ---------------------------------------------------------

    def get_domain(self, name: str) -> dict[str, Any]:
        """``GET /v4/domains/{name}``: the domain, with its ``id``."""
        domain: dict[str, Any] = self.request("GET", _path("/v4/domains/{}", name))["domain"]
        return domain

    def assign_domain_ip(self, name: str, ip: str) -> None:
        self.request("POST", _path("/v3/domains/{}/ips", name), form={"ip": ip})

    def remove_domain_ip(self, name: str, ip: str) -> None:
        self.request("DELETE", _path("/v3/domains/{}/ips/{}", name, ip))

    def unlink_domain_ip_pool(self, name: str, *, replacement_ip: str | None = None,
                              replacement_pool_id: str | None = None) -> None:
        """``DELETE /v3/domains/{name}/ips/ip_pool`` with exactly one replacement."""
        params = {"ip": replacement_ip} if replacement_ip else {"pool_id": replacement_pool_id}
        self.request("DELETE", _path("/v3/domains/{}/ips/ip_pool", name),
                     params={k: str(v) for k, v in params.items()})

    # -- Domain webhooks (v3) ----------------------------------------------------------

    def list_domain_webhooks(self, domain: str) -> dict[str, list[str]]:
        """``GET /v3/domains/{domain}/webhooks``: the URLs of each event that has any."""
        return _webhook_map(self.request("GET", _path("/v3/domains/{}/webhooks", domain)))

    def get_domain_webhook(self, domain: str, event: str) -> list[str]:
        body = self.request("GET", _path("/v3/domains/{}/webhooks/{}", domain, event))
        return _webhook_urls(body.get("webhook") or {})

    def create_domain_webhook(self, domain: str, event: str, urls: Iterable[str]) -> None:
        self.request("POST", _path("/v3/domains/{}/webhooks", domain),
                     form={"id": event, "url": list(urls)})

    def update_domain_webhook(self, domain: str, event: str, urls: Iterable[str]) -> None:
        self.request("PUT", _path("/v3/domains/{}/webhooks/{}", domain, event),
                     form={"url": list(urls)})

    def delete_domain_webhook(self, domain: str, event: str) -> None:
        self.request("DELETE", _path("/v3/domains/{}/webhooks/{}", domain, event))

    # -- Domain webhooks (v4: one URL, many events) --------------------------------------

    def create_domain_webhook_url(self, domain: str, url: str,
                                  event_types: Iterable[str]) -> dict[str, list[str]]:
        """``POST /v4/domains/{domain}/webhooks``: ``url`` on each of ``event_types``;
        returns the domain's URLs by event afterwards."""
        body = self.request("POST", _path("/v4/domains/{}/webhooks", domain),
                            form={"url": url, "event_types": list(event_types)})
        return _webhook_map(body)

    def update_domain_webhook_url(self, domain: str, url: str,
                                  event_types: Iterable[str]) -> dict[str, list[str]]:
        """``PUT /v4/domains/{domain}/webhooks``: ``url`` on exactly ``event_types`` (it
        must be on some event already); returns the domain's URLs by event afterwards."""
        body = self.request("PUT", _path("/v4/domains/{}/webhooks", domain),
                            form={"url": url, "event_types": list(event_types)})
        return _webhook_map(body)

    def delete_domain_webhook_urls(self, domain: str,
                                   urls: Iterable[str]) -> dict[str, list[str]]:
        """``DELETE /v4/domains/{domain}/webhooks?url=u1,u2``: each URL off every event;
        returns the domain's URLs by event afterwards. Mailgun splits the list on commas,
        so a URL with a comma cannot be named here."""
        body = self.request("DELETE", _path("/v4/domains/{}/webhooks", domain),
                            params={"url": ",".join(urls)})
        return _webhook_map(body)

    # -- Account webhooks (v1) ---------------------------------------------------------

    def list_account_webhooks(self) -> list[dict[str, Any]]:
        hooks: list[dict[str, Any]] = self.request("GET", "/v1/webhooks").get("webhooks") or []
        return hooks

    def get_account_webhook(self, webhook_id: str) -> dict[str, Any]:
        return self.request("GET", _path("/v1/webhooks/{}", webhook_id))

    def create_account_webhook(self, url: str, event_types: Iterable[str],
                               description: str) -> str:
        form = {"url": url, "event_types": list(event_types), "description": description}
        return str(self.request("POST", "/v1/webhooks", form=form)["webhook_id"])

    def update_account_webhook(self, webhook_id: str, url: str, event_types: Iterable[str],
                               description: str) -> None:
        form = {"url": url, "event_types": list(event_types), "description": description}
        self.request("PUT", _path("/v1/webhooks/{}", webhook_id), form=form)

    def delete_account_webhook(self, webhook_id: str) -> None:
        self.request("DELETE", _path("/v1/webhooks/{}", webhook_id))

    # -- The account's webhook signing key ---------------------------------------------

    def get_http_signing_key(self) -> str:
        """``GET /v5/accounts/http_signing_key``: the key webhooks are signed with."""
        return str(self.request("GET", "/v5/accounts/http_signing_key")["http_signing_key"])

    def regenerate_http_signing_key(self) -> str:
        """``POST /v5/accounts/http_signing_key``: a new key (the old one stops verifying);
        returns it."""
        return str(self.request("POST", "/v5/accounts/http_signing_key")["http_signing_key"])

    # -- Subaccounts -------------------------------------------------------------------

    def create_subaccount(self, name: str) -> dict[str, Any]:
        # The name goes in the query, where the documents put it.
        sub: dict[str, Any] = self.request("POST", "/v5/accounts/subaccounts",
                                           params={"name": name})["subaccount"]
        return sub

    def get_subaccount(self, subaccount_id: str) -> dict[str, Any]:
        sub: dict[str, Any] = self.request(
            "GET", _path("/v5/accounts/subaccounts/{}", subaccount_id))["subaccount"]
        return sub

    def list_subaccounts(self) -> list[dict[str, Any]]:
        """``GET /v5/accounts/subaccounts``, every page."""
        return self._skip_pages("/v5/accounts/subaccounts", {"limit": "1000"}, "subaccounts",
                                "total")

    def list_subaccounts_named(self, name: str) -> list[dict[str, Any]]:
        """Subaccounts whose name is exactly ``name`` (the list filter matches parts)."""
        listed = self._skip_pages("/v5/accounts/subaccounts",
                                  {"filter": name, "limit": "1000"}, "subaccounts", "total")
        return [s for s in listed if s.get("name") == name]

    def set_subaccount_enabled(self, subaccount_id: str, enabled: bool) -> None:
        action = "enable" if enabled else "disable"
        self.request("POST", _path("/v5/accounts/subaccounts/{}/{}", subaccount_id, action))

    def delete_subaccount(self, subaccount_id: str) -> None:
        """``DELETE /v5/accounts/subaccounts`` acting on behalf of the subaccount."""
        self.request("DELETE", "/v5/accounts/subaccounts",
                     headers={"X-Mailgun-On-Behalf-Of": subaccount_id})

    def update_subaccount_features(self, subaccount_id: str,
                                   features: Mapping[str, bool]) -> dict[str, Any]:
        """``PUT .../{id}/features``: each feature a form field holding the JSON object
        ``{"enabled": ...}``; returns every feature override the subaccount has."""
        form = {name: json.dumps({"enabled": enabled}) for name, enabled in features.items()}
        found: dict[str, Any] = self.request(
            "PUT", _path("/v5/accounts/subaccounts/{}/features", subaccount_id),
            form=form).get("features") or {}
        return found

    def get_subaccount_monthly_limit(self, subaccount_id: str) -> dict[str, Any]:
        """``GET .../{id}/limit/custom/monthly``: ``limit``, ``current`` and ``period``; a
        NotFound when no limit is set."""
        return self.request(
            "GET", _path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id))

    def set_subaccount_monthly_limit(self, subaccount_id: str, limit: int) -> None:
        # The limit goes in the query, where the documents put it.
        self.request("PUT",
                     _path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id),
                     params={"limit": str(limit)})

    def delete_subaccount_monthly_limit(self, subaccount_id: str) -> None:
        self.request("DELETE",
                     _path("/v5/accounts/subaccounts/{}/limit/custom/monthly", subaccount_id))

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

    def _skip_pages(self, path: str, params: dict[str, str], key: str,
                    total_key: str) -> list[dict[str, Any]]:
        """Every item of a list paged with ``skip`` and ``limit`` and a total."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.request("GET", path, params={**params, "skip": str(len(found))})
            items = page.get(key) or []
            found.extend(items)
            if not items or len(found) >= int(page.get(total_key) or 0):
                return found



def _pairs(form: Form | None) -> list[tuple[str, str]] | None:
    """Mailgun's multi-value convention: a list becomes the same key repeated."""
    if form is None:
        return None
    pairs: list[tuple[str, str]] = []
    for key, value in form.items():
        if isinstance(value, str):
            pairs.append((key, value))
        else:
            pairs.extend((key, str(v)) for v in value)
    return pairs


def _webhook_map(body: Mapping[str, Any]) -> dict[str, list[str]]:
    """The URLs of each event that has any, from a ``{"webhooks": {event: {"urls"}}}``
    answer (the v3 list and every v4 write answer so)."""
    hooks = body.get("webhooks") or {}
    return {str(event): urls for event, hook in hooks.items()
            if isinstance(hook, dict) and (urls := _webhook_urls(hook))}


def _webhook_urls(hook: Mapping[str, Any]) -> list[str]:
    """A webhook's URLs; pre-2018 events carried a single ``url``."""
    urls = hook.get("urls")
    if urls is None and hook.get("url"):
        urls = [hook["url"]]
    return [str(u) for u in urls or []]


def _path(template: str, *segments: str) -> str:
    """``template`` with each ``{}`` filled by one segment, escaped: an id never adds a
    level to the path."""
    return template.format(*(quote(str(s), safe="") for s in segments))


def _spillover_path(domain: str | None) -> str:
    """The account's spillover setting, or one domain's."""
    return _path("/v3/ips/domain/{}", domain) if domain else "/v3/ips/account/settings"


def error_message(response: requests.Response) -> str:
    """Mailgun's message from any of its error body shapes, else the plain text."""
    text = response.text.strip()
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("message", "Message", "Reason", "Description", "error"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
        if "Field" in body:
            return f"invalid value {body.get('Value')!r} for field {body['Field']!r}"
        if "retry-seconds" in body:
            return f"rate limited, retry in {body['retry-seconds']} s"
    if text:
        return text[:500]
    return response.reason or "no message"


def _is_json_object(response: requests.Response) -> bool:
    """Whether the answer is a JSON object, as Mailgun's own error answers are."""
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False


def _describe_transport_error(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.RetryError):
        return "retries exhausted"
    if isinstance(exc, requests.ConnectionError):
        return "connection failed (is the API URL right and the server up?)"
    return type(exc).__name__
