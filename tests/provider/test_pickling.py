"""The provider serialization workaround (``resources._pickling``): past the SDK's ceiling of
~985 dynamic resources a process, the same bytes as the SDK's, and pickle left as found."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pulumi.dynamic.dynamic as sdk_dynamic
import pytest

from mailgun_infra.resources import PROVIDERS, WebhookProvider, _pickling

ROOT = Path(__file__).resolve().parents[2]
# Five times the SDK's ceiling (its 986th call raises RecursionError).
MANY = 5000

# The SDK's serialize_provider, taken before mailgun_infra installs the workaround, on its
# first call in a process of its own, then whether a second call stacks another wrapper. A
# new interpreter imports once; each provider gets a fork of it that has pickled nothing.
FIRST_CALLS = textwrap.dedent("""
    import json, pickle
    from multiprocessing import get_context
    import pulumi.dynamic.dynamic as sdk_dynamic
    sdk_serialize = sdk_dynamic.serialize_provider
    from mailgun_infra import resources

    def first_call(name):
        provider = getattr(resources, name)()
        first = sdk_serialize(provider)
        once = pickle._Pickler._batch_setitems
        sdk_serialize(provider)
        return name, {"first": first,
                      "stacks": pickle._Pickler._batch_setitems is not once}

    if __name__ == "__main__":
        names = [provider.__name__ for provider in resources.PROVIDERS]
        with get_context("fork").Pool(2, maxtasksperchild=1) as pool:
            print(json.dumps(dict(pool.map(first_call, names, chunksize=1))))
""")

# A program's worth of Resources through the SDK's own constructor, under mocks, in a process
# of its own so that the mocks and their pending registrations stay out of this one.
MANY_RESOURCES = textwrap.dedent("""
    import sys
    from pulumi.runtime import Mocks, set_mocks

    class Echo(Mocks):
        def new_resource(self, args):
            return [args.name, args.inputs]

        def call(self, args):
            return {}

    set_mocks(Echo(), preview=True)
    from mailgun_infra.resources import Webhook
    for n in range(int(sys.argv[1])):
        Webhook(f"w{n}", domain=f"d{n}.example.com", event="delivered",
                urls=["https://hooks.example.com/in"])
    print("built", sys.argv[1])
""")


@pytest.fixture(scope="module")
def sdk_first_calls() -> dict[str, dict[str, Any]]:
    """Per provider class name: the SDK's first-call bytes and whether it stacks wrappers."""
    done = subprocess.run([sys.executable, "-c", FIRST_CALLS], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    results: dict[str, dict[str, Any]] = json.loads(done.stdout)
    assert set(results) == {provider.__name__ for provider in PROVIDERS}
    return results


def test_resources_serialize_their_provider_through_the_workaround() -> None:
    # The SDK's Resource.__init__ reads this module global at each construction.
    assert sdk_dynamic.serialize_provider is _pickling.serialize_provider


def test_5000_providers_serialize_in_one_process_and_pickle_is_left_as_found() -> None:
    before = _pickling.pickler_state()
    expected = {provider: sdk_dynamic.serialize_provider(provider()) for provider in PROVIDERS}
    for n in range(MANY):
        provider = PROVIDERS[n % len(PROVIDERS)]
        assert sdk_dynamic.serialize_provider(provider()) == expected[provider]
    assert _pickling.pickler_state() == before


def test_the_bytes_are_the_sdks_first_call_output_for_every_provider(
        sdk_first_calls: dict[str, dict[str, Any]]) -> None:
    """Existing stacks show no diff: what we write, even after thousands of calls, is what the
    SDK writes on a fresh process's first call (and so what it wrote before the ceiling)."""
    for n in range(MANY // 5):
        sdk_dynamic.serialize_provider(PROVIDERS[n % len(PROVIDERS)]())
    ours = {provider.__name__: sdk_dynamic.serialize_provider(provider())
            for provider in PROVIDERS}
    assert ours == {name: result["first"] for name, result in sdk_first_calls.items()}


def test_the_sdk_patches_pickle_inside_and_the_workaround_restores_it() -> None:
    before = _pickling.pickler_state()
    with _pickling.pickler_restored():
        _pickling.SDK_SERIALIZE_PROVIDER(WebhookProvider())
        assert _pickling.pickler_state() != before
    assert _pickling.pickler_state() == before


def test_the_sdk_alone_still_stacks_a_wrapper_per_call(
        sdk_first_calls: dict[str, dict[str, Any]]) -> None:
    """The reason for ``_pickling``. Once this fails, the pinned SDK no longer leaks its patch:
    delete ``_pickling``, its ``install()`` call in ``_base`` and this file."""
    assert all(result["stacks"] for result in sdk_first_calls.values())


def test_threads_serializing_at_once_leave_pickle_as_found() -> None:
    before = _pickling.pickler_state()
    expected = sdk_dynamic.serialize_provider(WebhookProvider())
    outputs: list[str] = []

    def serialize_many() -> None:
        outputs.extend(sdk_dynamic.serialize_provider(WebhookProvider()) for _ in range(500))

    threads = [threading.Thread(target=serialize_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(outputs) == {expected}
    assert len(outputs) == 2000
    assert _pickling.pickler_state() == before


def test_a_program_constructs_2000_resources() -> None:
    """The SDK's own Resource constructor, twice past its ceiling, in one process."""
    done = subprocess.run([sys.executable, "-c", MANY_RESOURCES, "2000"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "built 2000"
