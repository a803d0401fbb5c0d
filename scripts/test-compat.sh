#!/usr/bin/env bash
# CI's second job (`./dev test-compat`, run by .ci/run after ./dev test): the newest Pulumi
# SDK on the package index and the newest Pulumi CLI among its Go modules, where ./dev test
# runs the lowest pair that pyproject.toml allows.
#   - the fast tests (not e2e) of everything that runs on Pulumi's SDK, the canaries of
#     the SDK workarounds among them (the emulator's and the conformance tests use none);
#   - a real-CLI smoke set with the newest SDK and CLI: a lifecycle, the policy pack,
#     `mailgun-infra ci`, the language host;
#   - the wheel built from this checkout in a user's project outside it
#     (tests/packaging/test_wheel.py).
# PULUMI_SDK_NEWEST and PULUMI_CLI_NEWEST (x.y.z) choose the two; by default the newest
# releases this job was last checked with (NEWEST_SDK, NEWEST_CLI below: raise them when
# Pulumi releases, after a run with PULUMI_SDK_NEWEST=latest PULUMI_CLI_NEWEST=latest), so
# that a release of Pulumi's cannot fail CI between two commits of ours. Arguments go to
# pytest.
# Cache-friendly: the CLI is built once per release into .pulumi-cli (scripts/ensure-pulumi.sh),
# the virtualenv .compat/venv is updated in place, pip's and Go's caches are reused.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
compat="$root/.compat"
venv="$compat/venv"
started=$SECONDS
say() { echo "test-compat: $*" >&2; }

NEWEST_SDK=3.272.0
NEWEST_CLI=3.277.0
cli="${PULUMI_CLI_NEWEST:-$NEWEST_CLI}"
if [ "$cli" = latest ]; then
  cli="$(cd / && GOFLAGS=-mod=mod go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3@latest)"
  cli="${cli#v}"
fi
say "the newest Pulumi CLI: v$cli"
cli_bin="$(PULUMI_VERSION="$cli" PULUMI_FORCE_BUILD=1 bash scripts/ensure-pulumi.sh)"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
sdk=("pulumi==${PULUMI_SDK_NEWEST:-$NEWEST_SDK}" pulumi-policy)
[ "${PULUMI_SDK_NEWEST:-}" != latest ] || sdk=(pulumi pulumi-policy)
say "installing mailgun-infra[dev] with the newest releases its ranges allow into ${venv#"$root"/}"
"$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade --upgrade-strategy eager -e ".[dev]" "${sdk[@]}"
have="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))')"
say "the newest Pulumi SDK: $have"
export PULUMI_SDK_NEWEST="$have"

say "building the wheel"
rm -rf "$compat/dist"
"$venv/bin/python" -m build --wheel --outdir "$compat/dist" . >"$compat/build.log" 2>&1 \
  || { cat "$compat/build.log" >&2; exit 1; }
MAILGUN_INFRA_WHEEL="$(ls "$compat"/dist/mailgun_infra-*.whl)"
export MAILGUN_INFRA_WHEEL MAILGUN_INFRA_REQUIRE_WHEEL=1 MAILGUN_INFRA_REQUIRE_E2E=1 MAILGUN_INFRA_COMPAT=1
# tests/e2e/test_dev_demo_port.py runs ./dev on this venv: it is installed (./dev's stamp).
touch "$venv/.installed"
export PATH="$cli_bin:$venv/bin:$PATH" VIRTUAL_ENV="$venv"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

say "fast tests with pulumi $have ($((SECONDS - started)) s so far)"
"$venv/bin/pytest" -q -x -m "not e2e" -p no:cacheprovider "$@" \
  tests/provider tests/policies tests/packaging tests/hardening tests/client
say "real-CLI smoke set with pulumi $have and the CLI v$cli ($((SECONDS - started)) s so far)"
"$venv/bin/pytest" -q -x -p no:cacheprovider "$@" \
  tests/packaging/test_wheel.py \
  "tests/e2e/test_lifecycles.py::test_lifecycles[account_and_mail]" \
  "tests/e2e/test_policy_pack.py::test_a_one_resource_rule_by_config_and_in_an_up_without_preview" \
  "tests/e2e/test_ci_command.py::test_a_mandatory_violation_stops_up_before_any_change" \
  "tests/e2e/test_langhost.py::test_a_stack_without_config_previews_and_ups" \
  "tests/e2e/test_dev_demo_port.py"
say "done in $((SECONDS - started)) s"
