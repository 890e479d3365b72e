#!/usr/bin/env bash
# Side-by-side KV benchmark: Raftos against a 3-member etcd cluster, both on this machine's loopback,
# driven by the same load generator (src/Raftos.Bench) over HTTP/1.1 keep-alive.
#
# Run from anywhere, as root on Debian 12 (etcd, curl and jq are installed with apt-get if missing):
#   scripts/bench-kv.sh
# Environment:
#   BENCH_DURATION    measured time per client count            (default 10s)
#   BENCH_WARMUP      unmeasured load before each measurement   (default 2s)
#   BENCH_CLIENTS     client counts                             (default 1,16,64,256)
#   BENCH_VALUE_SIZE  bytes per value                           (default 256)
#   BENCH_TRIALS      failover trials per system                (default 5)
#   BENCH_SYSTEMS     which systems to run                      (default etcd,raftos)
#   BENCH_OUT         markdown report                           (default docs/bench-kv-latest.md)
#   BENCH_RAFTOS_HTTP_PORT / BENCH_RAFTOS_RAFT_PORT  first master's ports (default 8101 / 7101)
#   BENCH_KEEP_WORK   1 keeps the temp dir (logs, JSON results) even on success
#
# The systems run one after the other, never together: on a small machine they would otherwise
# compete for the same cores and the same fsyncs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-2s}
CLIENTS=${BENCH_CLIENTS:-1,16,64,256}
VALUE_SIZE=${BENCH_VALUE_SIZE:-256}
TRIALS=${BENCH_TRIALS:-5}
SYSTEMS=${BENCH_SYSTEMS:-etcd,raftos}
OUT=${BENCH_OUT:-docs/bench-kv-latest.md}
KEEP_WORK=${BENCH_KEEP_WORK:-0}

BENCH="$REPO/src/Raftos.Bench/bin/Release/net10.0/raftos-bench"
RAFTOS="$REPO/src/Raftos/bin/Release/net10.0/raftos"

# Ports above the packaged etcd's 2379/2380: Debian's etcd-server enables a single-node etcd.service
# on a systemd machine, and this benchmark must not collide with (or measure) it.
ETCD_NAMES=(e1 e2 e3)
ETCD_CLIENT_PORTS=(12379 22379 32379)
ETCD_PEER_PORTS=(12380 22380 32380)
ETCD_PIDS=()
RAFTOS_HTTP_PORT=${BENCH_RAFTOS_HTTP_PORT:-8101}
RAFTOS_RAFT_PORT=${BENCH_RAFTOS_RAFT_PORT:-7101}
RAFTOS_DEV_PID=

wants() { [[ ",$SYSTEMS," == *",$1,"* ]]; }

log() { printf '[bench-kv %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# A zombie still answers kill -0, so look at the process state as well.
is_alive() {
  [[ -n "${1:-}" && -r "/proc/$1/status" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

# wait_until SECONDS WHAT COMMAND...: poll COMMAND until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out waiting for $what"
      return 1
    fi
    sleep 0.2
  done
}

# require_free_ports PORT...: a cluster that cannot bind its ports can look healthy when another
# cluster already answers on them (a developer's `raftos dev` on the default ports, say), and the
# benchmark would then measure that one. Refuse instead.
require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port on 127.0.0.1 is already in use; stop whatever listens there or choose other ports"
      return 1
    fi
  done
}

# stop_pids PID...: TERM, then KILL whatever is still there after 10 s, and wait until they are gone
# so that the next cluster can bind the same ports.
stop_pids() {
  local pid deadline=$((SECONDS + 10))
  for pid in "$@"; do
    if is_alive "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "$@"; do
    while is_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
    if is_alive "$pid"; then
      log "pid $pid ignored SIGTERM for 10 s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while is_alive "$pid" && ((SECONDS < deadline + 5)); do sleep 0.1; done
    fi
  done
}

# ---------------------------------------------------------------- prerequisites

missing=()
if wants etcd && ! command -v etcd >/dev/null; then missing+=(etcd-server etcd-client); fi
command -v curl >/dev/null || missing+=(curl)
command -v jq >/dev/null || missing+=(jq)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  log "the .NET 10 SDK must be on PATH"
  exit 1
fi
# The apphosts find the runtime through DOTNET_ROOT when dotnet is not installed in a default place.
export DOTNET_ROOT=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
# etcd 3.4 refuses to start on arm64 unless told that this is deliberate.
if [[ $(uname -m) == aarch64 ]]; then export ETCD_UNSUPPORTED_ARCH=arm64; fi

log "building the load generator"
dotnet build -c Release src/Raftos.Bench --nologo -v quiet
if wants raftos; then
  log "building raftos"
  dotnet build -c Release src/Raftos --nologo -v quiet
fi

WORK=$(mktemp -d /tmp/raftos-bench.XXXXXX)
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
log "work dir $WORK"

# ---------------------------------------------------------------- etcd

ETCD_INITIAL_CLUSTER=$(for i in 0 1 2; do printf '%s=http://127.0.0.1:%s,' "${ETCD_NAMES[$i]}" "${ETCD_PEER_PORTS[$i]}"; done)
ETCD_INITIAL_CLUSTER=${ETCD_INITIAL_CLUSTER%,}
ETCD_ENDPOINTS=$(for i in 0 1 2; do printf 'http://127.0.0.1:%s,' "${ETCD_CLIENT_PORTS[$i]}"; done)
ETCD_ENDPOINTS=${ETCD_ENDPOINTS%,}

# start_etcd_member INDEX: also used to restart a killed member; with an existing data dir etcd
# ignores the --initial-* flags and rejoins from its own WAL, so the flags can stay identical.
start_etcd_member() {
  local i=$1 name=${ETCD_NAMES[$1]}
  mkdir -p "$WORK/etcd"
  etcd --name "$name" \
    --data-dir "$WORK/etcd/$name.data" \
    --listen-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}" \
    --advertise-client-urls "http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORTS[$i]}" \
    --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORTS[$i]}" \
    --initial-cluster "$ETCD_INITIAL_CLUSTER" \
    --initial-cluster-state new \
    --initial-cluster-token raftos-bench \
    >>"$WORK/etcd/$name.log" 2>&1 &
  ETCD_PIDS[i]=$!
  # Killing members is the point of the failover trials; disowned, bash does not announce each "Killed".
  disown "${ETCD_PIDS[i]}"
}

# /health answers 200 only while the member sees a leader, so all three healthy means a serving cluster.
wait_etcd_healthy() {
  local i
  for i in 0 1 2; do
    if ! wait_until 60 "etcd ${ETCD_NAMES[$i]} health" \
      curl -fsS --max-time 1 "http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}/health"; then
      tail -n 20 "$WORK/etcd/${ETCD_NAMES[$i]}.log" >&2 || true
      return 1
    fi
  done
}

etcd_pid_map() {
  local i map=
  for i in 0 1 2; do map+="http://127.0.0.1:${ETCD_CLIENT_PORTS[$i]}=${ETCD_PIDS[$i]},"; done
  printf '%s' "${map%,}"
}

restart_dead_etcd_members() {
  local i
  for i in 0 1 2; do
    if ! is_alive "${ETCD_PIDS[$i]}"; then
      log "restarting etcd ${ETCD_NAMES[$i]}"
      start_etcd_member "$i"
    fi
  done
}

stop_etcd() {
  if ((${#ETCD_PIDS[@]})); then stop_pids "${ETCD_PIDS[@]}"; fi
  ETCD_PIDS=()
}

# ---------------------------------------------------------------- raftos

RAFTOS_DIR="$WORK/raftos"
RAFTOS_CLUSTER_FILE="$RAFTOS_DIR/cluster.json"
RAFTOS_ENDPOINTS=

start_raftos() {
  # A fresh cluster per use: --clean wipes the previous data, and a missing cluster.json tells us when it is up.
  rm -f "$RAFTOS_CLUSTER_FILE"
  require_free_ports "$RAFTOS_HTTP_PORT" $((RAFTOS_HTTP_PORT + 1)) $((RAFTOS_HTTP_PORT + 2)) \
    "$RAFTOS_RAFT_PORT" $((RAFTOS_RAFT_PORT + 1)) $((RAFTOS_RAFT_PORT + 2))
  "$RAFTOS" dev --dir "$RAFTOS_DIR" --clean --http-port "$RAFTOS_HTTP_PORT" --raft-port "$RAFTOS_RAFT_PORT" \
    >>"$WORK/raftos-dev.log" 2>&1 &
  RAFTOS_DEV_PID=$!
  disown "$RAFTOS_DEV_PID"
  # jq -e also rejects a half-written file.
  local deadline=$((SECONDS + 90))
  until jq -e '(.masters | length) >= 3 and all(.masters[]; .pid and .httpUrl)' "$RAFTOS_CLUSTER_FILE" >/dev/null 2>&1; do
    if ! is_alive "$RAFTOS_DEV_PID" || ((SECONDS >= deadline)); then
      log "raftos dev exited or timed out before writing a complete $RAFTOS_CLUSTER_FILE"
      tail -n 40 "$WORK/raftos-dev.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  RAFTOS_ENDPOINTS=$(jq -r '[.masters[].httpUrl] | join(",")' "$RAFTOS_CLUSTER_FILE")
  local url pid
  for url in ${RAFTOS_ENDPOINTS//,/ }; do
    if ! wait_until 60 "raftos $url/health/ready" curl -fsS --max-time 1 "${url%/}/health/ready"; then
      tail -n 40 "$WORK/raftos-dev.log" >&2 || true
      return 1
    fi
  done
  for pid in $(jq -r '.masters[].pid' "$RAFTOS_CLUSTER_FILE"); do
    if ! is_alive "$pid"; then
      log "raftos master pid $pid is not running although the cluster answered"
      tail -n 40 "$WORK/raftos-dev.log" >&2 || true
      return 1
    fi
  done
}

stop_raftos() {
  local pids=()
  if [[ -s "$RAFTOS_CLUSTER_FILE" ]]; then
    mapfile -t pids < <(jq -r '.masters[].pid // empty' "$RAFTOS_CLUSTER_FILE" 2>/dev/null || true)
  fi
  # The dev process first, so it does not notice dying masters and restart them.
  if [[ -n "$RAFTOS_DEV_PID" ]]; then stop_pids "$RAFTOS_DEV_PID"; fi
  if ((${#pids[@]})); then stop_pids "${pids[@]}"; fi
  RAFTOS_DEV_PID=
}

# ---------------------------------------------------------------- cleanup

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_raftos || true
  stop_etcd || true
  if ((status == 0)) && [[ $KEEP_WORK != 1 ]]; then
    rm -rf "$WORK"
  else
    log "logs and results kept in $WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- runs

put_args=(--clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP" --value-size "$VALUE_SIZE")

if wants etcd; then
  log "etcd: starting 3 members (default fsync)"
  require_free_ports "${ETCD_CLIENT_PORTS[@]}" "${ETCD_PEER_PORTS[@]}"
  for i in 0 1 2; do start_etcd_member "$i"; done
  wait_etcd_healthy

  log "etcd: put benchmark at clients $CLIENTS"
  "$BENCH" put --target etcd --endpoints "$ETCD_ENDPOINTS" "${put_args[@]}" --json "$RESULTS/put-etcd.json"

  for trial in $(seq 1 "$TRIALS"); do
    log "etcd: failover trial $trial/$TRIALS"
    "$BENCH" failover --target etcd --endpoints "$ETCD_ENDPOINTS" --pids "$(etcd_pid_map)" \
      --value-size "$VALUE_SIZE" --json "$RESULTS/failover-etcd-$trial.json" ||
      log "etcd: failover trial $trial failed"
    restart_dead_etcd_members
    wait_etcd_healthy
  done
  stop_etcd
fi

if wants raftos; then
  log "raftos: starting a dev cluster"
  start_raftos

  log "raftos: put benchmark at clients $CLIENTS"
  "$BENCH" put --target raftos --endpoints "$RAFTOS_ENDPOINTS" "${put_args[@]}" --json "$RESULTS/put-raftos.json"
  stop_raftos

  for trial in $(seq 1 "$TRIALS"); do
    log "raftos: failover trial $trial/$TRIALS (fresh dev cluster)"
    start_raftos
    "$BENCH" failover --target raftos --endpoints "$RAFTOS_ENDPOINTS" --cluster-file "$RAFTOS_CLUSTER_FILE" \
      --value-size "$VALUE_SIZE" --json "$RESULTS/failover-raftos-$trial.json" ||
      log "raftos: failover trial $trial failed"
    stop_raftos
  done
fi

# ---------------------------------------------------------------- report

shopt -s nullglob
report_args=()
for file in "$RESULTS"/put-*.json; do report_args+=(--put "$file"); done
for file in "$RESULTS"/failover-*.json; do report_args+=(--failover "$file"); done
shopt -u nullglob

mem_gib=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
etcd_version=
if command -v etcd >/dev/null; then etcd_version=$(etcd --version 2>/dev/null | awk '/^etcd Version/ { print $3 }'); fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "uncommitted")

mkdir -p "$(dirname "$OUT")"
{
  echo "# KV benchmark: Raftos vs etcd"
  echo
  echo "Generated $(date -u +%Y-%m-%dT%H:%MZ) by \`scripts/bench-kv.sh\` at commit $commit on $(nproc) cores, ${mem_gib} GiB, Linux $(uname -r)."
  echo "Both clusters have 3 members on 127.0.0.1 and run one at a time on the same machine as the load generator."
  echo "etcd ${etcd_version:-n/a} (Debian package, default fsync); Raftos via \`raftos dev\`."
  echo "Clients are closed loops over HTTP/1.1 keep-alive, spread round-robin over all members; latency is per put, in ms."
  echo
  "$BENCH" report "${report_args[@]}"
} | tee "$OUT"
log "report written to $OUT"
