#!/usr/bin/env bash
# The server benchmark: wrk -t2 -c64 on loopback against, one after another,
#   (a) ceiling — raw Vert.x 5 answering every POST with a fixed JSON body (bench/RawCeiling.java),
#   (b) ours    — the mcp-fleet server with examples/quickstart.yaml (its `echo` tool),
#   (c) ts      — the TypeScript SDK v2 server, stateless, the same `echo` tool (bench/ts-echo-server.mjs),
#   (d) hardened — ours with the production hardening on (bench/hardened.yaml): JWT RS256 (a key pair made for
#                  the run, a token minted by the server's `token` command), per-caller and global rate limits set
#                  high enough never to trip, access log and metrics on; TLS off on loopback,
# each with the same 2026-07-28 tools/call of echo (bench/echo-2026.lua): a warm-up, then a measured run.
# Prints req/s, p50/p99 latency and RSS (VmRSS after the measured run) and the ratios ours/ceiling and ours/ts.
#
#   bench/server-bench.sh            15 s warm-up + 15 s run per target (WARMUP=, DURATION= override)
#   QUICK=1 bench/server-bench.sh    3 s warm-up + 5 s run
#   TARGETS="ours ts" ...            a subset; OURS_JVM="-Xmx128m" JVM flags of ours; CONNECTIONS=64 THREADS=2
# Needs: wrk (Debian package; installed here when run as root with apt-get), java 17+, node 20+, the server jar
# (built when missing), e2e/node_modules (npm ci when missing). Loopback only; every process it starts it stops.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${QUICK:-0}" == 1 ]]; then WARMUP=${WARMUP:-3}; DURATION=${DURATION:-5}; fi
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
TARGETS=${TARGETS:-"ceiling ours ts hardened"}
CEILING_JVM=${CEILING_JVM:-"-Xmx64m"}
OURS_JVM=${OURS_JVM:-"-Xmx128m"}
JAR=server-image/target/mcp-fleet-server.jar
OUT=bench/results/tmp
mkdir -p "$OUT"

log() { printf '%s\n' "$*" >&2; }
die() { log "server-bench: $*"; exit 1; }

# --- prerequisites -------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing wrk (apt-get install wrk)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
  command -v wrk >/dev/null || die "wrk is required: apt-get install wrk (Debian/Ubuntu), brew install wrk (macOS)"
fi
command -v java >/dev/null || die "java 17+ is required"
command -v node >/dev/null || die "node 20+ is required"
if [[ ! -f $JAR ]]; then
  log "building $JAR"
  flock /tmp/mcp-fleet-maven.lock ./mvnw -B -ntp -q -pl server-image -am -DskipTests package
fi
if [[ " $TARGETS " == *" ts "* && ! -d e2e/node_modules/@modelcontextprotocol/server ]]; then
  log "installing the TypeScript SDK (cd e2e && npm ci)"
  (cd e2e && npm ci --no-audit --no-fund >/dev/null)
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

verify() {
  local name=$1 url=$2 out
  out=$(wrk -t1 -c1 -d1s -s bench/echo-2026-verify.lua "$url" 2>&1 || true)
  local status body
  status=$(grep -m1 '^VERIFY-STATUS ' <<<"$out" | cut -d' ' -f2)
  body=$(grep -m1 '^VERIFY-BODY ' <<<"$out" | cut -d' ' -f2-)
  log "  $name answers: HTTP $status $body"
  [[ $status == 200 ]] || die "$name: HTTP $status, not a successful tools/call"
  [[ $body == *'"result"'* && $body != *'"error"'* && $body != *'"isError":true'* ]] || die "$name: not a successful tool result: $body"
  # the ceiling answers a fixed body; ours and ts must actually echo the message
  [[ $name == ceiling || $body == *'hello from the bench'* ]] || die "$name: the result does not echo the message: $body"
}

declare -A RPS P50 P99 RSS NON2XX ERRS

measure() {
  local name=$1 url=$2 pid=$3
  verify "$name" "$url"
  log "  warm-up ${WARMUP}s"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/echo-2026.lua "$url" >"$OUT/$name-warmup.txt" 2>&1
  log "  measured run ${DURATION}s (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/echo-2026.lua "$url" >"$OUT/$name.txt" 2>&1
  local res=$OUT/$name.txt
  RPS[$name]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$res")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$res")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$res")")
  NON2XX[$name]=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$res"); NON2XX[$name]=${NON2XX[$name]:-0}
  ERRS[$name]=$(awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}' "$res"); ERRS[$name]=${ERRS[$name]:-none}
  RSS[$name]=$(rss_mib "$pid")
  local logged
  logged=$(grep -c -E '"level":"ERROR"|^Exception in thread' "$OUT/$name.log" || true)
  [[ $logged == 0 ]] || log "  WARNING: $name logged $logged ERROR lines / uncaught exceptions during the run (see $OUT/$name.log)"
  log "  $name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, RSS ${RSS[$name]} MiB, non-2xx ${NON2XX[$name]}"
  [[ ${NON2XX[$name]} == 0 ]] || log "  WARNING: $name answered ${NON2XX[$name]} requests with a non-2xx status"
}

log "server-bench: wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, run ${DURATION}s; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for target in $TARGETS; do
  case $target in
    ceiling)
      port=$(free_port)
      log "ceiling: raw Vert.x (java $CEILING_JVM bench/RawCeiling.java)"
      # shellcheck disable=SC2086
      start ceiling "$OUT/ceiling.log" java $CEILING_JVM -cp "$WORK/server.jar" bench/RawCeiling.java "$port"
      ;;
    ours)
      log "ours: mcp-fleet server (java $OURS_JVM -jar mcp-fleet-server.jar --manifest examples/quickstart.yaml)"
      # shellcheck disable=SC2086
      start ours "$OUT/ours.log" java $OURS_JVM -jar "$WORK/server.jar" --manifest examples/quickstart.yaml --host 127.0.0.1 --port 0
      ;;
    hardened)
      # a fresh RS256 key pair for this run (Node's crypto exports JWKs), then a token from the server itself
      node -e '
        const { generateKeyPairSync } = require("crypto"); const fs = require("fs");
        const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const pub = { ...publicKey.export({ format: "jwk" }), kid: "bench-1", alg: "RS256", use: "sig" };
        const priv = { ...privateKey.export({ format: "jwk" }), kid: "bench-1", alg: "RS256", use: "sig" };
        fs.writeFileSync(process.argv[1] + "/jwks.json", JSON.stringify({ keys: [pub] }));
        fs.writeFileSync(process.argv[1] + "/signing-jwks.json", JSON.stringify({ keys: [priv] }));
      ' "$WORK"
      sed -e "s|@KEYS@|$WORK/jwks.json|" -e "s|@SIGNING@|$WORK/signing-jwks.json|" bench/hardened.yaml >"$WORK/hardened.yaml"
      BENCH_TOKEN=$(java -jar "$WORK/server.jar" token --manifest "$WORK/hardened.yaml" --subject bench --roles user --ttl 2h)
      export BENCH_TOKEN
      log "hardened: ours with JWT RS256, rate limits, access log, metrics (java $OURS_JVM ... --manifest bench/hardened.yaml)"
      # shellcheck disable=SC2086
      start hardened "$OUT/hardened.log" java $OURS_JVM -jar "$WORK/server.jar" --manifest "$WORK/hardened.yaml" --host 127.0.0.1 --port 0
      ;;
    ts)
      port=$(free_port)
      log "ts: TypeScript SDK v2 server (node $(node --version) bench/ts-echo-server.mjs)"
      start ts "$OUT/ts.log" node bench/ts-echo-server.mjs "$port"
      ;;
    *) die "unknown target $target (ceiling, ours, ts, hardened)" ;;
  esac
  measure "$target" "$STARTED_URL" "$STARTED_PID"
  stop "$STARTED_PID"
done

# --- report ----------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
{
  echo
  echo "| target | req/s | p50 ms | p99 ms | RSS MiB | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|"
  for t in $TARGETS; do
    echo "| $t | ${RPS[$t]} | ${P50[$t]} | ${P99[$t]} | ${RSS[$t]} | ${NON2XX[$t]} |"
  done
  echo
  if [[ -n ${RPS[ours]:-} ]]; then
    met() { awk -v c="$1" 'BEGIN { print (c ? "met" : "NOT met") }'; }
    if [[ -n ${RPS[ceiling]:-} ]]; then
      r=$(ratio "${RPS[ours]}" "${RPS[ceiling]}")
      echo "ours/ceiling throughput: $r (target >= 0.5: $(met "$(awk -v r="$r" 'BEGIN{print (r >= 0.5)}')"))"
    fi
    if [[ -n ${RPS[ts]:-} ]]; then
      r=$(ratio "${RPS[ours]}" "${RPS[ts]}")
      echo "ours/ts throughput: $r (target >= 15: $(met "$(awk -v r="$r" 'BEGIN{print (r >= 15)}')"))"
    fi
    echo "ours p99 at $CONNECTIONS connections: ${P99[ours]} ms (target <= 5 ms: $(met "$(awk -v p="${P99[ours]}" 'BEGIN{print (p <= 5)}')"))"
    echo "ours RSS: ${RSS[ours]} MiB (target <= 200 MiB: $(met "$(awk -v m="${RSS[ours]}" 'BEGIN{print (m <= 200)}')"))"
    if [[ -n ${RPS[hardened]:-} ]]; then
      r=$(ratio "${RPS[hardened]}" "${RPS[ours]}")
      echo "hardened/ours throughput: $r (target >= 0.8: $(met "$(awk -v r="$r" 'BEGIN{print (r >= 0.8)}')"))"
      echo "hardened p99: ${P99[hardened]} ms (target <= 5 ms: $(met "$(awk -v p="${P99[hardened]}" 'BEGIN{print (p <= 5)}')"))"
    fi
  fi
  echo "JVM flags: ceiling $CEILING_JVM; ours $OURS_JVM. Jar built $(date -r "$JAR" '+%F %T'), HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(java -version 2>&1 | head -1); node $(node --version); wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, run ${DURATION}s."
  echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Raw wrk output: $OUT/"
} | tee "$OUT/summary.md"
