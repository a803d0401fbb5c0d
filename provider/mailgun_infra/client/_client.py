"""MailgunClient: one method per Mailgun operation the provider uses, grouped as Mailgun's
documents group them, one mixin per API family on top of the transport.

Usage::

    client = MailgunClient(api_key, region="eu")
    pool_id = client.create_ip_pool("transactional", "receipts", ["192.0.2.10"])
    client.get_ip_pool(pool_id)["ips"]

The families: ``_ips`` (IPs, IP warmups), ``_ip_pools`` (DIPPs and their delegation),
``_dynamic_pools``, ``_domains``, ``_webhooks`` (v3, v4, account), ``_subaccounts``,
``_account`` (the signing key, the monthly limit); ``_transport`` sends every request.
Errors are raised as the tree in ``_exceptions``.
"""

from __future__ import annotations

from ._account import AccountApi
from ._domains import DomainsApi
from ._dynamic_pools import DynamicPoolsApi
from ._ip_pools import IpPoolsApi
from ._ips import IpsApi
from ._subaccounts import SubaccountsApi
from ._webhooks import WebhooksApi


class MailgunClient(IpsApi, IpPoolsApi, DynamicPoolsApi, DomainsApi, WebhooksApi,
                    SubaccountsApi, AccountApi):
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
