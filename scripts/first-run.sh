#!/usr/bin/env bash
# The main job: starts berthd (unless one already answers), makes a first image from the host's
# busybox-static, and runs a first container with both the berth CLI and the stock docker CLI.
set -euo pipefail
SOCK=/run/berth/berth.sock
export DOCKER_HOST=unix://$SOCK

if ! berth version >/dev/null 2>&1; then
  mkdir -p /var/log
  nohup berthd >/var/log/berthd.log 2>&1 &
  for _ in $(seq 1 100); do [ -S "$SOCK" ] && berth version >/dev/null 2>&1 && break; sleep 0.1; done
  berth version >/dev/null || { echo "berthd did not start; see /var/log/berthd.log" >&2; tail -20 /var/log/berthd.log >&2; exit 1; }
  echo "berthd started (log: /var/log/berthd.log, socket: $SOCK)"
fi

berth image inspect busybox:latest >/dev/null 2>&1 || berth image bootstrap busybox
berth run --rm busybox sh -c 'echo "hello from a berth container: $(hostname), pid $$, $(cat /proc/self/cgroup | head -1)"'
if command -v docker >/dev/null; then
  docker run --rm --memory 64m busybox sh -c 'echo "and from the stock docker CLI: memory limit $(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max)"'
fi
# Networking: a user network where containers find each other by name, and a port published on the host.
berth network inspect hello-net >/dev/null 2>&1 || berth network create hello-net >/dev/null
berth rm -f hello-web >/dev/null 2>&1 || true
berth run -d --name hello-web --network hello-net -p 127.0.0.1::80 busybox httpd -f -p 80 -h /etc >/dev/null
echo "by name on hello-net: $(berth run --rm --network hello-net busybox wget -qO- http://hello-web/hostname)"
url="http://$(berth port hello-web 80)/hostname"
for _ in $(seq 1 20); do body=$(curl -fsS "$url" 2>/dev/null) && break; sleep 0.1; done
echo "from the host on $url: ${body:-no answer}"
berth rm -f hello-web >/dev/null
berth network rm hello-net >/dev/null
berth ps -a
