#!/usr/bin/env bash
# Installs Prometheus (the Debian package) for the devnet's dashboards when run as root on Debian.
# Never fails: without Prometheus the devnet runs on and says how to get it.
if command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the Debian package prometheus (for the devnet dashboards) ..." >&2
  if ! apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1
  fi
  command -v prometheus >/dev/null 2>&1 || echo "could not install prometheus; the devnet runs without dashboards" >&2
fi
exit 0
