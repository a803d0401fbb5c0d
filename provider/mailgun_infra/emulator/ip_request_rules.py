"""The IPs the account's billing plan still allows, and requesting one
(``/v3/ips/request/new``, OpenAPI "IPs"). ``ip_request_responses`` renders what it returns.

The documents say only that a new IP "can be assigned only if billing limits allow that";
the emulator reads the allowance as what is left (``allowed``), takes one for each IP it
adds, and gives the new IP an address from the documentation ranges that the account does
not hold yet (inferred).
"""

from __future__ import annotations

import ipaddress

from .models import Ip
from .more_errors import NoFreeAddress, NoIpAllowance
from .rules_base import RulesBase

# Where a requested IP's address comes from: TEST-NET-1 and TEST-NET-3 (RFC 5737), never
# an address anyone could send from.
NEW_IP_RANGES = ("192.0.2.0/24", "203.0.113.0/24")


class IpRequestRules(RulesBase):
    def ip_allowance(self) -> dict[str, int]:
        with self.lock:
            return dict(self.account.ip_allowance)

    def request_new_ip(self) -> Ip:
        """A new dedicated IP, if the allowance has one left."""
        with self.lock:
            if self.account.ip_allowance.get("dedicated", 0) <= 0:
                raise NoIpAllowance()
            address = next((str(host) for network in NEW_IP_RANGES
                            for host in ipaddress.ip_network(network).hosts()
                            if str(host) not in self.account.ips), None)
            if address is None:
                raise NoFreeAddress()
            ip = self.account.ips[address] = Ip(ip=address, dedicated=True)
            self.account.ip_allowance["dedicated"] -= 1
            return ip
