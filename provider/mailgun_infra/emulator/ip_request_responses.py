"""The bodies of ``/v3/ips/request/new`` (``ip_request_rules`` holds its rules)."""

from __future__ import annotations

from typing import Any

from .responses import ResponsesBase, success


class IpRequestResponses(ResponsesBase):
    def ip_allowance(self) -> dict[str, Any]:
        return {"allowed": self.rules.ip_allowance()}

    def request_new_ip(self) -> dict[str, Any]:
        self.rules.request_new_ip()
        return success()
