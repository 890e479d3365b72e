#!/usr/bin/env bash
# The pure scheduler, in process: placements per second draining 100,000 pending tasks at
# 1,000 and 10,000 agents, then packing efficiency against first fit and random. Extra
# arguments go to `raftos-bench scheduler` (e.g. --bdn for BenchmarkDotNet, --runs 5).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dotnet build src/Raftos.Bench -c Release -nologo -v quiet >/dev/null
exec src/Raftos.Bench/bin/Release/net10.0/raftos-bench scheduler "$@"
