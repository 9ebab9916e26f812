#!/usr/bin/env bash
# Installs everything berth needs on Debian 12 (as root) and builds it:
# the OCI runtimes, the static busybox and init used for first images, the compiler for the
# native per-container monitor, iptables and iproute2 for networking, docker-py and docker-compose for the compatibility
# tests, and the npm dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

if [ "$(id -u)" != 0 ]; then echo "install.sh: run as root" >&2; exit 1; fi
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "install.sh: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

PACKAGES=(crun runc busybox-static tini procps iptables iproute2 gcc make libc6-dev util-linux tar curl python3-docker docker-compose)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund --loglevel=error
npm run build --silent

ln -sf "$PWD/bin/berth" /usr/local/bin/berth
ln -sf "$PWD/bin/berthd" /usr/local/bin/berthd
echo "berth installed: $(command -v berth), $(command -v berthd)"
