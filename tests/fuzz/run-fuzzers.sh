#!/bin/bash
# Runs every libFuzzer target briefly and fails on the first finding (crash, sanitizer report,
# broken invariant, timeout, out-of-memory).
#
#   tests/fuzz/run-fuzzers.sh <build-dir> <seconds-per-target>
#
# The build dir must be configured with CXX=clang++ -DCOUNTERPAY_BUILD_FUZZ=ON (and, to catch memory
# errors, -DCOUNTERPAY_SANITIZE=ON). The committed seed corpora are read, never written: new inputs
# go to a scratch corpus, findings to <build-dir>/fuzz-findings/<target>/.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]] || [ "$2" -lt 1 ]; then
    echo "usage: $0 <build-dir> <seconds-per-target>" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
targets=(response_scanner form_codec)

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
for target in "${targets[@]}"; do
    binary="$build/tests/fuzz/fuzz_$target"
    if [ ! -x "$binary" ]; then
        echo "missing $binary: build with CXX=clang++ -DCOUNTERPAY_BUILD_FUZZ=ON" >&2
        exit 2
    fi
    scratch=$(mktemp -d)
    findings="$build/fuzz-findings/$target"
    mkdir -p "$findings"
    dict=()
    [ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
    log="$build/fuzz-findings/$target.log"
    echo "== fuzz_$target for ${seconds}s"
    status=0
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" "${dict[@]}" "$scratch" "$here/corpus/$target" > "$log" 2>&1 || status=$?
    rm -rf "$scratch"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "   ${runs:-?} runs, ${speed:-?} exec/s, ${coverage:-cov: ?}"
    if [ "$status" -ne 0 ]; then
        echo "   FAILED (exit $status); log: $log" >&2
        grep -E 'ERROR|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -ne 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
echo "all fuzz targets ran clean"
