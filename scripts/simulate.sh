#!/usr/bin/env bash
# Runs the seeded fleet simulation (tests/Raftos.Core.Tests, FleetSimulationTests).
#   scripts/simulate.sh                 the default seeds, as CI runs them
#   scripts/simulate.sh --seed N        replays exactly seed N (what a failure message names)
#   scripts/simulate.sh --seeds A..B    seeds A to B, inclusive
# Extra arguments after -- go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/simulate.sh [--seed N | --seeds A..B] [-- dotnet test args]" >&2
    exit 2
}

unset RAFTOS_SIM_SEED RAFTOS_SIM_SEEDS
hint=""
while [ $# -gt 0 ]; do
    case "$1" in
        --seed)
            [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || usage
            export RAFTOS_SIM_SEED="$2"
            hint="RAFTOS_SIM_SEED=$2"
            shift 2
            ;;
        --seeds)
            [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+\.\.[0-9]+$ ]] || usage
            export RAFTOS_SIM_SEEDS="$2"
            hint="RAFTOS_SIM_SEEDS=$2"
            shift 2
            ;;
        --)
            shift
            break
            ;;
        -h|--help)
            usage
            ;;
        *)
            usage
            ;;
    esac
done

command=(dotnet test tests/Raftos.Core.Tests -c Release --filter FullyQualifiedName~FleetSimulationTests "$@")
echo "replay with: ${hint:+$hint }${command[*]}"
echo "  (a failing seed N replays with: scripts/simulate.sh --seed N)"
"${command[@]}"
