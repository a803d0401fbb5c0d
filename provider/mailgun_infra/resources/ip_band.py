"""IpBand: the dedicated IP band one dedicated IP of the account is placed in.

Mailgun endpoints: ``POST /v3/ips/{addr}/ip_band`` (create and update, form ``ip_band``;
the account needs the Dedicated IP Bands feature), ``GET /v3/ips/{ip}`` (read). Mailgun
documents neither a read of an IP's band nor a way to take an IP out of one.

- ID: the IP.
- Adopt key: none that Mailgun can show: with no read of a band, create cannot tell an IP
  already in one, and sets the declared band either way (``adopt`` changes nothing).
- Replacement: a new ``ip``. ``ip_band`` changes in place (another POST).
- Read: confirms only that the IP is still a dedicated IP of the account; the band is kept
  from state, so a band changed outside Pulumi goes unseen.
- Delete: sends nothing, and the IP stays in its band (a line on the engine's output says
  so). An IP that is no longer the account's counts as gone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from .. import answers
from ..client import KeyRoleCannotWrite, Unauthorized
from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import IpAddress, Name
from ._ids import IdFormat

FEATURE_MISSING = ("the account lacks the Dedicated IP Bands feature, which Mailgun "
                   "support enables")


class IpBandArgs(Inputs):
    """The inputs of an IpBand."""

    ip: IpAddress = Field(description="A dedicated IP of the account.")
    # The documents name no bands: any name is passed on, and Mailgun judges it.
    ip_band: Name = Field(description="The dedicated IP band to place the IP in.")


class IpBandProvider(MailgunProvider[IpBandArgs]):
    inputs_model = IpBandArgs
    id_format = IdFormat("IpBand", "{ip}")
    output_fields = ()
    replace_on = frozenset({"ip"})
    kept_on_read = frozenset({"ip_band"})

    def existing(self, args: IpBandArgs) -> Found | None:
        # Mailgun shows no IP's band: nothing to find, and the declared band is set either
        # way (adopt changes nothing).
        return None

    def write(self, args: IpBandArgs) -> tuple[str, Live | None]:
        self._place(args.ip, args.ip_band)
        return args.ip, None

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        ip = self.client.get_ip(id_)
        # Only a dedicated IP has a band.
        return ip if ip.get("dedicated", True) else None

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {"ip": id_}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        if olds.get("ip_band") != args.ip_band:
            self._place(args.ip, args.ip_band)
        return UpdateResult(self.outputs(id_, args, None))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.left_in_place(id_, "Mailgun has no call to take an IP out of its band; it "
                                f"stays in '{props.get('ip_band')}'")

    def _place(self, ip: str, ip_band: str) -> None:
        try:
            # Sending it again after a lost answer only sets the same band, and no read
            # could tell whether the first one landed.
            self.waits.write_or_check(lambda: self.client.place_ip_in_band(ip, ip_band),
                                      lambda: False)
        except Unauthorized as error:
            # A key whose role cannot write is told so by the error itself, not as a feature.
            if (not answers.IP_BANDS_FORBIDDEN.matches(error)
                    or isinstance(error, KeyRoleCannotWrite)):
                raise
            raise RuntimeError(f"{error} ({FEATURE_MISSING})") from None


class IpBand(Resource, module="mailgun", name="IpBand"):
    """The dedicated IP band of one dedicated IP; destroying it leaves the IP in the band."""

    ip: pulumi.Output[str]
    ip_band: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        ip: pulumi.Input[str],
        ip_band: pulumi.Input[str],
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(IpBandProvider(), resource_name,
                         resource_props(IpBandProvider, locals()), opts)
