#!/usr/bin/env bash
# Many tasks onto many agents: starts `raftos dev` with 3 masters and no agents, then runs
# `raftos-bench fleet`, which registers BENCH_AGENTS simulated agents in one process (the
# real agent protocol: registration, heartbeats every second, assignment long polls, status
# reports; no task processes), submits BENCH_JOBS service jobs of BENCH_TASKS tasks in all,
# and times registration, submission, placement and every task running. Exits 1 when
# submission to all running takes longer than BENCH_TARGET.
#
#   scripts/bench-fleet.sh                                  # 5,000 agents, 100,000 tasks
#   BENCH_AGENTS=500 BENCH_TASKS=10000 scripts/bench-fleet.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

AGENTS=${BENCH_AGENTS:-5000}
TASKS=${BENCH_TASKS:-100000}
JOBS=${BENCH_JOBS:-100}
TARGET=${BENCH_TARGET:-60s}
DIR=${BENCH_DIR:-.raftos/bench-fleet}
HTTP_PORT=${BENCH_HTTP_PORT:-8301}
RAFT_PORT=${BENCH_RAFT_PORT:-7301}

dotnet build Raftos.sln -c Release -nologo -v quiet >/dev/null
RAFTOS=src/Raftos/bin/Release/net10.0/raftos
BENCH=src/Raftos.Bench/bin/Release/net10.0/raftos-bench

# Each simulated agent holds a long poll open beside its heartbeats and reports: a socket
# each in this shell's children (the masters and the load generator).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
"$RAFTOS" dev --dir "$DIR" --agents 0 --http-port "$HTTP_PORT" --raft-port "$RAFT_PORT" >"$DIR.out" 2>&1 &
DEV_PID=$!
trap 'kill -TERM $DEV_PID 2>/dev/null; wait $DEV_PID 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
    [ -f "$DIR/cluster.json" ] && break
    kill -0 $DEV_PID 2>/dev/null || { cat "$DIR.out"; exit 1; }
    sleep 0.1
done
[ -f "$DIR/cluster.json" ] || { echo "raftos dev did not start; see $DIR.out"; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
"$BENCH" fleet --cluster-file "$DIR/cluster.json" --agents "$AGENTS" --tasks "$TASKS" --jobs "$JOBS" --target "$TARGET"
echo "master logs: $DIR/m1.log, m2.log, m3.log"
