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
source scripts/dev-cluster.sh

start_dev_cluster "$DIR" "$HTTP_PORT" "$RAFT_PORT" $((RUNS + 1))
"$BENCH" reschedule --cluster-file "$DIR/cluster.json" --runs "$RUNS"
