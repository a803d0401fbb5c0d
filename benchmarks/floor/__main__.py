"""The engine-floor program: one trivial dynamic resource for each resource of the spec
that the real program (stacks/__main__.py) declares, read from the same kind of config
(or, past what a stack config can hold, from the file ``specFile`` names)."""

import json
from pathlib import Path

import pulumi
from floor_provider import Floor

# Not used, imported for its side effect: ours runs under the project's workaround for the
# SDK's pickler patch, which otherwise slows every later resource and fails past ~985.
import mailgun_infra.resources._base  # noqa: F401

config = pulumi.Config()
spec = config.get_object("spec") or json.loads(Path(config.require("specFile")).read_text())
for kind, entries in spec.items():
    for name, props in entries.items():
        pulumi.export(f"{kind}.{name}", Floor(f"{kind}.{name}", props).id)
