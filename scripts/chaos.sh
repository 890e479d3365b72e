#!/usr/bin/env bash
# The chaos suite against real processes. Needs root (each node runs in its own network
# namespace, with fault proxies on every link) and iproute2.
#
#   scripts/chaos.sh [--scenario NAME] [--duration 60s] [--seed N] [--masters 3|5] [--out DIR]
#   scripts/chaos.sh --suite [--duration 30s]     every fault class, one after another (CI)
#   scripts/chaos.sh --planted-bug                 builds raftos with a stale-read bug and
#                                                  passes only if the suite catches it
#
# Ends with "chaos: N passed, N failed"; exits 1 on any violation, 2 when it could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=run
args=()
duration=30s
while [ $# -gt 0 ]; do
    case "$1" in
        --suite) mode=suite ;;
        --planted-bug) mode=planted ;;
        --duration) duration="$2"; shift ;;
        *) args+=("$1") ;;
    esac
    shift
done

if [ "$(id -u)" -ne 0 ]; then
    echo "chaos: needs root for network namespaces (ip netns); run it with sudo"
    echo "chaos: 0 passed, 1 failed"
    exit 2
fi
if ! command -v ip >/dev/null; then
    apt-get install -y -qq iproute2 >/dev/null || { echo "chaos: iproute2 is missing and could not be installed"; exit 2; }
fi

if ! dotnet build chaos/Raftos.Chaos -c Release -nologo -v quiet >/dev/null; then
    dotnet build chaos/Raftos.Chaos -c Release -nologo -v quiet | grep -E "error" | sort -u
    echo "chaos: build failed"
    echo "chaos: 0 passed, 1 failed"
    exit 2
fi
chaos=(dotnet chaos/Raftos.Chaos/bin/Release/net10.0/raftos-chaos.dll)

case "$mode" in
    run)
        "${chaos[@]}" run --duration "$duration" "${args[@]}"
        status=$?
        ;;
    suite)
        out="$(mktemp)"
        "${chaos[@]}" suite --duration "$duration" "${args[@]}" | tee "$out"
        status=${PIPESTATUS[0]}
        # One count per scenario, from the suite's closing summary lines.
        passed="$(grep -cE '^[a-z-]+ +seed [0-9]+ +passed ' "$out")"
        failed="$(grep -cE '^[a-z-]+ +seed [0-9]+ +(VIOLATION|could not run) ' "$out")"
        rm -f "$out"
        if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
        echo "chaos: $passed passed, $failed failed"
        exit "$status"
        ;;
    planted)
        # A separate artifacts path keeps the buggy build's bin and obj away from the real one.
        buggy="$(mktemp -d)"
        trap 'rm -rf "$buggy"' EXIT
        if ! dotnet build src/Raftos -c Release -nologo -v quiet -p:ChaosBug=StaleReads --artifacts-path "$buggy" >/dev/null; then
            echo "chaos: the planted-bug build failed"
            echo "chaos: 0 passed, 1 failed"
            exit 2
        fi
        binary="$(find "$buggy/bin/Raftos" -name raftos -type f | head -n 1)"
        "${chaos[@]}" run --scenario partition --duration "$duration" --seed "${PLANTED_SEED:-7}" \
            --out chaos-runs/planted-bug --raftos "$binary" "${args[@]}"
        caught=$?
        if [ "$caught" -eq 1 ]; then
            echo "chaos: the planted stale-read bug was caught"
            status=0
        else
            echo "chaos: the planted stale-read bug was NOT caught (exit $caught)"
            status=1
        fi
        ;;
esac

if [ "$status" -eq 0 ]; then
    echo "chaos: 1 passed, 0 failed"
else
    echo "chaos: 0 passed, 1 failed"
fi
exit "$status"
