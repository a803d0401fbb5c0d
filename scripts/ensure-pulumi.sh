#!/usr/bin/env bash
# Puts a working Pulumi CLI in .pulumi-cli/<version>/bin and prints that folder.
#
# A `pulumi` already on PATH is used when its version is at least PULUMI_MIN_VERSION
# (Python policy packs need the language host of 3.221+). Otherwise the CLI and the
# Python language host are built from their published Go modules at PULUMI_VERSION, once;
# later runs find the cached build. ./dev asks for the lowest `pulumi` Python package that
# pyproject.toml allows, ./dev test-compat for the newest CLI (PULUMI_FORCE_BUILD=1).
# Progress goes to stderr; stdout carries only the folder to put on PATH.
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-3.259.0}"
# Pulumi's Python language host lives in a Go module of its own that the module proxy
# reachable here does not serve (any version). The project therefore builds its own small
# host, toolchain/langhost, against the sdk of the same release (see its doc comment).
PULUMI_MIN_VERSION="3.221.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.pulumi-cli/v$PULUMI_VERSION"
bin="$dest/bin"

say() { echo "ensure-pulumi: $*" >&2; }

version_at_least() {  # $1 >= $2, both x.y.z
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
}

if [ -z "${PULUMI_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  found="$(dirname "$(command -v pulumi)")"
  if [ "$found" != "$bin" ]; then
    have="$(pulumi version 2>/dev/null | sed 's/^v//')"
    if [ -n "$have" ] && version_at_least "$have" "$PULUMI_MIN_VERSION" \
        && [ -x "$found/pulumi-language-python" ]; then
      say "using pulumi v$have from $found"
      echo "$found"
      exit 0
    fi
    say "pulumi on PATH (${have:-unknown version}) does not fit; using a project-local build"
  fi
fi

host_src="$root/toolchain/langhost/main.go"
host_sum="$(sha256sum "$host_src" | cut -c1-16)"
if [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$host_sum" ]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { say "no Go toolchain on PATH: install Go 1.24+ or put pulumi >= $PULUMI_MIN_VERSION on PATH"; exit 1; }

say "building pulumi v$PULUMI_VERSION from its Go modules into $dest (cold: about 5 minutes on 2 cores; cached afterwards)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod CGO_ENABLED=0
started=$SECONDS
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
mkdir -p "$bin.tmp"

mkdir -p "$work/cli/langhost"
cp "$host_src" "$work/cli/langhost/main.go"
cat > "$work/cli/go.mod" <<GOMOD
module pulumi-cli-build

go 1.24

// pkg/v3 replaces this module with a fork; replace directives of dependencies are
// ignored, so the one non-local replace is mirrored here.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
cd "$work/cli"

say "resolving modules"
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2
build() {  # $1 output name, $2 package
  go build -trimpath -tags osusergo,grpcnotrace -ldflags "$ldflags" -o "$bin.tmp/$1" "$2" >&2
}
if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
  say "pulumi v$PULUMI_VERSION is built already; rebuilding the language host only"
  cp "$bin/pulumi" "$bin.tmp/pulumi"
else
  say "compiling pulumi (the long part)"
  build pulumi github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
fi
say "compiling pulumi-language-python (toolchain/langhost)"
build pulumi-language-python ./langhost

# Two small Python shims ship inside the sdk module; the module cache keeps no file modes.
sdk="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$bin.tmp/pulumi-language-python-exec"
install -m 0755 "$sdk/python/dist/pulumi-resource-pulumi-python" "$bin.tmp/pulumi-resource-pulumi-python"

rm -rf "$bin" && mv "$bin.tmp" "$bin"
"$bin/pulumi" version >&2
echo "$host_sum" > "$dest/.complete"
say "done in $((SECONDS - started)) s"
echo "$bin"
