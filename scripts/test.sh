#!/usr/bin/env bash
# Builds and runs every test project, then the chaos suite (every fault class against real
# processes, and its self-test: a build with a planted stale-read bug must be caught).
# Ends with one line "N passed, N failed" (the TRX results plus one per chaos run) and exits
# non-zero if anything failed or did not run. --no-chaos skips the chaos suite (it needs root
# for network namespaces; without root it is skipped with a note).
set -uo pipefail
cd "$(dirname "$0")/.."

chaos=yes
if [ "${1:-}" = "--no-chaos" ]; then
    chaos=no
    shift
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if ! dotnet build Raftos.sln -c Release -nologo -v quiet; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test Raftos.sln -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@"
status=$?

passed=0
failed=0
found=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    found=$((found + 1))
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
    a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${t:-0} + ${a:-0}))
done

if [ "$found" -eq 0 ]; then
    failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # dotnet test failed without a failed test (a crashed test host): count it.
    failed=1
fi

if [ "$chaos" = yes ] && [ "$(id -u)" -ne 0 ]; then
    echo "chaos suite skipped: it needs root for network namespaces (run scripts/chaos.sh --suite as root)"
    chaos=no
fi
if [ "$chaos" = yes ]; then
    for mode in --suite --planted-bug; do
        log="$(mktemp)"
        scripts/chaos.sh "$mode" --duration "${CHAOS_DURATION:-20s}" 2>&1 | tee "$log"
        line="$(grep -E '^chaos: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)"
        rm -f "$log"
        p="$(sed -n 's/^chaos: \([0-9]*\) passed.*/\1/p' <<<"$line")"
        f="$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$line")"
        [ -n "$line" ] || f=1
        passed=$((passed + ${p:-0}))
        failed=$((failed + ${f:-0}))
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
