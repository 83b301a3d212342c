#!/usr/bin/env bash
# start-to-ready of counterpay with a config, alternating cases. Usage:
#   start-to-ready.sh RUNS OUTDIR NAME:APP:INI[:fresh] ...
# Each run starts APP --config INI offscreen in its own HOME under OUTDIR, waits for its ready report
# (COUNTERPAY_REPORT_READY, see app/gui/ReadyReport.h), reads VmHWM and VmRSS, and ends it with SIGTERM;
# the cases alternate so the machine's load falls on each alike. One discarded warm-up each.
# Results: OUTDIR/NAME.txt, one line a run; stats.sh OUTDIR/NAME.txt ready_ms gives median and p90.
# fresh: delete the ini's database file (and -wal/-shm) before each run.
set -uo pipefail
runs=$1; out=$2; shift 2
mkdir -p "$out"
home=$out/home
mkdir -p -m 700 "$home/runtime"
start_once() { # name app ini fresh
    local name=$1 app=$2 ini=$3 fresh=$4 report=$out/ready.tmp
    rm -f "$report"
    if [[ $fresh == fresh ]]; then
        local db; db=$(sed -n 's/^database=//p' "$ini"); rm -f "$db" "$db-wal" "$db-shm"
    fi
    env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
        XDG_STATE_HOME="$home/state" XDG_RUNTIME_DIR="$home/runtime" QT_QPA_PLATFORM=offscreen \
        COUNTERPAY_REPORT_READY="$report" "$app" --config "$ini" >>"$out/$name.log" 2>&1 &
    local pid=$! waited=0
    while [[ ! -s $report ]] && kill -0 "$pid" 2>/dev/null && ((waited < 3000)); do sleep 0.01; waited=$((waited+1)); done
    local hwm rss
    hwm=$(awk '/^VmHWM:/ {print $2}' /proc/$pid/status 2>/dev/null)
    rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2>/dev/null)
    kill -TERM "$pid" 2>/dev/null; wait "$pid"
    if [[ -s $report ]]; then
        echo "$(cat "$report") hwm_kb=${hwm:-0} rss_kb=${rss:-0} load=$(cut -d' ' -f1 /proc/loadavg)" >>"$out/$name.txt"
    else
        echo "FAILED $name" | tee -a "$out/$name.txt" >&2; tail -5 "$out/$name.log" >&2
    fi
}
cases=("$@")
# one warm-up each, discarded
for c in "${cases[@]}"; do IFS=: read -r name app ini fresh <<<"${c}"; o=$out; out=$out/warm; mkdir -p "$out"; start_once "$name" "$app" "$ini" "${fresh:-}"; out=$o; done
for ((i=1;i<=runs;i++)); do
  for c in "${cases[@]}"; do IFS=: read -r name app ini fresh <<<"${c}"; start_once "$name" "$app" "$ini" "${fresh:-}"; done
done
