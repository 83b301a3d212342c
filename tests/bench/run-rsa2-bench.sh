#!/bin/sh
# RSA2 throughput of our Rsa2 (through bench_rsa2) next to `openssl speed rsa2048`, in one run.
#
#   tests/bench/run-rsa2-bench.sh [seconds]      (default 10 seconds per measure)
#
# bench_rsa2 is taken from $BENCH_RSA2, else from the first build directory that has it
# (build*/tests/bench/bench_rsa2); build it in Release mode for meaningful figures.
#
# What is compared: OpenSSL 3.0's `openssl speed rsa2048` times EVP_PKEY_sign/EVP_PKEY_verify on a
# context prepared once, over 36 raw bytes (no hashing, no DigestInfo), with its built-in 2048-bit
# key, and by default divides by the process's CPU *user* time; `-elapsed` divides by wall-clock time.
# Ours does the whole RSA2 job per call (SHA-256 of a 459-byte precreate sign content, DigestInfo,
# PKCS#1 v1.5, base64 out or strict base64 in) with the committed 2048-bit test key. So the table
# compares our CPU-time rates with plain `openssl speed`, and our wall-clock rates with
# `openssl speed -elapsed`; only the CPU-time pair is stable on a busy machine.
# (`openssl speed -evp` covers ciphers and digests only; OpenSSL 3.0 has no hashed-signature mode.)
set -eu
seconds=${1:-10}
root=$(cd "$(dirname "$0")/../.." && pwd)

bench=${BENCH_RSA2:-}
if [ -z "$bench" ]; then
    for candidate in "$root"/build/tests/bench/bench_rsa2 "$root"/build*/tests/bench/bench_rsa2; do
        if [ -x "$candidate" ]; then
            bench=$candidate
            break
        fi
    done
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
    echo "run-rsa2-bench.sh: bench_rsa2 not found; build it or set BENCH_RSA2" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "openssl: $(openssl version)"
echo "bench:   $bench"
echo "running openssl speed -seconds $seconds rsa2048 (CPU user time) ..."
openssl speed -seconds "$seconds" rsa2048 > "$tmp/speed-cpu.txt" 2>/dev/null
echo "running openssl speed -elapsed -seconds $seconds rsa2048 (wall clock) ..."
openssl speed -elapsed -seconds "$seconds" rsa2048 > "$tmp/speed-wall.txt" 2>/dev/null
echo "running bench_rsa2 --seconds $seconds ..."
"$bench" --seconds "$seconds" --rounds 5 | tee "$tmp/ours.txt"
echo

# "rsa 2048 bits 0.000210s 0.000013s   4761.7  79403.2": sign/s and verify/s are the last two fields.
speed_field() { awk -v n="$2" '/^rsa 2048 bits/ { print $(NF - n) }' "$1"; }
ours_field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$tmp/ours.txt"; }
speed_sign_cpu=$(speed_field "$tmp/speed-cpu.txt" 1)
speed_verify_cpu=$(speed_field "$tmp/speed-cpu.txt" 0)
speed_sign_wall=$(speed_field "$tmp/speed-wall.txt" 1)
speed_verify_wall=$(speed_field "$tmp/speed-wall.txt" 0)
if [ -z "$speed_sign_cpu" ] || [ -z "$speed_sign_wall" ] || [ -z "$(ours_field sign_cpu)" ]; then
    echo "run-rsa2-bench.sh: could not read the results" >&2
    exit 1
fi

awk -v sc="$speed_sign_cpu" -v vc="$speed_verify_cpu" -v sw="$speed_sign_wall" -v vw="$speed_verify_wall" \
    -v osc="$(ours_field sign_cpu)" -v ovc="$(ours_field verify_cpu)" \
    -v osw="$(ours_field sign_wall)" -v ovw="$(ours_field verify_wall)" \
    -v build="$(ours_field build_us)" -v signus="$(ours_field sign_us)" -v secs="$seconds" 'BEGIN {
    printf "RSA-2048, %s s per measure; ours = median of 5 rounds\n\n", secs
    printf "| %-8s | %-10s | %15s | %15s | %7s |\n", "op", "time base", "openssl speed/s", "Rsa2 (ours)/s", "ratio"
    printf "|----------|------------|-----------------|-----------------|---------|\n"
    printf "| %-8s | %-10s | %15.1f | %15.1f | %7.3f |\n", "sign", "CPU", sc, osc, osc / sc
    printf "| %-8s | %-10s | %15.1f | %15.1f | %7.3f |\n", "verify", "CPU", vc, ovc, ovc / vc
    printf "| %-8s | %-10s | %15.1f | %15.1f | %7.3f |\n", "sign", "wall clock", sw, osw, osw / sw
    printf "| %-8s | %-10s | %15.1f | %15.1f | %7.3f |\n", "verify", "wall clock", vw, ovw, ovw / vw
    printf "\nrequest building (timestamp + sign content + form body): %.2f us = %.2f%% of one sign (%.1f us)\n",
        build, 100 * build / signus, signus
    ok = (osc / sc >= 0.9) && (ovc / vc >= 0.9) && (build / signus < 0.05)
    printf "goal (CPU ratios >= 0.9, building < 5%% of a sign): %s\n", ok ? "met" : "NOT met"
}'
