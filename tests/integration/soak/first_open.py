#!/usr/bin/env python3
"""Several counters start at the same moment on one order book that does not exist yet.

Shops that share an order book (the desktop app and the CLI, or several tills on one file) first
start together. Every one of them must open the book: one creates it, the others wait for it. Two
races in OrderStore::open once broke that, each in about one start in a hundred: `PRAGMA
journal_mode=WAL` failed with "database is locked" at once instead of waiting, and Schema::inspect
read user_version 0 before another process's first migration committed and the table list after
it, and refused the file as "another program's data". Each round is a fresh file; every process
that cannot open it is reported.

    first_open.py --sandbox PATH --cli PATH [--rounds 40] [--counters 8]
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import harness
from harness import log


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", required=True, help="counterpay-sandbox, for its `init` (keys and app id)")
    parser.add_argument("--cli", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--counters", type=int, default=8)
    arguments = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="counterpay-first-open-"))
    failures = []
    try:
        harness.init_environment(arguments.sandbox, root / "sandbox")
        gateway = harness.gateway_settings(root / "sandbox")
        cli = harness.Cli(arguments.cli)
        for number in range(1, arguments.rounds + 1):
            book = root / f"round-{number:03d}" / "orders.sqlite"
            configs = [harness.write_config(root / f"round-{number:03d}-{counter}.ini", gateway, f"F{counter}", book)
                       for counter in range(arguments.counters)]
            started = time.monotonic()
            processes = [subprocess.Popen(cli.argv(config, "orders"), stdout=subprocess.DEVNULL,
                                          stderr=subprocess.PIPE) for config in configs]
            for process in processes:
                _, err = process.communicate(timeout=60)
                if process.returncode != 0:
                    failures.append((number, process.returncode, round(time.monotonic() - started, 3),
                                     err.decode(errors="replace").strip().splitlines()[-1]))
        log(f"{arguments.rounds} rounds of {arguments.counters} counters opening a new order book at once: "
            f"{len(failures)} could not open it")
        for number, code, seconds, message in failures:
            log(f"  round {number}: exit {code} after {seconds} s: {message}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
