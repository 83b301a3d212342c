#!/usr/bin/env bash
# Runs bench_payment against a fresh counterpay-sandbox on loopback (no injected faults or latency)
# and, in the same run and against the same sandbox and keys, Alipay's official Node.js SDK as the
# baseline for the client's cost (issue 4, "Performance").
#
#   tests/bench/payment/run-payment-bench.sh [N]
#
# N orders for (a) and N precreates for the Node SDK (default 1000). The two sides alternate in
# ROUNDS blocks (default 5) of N/ROUNDS each, so a machine whose load changes during the run (other
# builds on the same cores) weighs on both alike; the table pools the blocks. Then (b), detection
# latency by polling and with notifications.
#
# Environment: BUILD_DIR (default <repo>/build-bench, built as in README: -DCMAKE_BUILD_TYPE=Release),
# ROUNDS, DETECT_ORDERS (100), PARALLEL (25), PAY_DELAY (2000:5000 ms after the QR), SEED (random; the
# customers' timing in (b), printed so a run can be repeated), KEEP=1 keeps the
# scratch folder (sandbox, configs, logs, raw samples). Needs node >= 18 and npm (the SDK is installed
# from package-lock.json into node-baseline/node_modules on first use).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
build=${BUILD_DIR:-$repo/build-bench}
orders=${1:-1000}
rounds=${ROUNDS:-5}
detect_orders=${DETECT_ORDERS:-100}
parallel=${PARALLEL:-25}
pay_delay=${PAY_DELAY:-2000:5000}
seed=${SEED:-$RANDOM}
sandbox_bin=$build/sandbox/counterpay-sandbox
bench_bin=$build/tests/bench/payment/bench_payment
baseline=$here/node-baseline

if [[ ! -x $sandbox_bin || ! -x $bench_bin ]]; then
    echo "run-payment-bench: build first:" >&2
    echo "  cmake -S $repo -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build $build" >&2
    exit 2
fi
if ! [[ $orders =~ ^[0-9]+$ && $rounds =~ ^[0-9]+$ ]] || ((orders < rounds || rounds < 1)); then
    echo "run-payment-bench: N must be a number of orders, at least ROUNDS ($rounds)" >&2
    exit 2
fi
command -v node >/dev/null || { echo "run-payment-bench: node is needed for the baseline" >&2; exit 2; }
if [[ ! -d $baseline/node_modules/alipay-sdk ]]; then
    (cd "$baseline" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/counterpay-bench.XXXXXX")
sandbox_pid=
cleanup() {
    if [[ -n $sandbox_pid ]]; then
        kill -TERM "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    if [[ ${KEEP:-0} == 1 ]]; then
        echo "kept $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

dir=$work/sandbox
"$sandbox_bin" init "$dir" >/dev/null
"$sandbox_bin" serve --data-dir "$dir" --port 0 --quiet >"$work/serve.out" 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
    kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; exit 1; }
    sleep 0.1
done
base=$(sed -n 's/^listening on //p' "$work/serve.out")
[[ -n $base ]] || { echo "run-payment-bench: the sandbox did not start" >&2; exit 1; }
app_id=$(sed -n 's/^app_id=//p' "$dir/counterpay.ini")

# The benchmark's config: the sandbox's own (serve has written url=; init gave it an order book in
# the scratch folder), plus a terminal of its own and the notification receiver on a free port.
notify_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
config=$dir/bench.ini
sed "s|^notify_url=.*|notify_url=http://127.0.0.1:$notify_port/alipay/notify|" "$dir/counterpay.ini" >"$config"
cat >>"$config" <<INI

[counter]
terminal_id=BENCH

[notify]
enabled=true
listen=127.0.0.1
port=$notify_port
path=/alipay/notify
INI

samples=$work/samples.txt
: >"$samples"
mkdir -p "$work/logs"
result() { sed -n "s/^RESULT $2 n=\([0-9]*\) median_ms=\([0-9.]*\) p95_ms=\([0-9.]*\)/\\$3/p" "$1"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# The sandbox's threads: ns on a core and ns runnable but waiting for one (Linux schedstat).
sandbox_sched() { cat /proc/"$sandbox_pid"/task/*/schedstat 2>/dev/null | awk '{ c += $1; w += $2 } END { print c + 0, w + 0 }'; }
# Per call, in ms, from two sandbox_sched readings and a number of calls.
per_call() { awk -v c0="$1" -v w0="$2" -v c1="$3" -v w1="$4" -v n="$5" 'BEGIN { printf "%.2f / %.2f", (c1 - c0) / n / 1e6, (w1 - w0) / n / 1e6 }'; }

dirty=$(git -C "$repo" status --porcelain -- core sandbox 2>/dev/null | wc -l)
echo "run-payment-bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(load)"
echo "  tree $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "($dirty uncommitted file(s) in core/ and sandbox/ are in this build), build $build"
echo "  sandbox $base (fresh, --quiet, no faults), app $app_id; $(node --version)"
echo "  (a) $orders orders and $orders Node SDK precreates, alternating in $rounds blocks"

per=$(((orders + rounds - 1) / rounds))
status=0
echo "  per block: median / p95 of charge -> QR ready (ours) and of a precreate (Node), in ms; the sandbox's"
echo "  CPU / waiting for a core per precreate it served, in ms (ours: 2 precreates and a bare GET an order)"
for round in $(seq "$rounds"); do
    before=$(load)
    read -r c0 w0 < <(sandbox_sched)
    "$bench_bin" --config "$config" --orders "$per" --warmup 20 --sections client --samples "$samples" \
        >"$work/logs/ours-$round.txt" 2>&1 || status=1
    read -r c1 w1 < <(sandbox_sched)
    TZ=Asia/Shanghai node "$baseline/precreate-bench.mjs" --dir "$dir" --gateway "$base/gateway.do" \
        --app-id "$app_id" --orders "$per" --warmup 50 --samples "$samples" \
        >"$work/logs/node-$round.txt" 2>&1 || status=1
    read -r c2 w2 < <(sandbox_sched)
    printf '  block %d/%d: ours %s / %s (sandbox %s), Node %s / %s (sandbox %s); load %s -> %s\n' \
        "$round" "$rounds" \
        "$(result "$work/logs/ours-$round.txt" client.total 2)" "$(result "$work/logs/ours-$round.txt" client.total 3)" \
        "$(per_call "$c0" "$w0" "$c1" "$w1" $((2 * (per + 20))))" \
        "$(result "$work/logs/node-$round.txt" node.precreate 2)" \
        "$(result "$work/logs/node-$round.txt" node.precreate 3)" \
        "$(per_call "$c1" "$w1" "$c2" "$w2" $((per + 51)))" "$before" "$(load)"
    grep -h -A5 'FAILURES' "$work/logs/ours-$round.txt" "$work/logs/node-$round.txt" || true
done
verified=$(cat "$work"/logs/node-*.txt | sed -n 's/.*replies verified: \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' |
    awk '{ ok += $1; all += $2 } END { printf "%d/%d", ok, all }')
refused=$(cat "$work"/logs/node-*.txt | grep -c "wrong-key control refused: yes" || true)
echo "  Node baseline: $(sed -n 's/^node \(v[0-9.]*\), \(alipay-sdk [0-9.]*\):.*/\2 on node \1/p' "$work/logs/node-1.txt");" \
    "replies verified with validateSign: $verified; wrong-key control refused in $refused/$rounds blocks"

echo
"$bench_bin" --config "$config" --sections polling,notify --detect-orders "$detect_orders" --parallel "$parallel" \
    --pay-delay "$pay_delay" --seed "$seed" --samples "$samples" >"$work/logs/detect.txt" 2>&1 || status=1
sed -n '/^(b)/,$p' "$work/logs/detect.txt" | grep -v '^RESULT'

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
header() { printf '%-60s %6s %8s %8s %8s %8s\n' "$1" n min median p95 max; }
row() {
    read -r n min median p95 max < <(stats "$2")
    printf '  %-58s %6d %8.3f %8.3f %8.3f %8.3f\n' "$1" "$n" "$min" "$median" "$p95" "$max"
}
compare() {
    read -r _ _ reference _ _ < <(stats "$3")
    read -r _ _ median p95 _ < <(stats "$2")
    printf '  %-58s %8.3f %8.3f %8s\n' "$1" "$median" "$p95" \
        "$(awk -v a="$reference" -v b="$median" 'BEGIN { printf (b > 0 ? "%.2f" : "-"), a / b }')"
}

echo
header "(a) client cost, pooled over the $rounds blocks (ms)"
row "charge -> QR ready (store commits + sign + HTTP + verify)" client.total
row "  precreate round trip through GatewayClient" client.roundtrip
row "  the rest: 3 order book commits + session" client.store
row "  store: nextOutTradeNo (commit)" client.number
row "  store: create (commit)" client.create
row "  store: transition to AwaitingScan (commit)" client.transition
row "  sign: RequestBuilder::build + FormCodec::encode" client.sign
row "  HTTP: precreate POST -> reply" client.exchange
row "  verify: ResponseVerifier::verify + parse" client.verify
row "  HTTP: GET of an unserved path, same connection" client.bare
row "  the sandbox's own work on a precreate (HTTP - bare HTTP)" client.gatewaywork
echo
printf '%-60s %8s %8s %8s\n' "Client cost against Node's alipay-sdk, wall time (ms)" median p95 "Node/us"
compare "Node alipay-sdk: precreate, sign + HTTP + verify" node.precreate node.precreate
compare "CounterPay: precreate, sign + HTTP + verify (no store)" client.roundtrip node.precreate
compare "CounterPay: charge -> QR ready (incl. 3 SQLite commits)" client.total node.precreate
echo "  goal for charge -> QR ready: median < 3 ms, p95 < 5 ms; the last column is Node's median / ours"
printf '%-60s %8s %8s %8s\n' "CPU time of the client process per call (ms)" median p95 "Node/us"
compare "Node alipay-sdk: precreate" node.precreate.cpu node.precreate.cpu
compare "CounterPay: sign + HTTP + verify (bare QNAM)" client.cpu.exchange node.precreate.cpu
compare "CounterPay: charge -> QR ready (incl. 3 SQLite commits)" client.cpu.total node.precreate.cpu
printf '%-60s %8s %8s\n' "The client process waiting for a core per call (ms)" median p95
compare "Node alipay-sdk: precreate" node.precreate.wait node.precreate.wait
compare "CounterPay: charge -> QR ready" client.wait.total node.precreate.wait
echo
printf '%-60s %8s %8s\n' "(b) customer pays -> order Paid (ms)" median p95
read -r _ _ pm pp _ < <(stats detect.polling)
read -r _ _ nm np _ < <(stats detect.notify)
printf '  %-58s %8.1f %8.1f   goal median < 1000, p95 < 1600\n' "polling alone ($detect_orders orders)" "$pm" "$pp"
printf '  %-58s %8.1f %8.1f   goal median < 50\n' "with notifications ($detect_orders orders)" "$nm" "$np"
read -r _ _ am ap _ < <(stats detect.notify.arrival)
read -r _ _ hm hp _ < <(stats detect.notify.handling)
printf '  %-58s %8.1f %8.1f\n' "  pay -> verified notification reaches the handler" "$am" "$ap"
printf '  %-58s %8.2f %8.2f\n' "  handler -> Paid (order lookup, amount check, commit)" "$hm" "$hp"
exit $status
