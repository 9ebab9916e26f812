#!/usr/bin/env bash
# berth-cli-bench.sh: the berth CLI against the stock docker CLI, both driving one berthd.
#
# What it measures (wall time of the whole CLI process, bash $EPOCHREALTIME, no fork per
# reading), interleaved round by round (docker berth, berth docker, ...) so machine drift
# hits both alike:
#   run --rm busybox true     the hot path end to end: create, attach, start, wait, remove
#   version                   one CLI start plus the version round trip to the daemon
#   --version                 CLI start-up only, no API call
# The only thing that differs between the two rows is the client, so the difference is the
# cost of the CLI itself (Node start-up and module loading for berth, a Go binary for docker).
# A command the berth CLI cannot do yet (probed once) is noted and left out.
#
# How to run (as root):
#   bench/berth-cli-bench.sh            # RUNS=30 measured rounds, WARMUP=3
#   RUNS=100 bench/berth-cli-bench.sh
# It starts its own berthd on /var/lib/berth-bench, /run/berth-bench, unix:///run/berth-bench.sock
# (so it cannot run while bench/peer-bench.sh runs), imports busybox:latest from the host's
# busybox-static, and stops that berthd on exit.
# Results: bench/results/<date>/<time>-cli/ (report.txt, samples.tsv, run.log, berthd.log).
set -uo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
MAIN=$(cd "$HERE/.." && pwd)
HELPER=${HELPER:-/work/shared/bench/lib/bench-helper.js}
DOCKER=${DOCKER:-/usr/local/bin/docker}
BERTH_BIN=${BERTH_BIN:-$MAIN/bin/berth}
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
IMAGE=busybox:latest

case ${1:-} in
  -h|--help) sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
esac
(( EUID == 0 )) || { echo "berth-cli-bench: run as root" >&2; exit 1; }

OUT_DIR=$HERE/results/$(date +%F)/$(date +%H%M%S)-cli
mkdir -p "$OUT_DIR"
LOG_DIR=$OUT_DIR
SAMPLES=$OUT_DIR/samples.tsv
LOG=$OUT_DIR/run.log
: > "$SAMPLES"; : > "$LOG"
source "$HERE/lib/bench-berthd.sh"
source "$HERE/lib/busybox-image.sh"

SCRATCH=""
cleanup() {
  trap - EXIT INT TERM
  stop_berthd
  [[ -n $SCRATCH ]] && rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

note() { printf 'NOTE\tcli\t%s\t%s\n' "$1" "$2" >> "$SAMPLES"; echo "berth-cli-bench: note [$1] $2" >&2; }

start_berthd || exit 1
export DOCKER_HOST=unix://$BERTHD_SOCK
SCRATCH=$(mktemp -d /var/tmp/berth-cli-bench.XXXXXX)
TAR=$(make_busybox_tar "$SCRATCH") || exit 1
import_busybox "$DOCKER_HOST" "$TAR" || { echo "berth-cli-bench: importing busybox failed" >&2; exit 1; }

# The two clients, as a user would call them.
CLIENTS=(docker-cli)
declare -A CLI=([docker-cli]=$DOCKER)
if [[ -f $BERTH_BIN ]]; then
  CLIENTS+=(berth-cli)
  if [[ -x $BERTH_BIN ]]; then CLI[berth-cli]=$BERTH_BIN; else CLI[berth-cli]="node $BERTH_BIN"; fi
else
  note berth-cli "$BERTH_BIN does not exist yet: only the docker CLI rows are measured"
fi

{
  printf '# berth-cli-bench %s on %s, kernel %s, %s cores\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -n)" "$(uname -r)" "$(nproc)"
  printf '# engines: %s\n' "$(for c in "${CLIENTS[@]}"; do printf '%s=%s ' "$c" "${CLI[$c]// /_}"; done)"
  printf '# daemon: berthd %s on %s; berth %s, node %s; %s\n' "$("$DOCKER" version --format '{{.Server.Version}}' 2>&1)" \
    "$DOCKER_HOST" "$(git -C "$MAIN" rev-parse --short HEAD 2>/dev/null)" "$(node --version)" "$("$DOCKER" --version)"
  printf '# params: RUNS=%s WARMUP=%s loadavg at start: %s\n' "$RUNS" "$WARMUP" "$(cut -d' ' -f1-3 /proc/loadavg)"
} >> "$SAMPLES"

# timed METRIC CLIENT RECORD args...: runs "CLI args", records its wall time in ms on success.
timed() {
  local metric=$1 client=$2 record=$3 t0 t1 us rc; shift 3
  t0=$EPOCHREALTIME
  ${CLI[$client]} "$@" < /dev/null > "$SCRATCH/out" 2> "$SCRATCH/err"
  rc=$?
  t1=$EPOCHREALTIME
  if (( rc != 0 )); then
    printf '[%(%H:%M:%S)T] FAIL [%s|%s] rc=%s: %s %s: %s\n' -1 "$metric" "$client" "$rc" "${CLI[$client]}" "$*" \
      "$(tail -n 3 "$SCRATCH/err" | tr '\n\t' '  ')" >> "$LOG"
    return "$rc"
  fi
  us=$(( 10#${t1/./} - 10#${t0/./} ))
  (( record )) && printf 'cli\t%s\t%s\tms\t%d.%03d\n' "$metric" "$client" $(( us / 1000 )) $(( us % 1000 )) >> "$SAMPLES"
  return 0
}

# measure METRIC args...: probes each client once, then WARMUP unrecorded and RUNS recorded
# rounds, alternating which client goes first.
measure() {
  local metric=$1 i k c live=() n; shift
  for c in "${CLIENTS[@]}"; do
    if timed "$metric" "$c" 0 "$@"; then live+=("$c")
    else note "$c" "$metric: fails, left out: $(tail -n 2 "$SCRATCH/err" | tr '\n\t' '  ' | cut -c1-200)"; fi
  done
  n=${#live[@]}
  (( n )) || return 0
  echo "berth-cli-bench: $metric: ${live[*]} x $RUNS" >&2
  for ((i = 0; i < WARMUP; i++)); do for c in "${live[@]}"; do timed "$metric" "$c" 0 "$@"; done; done
  for ((i = 0; i < RUNS; i++)); do
    for ((k = 0; k < n; k++)); do c=${live[(i + k) % n]}; timed "$metric" "$c" 1 "$@"; done
  done
}

measure "run --rm $IMAGE true" run --rm "$IMAGE" true
measure "run --rm --network none $IMAGE true" run --rm --network none "$IMAGE" true
measure "version (CLI start + one API round trip)" version
measure "--version (CLI start only)" --version

fails=$(grep -c FAIL "$LOG")
(( fails )) && note all "$fails failed run(s) not recorded; see run.log"
printf '# loadavg at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$SAMPLES"
node "$HELPER" report "$SAMPLES" | tee "$OUT_DIR/report.txt"
echo "berth-cli-bench: results in $OUT_DIR"
