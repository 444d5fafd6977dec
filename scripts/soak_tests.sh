#!/usr/bin/env bash
# Look for flaky tests: run the README's test command RUNS times in a row (default 10)
# while a CPU hog keeps every core busy, and list every test that failed in any run.
#
#     scripts/soak_tests.sh [RUNS] [extra pytest arguments...]
#
# Run it from an activated virtual environment with the test extras installed
# (`pip install -e ".[test]"`). Exit code 0 when every run passed. CONTRIBUTING.md,
# "Flaky tests", says what to do with what it finds (fix the wait, never retry).
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
shift || true
logs="$(mktemp -d "${TMPDIR:-/tmp}/roadmap-tui-soak.XXXXXX")"
cores="$(python3 -c 'import os; print(os.cpu_count() or 2)')"
hogs=()
for _ in $(seq "$cores"); do
    python3 -c 'while True: pass' &
    hogs+=("$!")
done
run_pid=""
stop_hogs() { kill "${hogs[@]}" 2>/dev/null; wait "${hogs[@]}" 2>/dev/null; }
# Stopped (ctrl+c, kill): the run under way and the hogs end too, and no run follows.
stop_all() { [[ -n "$run_pid" ]] && kill -- "$run_pid" 2>/dev/null; exit 130; }
trap stop_hogs EXIT
trap stop_all INT TERM
echo "soak: $runs runs under $cores CPU hogs; logs in $logs"
failed_runs=0
for n in $(seq "$runs"); do
    start=$SECONDS
    pytest -p no:cacheprovider -q "$@" >"$logs/run-$n.log" 2>&1 &
    run_pid=$!
    if wait "$run_pid"; then
        status=passed
    else
        status=FAILED
        failed_runs=$((failed_runs + 1))
    fi
    echo "soak: run $n/$runs $status in $((SECONDS - start)) s: $(tail -n 1 "$logs/run-$n.log")"
done
echo
if ((failed_runs)); then
    echo "soak: $failed_runs of $runs runs failed; the tests that failed, with how often:"
    grep -hE '^(FAILED|ERROR) ' "$logs"/run-*.log | sed 's/ - .*//' | sort | uniq -c | sort -rn
    exit 1
fi
echo "soak: all $runs runs passed."
