#!/usr/bin/env bash
# Installs what Coauthor needs to build and run, when it is missing:
# Graphviz's C library and headers (libgraphviz-dev, found through pkg-config as libgvc),
# the Graphviz plugins and fonts (graphviz), zlib's headers (zlib1g-dev), the mimalloc
# allocator (libmimalloc-dev) and pkg-config.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists libgvc 2>/dev/null || missing+=(libgraphviz-dev)
  pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
else
  missing+=(libgraphviz-dev zlib1g-dev)
fi
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
# mimalloc ships no pkg-config file: its header and its link library.
[ -f /usr/include/mimalloc.h ] && ls /usr/lib/*/libmimalloc.so >/dev/null 2>&1 || missing+=(libmimalloc-dev)
# Fonts for labels in PNG/PDF output.
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
