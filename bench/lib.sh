# Shared by the bench scripts (sourced): starting and stopping the processes under test, and reading wrk output.
# The sourcing script defines log, die and the array PIDS (every process started here is appended to it, so the
# script's EXIT trap can stop whatever is left).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start NAME LOGFILE CMD...: runs CMD in the background, waits for "listening on http://127.0.0.1:PORT/mcp" in its
# output and sets STARTED_PID and STARTED_URL
start() {
  local name=$1 logfile=$2; shift 2
  "$@" >"$logfile" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
  for _ in $(seq 1 600); do
    if STARTED_URL=$(grep -o -m1 'listening on http://127\.0\.0\.1:[0-9]*/mcp' "$logfile" | sed 's/^listening on //'); then
      [[ -n $STARTED_URL ]] && return 0
    fi
    kill -0 "$STARTED_PID" 2>/dev/null || { cat "$logfile" >&2; die "$name exited before listening"; }
    sleep 0.1
  done
  cat "$logfile" >&2
  die "$name did not listen within 60 s"
}

# stop PID: SIGTERM (the server drains), SIGKILL after 30 s
stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# wrk latency "1.23ms" / "456.00us" / "1.02s" → milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}
