# Sourced by the bench scripts: one berthd on the bench's own roots, started and stopped
# by the script that sources this file. Needs MAIN (repository root) and LOG_DIR set.

BERTHD_DATA=${BERTHD_DATA:-/var/lib/berth-bench}
BERTHD_EXEC=${BERTHD_EXEC:-/run/berth-bench}
BERTHD_SOCK=${BERTHD_SOCK:-/run/berth-bench.sock}
BERTHD_PID=""

# ping_socket PATH: true when an Engine API answers /_ping on the Unix socket.
ping_socket() {
  [[ -S $1 ]] && curl -fsS -m 2 -o /dev/null --unix-socket "$1" http://d/_ping 2>/dev/null
}

# start_berthd: starts berthd in its own session (Ctrl-C reaches only the script, whose
# EXIT trap stops it). dist/ may be mid-rebuild by someone else, so a failed start is
# retried a few times before giving up.
start_berthd() {
  local try i
  if ping_socket "$BERTHD_SOCK"; then
    echo "bench: something already answers on $BERTHD_SOCK; stop it first (this script benchmarks a berthd it starts itself)" >&2
    return 1
  fi
  if [[ ! -f $MAIN/dist/src/daemon/main.js ]]; then
    echo "bench: dist/ missing, running npm run build" >&2
    (cd "$MAIN" && npm run build) >&2 || return 1
  fi
  mkdir -p "$BERTHD_DATA" "$BERTHD_EXEC"
  for ((try = 1; try <= 5; try++)); do
    setsid node "$MAIN/bin/berthd" --data-root "$BERTHD_DATA" --exec-root "$BERTHD_EXEC" \
      -H "unix://$BERTHD_SOCK" >> "$LOG_DIR/berthd.log" 2>&1 < /dev/null &
    BERTHD_PID=$!
    for ((i = 0; i < 150; i++)); do
      ping_socket "$BERTHD_SOCK" && { echo "bench: berthd pid $BERTHD_PID on $BERTHD_SOCK" >&2; return 0; }
      kill -0 "$BERTHD_PID" 2>/dev/null || break
      sleep 0.1
    done
    echo "bench: berthd start attempt $try failed (log: $LOG_DIR/berthd.log):" >&2
    tail -n 3 "$LOG_DIR/berthd.log" >&2
    stop_pid "$BERTHD_PID"; BERTHD_PID=""
    sleep 3
  done
  return 1
}

stop_berthd() {
  [[ -n $BERTHD_PID ]] || return 0
  stop_pid "$BERTHD_PID"
  echo "bench: stopped berthd pid $BERTHD_PID" >&2
  BERTHD_PID=""
}

# stop_pid PID [SECONDS]: SIGTERM, then SIGKILL if it is still there after SECONDS (default 15).
stop_pid() {
  local pid=$1 limit=${2:-15} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < limit * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}
