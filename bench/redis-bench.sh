#!/usr/bin/env bash
# The Redis benchmark: what fleet-wide state costs a pod. In one run, on 127.0.0.1, against a redis-server this
# script starts (no persistence) and the mcp-fleet server jar, one configuration after another:
#   sessions-memory  a handshake-era tools/call of `echo` inside one session (bench/redis-session.lua), sessions in memory
#   sessions-redis   the same, sessions.store: redis (one GETEX per request)
#   limit-local      a 2026-07-28 tools/call of `echo` (bench/echo-2026.lua) through a per-caller limit, rateLimit.store: local
#   limit-redis      the same, rateLimit.store: redis (one EVALSHA of the token-bucket script per request)
# The limit is far above what the run can reach, so every request takes a token and none is refused; all requests
# come from one client, so they all hit one bucket (the hottest case for Redis).
# Prints req/s, p50/p99 and the ratios redis/memory and redis/local (target >= 0.5).
#
#   bench/redis-bench.sh            10 s warm-up + 15 s run per configuration (WARMUP=, DURATION= override)
#   QUICK=1 bench/redis-bench.sh    3 s warm-up + 5 s run
#   CONFIGS="sessions-memory sessions-redis" ...   a subset; JVM="-Xmx128m"; CONNECTIONS=64 THREADS=2
# Needs: wrk and redis-server (Debian packages; installed here when run as root with apt-get), curl, java 17+,
# the server jar (built when missing). Loopback only; every process it starts it stops.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${QUICK:-0}" == 1 ]]; then WARMUP=${WARMUP:-3}; DURATION=${DURATION:-5}; fi
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
CONFIGS=${CONFIGS:-"sessions-memory sessions-redis limit-local limit-redis"}
JVM=${JVM:-"-Xmx128m"}
JAR=server-image/target/mcp-fleet-server.jar
OUT=bench/results/tmp/redis
mkdir -p "$OUT"

log() { printf '%s\n' "$*" >&2; }
die() { log "redis-bench: $*"; exit 1; }

# --- prerequisites -------------------------------------------------------------------------------------------
need_pkg() { # command package
  if ! command -v "$1" >/dev/null; then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
      log "installing $2 (apt-get install $2)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    fi
    command -v "$1" >/dev/null || die "$1 is required: apt-get install $2"
  fi
}
need_pkg wrk wrk
need_pkg redis-server redis-server
need_pkg curl curl
command -v java >/dev/null || die "java 17+ is required"
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  flock /tmp/mcp-fleet-maven.lock ./mvnw -B -ntp -q -pl server-image -am -DskipTests package
fi

# run from a private copy of the jar: a rebuild during the bench must not pull it away under a running JVM
WORK=$(mktemp -d)
cp "$JAR" "$WORK/server.jar"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [[ -n $pid ]] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh

# --- redis ---------------------------------------------------------------------------------------------------
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 1 100); do
  [[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] && break
  kill -0 "$REDIS_PID" 2>/dev/null || die "redis-server exited: $(cat "$OUT/redis.log")"
  sleep 0.1
done
[[ $(redis-cli -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]] || die "redis-server did not answer on 127.0.0.1:$REDIS_PORT"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

manifest() { # config -> path of a manifest for it
  local cfg=$1 file=$WORK/$1.yaml sessions="memory" limit=""
  case $cfg in
    sessions-memory) ;;
    sessions-redis) sessions=redis ;;
    limit-local) limit="rateLimit: {store: local, requestsPerMinute: 10000000, burst: 10000000}" ;;
    limit-redis) limit="rateLimit: {store: redis, requestsPerMinute: 10000000, burst: 10000000, failOpen: false}" ;;
    *) die "unknown configuration $cfg (sessions-memory, sessions-redis, limit-local, limit-redis)" ;;
  esac
  cat >"$file" <<YAML
apiVersion: mcpfleet.io/v1alpha1
kind: McpServer
metadata:
  name: redis-bench
spec:
  tools:
    - name: echo
      inputSchema: {type: object, properties: {message: {type: string}}, required: [message]}
      static: {text: "{{message}}"}
  sessions:
    store: $sessions
    redis: {url: "$REDIS_URL"}
  $limit
  observability: {accessLog: false}
YAML
  echo "$file"
}

# initialize URL -> session id (handshake era); a few tries, then the answer is shown
initialize() {
  local headers id
  for _ in 1 2 3 4 5; do
    headers=$(curl -s -D - -X POST "$1" -H 'Content-Type: application/json' \
      -H 'Accept: application/json, text/event-stream' \
      -d '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"redis-bench","version":"1"}}}' || true)
    id=$(tr -d '\r' <<<"$headers" | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}')
    if [[ -n $id ]]; then echo "$id"; return 0; fi
    sleep 0.5
  done
  log "  initialize failed: $headers"
}

# verify CONFIG URL SESSION: one request as wrk will send it must succeed and echo the message
verify() {
  local cfg=$1 url=$2 session=$3 body
  if [[ -n $session ]]; then
    body=$(curl -s -w ' HTTP%{http_code}' -X POST "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
      -H 'MCP-Protocol-Version: 2025-06-18' -H "Mcp-Session-Id: $session" \
      -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello from the bench"}}}')
  else
    body=$(curl -s -w ' HTTP%{http_code}' -X POST "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
      -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' \
      -d '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello from the bench"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}')
  fi
  log "  $cfg answers: $body"
  [[ $body == *'hello from the bench'* && $body == *HTTP200 && $body != *'"error"'* ]] || die "$cfg: not a successful tools/call"
}

declare -A RPS P50 P99 NON2XX
log "redis-bench: wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, run ${DURATION}s; $(nproc) cores; redis-server $(redis-server --version | grep -o 'v=[0-9.]*'); load $(cut -d' ' -f1-3 /proc/loadavg)"
for cfg in $CONFIGS; do
  log "$cfg: java $JVM -jar mcp-fleet-server.jar"
  # shellcheck disable=SC2086
  start "$cfg" "$OUT/$cfg.log" java $JVM -jar "$WORK/server.jar" --manifest "$(manifest "$cfg")" --host 127.0.0.1 --port 0
  session=""
  script=bench/echo-2026.lua
  if [[ $cfg == sessions-* ]]; then
    session=$(initialize "$STARTED_URL")
    [[ -n $session ]] || { tail -5 "$OUT/$cfg.log" >&2; die "$cfg: initialize returned no Mcp-Session-Id"; }
    script=bench/redis-session.lua
  fi
  verify "$cfg" "$STARTED_URL" "$session"
  args=(); [[ -n $session ]] && args=(-- "$session")
  log "  warm-up ${WARMUP}s"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$script" "$STARTED_URL" "${args[@]}" >"$OUT/$cfg-warmup.txt" 2>&1
  log "  measured run ${DURATION}s (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$STARTED_URL" "${args[@]}" >"$OUT/$cfg.txt" 2>&1
  res=$OUT/$cfg.txt
  RPS[$cfg]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$res")
  P50[$cfg]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$res")")
  P99[$cfg]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$res")")
  NON2XX[$cfg]=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$res"); NON2XX[$cfg]=${NON2XX[$cfg]:-0}
  log "  $cfg: ${RPS[$cfg]} req/s, p50 ${P50[$cfg]} ms, p99 ${P99[$cfg]} ms, non-2xx ${NON2XX[$cfg]}"
  [[ ${NON2XX[$cfg]} == 0 ]] || log "  WARNING: $cfg answered ${NON2XX[$cfg]} requests with a non-2xx status"
  stop "$STARTED_PID"
done

# --- report ----------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
met() { awk -v r="$1" 'BEGIN { print (r != "n/a" && r >= 0.5) ? "met" : "NOT met" }'; }
{
  echo
  echo "| configuration | req/s | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  for c in $CONFIGS; do
    echo "| $c | ${RPS[$c]} | ${P50[$c]} | ${P99[$c]} | ${NON2XX[$c]} |"
  done
  echo
  if [[ -n ${RPS[sessions-memory]:-} && -n ${RPS[sessions-redis]:-} ]]; then
    r=$(ratio "${RPS[sessions-redis]}" "${RPS[sessions-memory]}")
    echo "sessions redis/memory throughput: $r (target >= 0.5: $(met "$r"))"
  fi
  if [[ -n ${RPS[limit-local]:-} && -n ${RPS[limit-redis]:-} ]]; then
    r=$(ratio "${RPS[limit-redis]}" "${RPS[limit-local]}")
    echo "rate limit redis/local throughput: $r (target >= 0.5: $(met "$r"))"
  fi
  echo "JVM flags: $JVM. wrk, the server and redis-server share $(nproc) cores. Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Raw wrk output: $OUT/"
} | tee "$OUT/summary.md"
