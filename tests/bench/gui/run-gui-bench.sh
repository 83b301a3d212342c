#!/usr/bin/env bash
# The cashier app's performance (issue 8, "Performance"), each figure beside its baseline from the same
# run, in one table. Builds nothing.
#
#   tests/bench/gui/run-gui-bench.sh
#
# 1. bench_gui --sections latency: the cashier window offscreen against a counterpay-sandbox process on
#    loopback, Enter -> QR painted and verified notification -> 已到账 painted, in rounds alternating
#    with the engine alone (a Till without widgets) in the same process.
# 2. bench_gui --sections memory, a fresh process: PAYMENTS payments through the window, resident
#    memory after 10, 100, 500 and all of them.
# 3. start_time.py: counterpay in demo mode from exec to ready (its demo folder initialised, and a
#    first-ever run), beside a bare Qt window and counterpay-cli --help, offscreen; again under Xvfb
#    (the xcb platform) when xvfb-run is installed.
#
# Environment: BUILD_DIR (default <repo>/build, built -DCMAKE_BUILD_TYPE=Release), ROUNDS (5), PER_ROUND
# (40 payments per side and round), WARMUP (10), GAP (50 ms between payments), PAYMENTS (1000),
# START_RUNS (10), XVFB (1 when xvfb-run exists, 0 to skip), NO_RECEIPTS=1 (no PDF receipt after each
# payment; the demo prints them), KEEP=1 keeps the scratch folder (logs and raw samples).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${BUILD_DIR:-$repo/build}
rounds=${ROUNDS:-5}
per_round=${PER_ROUND:-40}
warmup=${WARMUP:-10}
gap=${GAP:-50}
payments=${PAYMENTS:-1000}
start_runs=${START_RUNS:-10}
xvfb=${XVFB:-$(command -v xvfb-run >/dev/null && echo 1 || echo 0)}
bench_bin=$build/tests/bench/gui/bench_gui
bare_bin=$build/tests/bench/gui/bench_gui_bare_start
app_bin=$build/app/counterpay
cli_bin=$build/app/counterpay-cli

for binary in "$bench_bin" "$bare_bin" "$app_bin" "$cli_bin" "$build/sandbox/counterpay-sandbox"; do
    if [[ ! -x $binary ]]; then
        echo "run-gui-bench: $binary is missing; build first:" >&2
        echo "  cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release" >&2
        echo "  cmake --build $build --target bench_gui bench_gui_bare_start counterpay counterpay-cli counterpay-sandbox" >&2
        exit 2
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/counterpay-gui-bench.XXXXXX")
cleanup() {
    if [[ ${KEEP:-0} == 1 ]]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
samples=$work/samples.txt
: >"$samples"
receipts=()
[[ ${NO_RECEIPTS:-0} == 1 ]] && receipts=(--no-receipts)
load() { cut -d' ' -f1-3 /proc/loadavg; }

dirty=$(git -C "$repo" status --porcelain -- core ui app 2>/dev/null | wc -l)
echo "run-gui-bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(load)"
echo "  tree $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "($dirty uncommitted file(s) in core/, ui/ and app/ are in this build), build $build" \
    "($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null))"

status=0
echo
echo "1. latency: $bench_bin --sections latency --rounds $rounds --per-round $per_round --warmup $warmup --gap $gap ${receipts[*]}"
QT_QPA_PLATFORM=offscreen "$bench_bin" --sections latency --rounds "$rounds" --per-round "$per_round" \
    --warmup "$warmup" --gap "$gap" "${receipts[@]}" --samples "$samples" >"$work/latency.txt" 2>&1 || status=1
grep -E '^(bench_gui|  round|  FAILURES|    )' "$work/latency.txt" || true
echo "   load now $(load)"

echo
echo "2. memory: $bench_bin --sections memory --payments $payments --gap $gap ${receipts[*]}"
QT_QPA_PLATFORM=offscreen "$bench_bin" --sections memory --payments "$payments" --checkpoints 10,100,500 \
    --gap "$gap" "${receipts[@]}" --samples "$samples" >"$work/memory.txt" 2>&1 || status=1
grep -E '^(  FAILURES|    )' "$work/memory.txt" || true
echo "   load now $(load)"

echo
start_cmd=(python3 "$here/start_time.py" --app "$app_bin" --bare "$bare_bin" --cli "$cli_bin" --runs "$start_runs")
echo "3. start-up: ${start_cmd[*]}"
QT_QPA_PLATFORM=offscreen "${start_cmd[@]}" --samples "$samples" --key start >"$work/start.txt" 2>&1 || {
    status=1
    cat "$work/start.txt"
}
if [[ $xvfb == 1 ]]; then
    echo "   and: xvfb-run -a -s '-screen 0 1280x1024x24' env QT_QPA_PLATFORM=xcb ${start_cmd[*]}"
    xvfb-run -a -s '-screen 0 1280x1024x24' env QT_QPA_PLATFORM=xcb "${start_cmd[@]}" --samples "$samples" \
        --key xstart >"$work/xstart.txt" 2>&1 || {
        status=1
        cat "$work/xstart.txt"
    }
fi
echo "   load now $(load)"

# Pooled order statistics per key: n, median (mean of the middle two for even n), p95 by nearest rank.
stats() {
    grep "^$1 " "$samples" | cut -d' ' -f2 | sort -g | awk '
        { v[NR] = $1 }
        END {
            n = NR
            if (n == 0) { print 0, 0, 0, 0, 0; exit }
            median = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
            rank = int((95 * n + 99) / 100)
            printf "%d %.3f %.3f %.3f %.3f\n", n, v[1], median, v[rank], v[n]
        }'
}
header() { printf '%-62s %5s %8s %8s %8s  %s\n' "$1" n median p95 max "$2"; }
# row LABEL KEY [REFERENCE_KEY]: the last column is this median / the reference's (and p95 / p95).
row() {
    read -r n _ median p95 max < <(stats "$2")
    local ratio=""
    if [[ -n ${3:-} ]]; then
        read -r _ _ rmedian rp95 _ < <(stats "$3")
        ratio=$(awk -v a="$median" -v b="$rmedian" -v c="$p95" -v d="$rp95" \
            'BEGIN { if (b > 0 && d > 0) printf "x%.2f (p95 x%.2f)", a / b, c / d }')
    fi
    printf '  %-60s %5d %8.2f %8.2f %8.2f  %s\n' "$1" "$n" "$median" "$p95" "$max" "$ratio"
}
goal() {
    read -r _ _ median _ _ < <(stats "$1")
    awk -v m="$median" -v g="$2" 'BEGIN { print (m < g ? "met" : "NOT MET") }'
}

echo
echo "== Cashier screen against the engine alone: one process, one run, rounds alternating =="
header "Enter -> QR on screen (ms)" "window / engine"
row "window: Enter key -> frame with the new QR flushed" gui.qr.frame engine.qr
row "  window: Enter key -> QrView's paint done" gui.qr.widget engine.qr
row "engine: Till::startPayment -> Till::qrReady (baseline)" engine.qr
header "verified notification -> 已到账 on screen (ms)" "window / engine"
row "window: notification at the till's receiver -> frame flushed" gui.paid.frame engine.paid
row "  window: notification -> the headline's paint done" gui.paid.widget engine.paid
row "engine: notification at the till's receiver -> Till::paid" engine.paid
row "window: customer's pay POST sent -> 已到账 frame flushed" gui.pay.frame engine.pay
row "engine: customer's pay POST sent -> Till::paid" engine.pay
echo "  goals: Enter -> QR painted median < 30 ms: $(goal gui.qr.frame 30);" \
    "notification -> 已到账 painted median < 50 ms: $(goal gui.paid.frame 50)"

echo
echo "== Start-up in demo mode, exec -> ready (window's first frame painted; till loaded; sandbox listening) =="
start_rows() {
    local prefix=$1 platform=$2
    header "$platform, $start_runs runs each, taking turns (ms)" "vs bare Qt window"
    row "counterpay, demo folder initialised (sandbox started)" "$prefix.demo" "$prefix.bare"
    row "  the same, counted from main()" "$prefix.demo.main" "$prefix.bare.main"
    row "counterpay, first-ever run (sandbox init: keys, certificates)" "$prefix.demo-first" "$prefix.bare"
    row "bare QApplication + empty window, same hook (baseline)" "$prefix.bare"
    row "counterpay-cli --help, exec -> exit (baseline)" "$prefix.cli-help"
    echo "  goal: demo start to ready < 1500 ms: $(goal "$prefix.demo" 1500) (first-ever run: $(goal "$prefix.demo-first" 1500))"
}
start_rows start offscreen
if [[ $xvfb == 1 ]]; then start_rows xstart "Xvfb, xcb"; fi

echo
echo "== Memory: $payments payments through the window in one process (QR by notification / payment code, in turn) =="
printf '  %8s %9s %9s %9s %10s %10s %8s\n' payments "RSS MB" "vs 10th" "heap MB" "till objs" "window objs" widgets
awk '/^MEMORY/ {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (!base) base = v["rss_mb"]
        printf "  %8d %9.1f %+8.1f%% %9.2f %10d %10d %8d\n", v["payments"], v["rss_mb"], (v["rss_mb"] / base - 1) * 100,
            v["heap_mb"], v["till_objects"], v["window_objects"], v["widgets"]
    }' "$work/memory.txt"
grep -E '^  (goal|receipts)' "$work/memory.txt" | sed 's/^  /  /'
header "timings during the memory run (ms)" ""
row "window: Enter -> QR frame flushed" memory.gui.qr.frame
row "window: notification -> 已到账 frame flushed" memory.gui.paid.frame
row "window: payment code's Enter -> 已到账 frame flushed" memory.gui.barcode.frame
exit $status
