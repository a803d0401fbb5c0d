"""The resources package exports what its one table (``RESOURCES``) registers."""

from __future__ import annotations

import mailgun_infra
import mailgun_infra.resources as resources


def test_every_exported_name_resolves_and_providers_are_all_of_them() -> None:
    for name in resources.EXPORTS:
        assert getattr(resources, name) is not None, name
    for registered in resources.RESOURCES:
        resource, args, provider = registered.class_names
        assert getattr(resources, resource) is registered.resource
        assert getattr(resources, args) is registered.provider.inputs_model
        assert getattr(resources, provider) is registered.provider
        assert getattr(mailgun_infra, resource) is registered.resource
    assert tuple(r.provider for r in resources.RESOURCES) == resources.PROVIDERS
    assert mailgun_infra.__all__ == [r.resource.__name__ for r in resources.RESOURCES]


def test_the_table_names_each_kind_once() -> None:
    keys = [r.key for r in resources.RESOURCES]
    classes = [r.resource for r in resources.RESOURCES]
    assert len(set(keys)) == len(keys) and len(set(classes)) == len(classes)
    # A kind may follow only kinds listed before it (the spec declares them first).
    for done, registered in enumerate(resources.RESOURCES):
        assert set(registered.after) <= set(keys[:done]), registered.key
        assert registered.unique_by is None or registered.unique_by in registered.args.model_fields
        assert set(registered.url_fields) <= set(registered.args.model_fields), registered.key
