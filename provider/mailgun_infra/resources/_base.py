"""The resource template: what every Mailgun dynamic provider shares.

A resource module states only what differs: its inputs model, its ``IdFormat``, which
inputs force replacement, how to find the live object, how to read inputs and outputs off
it, and its create, update and remove calls. The lifecycle policy lives here, once:

- ``read``: ``find`` returns the live object, or None when it is gone; a NotFound from
  the client counts as gone too. Gone is re-read, spaced and bounded (``Waits.settle``),
  before it becomes an empty id, which drops the resource: Mailgun may answer 404 for a
  moment after a write. A plain-text 404 (``RouteNotFound``) is never "gone".
  ``find`` reads through the process's shared listings one way, ``from_listing``: in a
  refresh, and in the look of a create that adopts, from the listing the reads share;
  elsewhere the object alone.
- ``create``: one path (``create`` below): ``existing`` finds the object a create would
  make → if there, refuse it unless adopting (``refuse_unless_adopting``, one wording) and
  ``adopt`` it → else ``write`` it (waiting until Mailgun shows it), then ``after_write``
  (a second call, a read back), which, if it fails, ``undo``es the write: nothing is left
  in Mailgun that the state does not hold.
- ``delete``: ``remove`` deletes; a NotFound means someone else did, which is done too.
  Where Mailgun has no delete, ``left_in_place`` says so, in one wording.
- ``check``/``diff``: from the inputs model and ``replace_on``.
- errors: whatever ``create``, ``update``, ``read`` or ``delete`` raises reaches the
  engine with the credentials of any URL in it masked (``facts.masked``); a webhook URL
  with a password is a secret input, and an error message is never encrypted.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, ParamSpec, Self, TypeVar

from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
)
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..client import MISSING_API_KEY, MailgunClient, NotFound, default_retry
from ..config import ProviderSettings
from ..facts import ACCOUNT_FACTS, masked
from ..facts import PREFIX as TYPE_PREFIX
from . import _detailed_diff, _pickling, _provider_host
from ._account import account_facts
from ._fields import OptionalId, OptionalReplacementIp, StrictBool
from ._ids import IdFormat
from ._owners import OwnersUnknown, backend_owners
from ._props import failures_from, is_unknown, same_input, unknown_credentials_masked
from ._waits import Waits

# Before any Resource is built: past ~985 of them the SDK alone raises RecursionError.
_pickling.install()
# Before the host answers a Diff: the engine then shows the properties our diff names.
_detailed_diff.install()

PROVIDER_KEY = "__provider"
# The client's back-off factor between retries of idempotent calls, before scaling.
RETRY_BACKOFF = 0.5


Live = Mapping[str, Any]


class Inputs(BaseModel):
    """Base of every resource's inputs model: strict about unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    adopt: StrictBool = Field(
        False, description="Take over the object if it already exists in Mailgun, instead "
                           "of refusing to create it.")


@dataclass(frozen=True)
class Found:
    """What a create found in Mailgun where it would write: its object, already there."""

    # The resource's id if it takes the object over.
    id: str
    # The object in words, for messages: "a DIPP named 'transactional'".
    what: str
    # What Mailgun has, for the refusal: ids, IPs, a stage.
    shown: str
    # The object as read, for ``adopt``.
    live: Live | None = None
    # Whether taking it over needs ``adopt``: False where what is there is the resource's
    # to set anyway (URLs other resources manage, a dynamic pool's declared IPs).
    taken: bool = True
    # Every object that matches, where Mailgun does not make the key unique (names).
    matches: tuple[str, ...] = ()


class AlreadyThere(Exception):
    """Raised by ``write`` when Mailgun refused it because the object exists, with what a
    read then found: the create goes on as if ``existing`` had found it."""

    def __init__(self, found: Found) -> None:
        super().__init__(found.what)
        self.found = found


class NotYetKnown(RuntimeError):
    """A read cannot tell yet whether the object exists (a 404 on a list beside it, say).
    A refresh reads again, spaced, and fails with this if it lasts; never "gone"."""


ArgsT = TypeVar("ArgsT", bound=Inputs)
T = TypeVar("T")
U = TypeVar("U")
P = ParamSpec("P")


def masking_errors(method: Callable[P, T]) -> Callable[P, T]:
    """``method``, raising an error whose text holds URL credentials as a RuntimeError
    with them masked, and without the original as its context (the provider host prints
    tracebacks, contexts included)."""

    @functools.wraps(method)
    def masking(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except Exception as error:
            text = str(error)
            if masked(text) == text:
                raise
            raise RuntimeError(masked(text)) from None

    return masking


class MailgunProvider(ResourceProvider, Generic[ArgsT]):
    """Base of every Mailgun dynamic provider.

    The instance is pickled into each resource's state, so it carries nothing: settings
    and the client are made in ``configure`` inside the provider process.
    """

    # The pickled provider names its class and holds nothing (see __getstate__), so it needs
    # no encryption: plain, it keeps each resource's state smaller, and the engine writes
    # the whole state after every step.
    serialize_as_secret_always = False

    inputs_model: type[ArgsT]
    id_format: ClassVar[IdFormat]
    # Properties the Resource declares as outputs; they are never inputs.
    output_fields: ClassVar[tuple[str, ...]] = ()
    # The output that repeats the resource's id (Mailgun's id of the object), if any. The
    # state keeps it as an output, but the Resource reads it as a property returning its
    # ``id``: the engine keeps an id known in the preview of an in-place update, where a
    # registered output turns unknown (a dynamic provider has no preview of its update, nor
    # stable outputs) and would make every dependent look replaced.
    id_output: ClassVar[str | None] = None
    # Inputs that the API cannot change in place.
    replace_on: ClassVar[frozenset[str]] = frozenset()
    # Inputs Mailgun does not store (used only on delete, say): read keeps them from state.
    kept_on_read: ClassVar[frozenset[str]] = frozenset()
    # Whether ``check`` adds what the account says of the IPs, DIPP or subaccount the
    # inputs name, for the policy pack (see ``_account``).
    reads_account: ClassVar[bool] = False

    _settings: ProviderSettings | None
    _client: MailgunClient | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Each resource writes its own create and update (a few their read or delete): the
        # masking wraps them here, once.
        for name in ("create", "update", "read", "delete"):
            if name in vars(cls):
                setattr(cls, name, masking_errors(vars(cls)[name]))

    def __init__(self) -> None:
        self._settings = None
        self._client = None
        self._lock = threading.Lock()
        self._sharing = threading.local()

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    # -- configuration and the client ---------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        self._settings = ProviderSettings.from_config(req.config.get)
        # The provider host configures us on one of its 4 worker threads: make them more.
        _provider_host.widen()

    @property
    def settings(self) -> ProviderSettings:
        if self._settings is None:
            # Outside the engine (tests, scripts): the environment alone.
            self._settings = ProviderSettings.from_config(lambda key: None)
        return self._settings

    @property
    def client(self) -> MailgunClient:
        with self._lock:
            if self._client is None:
                settings = self.settings
                if not settings.api_key and not settings.read_api_key:
                    raise RuntimeError(MISSING_API_KEY)
                retry = default_retry(backoff_factor=RETRY_BACKOFF * settings.wait_scale)
                # Reads go with the read key when there is one; with it alone, a write
                # raises before it is sent (the client's NoWriteKey).
                self._client = MailgunClient(settings.api_key, region=settings.region,
                                             api_url=settings.api_url, retry=retry,
                                             read_api_key=settings.read_api_key or None)
            return self._client

    @property
    def waits(self) -> Waits:
        return Waits(scale=self.settings.wait_scale)

    # -- the hooks each resource fills in -------------------------------------------------

    def find(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        """The live object of ``id_``, or None when it no longer exists."""
        raise NotImplementedError

    def inputs_from(self, id_: str, live: Live) -> dict[str, Any]:
        """The inputs as Mailgun has them, from the live object."""
        raise NotImplementedError

    def outputs_from(self, id_: str, inputs: Mapping[str, Any], live: Live | None,
                     olds: Mapping[str, Any]) -> dict[str, Any]:
        """The computed outputs (``output_fields``); ``live`` is None where the call had
        nothing more to tell (most updates), ``olds`` the state's last outputs ({} on
        create)."""
        return {}

    def existing(self, args: ArgsT) -> Found | None:
        """The object a create of ``args`` would make, if Mailgun has it already."""
        raise NotImplementedError

    def write(self, args: ArgsT) -> tuple[str, Live | None]:
        """Make the object and wait until Mailgun shows it (``waits``): its id, and the
        live object where the write gave it. AlreadyThere when Mailgun refused the write
        because the object exists."""
        raise NotImplementedError

    def after_write(self, id_: str, args: ArgsT, live: Live | None) -> Live | None:
        """What a create does once the object exists (settings a second call makes, a read
        back): undone with the object if it fails. By default nothing."""
        return live

    def adopt(self, found: Found, args: ArgsT) -> Live | None:
        """Take over what ``existing`` found, as ``args`` declare it. By default as it is:
        a resource says here what adopting changes (and, where nothing, why)."""
        return found.live

    def undo(self, id_: str, args: ArgsT) -> None:
        """Delete what this create wrote, when ``after_write`` failed."""
        self.remove(id_, args.model_dump())

    def remove(self, id_: str, props: Mapping[str, Any]) -> None:
        """Delete the object."""
        raise NotImplementedError

    def renewed_id(self, id_: str, inputs: Mapping[str, Any]) -> str:
        """The id a refresh keeps: ``id_``, or its current form where an older one must
        not stay in the state (the engine takes a new id from a read)."""
        return id_

    @property
    def sharing(self) -> bool:
        """Whether this thread reads through the shared listings: in a ``read`` (a
        refresh), and in ``existing`` while adopting (see ``from_listing``)."""
        return bool(getattr(self._sharing, "active", False))

    @contextlib.contextmanager
    def _shared_listings(self) -> Iterator[None]:
        self._sharing.active = True
        try:
            yield
        finally:
            self._sharing.active = False

    def from_listing(self, key: Hashable, load: Callable[[], T],
                     pick: Callable[[T], Live | None],
                     read_alone: Callable[[], Live | None]) -> Live | None:
        """The one way ``find`` reads through the process's shared listings. In a ``read``
        (a refresh) the object is ``pick``ed out of the listing ``key`` that the process's
        reads share (see the client's ``SharedReads``), so a refresh of many resources costs
        a few list calls; one the listing lacks, which may be seconds old, is read alone
        before it is called gone. The look of a create that adopts (``existing``) shares
        the listings the same way, so adopting an account costs what refreshing it does:
        what the listing shows is taken over as it is, and what it lacks is read alone
        before a write. Anywhere else (a create, an update, an adopt's own writes) it is
        read alone: they must see Mailgun as it is now. ``read_alone`` is the object's
        own read, or a fresh listing where Mailgun has no read of one object."""
        if self.sharing:
            found = pick(self.client.listed(key, load).value)
            if found is not None:
                return found
        return read_alone()

    # -- the lifecycle policy -----------------------------------------------------------

    @masking_errors
    def create(self, props: dict[str, Any]) -> CreateResult:
        args = self.parse(props)
        if self.adopting(args):
            with self._shared_listings():
                found = self.existing(args)
        else:
            found = self.existing(args)
        if found is None:
            try:
                id_, live = self.write(args)
            except AlreadyThere as there:
                found = there.found
            else:
                live = self._after_write_or_undo(id_, args, live)
                return CreateResult(id_, self.outputs(id_, args, live))
        self._refuse_unless_adopting(args, found)
        live = self.adopt(found, args)
        return CreateResult(found.id, self.outputs(found.id, args, live))

    def _after_write_or_undo(self, id_: str, args: ArgsT, live: Live | None) -> Live | None:
        try:
            return self.after_write(id_, args, live)
        except Exception as error:
            # The state would not record the object: delete it rather than orphan it.
            try:
                self.undo(id_, args)
            except NotFound:
                pass
            except Exception as failed:
                raise RuntimeError(masked(
                    f"{error}; deleting the {self.id_format.resource} {id_} this create made "
                    f"failed too ({failed}): delete it in Mailgun")) from error
            raise

    def _refuse_unless_adopting(self, args: ArgsT, found: Found) -> None:
        if len(found.matches) > 1:
            ids = ", ".join(found.matches)
            self.refuse_unless_adopting(args, found.what, ids)
            raise RuntimeError(f"adopt: Mailgun has {len(found.matches)} matches for "
                               f"{found.what} ({ids}); rename or remove all but one there first")
        if found.taken:
            self.refuse_unless_adopting(args, found.what, found.shown, found.id)

    def live_or_none(self, id_: str, props: Mapping[str, Any]) -> Live | None:
        """``find``, with a NotFound from the client taken as gone."""
        return or_gone(lambda: self.find(id_, props), None)

    @masking_errors
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outcome = self._read_once(id_, props)
        if not isinstance(outcome, ReadResult):
            # Mailgun answers 404 for a short while after some writes: the state forgets
            # an object only once spaced re-reads all agree that it is gone.
            outcome = self.waits.settle(lambda: self._read_once(id_, props),
                                        lambda again: isinstance(again, ReadResult))
        if isinstance(outcome, NotFound | NotYetKnown):
            raise outcome
        return outcome or ReadResult("", {})

    def _read_once(self, id_: str,
                   props: Mapping[str, Any]) -> ReadResult | NotFound | NotYetKnown | None:
        """The object's inputs and outputs; None when ``find`` says it is gone; the
        NotFound of a read beside the object's own (a list its outputs need), or a
        ``NotYetKnown``, which say nothing about the object."""
        with self._shared_listings():
            try:
                live = self.live_or_none(id_, props)
                if live is None:
                    return None
                inputs = {key: props.get(key) for key in self.kept_on_read}
                inputs["adopt"] = bool(props.get("adopt"))
                inputs.update(self.inputs_from(id_, live))
                id_ = self.renewed_id(id_, inputs)
                outputs = self.outputs(id_, inputs, live, props)
                return ReadResult(id_, unknown_credentials_masked(outputs, props),
                                  unknown_credentials_masked(inputs, props))
            except (NotFound, NotYetKnown) as error:
                return error

    @masking_errors
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.remove(id_, props)
        except NotFound:
            return

    def outputs(self, id_: str, inputs: Mapping[str, Any] | BaseModel, live: Live | None,
                olds: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every output of the resource: its inputs and the computed fields."""
        values = inputs.model_dump() if isinstance(inputs, BaseModel) else dict(inputs)
        return {**values, **self.outputs_from(id_, values, live, olds or {})}

    def left_in_place(self, id_: str, why: str) -> None:
        """A destroy that leaves (some of) its object as it is, said on the engine's output
        (it shows what a provider writes to stderr as a message of the resource)."""
        print(f"{self.id_format.resource} {id_}: destroy leaves it in Mailgun: {why}",
              file=sys.stderr)

    def adopting(self, args: Inputs) -> bool:
        """Whether create takes over an existing object: the input, or recovery mode."""
        return args.adopt or self.settings.adopt_existing

    def refuse_unless_adopting(self, args: Inputs, what: str, found: str,
                               id_: str | None = None) -> None:
        """The one refusal of a create whose object exists already: unless adopting, and,
        for an object of id ``id_``, while another stack of the backend manages it (see
        ``_owners``) unless ``mailgun:adoptManagedElsewhere`` says so."""
        if not self.adopting(args):
            raise RuntimeError(
                masked(f"{what} already exists ({found}): set adopt=True to manage it"))
        if id_ is None or self.settings.adopt_managed_elsewhere:
            return
        token = f"{TYPE_PREFIX}{self.id_format.resource}"
        try:
            stacks = backend_owners.managing(token, id_, self.client.base_url)
        except OwnersUnknown as error:
            # The engine shows what a provider writes to stderr as a message of the resource.
            print(f"{self.id_format.resource} {id_}: adopted without knowing whether another "
                  f"stack of the backend manages it ({error})", file=sys.stderr)
            return
        if stacks:
            raise RuntimeError(
                f"{what} ({id_}) is managed by stack {', '.join(sorted(set(stacks)))} of this "
                "backend: two stacks adopting one object revert each other's changes, and "
                "either's destroy deletes it. Remove it from that stack (or its state) first, "
                "or set mailgun:adoptManagedElsewhere to adopt it anyway")

    def refuse_twins(self, what: str, ours: str, others: list[str],
                     undo: Callable[[], None]) -> None:
        """The one answer to a create that finds, right after its write, another object of
        its adopt key: two stacks (or two runs) created one at the same moment. Ours is
        undone, so that nothing is doubled or orphaned, and the error names both; the
        next run refuses or adopts as ``adopt`` says."""
        if not others:
            return
        try:
            undo()
        except Exception as error:
            raise RuntimeError(
                f"{what} was created twice at the same moment, most likely by another "
                f"stack: ours is {ours}, the other {', '.join(others)}; deleting ours "
                f"failed ({error}): delete one of them in Mailgun") from None
        raise RuntimeError(
            f"{what} was created twice at the same moment, most likely by another stack: "
            f"the other is {', '.join(others)}; ours ({ours}) was deleted again. Set "
            "adopt=True to manage the other, or choose another name")

    # -- check and diff, the same for every resource ------------------------------------

    def inputs_of(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The user's inputs among ``props``: no provider blob, no account facts, no output
        placeholders."""
        return {k: v for k, v in props.items()
                if k not in (PROVIDER_KEY, ACCOUNT_FACTS) and k not in self.output_fields}

    def parse(self, props: Mapping[str, Any]) -> ArgsT:
        """The validated inputs model of ``props``; raises ValidationError."""
        return self.inputs_model.model_validate(self.inputs_of(props))

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        raw = self.inputs_of(news)
        unknown = {k for k, v in raw.items() if is_unknown(v)}
        try:
            model = self.inputs_model.model_validate(raw)
        except ValidationError as error:
            failures = failures_from(error, skip=unknown, inputs=raw)
            return CheckResult(news, failures)
        checked = {k: v for k, v in news.items() if k != ACCOUNT_FACTS}
        known = {}
        for key, value in model.model_dump().items():
            if key not in unknown:
                checked[key] = known[key] = value
        # Facts for the pack, read only for a resource created or changed: the pack
        # judges changes, and an unchanged stack costs no call.
        if self.reads_account and (not olds or self._changed(olds, checked)):
            checked[ACCOUNT_FACTS] = account_facts(self, known, self.inputs_of(olds))
        return CheckResult(checked, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = self._changed(olds, news)
        replaces = [key for key in changed if key in self.replace_on]
        _detailed_diff.tell(_detailed_diff.changes_of(changed, replaces, olds, news))
        return DiffResult(changes=bool(changed), replaces=replaces,
                          delete_before_replace=bool(replaces) or None)

    def _changed(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        """The inputs whose values differ (an unknown new value counts as changed)."""
        return [key for key in self.inputs_model.model_fields
                if not same_input(olds.get(key), news.get(key), default=self._default(key))]

    def _default(self, key: str) -> Any:
        field = self.inputs_model.model_fields[key]
        return None if field.is_required() else field.get_default(call_default_factory=True)


def or_gone(read: Callable[[], T], gone: U) -> T | U:
    """``read()``, or ``gone`` where Mailgun answers that the object does not exist: its
    JSON 404 (NotFound). The one place a 404 means "gone"; a plain-text 404
    (RouteNotFound) is a wrong address and raises."""
    try:
        return read()
    except NotFound:
        return gone


def resource_props(provider: type[MailgunProvider[Any]],
                   given: Mapping[str, Any]) -> dict[str, Any]:
    """The props a Resource registers: each input of ``given`` (a Resource's ``locals()``),
    an input left None taking its model default, and a placeholder for each output."""
    props: dict[str, Any] = {}
    for name, field in provider.inputs_model.model_fields.items():
        value = given.get(name)
        if value is None and not field.is_required():
            value = field.get_default(call_default_factory=True)
        props[name] = value
    props.update(dict.fromkeys(provider.output_fields))
    return props


class ReplacementChoice(Inputs):
    """The two ways to say what a domain sends from once its DIPP or pool goes: a dedicated
    IP (or ``shared``), or another DIPP. Mailgun takes one of them, never both."""

    replacement_ip: OptionalReplacementIp = Field(
        None, description="On delete: the dedicated IP, or `shared`, that the domains get.")
    replacement_pool_id: OptionalId = Field(
        None, description="On delete: the DIPP that the domains are linked to instead.")

    @model_validator(mode="after")
    def _at_most_one_replacement(self) -> Self:
        if self.replacement_ip and self.replacement_pool_id:
            raise ValueError(
                "replacement_ip and replacement_pool_id exclude each other: set one at most")
        return self
