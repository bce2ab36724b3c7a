#!/usr/bin/env bash
# Finds Fashion-MNIST for fedchain: $FEDCHAIN_DATA_DIR, else the Debian package's directory,
# installing the package when run as root on Debian; otherwise says exactly what to do.
set -euo pipefail
files="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"
has_all() {
  local d="$1" f
  for f in $files; do
    [ -f "$d/$f.gz" ] || [ -f "$d/$f" ] || return 1
  done
}
if [ -n "${FEDCHAIN_DATA_DIR:-}" ]; then
  if has_all "$FEDCHAIN_DATA_DIR"; then
    echo "Fashion-MNIST: $FEDCHAIN_DATA_DIR"; exit 0
  fi
  echo "FEDCHAIN_DATA_DIR=$FEDCHAIN_DATA_DIR does not hold Fashion-MNIST: it needs the four files" >&2
  echo "  $files (each optionally .gz), from https://github.com/zalandoresearch/fashion-mnist" >&2
  exit 1
fi
debian=/usr/share/datasets/fashion-mnist
if has_all "$debian"; then
  echo "Fashion-MNIST: $debian"; exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the Debian package dataset-fashion-mnist ..." >&2
  if ! apt-get install -y --no-install-recommends dataset-fashion-mnist >/dev/null 2>&1; then
    apt-get update -qq >/dev/null && apt-get install -y --no-install-recommends dataset-fashion-mnist >/dev/null
  fi
  has_all "$debian" && { echo "Fashion-MNIST: $debian"; exit 0; }
fi
cat >&2 <<MSG
Fashion-MNIST was not found. Either
  - on Debian or Ubuntu: sudo apt-get install dataset-fashion-mnist   (files land in $debian), or
  - download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
    t10k-labels-idx1-ubyte.gz from https://github.com/zalandoresearch/fashion-mnist into a directory
    and run: export FEDCHAIN_DATA_DIR=/that/directory
then run 'make data' again.
MSG
exit 1
