"""The stack program: declares what the stack's spec (config `mailgun-infra:spec`) lists."""

import pulumi

from mailgun_infra.spec import SpecError, build, parse_spec

try:
    spec = parse_spec(pulumi.Config().get_object("spec"))
except SpecError as error:
    raise pulumi.RunError(str(error)) from None

for kind, resources in build(spec).items():
    for resource_name, resource in resources.items():
        pulumi.export(f"{kind}.{resource_name}", resource.id)
