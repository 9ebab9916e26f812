#!/usr/bin/env bash
# network-bench.sh: what bridge networking and port publishing cost, berth against dockerd, in one run.
#
# Workloads, each run RUNS times per engine, engines interleaved run by run (medians in ms):
#   none      docker run --rm --network none busybox true        (no network: the baseline)
#   bridge    docker run --rm busybox true                       (default bridge: veth, address, route)
#   publish   docker run -d -p 80 busybox sleep 60 ; docker rm -f  (bridge + a published port)
#   plain-d   docker run -d busybox sleep 60 ; docker rm -f        (the same without the port)
# Reported: the medians, `bridge - none` (what a bridge attachment adds) and `publish - plain-d`
# (what publishing one port adds), and berth / dockerd.
#
# How to run (as root): RUNS=30 bench/network-bench.sh
# Set-up: berthd on its own roots (bench/lib/bench-berthd.sh); dockerd on unix:///run/peer-docker.sock
# unless it already answers (its own data and exec roots); the same busybox tarball in both.
set -uo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
MAIN=$(cd "$HERE/.." && pwd)
DOCKER=${DOCKER:-/usr/local/bin/docker}
RUNS=${RUNS:-30}
DOCKERD_SOCK=/run/peer-docker.sock
(( EUID == 0 )) || { echo "network-bench: run as root" >&2; exit 1; }

OUT_DIR=$HERE/results/$(date +%F)/$(date +%H%M%S)-network
mkdir -p "$OUT_DIR"
LOG_DIR=$OUT_DIR
source "$HERE/lib/bench-berthd.sh"
source "$HERE/lib/busybox-image.sh"

DOCKERD_PID=""; ROOTFS_DIR=""
cleanup() {
  trap - EXIT INT TERM
  stop_berthd
  [[ -n $DOCKERD_PID ]] && stop_pid "$DOCKERD_PID" 30
  [[ -n $ROOTFS_DIR ]] && rm -rf "$ROOTFS_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_berthd || exit 1
ENGINES=("berth=unix://$BERTHD_SOCK")
if ping_socket "$DOCKERD_SOCK"; then
  ENGINES=("dockerd=unix://$DOCKERD_SOCK" "${ENGINES[@]}")
elif command -v dockerd > /dev/null; then
  setsid dockerd -H "unix://$DOCKERD_SOCK" --data-root /var/lib/peer-docker --exec-root /run/peer-docker \
    --pidfile /run/peer-docker.pid >> "$LOG_DIR/peer-dockerd.log" 2>&1 < /dev/null &
  DOCKERD_PID=$!
  for ((i = 0; i < 600; i++)); do ping_socket "$DOCKERD_SOCK" && break; sleep 0.1; done
  ping_socket "$DOCKERD_SOCK" && ENGINES=("dockerd=unix://$DOCKERD_SOCK" "${ENGINES[@]}")
else
  echo "network-bench: NOTE dockerd not installed (apt-get install docker.io): berth only" >&2
fi

ROOTFS_DIR=$(mktemp -d /var/tmp/berth-bench-rootfs.XXXXXX)
TAR=$(make_busybox_tar "$ROOTFS_DIR") || exit 1
for pair in "${ENGINES[@]}"; do import_busybox "${pair#*=}" "$TAR" || exit 1; done

SAMPLES=$OUT_DIR/samples.tsv
: > "$SAMPLES"
now_ns() { date +%s%N; }
# sample ENGINE WORKLOAD HOST: one timed run of the workload, appended to samples.tsv.
sample() {
  local t0 t1 id
  export DOCKER_HOST=$3
  case $2 in
    none)    t0=$(now_ns); "$DOCKER" run --rm --network none busybox true > /dev/null || return 1; t1=$(now_ns) ;;
    bridge)  t0=$(now_ns); "$DOCKER" run --rm busybox true > /dev/null || return 1; t1=$(now_ns) ;;
    publish) t0=$(now_ns); id=$("$DOCKER" run -d -p 80 busybox sleep 60) || return 1; t1=$(now_ns); "$DOCKER" rm -f "$id" > /dev/null ;;
    plain-d) t0=$(now_ns); id=$("$DOCKER" run -d busybox sleep 60) || return 1; t1=$(now_ns); "$DOCKER" rm -f "$id" > /dev/null ;;
  esac
  printf '%s\t%s\t%s\n' "$1" "$2" "$(( (t1 - t0) / 1000 ))" >> "$SAMPLES"
}

WORKLOADS=(none bridge plain-d publish)
for w in "${WORKLOADS[@]}"; do
  for pair in "${ENGINES[@]}"; do sample "${pair%%=*}" "$w" "${pair#*=}" && sed -i '$d' "$SAMPLES"; done # warm-up
  for ((r = 0; r < RUNS; r++)); do
    for pair in "${ENGINES[@]}"; do sample "${pair%%=*}" "$w" "${pair#*=}" || echo "FAIL $w ${pair%%=*}" >&2; done
  done
done

median() { awk -v e="$1" -v w="$2" '$1==e && $2==w {print $3}' "$SAMPLES" | sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else printf "%.1f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)/1000}'; }
{
  echo "date: $(date -u +%FT%TZ); runs: $RUNS; berth $(git -C "$MAIN" rev-parse --short HEAD); $(dockerd --version 2>/dev/null || echo 'no dockerd')"
  printf '%-10s' workload; for pair in "${ENGINES[@]}"; do printf '%12s' "${pair%%=*}"; done; printf '%16s\n' 'berth/dockerd'
  for w in "${WORKLOADS[@]}" bridge-none publish-plain; do
    printf '%-14s' "$w"
    vals=()
    for pair in "${ENGINES[@]}"; do
      e=${pair%%=*}
      case $w in
        bridge-none) v=$(awk -v a="$(median "$e" bridge)" -v b="$(median "$e" none)" 'BEGIN{printf "%.1f", a-b}') ;;
        publish-plain) v=$(awk -v a="$(median "$e" publish)" -v b="$(median "$e" plain-d)" 'BEGIN{printf "%.1f", a-b}') ;;
        *) v=$(median "$e" "$w") ;;
      esac
      vals+=("$v"); printf '%12s' "$v"
    done
    if (( ${#vals[@]} == 2 )); then awk -v a="${vals[1]}" -v b="${vals[0]}" 'BEGIN{ if (b > 0) printf "%16.2f\n", a/b; else print "" }'; else echo; fi
  done
} | tee "$OUT_DIR/report.txt"
echo "network-bench: results in $OUT_DIR"
