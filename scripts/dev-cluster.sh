# Sourced by the benchmark scripts: starts `raftos dev` in the background and waits for its
# cluster.json; the cluster is stopped when the calling script exits.
#
#   start_dev_cluster DIR HTTP_PORT RAFT_PORT AGENTS
# Sets RAFTOS and BENCH (the built binaries) and DEV_PID; prints the machine line.

RAFTOS=src/Raftos/bin/Release/net10.0/raftos
BENCH=src/Raftos.Bench/bin/Release/net10.0/raftos-bench

start_dev_cluster() {
    local dir=$1 http_port=$2 raft_port=$3 agents=$4
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    "$RAFTOS" dev --dir "$dir" --agents "$agents" --http-port "$http_port" --raft-port "$raft_port" >"$dir.out" 2>&1 &
    DEV_PID=$!
    trap 'kill -TERM $DEV_PID 2>/dev/null; wait $DEV_PID 2>/dev/null || true' EXIT

    for _ in $(seq 1 600); do
        [ -f "$dir/cluster.json" ] && break
        kill -0 $DEV_PID 2>/dev/null || { cat "$dir.out"; exit 1; }
        sleep 0.1
    done
    [ -f "$dir/cluster.json" ] || { echo "raftos dev did not start; see $dir.out"; exit 1; }

    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%dT%H:%MZ)"
}
