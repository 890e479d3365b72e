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

if ! build=$(dotnet build Raftos.sln -c Release -nologo -v quiet 2>&1); then
    echo "$build"
    exit 1
fi
source scripts/dev-cluster.sh

# Each simulated agent holds a long poll open beside its heartbeats and reports: a socket
# each in this shell's children (the masters and the load generator).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

start_dev_cluster "$DIR" "$HTTP_PORT" "$RAFT_PORT" 0
"$BENCH" fleet --cluster-file "$DIR/cluster.json" --agents "$AGENTS" --tasks "$TASKS" --jobs "$JOBS" --target "$TARGET"
echo "master logs: $DIR/m1.log, m2.log, m3.log"
