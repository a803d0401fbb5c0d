"""The stack program: declares what the stack's spec (config `mailgun-infra:spec`) lists."""

import pulumi

from mailgun_infra.spec import SpecError, build, parse_spec

try:
    spec = parse_spec(pulumi.Config().get_object("spec"))
except SpecError as error:
    raise pulumi.RunError(str(error)) from None

for resource_name, resource in build(spec).items():
    pulumi.export(f"{resource_name}_pool_id", resource.pool_id)
    pulumi.export(f"{resource_name}_ips", resource.ips)
