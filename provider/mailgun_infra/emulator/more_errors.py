"""The errors of the calls added after ``errors`` reached the module size limit: the IP
allowance, the account's monthly limit, the dynamic pools' assignable domains, enroll-all,
preview and history, and acting on behalf of a subaccount. One class per error, as in
``errors``, whose four shapes they use.

A message with no documented text is the emulator's own wording (README, "choices where
the documents are silent").
"""

from __future__ import annotations

from .errors import BadRequest, Forbidden, NotFound

# -- IPs: the allowance and requesting a new one (OpenAPI "IPs") -------------------------

class NoIpAllowance(BadRequest):
    # "A new IP can be assigned only if billing limits allow that."
    text = "billing limits do not allow another dedicated IP"

class NoFreeAddress(BadRequest):
    text = "the emulator has no free address for a new dedicated IP"


# -- the account's monthly limit (OpenAPI "Custom Message Limit") -------------------------

class AccountLimitBelowMinimum(BadRequest):
    # The document's own spelling.
    text = "The limit parameter minumum is 1000"

class AccountLimitNotANumber(BadRequest):
    text = "limit must be a number"

class AccountNotDisabledForLimit(BadRequest):
    text = "Unable to re-enable account with current account disablement"


# -- dynamic IP pools: assignable domains, enroll-all, preview, history -------------------

class InvalidDomainSearch(BadRequest):
    def __init__(self, pattern: str) -> None:
        super().__init__(f"domain must be a valid regular expression: {pattern!r}")

class InvalidAccountId(BadRequest):
    # "If provided, queries domains belonging to the subaccount. Must be a valid account ID".
    def __init__(self, account_id: str) -> None:
        super().__init__(f"{account_id!r} is not a valid account ID")

class EnrollAllFromParentOnly(Forbidden):
    # "the request must come from a parent account user".
    text = "only the parent account can enroll all domains"

class NoDynamicPoolHistory(NotFound):
    def __init__(self, domain: str) -> None:
        super().__init__(f"no dynamic IP pool history for domain {domain}")

class InvalidHistoryTime(BadRequest):
    def __init__(self, name: str, value: str) -> None:
        super().__init__(f"{name} must be a time as 'Mon, 02 Jan 2006 15:04:05 MST', "
                         f"not {value!r}")


# -- acting on behalf of a subaccount (REFERENCE 1.2) --------------------------------------

class OnBehalfOfUnknownSubaccount(Forbidden):
    def __init__(self, subaccount_id: str) -> None:
        super().__init__(f"no subaccount {subaccount_id!r} to act on behalf of")
