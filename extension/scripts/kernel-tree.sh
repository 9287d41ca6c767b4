#!/usr/bin/env bash
# Makes Debian's linux-source-VERSION (6.1 when not given; 6.12 also works) available unpacked and prints its
# root. Installs the package when missing. Used by the real-kernel tests, the benchmark and the evaluation;
# the tree lives outside the checkout and is reused.
set -euo pipefail
version="${1:-6.1}"
case "$version" in 6.1 | 6.12) ;; *) echo "kernel-tree.sh: unknown Debian kernel source '$version' (6.1 or 6.12)" >&2; exit 2 ;; esac
root="${MEMHP_KERNEL_CACHE:-/var/tmp/memhp-review}"
tree="$root/linux-source-$version"
tarball="/usr/src/linux-source-$version.tar.xz"
if [ -f "$tree/.unpacked" ]; then echo "$tree"; exit 0; fi
if [ ! -f "$tarball" ]; then
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "linux-source-$version"; } >&2
fi
mkdir -p "$root"
rm -rf "$tree.tmp" && mkdir -p "$tree.tmp"
tar -xJf "$tarball" -C "$tree.tmp" >&2
rm -rf "$tree" && mv "$tree.tmp/linux-source-$version" "$tree" && rmdir "$tree.tmp"
touch "$tree/.unpacked"
echo "$tree"
