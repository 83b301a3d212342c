#!/usr/bin/env python3
"""Start-up time of counterpay in demo mode, from exec to ready, against baselines in the same run.

    start_time.py --app build/app/counterpay --bare build/tests/bench/gui/bench_gui_bare_start \
                  --cli build/app/counterpay-cli [--runs 10] [--samples FILE] [--key start]

"Ready" is what counterpay reports with COUNTERPAY_REPORT_READY=1 (app/gui/ReadyReport): its window's
first frame painted on the exposed window, which in main.cpp comes after the demo's sandbox listens
and the till is loaded. Each run is a new process with HOME set to a scratch folder (no XDG_*_HOME), so
counterpay finds no configuration and starts its demo:
  demo            HOME whose demo folder an earlier, unmeasured run initialised (the everyday start)
  demo-first      a new HOME every run: `counterpay-sandbox init` runs first (keys, certificates)
  bare            bench_gui_bare_start: a QApplication and an empty window, the same hook (Qt alone)
  cli-help        counterpay-cli --help, exec to exit (a process that loads the core and Qt Core)
The variants take turns run by run, so machine noise weighs on all alike. Exec to ready is measured from
just before the launcher's fork (CLOCK_REALTIME, as the epoch the app prints); the app's own "after
main" figure is reported too. Once ready, the app gets SIGTERM and must exit (stopping its sandbox).
Lines starting with RESULT are for run-gui-bench.sh; the QPA platform is the environment's.
"""

import argparse
import os
import re
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

READY = re.compile(rb"ready ([0-9.]+) ms after main, epoch ([0-9.]+)")


def clean_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_") or k == "XDG_RUNTIME_DIR"}
    env["HOME"] = home
    env["COUNTERPAY_REPORT_READY"] = "1"
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def until_ready(command, home, timeout=30.0):
    """Runs `command` until it reports ready; returns (exec_to_ready_ms, main_to_ready_ms)."""
    start = time.time()
    process = subprocess.Popen(command, env=clean_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    found = None
    output = b""
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while found is None and time.monotonic() < deadline:
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        chunk = os.read(process.stderr.fileno(), 65536)
        if not chunk:
            break
        output += chunk
        found = READY.search(output)
    selector.close()
    if found is None:
        process.kill()
        process.wait()
        raise RuntimeError(f"{command[0]} did not report ready; stderr:\n{output.decode(errors='replace')}")
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"{command[0]} did not exit on SIGTERM")
    process.stderr.close()
    if code not in (0, -signal.SIGTERM):
        raise RuntimeError(f"{command[0]} exited with {code} after SIGTERM")
    return (float(found.group(2)) - start) * 1000.0, float(found.group(1))


def until_exit(command, home):
    start = time.monotonic()
    subprocess.run(command, env=clean_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.monotonic() - start) * 1000.0


def stats(values):
    ordered = sorted(values)
    rank = max(1, (95 * len(ordered) + 99) // 100)
    return len(ordered), ordered[0], statistics.median(ordered), ordered[rank - 1], ordered[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", required=True)
    parser.add_argument("--bare", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--samples")
    parser.add_argument("--key", default="start", help="the first part of the RESULT and sample keys")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="counterpay-start.")
    samples = {key: [] for key in ("demo", "demo.main", "demo-first", "demo-first.main", "bare", "bare.main",
                                   "cli-help")}
    try:
        everyday = os.path.join(scratch, "everyday")
        os.makedirs(everyday)
        until_ready([args.app], everyday)  # initialises the demo folder; not counted
        if not os.path.isdir(os.path.join(everyday, ".local/share/CounterPay/counterpay/demo")):
            print("start_time: the first run did not make the demo folder where expected", file=sys.stderr)
        for run in range(args.runs):
            exec_ms, main_ms = until_ready([args.app], everyday)
            samples["demo"].append(exec_ms)
            samples["demo.main"].append(main_ms)
            fresh = os.path.join(scratch, f"first-{run}")
            os.makedirs(fresh)
            exec_ms, main_ms = until_ready([args.app], fresh)
            samples["demo-first"].append(exec_ms)
            samples["demo-first.main"].append(main_ms)
            shutil.rmtree(fresh, ignore_errors=True)
            exec_ms, main_ms = until_ready([args.bare], everyday)
            samples["bare"].append(exec_ms)
            samples["bare.main"].append(main_ms)
            samples["cli-help"].append(until_exit([args.cli, "--help"], everyday))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    out = open(args.samples, "a") if args.samples else None
    for key, values in samples.items():
        n, low, median, p95, high = stats(values)
        print(f"RESULT {args.key}.{key} n={n} median_ms={median:.4f} p95_ms={p95:.4f} min_ms={low:.4f} max_ms={high:.4f}")
        if out:
            out.writelines(f"{args.key}.{key} {value:.4f}\n" for value in values)
    if out:
        out.close()


if __name__ == "__main__":
    main()
