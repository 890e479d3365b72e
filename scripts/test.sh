#!/usr/bin/env bash
# Builds and runs every test project. Ends with one line "N passed, N failed" (summed from
# the TRX results) and exits non-zero if anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."

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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
