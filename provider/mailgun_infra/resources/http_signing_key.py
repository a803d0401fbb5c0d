"""HttpSigningKey: the account's webhook signing key, as a Pulumi secret.

Mailgun endpoints: ``GET /v5/accounts/http_signing_key`` (read), ``POST
/v5/accounts/http_signing_key`` (create or regenerate). There is nothing else: no delete,
and no way to choose the key.

An account has one key, which its webhooks are signed with, so declaring the resource
takes that key into the stack (for the services that verify the webhooks) and changes
nothing: create reads the key, and writes only when the account has none yet (Mailgun's
documented ``400 could not get HSK for account``; any other error stops the create).
Rotating is an explicit act: every change of ``rotation`` (a string or a number, set,
changed or removed) regenerates the key, in place, and the old key stops verifying at
once. A rotation at create is left out on purpose: a key that webhook receivers already
verify would change on the first ``up`` of every stack that declares it.

- ID: ``account`` (the one key of the account the provider is configured for).
- Adopt key: none needed. The key always exists and create never changes it, so there is
  nothing to refuse; ``adopt`` is accepted and changes nothing.
- Replacement: never. ``rotation`` changes in place (a ``POST``).
- Read: the key as it is now; one rotated outside the stack shows as a new value of the
  secret output, and no change to make.
- Delete: nothing to call. The key stays in the account, still signing its webhooks; the
  provider says so.
- Secret: ``http_signing_key`` is a secret output (``additional_secret_outputs``): kept
  encrypted in the state, shown as ``[secret]``, and never part of an error message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource, UpdateResult
from pydantic import Field

from .. import answers
from ..client import BadRequest
from ._base import Found, Inputs, Live, MailgunProvider, resource_props
from ._fields import OptionalRotation
from ._ids import IdFormat

ACCOUNT_ID = "account"
SECRET_OUTPUT = "http_signing_key"


class HttpSigningKeyArgs(Inputs):
    """The inputs of an HttpSigningKey."""

    rotation: OptionalRotation = Field(
        None, description="Any change of this value regenerates the key (a string or a "
                          "whole number, e.g. a date or a counter).")


class HttpSigningKeyProvider(MailgunProvider[HttpSigningKeyArgs]):
    inputs_model = HttpSigningKeyArgs
    id_format = IdFormat("HttpSigningKey", ACCOUNT_ID)
    output_fields = (SECRET_OUTPUT,)
    kept_on_read = frozenset({"rotation"})

    def existing(self, args: HttpSigningKeyArgs) -> Found | None:
        try:
            key = self.client.get_http_signing_key()
        except BadRequest as error:
            if not answers.NO_HTTP_SIGNING_KEY.matches(error):
                raise
            return None
        # The account's one key is this resource's to read: declaring it needs no adopt.
        return Found(ACCOUNT_ID, "the account's webhook signing key", "", live={SECRET_OUTPUT: key},
                     taken=False)

    def write(self, args: HttpSigningKeyArgs) -> tuple[str, Live | None]:
        return ACCOUNT_ID, {SECRET_OUTPUT: self.client.regenerate_http_signing_key()}

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        return {SECRET_OUTPUT: self.client.get_http_signing_key()}

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        return {}

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        return {SECRET_OUTPUT: (live or {}).get(SECRET_OUTPUT)}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        args = self.parse(news)
        # The old mark as it was stored: a state from before a rule must still update.
        before = olds.get("rotation")
        if isinstance(before, float) and before.is_integer():
            before = int(before)
        rotated = before != args.rotation
        if rotated:
            key = self._regenerate(str(olds.get(SECRET_OUTPUT) or ""))
        else:
            key = self.client.get_http_signing_key()
        return UpdateResult(self.outputs(id_, args, {SECRET_OUTPUT: key}))

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        self.left_in_place(id_, "Mailgun has no delete for the webhook signing key; the "
                                "account keeps its key, which still signs its webhooks")

    def _regenerate(self, old_key: str) -> str:
        """A new key; after a lost answer, a key unlike the old one means the POST landed,
        so a retry never rotates twice."""
        client = self.client

        def landed() -> str | None:
            key = client.get_http_signing_key()
            return key if key != old_key else None

        return self.waits.write_or_find(client.regenerate_http_signing_key, landed)


class HttpSigningKey(Resource, module="mailgun", name="HttpSigningKey"):
    """The account's webhook signing key; destroying it leaves the key in the account."""

    rotation: pulumi.Output[int | str | None]
    http_signing_key: pulumi.Output[str]
    """The key, a secret: verify webhook signatures with it."""

    def __init__(
        self,
        resource_name: str,
        *,
        rotation: pulumi.Input[int | str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = resource_props(HttpSigningKeyProvider, locals())
        # The output is no input, so only this option keeps it encrypted in the state.
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=[SECRET_OUTPUT]))
        super().__init__(HttpSigningKeyProvider(), resource_name, props, opts)
