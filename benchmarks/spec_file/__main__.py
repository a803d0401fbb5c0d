"""The real program (stacks/__main__.py) with the spec read from a JSON file that the stack
config names (``mailgun-infra:specFile``), for specs too large for the stack config.

A Python program gets its whole config in one environment variable, PULUMI_CONFIG, and
Linux refuses to start a process with any one such string over 128 KiB: about 1,200
resources of the benchmark's spec. The benchmark uses this program only past that size.
"""

import json
from pathlib import Path

import pulumi

from mailgun_infra.spec import SpecError, build, parse_spec

try:
    spec = parse_spec(json.loads(Path(pulumi.Config().require("specFile")).read_text()))
except SpecError as error:
    raise pulumi.RunError(str(error)) from None

for kind, resources in build(spec).items():
    for resource_name, resource in resources.items():
        pulumi.export(f"{kind}.{resource_name}", resource.id)
