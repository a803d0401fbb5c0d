"""The URL layer of the calls added after ``routes``: the IP allowance and request, the
account's monthly limit, and the dynamic pools' assignable domains, enroll-all, preview
and history. Views as in ``routes``: parse, ask the backend, return its answer.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request

from .errors import NotAnInteger
from .routes import _flag, _value, backend

more_api = Blueprint("mailgun_api_more", __name__)

ON_BEHALF_OF = "X-Mailgun-On-Behalf-Of"


# -- IPs: what the billing plan allows, and requesting a new one ---------------------------

@more_api.get("/v3/ips/request/new")
def ip_allowance() -> Any:
    return backend().ip_allowance()


@more_api.post("/v3/ips/request/new")
def request_new_ip() -> Any:
    return backend().request_new_ip()


# -- the account's custom monthly sending limit ---------------------------------------------

@more_api.get("/v5/accounts/limit/custom/monthly")
def get_account_monthly_limit() -> Any:
    return backend().get_account_monthly_limit()


@more_api.put("/v5/accounts/limit/custom/monthly")
def set_account_monthly_limit() -> Any:
    return backend().set_account_monthly_limit(_value("limit"))


@more_api.delete("/v5/accounts/limit/custom/monthly")
def delete_account_monthly_limit() -> Any:
    return backend().delete_account_monthly_limit()


@more_api.put("/v5/accounts/limit/custom/enable")
def reenable_account() -> Any:
    return backend().reenable_account()


# -- dynamic IP pools: assignable domains, enroll-all, preview, history ---------------------

@more_api.get("/v3/domains/dynamic_pools/assignable")
def assignable_domains() -> Any:
    return backend().assignable_domains(_value("subaccount_id"), _value("domain"))


@more_api.post("/v3/domains/all/dynamic_pools/enroll")
def enroll_all_domains() -> Any:
    return backend().enroll_all_domains(_value("include_subaccounts"),
                                        request.headers.get(ON_BEHALF_OF))


@more_api.get("/v1/dynamic_pools/domains/<name>/preview")
def preview_domain(name: str) -> Any:
    return backend().preview_domain(name)


@more_api.get("/v1/dynamic_pools/domains/<name>/history")
def domain_history(name: str) -> Any:
    return backend().domain_history(name)


@more_api.get("/v1/dynamic_pools/history")
def dynamic_pool_history() -> Any:
    # The document spells it ``Limit``; SDKs write ``limit`` everywhere else.
    raw_limit = _value("Limit") or _value("limit")
    try:
        limit = None if raw_limit is None else int(raw_limit)
    except ValueError:
        raise NotAnInteger("Limit") from None
    return backend().dynamic_pool_history(
        limit=limit, include_subaccounts=bool(_flag("include_subaccounts")),
        domain=_value("domain"), before=_value("before"), after=_value("after"),
        moved_to=_value("moved_to"), moved_from=_value("moved_from"))
