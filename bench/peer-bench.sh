#!/usr/bin/env bash
# peer-bench.sh: berth against its peers, dockerd and podman, through the same stock docker CLI.
#
# What it measures: the shared harness /work/shared/bench/engines-bench (see its README.md)
# runs each workload against every engine in turn, interleaved, and reports median/p95 and the
# ratio to dockerd (listed first, so it is the baseline):
#   floor  crun/runc/unshare/chroot starts and `docker --version`, no engine (the physical floor)
#   W1     docker run --rm busybox true, with and without --network none
#   W2     run --rm echo hi; run -d sleep + rm -f
#   W3     docker exec into a running container
#   W4     bursts of detached containers (sequential and parallel), memory per container
#   W7     daemon memory at idle, docker version / ps latency, raw API calls with curl
# W5 (docker build) and W6 (push/pull with a registry) are left out by default.
#
# How to run (as root, from anywhere):
#   bench/peer-bench.sh              # RUNS=40 per latency metric, about 15 minutes
#   bench/peer-bench.sh --quick      # tiny counts: a smoke test of the whole set-up
#   RUNS=30 bench/peer-bench.sh --only W1,W3
# Every engines-bench variable (RUNS, WARMUP, BURST_N, ...) passes through the environment.
#
# Set-up it does: starts berthd on its own roots (/var/lib/berth-bench, /run/berth-bench,
# unix:///run/berth-bench.sock) from this checkout; starts dockerd (unix:///run/peer-docker.sock)
# and podman's API service (unix:///run/podman-peer.sock, config bench/podman-containers.conf)
# unless they already answer, skipping a peer that is not installed; imports the same busybox
# rootfs tarball as busybox:latest into every engine.
# Results: bench/results/<date>/<time>[-quick]/ (report.txt, samples.tsv, run.log, daemon logs).
# On exit it stops berthd and any peer it started itself; peers that were already running stay.
set -uo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
MAIN=$(cd "$HERE/.." && pwd)
HARNESS=${HARNESS:-/work/shared/bench/engines-bench}
export DOCKER=${DOCKER:-/usr/local/bin/docker}

DOCKERD_SOCK=/run/peer-docker.sock
PODMAN_SOCK=/run/podman-peer.sock

ONLY=floor,W1,W2,W3,W4,W7
QUICK=0
while (( $# )); do
  case $1 in
    --quick) QUICK=1; shift ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
(( EUID == 0 )) || { echo "peer-bench: run as root (namespaces, cgroups, /proc memory readings)" >&2; exit 1; }

OUT_DIR=$HERE/results/$(date +%F)/$(date +%H%M%S)$( (( QUICK )) && echo -quick)
mkdir -p "$OUT_DIR"
LOG_DIR=$OUT_DIR
source "$HERE/lib/bench-berthd.sh"
source "$HERE/lib/busybox-image.sh"

DOCKERD_PID=""; PODMAN_PID=""; ROOTFS_DIR=""
cleanup() {
  trap - EXIT INT TERM
  stop_berthd
  [[ -n $DOCKERD_PID ]] && { stop_pid "$DOCKERD_PID" 30; echo "peer-bench: stopped the dockerd it started" >&2; }
  [[ -n $PODMAN_PID ]] && { stop_pid "$PODMAN_PID" 30; echo "peer-bench: stopped the podman service it started" >&2; }
  [[ -n $ROOTFS_DIR ]] && rm -rf "$ROOTFS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_socket NAME SOCK PID LOG: waits up to 60 s for the daemon to answer.
wait_socket() {
  local i
  for ((i = 0; i < 600; i++)); do
    ping_socket "$2" && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  echo "peer-bench: $1 did not come up; last lines of $4:" >&2
  tail -n 5 "$4" >&2
  return 1
}

ENGINES=""
start_dockerd() {
  if ping_socket "$DOCKERD_SOCK"; then
    echo "peer-bench: dockerd already answers on $DOCKERD_SOCK; using it and leaving it running" >&2
  elif ! command -v dockerd > /dev/null; then
    echo "peer-bench: NOTE dockerd is not installed (apt-get install docker.io); skipping it" >&2; return
  else
    setsid dockerd -H "unix://$DOCKERD_SOCK" --data-root /var/lib/peer-docker --exec-root /run/peer-docker \
      --pidfile /run/peer-docker.pid >> "$LOG_DIR/peer-dockerd.log" 2>&1 < /dev/null &
    DOCKERD_PID=$!
    wait_socket dockerd "$DOCKERD_SOCK" "$DOCKERD_PID" "$LOG_DIR/peer-dockerd.log" || { stop_pid "$DOCKERD_PID"; DOCKERD_PID=""; return; }
  fi
  ENGINES+=" dockerd=unix://$DOCKERD_SOCK"
}
start_podman() {
  if ping_socket "$PODMAN_SOCK"; then
    echo "peer-bench: podman already answers on $PODMAN_SOCK; using it (with whatever config it was started with)" >&2
  elif ! command -v podman > /dev/null; then
    echo "peer-bench: NOTE podman is not installed (apt-get install podman); skipping it" >&2; return
  else
    # crun, cgroupfs, and ulimits that a root without CAP_SYS_RESOURCE may set: see the conf file.
    CONTAINERS_CONF=$HERE/podman-containers.conf setsid podman system service --time=0 "unix://$PODMAN_SOCK" \
      >> "$LOG_DIR/podman-peer.log" 2>&1 < /dev/null &
    PODMAN_PID=$!
    wait_socket podman "$PODMAN_SOCK" "$PODMAN_PID" "$LOG_DIR/podman-peer.log" || { stop_pid "$PODMAN_PID"; PODMAN_PID=""; return; }
  fi
  ENGINES+=" podman=unix://$PODMAN_SOCK"
}

# berthd first: it moves hugetlb to a v1 hierarchy, which crun (used by podman) also needs here.
start_berthd || exit 1
start_dockerd
ENGINES+=" berth=unix://$BERTHD_SOCK"
start_podman
ENGINES=${ENGINES# }
[[ $ENGINES == dockerd=* ]] || echo "peer-bench: NOTE no dockerd: ratios are relative to ${ENGINES%%=*}" >&2

ROOTFS_DIR=$(mktemp -d /var/tmp/berth-bench-rootfs.XXXXXX)
TAR=$(make_busybox_tar "$ROOTFS_DIR") || exit 1
for pair in $ENGINES; do
  import_busybox "${pair#*=}" "$TAR" || { echo "peer-bench: importing busybox into ${pair%%=*} failed" >&2; exit 1; }
done

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "berth: $(git -C "$MAIN" rev-parse --short HEAD 2>/dev/null) (+ working tree), node $(node --version)"
  echo "dockerd: $(dockerd --version 2>/dev/null || echo none)"
  echo "podman: $(podman --version 2>/dev/null || echo none)"
  echo "crun: $(crun --version 2>/dev/null | head -1)"
  echo "runc: $(runc --version 2>/dev/null | head -1)"
  echo "docker CLI: $("$DOCKER" --version)"
  echo "engines: $ENGINES"
} | tee "$OUT_DIR/versions.txt"

ARGS=(--only "$ONLY")
(( QUICK )) && ARGS+=(--quick)
ENGINES=$ENGINES OUT_DIR=$OUT_DIR ROOTFS_TAR=$TAR "$HARNESS" "${ARGS[@]}"
rc=$?
echo "peer-bench: results in $OUT_DIR (report.txt, samples.tsv, run.log, berthd.log)"
if grep -q 'FAIL \[[^]]*|berth\]' "$OUT_DIR/run.log" 2>/dev/null; then
  echo "peer-bench: berth had failed commands; from run.log:"
  grep 'FAIL \[[^]]*|berth\]' "$OUT_DIR/run.log" | head -n 20
fi
exit $rc
