#!/usr/bin/env bash
# Agent loss to rescheduled: starts `raftos dev` with 3 masters and RUNS+1 agents, runs a
# service job spread over them, then SIGKILLs one agent with its task processes per run and
# times until all of its tasks run on other agents (default failure-detector settings:
# suspect after 3 s, lost after 5 s of silence; heartbeats every second).
#
#   scripts/bench-reschedule.sh            # 5 runs
#   BENCH_RUNS=9 scripts/bench-reschedule.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-.raftos/bench-reschedule}
HTTP_PORT=${BENCH_HTTP_PORT:-8201}
RAFT_PORT=${BENCH_RAFT_PORT:-7201}

dotnet build Raftos.sln -c Release -nologo -v quiet >/dev/null
RAFTOS=src/Raftos/bin/Release/net10.0/raftos
BENCH=src/Raftos.Bench/bin/Release/net10.0/raftos-bench

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
"$RAFTOS" dev --dir "$DIR" --agents $((RUNS + 1)) --http-port "$HTTP_PORT" --raft-port "$RAFT_PORT" >"$DIR.out" 2>&1 &
DEV_PID=$!
trap 'kill -TERM $DEV_PID 2>/dev/null; wait $DEV_PID 2>/dev/null || true' EXIT

for _ in $(seq 1 600); do
    [ -f "$DIR/cluster.json" ] && break
    kill -0 $DEV_PID 2>/dev/null || { cat "$DIR.out"; exit 1; }
    sleep 0.1
done
[ -f "$DIR/cluster.json" ] || { echo "raftos dev did not start; see $DIR.out"; exit 1; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
"$BENCH" reschedule --cluster-file "$DIR/cluster.json" --runs "$RUNS"
