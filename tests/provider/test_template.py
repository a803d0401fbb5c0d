"""Every resource module has the template's shape: the Python counterpart of Go's
``var _ Interface = ...`` for every registered resource."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from pulumi.dynamic import Resource

from mailgun_infra import facts, resources
from mailgun_infra.resources import PROVIDERS, Inputs, MailgunProvider
from mailgun_infra.spec import KINDS

NAMES = sorted(r.resource.__name__ for r in resources.RESOURCES)
# An example value for each id field, to take ids apart and put them together again.
SAMPLES = {"pool_id": "64a1f0c2e3b4d5a6b7c8d9e0", "domain": "mail.example.com",
           "event": "delivered", "ip": "192.0.2.10", "pool": "dynamic_good",
           "subaccount_id": "e4b3d2a1", "webhook_id": "whk_1",
           # DomainWebhookUrl's id holds the URL percent-encoded: no '/' is left in it.
           "url": "https%3A%2F%2Fhooks.example.com%2Fmg"}


def test_every_resource_is_exported_and_declared_in_the_spec() -> None:
    assert len(NAMES) == len(set(NAMES)) == len({r.key for r in resources.RESOURCES})
    assert {p.__name__.removesuffix("Provider") for p in PROVIDERS} == set(NAMES)
    assert {kind.resource.__name__ for kind in KINDS} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_module_has_args_provider_and_resource(name: str) -> None:
    args: Any = getattr(resources, f"{name}Args")
    provider: Any = getattr(resources, f"{name}Provider")
    resource: Any = getattr(resources, name)
    module = importlib.import_module(provider.__module__)
    assert module.__doc__ and "ID:" in module.__doc__ and "Delete:" in module.__doc__
    assert args.__module__ == provider.__module__ == resource.__module__

    assert issubclass(args, Inputs) and "adopt" in args.model_fields
    assert issubclass(provider, MailgunProvider) and provider.inputs_model is args
    fields = set(args.model_fields)
    assert provider.replace_on <= fields
    assert provider.kept_on_read <= fields - provider.replace_on
    assert not set(provider.output_fields) & fields
    assert provider.id_output is None or provider.id_output in provider.output_fields

    assert issubclass(resource, Resource)
    token = "pulumi-python:" + resource._resource_type_name
    # A kind the policies judge has its token in facts too (a new kind needs none at first).
    assert token == facts.PREFIX + name == getattr(facts, _constant(name), token)
    # The Resource takes exactly the model's inputs, and declares every computed output.
    parameters = set(inspect.signature(resource.__init__).parameters)
    assert parameters - {"self", "resource_name", "opts"} == fields
    outputs = {k for k, v in resource.__annotations__.items() if "Output" in str(v)}
    # The output that repeats the id is read as the id, which stays known in preview.
    id_outputs = {provider.id_output} - {None}
    assert all(isinstance(getattr(resource, k), property) for k in id_outputs)
    assert set(provider.output_fields) - id_outputs <= outputs


@pytest.mark.parametrize("name", NAMES)
def test_ids_join_and_split_back(name: str) -> None:
    id_format = getattr(resources, f"{name}Provider").id_format
    assert id_format.resource == name
    for shape in id_format.shapes:
        fields = {part[1:-1]: SAMPLES[part[1:-1]] for part in shape.split("/")
                  if part.startswith("{")}
        id_ = id_format.join(**fields)
        assert id_format.split(id_) == fields
    # An id may be one literal word (HttpSigningKey's ``account``).
    with pytest.raises(ValueError, match=rf"a {name} id reads '[<a-z]"):
        id_format.split("a/b/c/d")


def test_the_assignment_id_keeps_its_two_shapes() -> None:
    id_format = resources.DomainIpAssignmentProvider.id_format
    assert id_format.join(domain="a.example.com", ip="192.0.2.1") == "a.example.com/192.0.2.1"
    assert id_format.join(domain="a.example.com", pool_id="p1") == "a.example.com/pool/p1"
    assert id_format.split("a.example.com/pool/p1") == {"domain": "a.example.com",
                                                         "pool_id": "p1"}
    with pytest.raises(ValueError, match="'<domain>/<ip>' or '<domain>/pool/<pool_id>'"):
        id_format.split("a.example.com")


def test_a_delegation_id_is_validated() -> None:
    id_format = resources.DedicatedIpPoolDelegationProvider.id_format
    with pytest.raises(ValueError, match="'<pool_id>/<subaccount_id>', not 'p1/'"):
        id_format.split("p1/")


def test_a_resource_lists_its_inputs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The props a Resource registers come from its model: inputs with their defaults, and
    a placeholder per output."""
    seen: dict[str, Any] = {}

    def record(self: Any, provider: Any, name: str, props: dict[str, Any],
               opts: Any = None) -> None:
        seen.update(props)

    monkeypatch.setattr(Resource, "__init__", record)
    resources.DedicatedIpPool("p", name="transactional", description="receipts")
    assert seen == {"adopt": False, "replacement_ip": None, "replacement_pool_id": None,
                    "name": "transactional", "description": "receipts", "ips": [],
                    "pool_id": None,
                    "is_linked": None, "linked_domains": None, "warming_ips": None}


def _constant(name: str) -> str:
    return "".join("_" + c if c.isupper() else c.upper() for c in name).lstrip("_")
