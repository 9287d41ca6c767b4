#!/usr/bin/env bash
# Makes Debian's linux-source-6.1 available unpacked and prints its root. Installs the package when missing.
# Used by the real-kernel tests and the benchmark; the tree lives outside the checkout and is reused.
set -euo pipefail
root="${MEMHP_KERNEL_CACHE:-/var/tmp/memhp-review}"
tree="$root/linux-source-6.1"
tarball=/usr/src/linux-source-6.1.tar.xz
if [ -f "$tree/.unpacked" ]; then echo "$tree"; exit 0; fi
if [ ! -f "$tarball" ]; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq linux-source-6.1; } >&2
fi
mkdir -p "$root"
rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
tar -xJf "$tarball" -C "$tree.tmp" >&2
rm -rf "$tree" && mv "$tree.tmp/linux-source-6.1" "$tree" && rmdir "$tree.tmp"
touch "$tree/.unpacked"
echo "$tree"
