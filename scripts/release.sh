#!/usr/bin/env bash
# `./dev release`: the sdist and the wheel of the tagged commit, in dist/, checked.
# The tag vX.Y.Z names the version: pyproject.toml and both PulumiPolicy.yaml must say
# X.Y.Z, and the work tree must be clean, or the files would not be what the tag names.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
say() { echo "release: $*" >&2; }

tag="$(git describe --tags --exact-match --match 'v[0-9]*' HEAD 2>/dev/null)" || {
  say "HEAD has no tag vX.Y.Z: tag the commit to release first, e.g. git tag v0.2.0"
  exit 1
}
version="${tag#v}"
declared="$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
for file in policies/PulumiPolicy.yaml policies/installed/PulumiPolicy.yaml; do
  grep -q "^version: $version\$" "$file" || { say "$file does not say version: $version (the tag $tag)"; exit 1; }
done
[ "$declared" = "$version" ] || { say "the tag is $tag but pyproject.toml says version $declared"; exit 1; }
[ -z "$(git status --porcelain --untracked-files=no)" ] || {
  say "the work tree has uncommitted changes: commit or stash them, so that dist/ is $tag"
  exit 1
}

rm -rf dist
python -m build --outdir dist . >&2
python -m twine check --strict dist/*
say "built $(ls dist | tr '\n' ' ')- attach both to the $tag release"
