"""The stack program: declares what the stack's spec (config `mailgun-infra:spec`) lists."""

import pulumi
from pulumi.runtime import is_config_secret

from mailgun_infra.spec import SpecError, build, parse_spec

config = pulumi.Config()


def secret(key: str) -> tuple[str, bool] | None:
    """A ``${secret.KEY}`` of the spec: the config value and whether it is encrypted."""
    value = config.get(key)
    return None if value is None else (value, is_config_secret(config.full_key(key)))


try:
    spec = parse_spec(config.get_object("spec"), secrets=secret,
                      encrypted=is_config_secret(config.full_key("spec")))
except SpecError as error:
    raise pulumi.RunError(str(error)) from None

for kind, resources in build(spec).items():
    for resource_name, resource in resources.items():
        pulumi.export(f"{kind}.{resource_name}", resource.id)
