#!/usr/bin/env python3
"""Bad input to `charge`: each case is refused with its own clear message, and nothing is written.

Amounts, payment codes, subjects and --timeout must be refused with exit 2 and configuration values
with exit 7 (DESIGN.md §6), before anything happens: afterwards the order book holds no new row
(orders, order_events and the out_trade_no sequences are counted in SQLite directly) and the
sandbox gateway saw no call (no trade, and no gateway request in its log). A good charge at the end
shows that these checks do see a write when there is one.

    bad_input.py --sandbox PATH --cli PATH
"""

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import harness
from harness import log

GOOD_CODE = "280000000000000001"  # the sandbox's "paid at once": a charge that slipped through would pay

# (name, charge arguments, words the message must hold)
INPUT_CASES = [
    ("amount zero", ["--amount", "0"], "at least 0.01"),
    ("amount negative", ["--amount=-1"], "negative"),
    ("amount three decimals", ["--amount", "1.001"], "two decimals"),
    ("amount exponent", ["--amount", "1e3"], "only digits"),
    ("amount thousands separator", ["--amount", "1,000"], "only digits"),
    ("amount empty", ["--amount="], "--amount is required"),
    ("amount missing", [], "--amount is required"),
    ("amount full-width digits", ["--amount", "１２"], "only digits"),
    ("amount over Alipay's limit", ["--amount", "100000000.01"], "100000000.00"),
    ("amount trailing dot", ["--amount", "12."], "write it like"),
    ("amount leading zero", ["--amount", "012"], "leading zeros"),
    ("amount with spaces", ["--amount", " 12"], "only digits"),
    ("auth code with letters", ["--amount", "1.00", "--auth-code", "28ab00000000000001"], "only digits"),
    ("auth code too short", ["--amount", "1.00", "--auth-code", "280000000001"], "16 to 24 digits"),
    ("auth code too long", ["--amount", "1.00", "--auth-code", "2" * 25], "16 to 24 digits"),
    ("auth code wrong prefix", ["--amount", "1.00", "--auth-code", "180000000000000001"], "25 to 30"),
    ("auth code empty", ["--amount", "1.00", "--auth-code="], "16 to 24 digits"),
    ("subject over 256 characters", ["--amount", "1.00", "--subject", "x" * 257], "longer than 256"),
    ("subject 256 CJK + 1", ["--amount", "1.00", "--subject", "咖" * 257], "longer than 256"),
    ("subject control character", ["--amount", "1.00", "--subject", "Coffee\x01"], "control character"),
    ("subject tab", ["--amount", "1.00", "--subject", "Coffee\tMilk"], "control character"),
    ("subject newline", ["--amount", "1.00", "--subject", "Coffee\nMilk"], "control character"),
    ("subject zero-width space", ["--amount", "1.00", "--subject", "Cof\u200bfee"], "control character"),
    ("subject ampersand", ["--amount", "1.00", "--subject", "Tea & Cake"], "'&'"),
    ("subject equals", ["--amount", "1.00", "--subject", "a=b"], "'='"),
    ("subject blank", ["--amount", "1.00", "--subject", "   "], "empty"),
    ("timeout too short", ["--amount", "1.00", "--timeout", "4"], "5 to 7200"),
    ("timeout not a number", ["--amount", "1.00", "--timeout", "ten"], "5 to 7200"),
    ("unknown option", ["--amount", "1.00", "--tip", "1"], "unknown option"),
]

# (name, changes to a good config: section -> {key: value, None to remove}, words the message must hold)
CONFIG_CASES = [
    ("poll not a schedule", {"payment": {"poll": "fast please"}}, "poll"),
    ("poll without final", {"payment": {"poll": "first=300,300@10000"}}, "poll"),
    ("poll zero interval", {"payment": {"poll": "first=300,0@10000,final=500"}}, "poll"),
    ("poll steps out of order", {"payment": {"poll": "first=300,300@10000,500@5000,final=500"}}, "poll"),
    ("qr_lifetime_s below 5", {"payment": {"qr_lifetime_s": "1"}}, "qr_lifetime_s"),
    ("qr_lifetime_s not a number", {"payment": {"qr_lifetime_s": "ten"}}, "qr_lifetime_s"),
    ("barcode_wait_s over 600", {"payment": {"barcode_wait_s": "601"}}, "barcode_wait_s"),
    ("terminal_id with spaces", {"counter": {"terminal_id": "T 1"}}, "terminal_id"),
    ("terminal_id with a dash", {"counter": {"terminal_id": "T-1"}}, "terminal_id"),
    ("terminal_id empty", {"counter": {"terminal_id": ""}}, "terminal_id"),
    ("terminal_id over 32", {"counter": {"terminal_id": "T" * 33}}, "terminal_id"),
    ("subject with an ampersand", {"counter": {"subject": "Tea & Cake"}}, "subject"),
    ("subject blank", {"counter": {"subject": "  "}}, "subject"),
    ("url missing", {"gateway": {"url": None}}, "url"),
    ("url plain http elsewhere", {"gateway": {"url": "http://example.com/gateway.do"}}, "url"),
    ("app_id missing", {"gateway": {"app_id": None}}, "app_id"),
    ("app_id not digits", {"gateway": {"app_id": "app-1"}}, "app_id"),
    ("app_private_key missing", {"gateway": {"app_private_key": None}}, "app_private_key"),
    ("app_private_key no such file", {"gateway": {"app_private_key": "/nonexistent/key.pem"}}, "/nonexistent/key.pem"),
    ("alipay_public_key missing", {"gateway": {"alipay_public_key": None}}, "alipay_public_key"),
    ("alipay_public_key is the app's own", {"gateway": {"alipay_public_key": "APP_PUBLIC"}}, "alipay_public_key"),
    ("timeout_ms below 100", {"gateway": {"timeout_ms": "50"}}, "timeout_ms"),
    ("notify enabled not a boolean", {"notify": {"enabled": "yes"}}, "enabled"),
]


class Checker:
    """Counts failed expectations instead of stopping at the first, so one run shows them all."""

    def __init__(self):
        self.failures = []

    def expect(self, condition, name, what):
        if not condition:
            self.failures.append(f"{name}: {what}")
            log(f"  FAIL {name}: {what}")
        return condition


def book_counts(database):
    """Rows of every table a charge writes; read-only, so reading changes nothing."""
    if not Path(database).exists():
        return {}
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("orders", "order_events", "out_trade_no_sequences", "refunds")}


def gateway_calls(sandbox):
    """Gateway requests the sandbox logged (one line each), to show it was never asked anything."""
    return sum("counterpay.sandbox.gateway:" in line and "alipay." in line
               for line in sandbox.log_path.read_text(encoding="utf-8", errors="replace").splitlines())


def config_with(path, sandbox, database, changes):
    sections = {"gateway": dict(sandbox.gateway), "counter": {"database": str(database), "terminal_id": "B1"},
                "payment": {"poll": harness.FAST_POLL}}
    for section, values in changes.items():
        for key, value in values.items():
            if value == "APP_PUBLIC":
                value = str(sandbox.data_dir / "app_public_key.pem")
            sections.setdefault(section, {})[key] = value
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{key}={value}" for key, value in values.items() if value is not None]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def check_refused(checker, cli, sandbox, database, name, argv_config, arguments, code, words, before):
    done = cli.run(argv_config, "charge", *arguments, timeout=60)
    err = done.stderr.decode("utf-8", "replace")
    category = {2: "error (input)", 7: "error (config)"}[code]
    checker.expect(done.returncode == code, name, f"exit {done.returncode}, expected {code}; stderr: {err.strip()}")
    checker.expect(category in err, name, f"stderr lacks {category!r}: {err.strip()}")
    checker.expect(words.lower() in err.lower(), name, f"stderr lacks {words!r}: {err.strip()}")
    checker.expect(not done.stdout.strip(), name, f"printed an order: {done.stdout[:200]!r}")
    checker.expect(book_counts(database) == before, name, f"order book changed: {book_counts(database)}")
    checker.expect(sandbox.trades() == [], name, "the sandbox holds a trade")
    checker.expect(gateway_calls(sandbox) == 0, name, "the sandbox was sent a request")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sandbox", required=True)
    parser.add_argument("--cli", required=True)
    arguments = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="counterpay-bad-input-"))
    sandbox = harness.Sandbox(arguments.sandbox, root, seed=1)
    checker = Checker()
    try:
        cli = harness.Cli(arguments.cli)
        database = root / "orders.sqlite"
        good = harness.write_config(root / "good.ini", sandbox.gateway, "B1", database)
        cli.orders(good)  # the book exists and is empty: "unchanged" then means something
        before = book_counts(database)
        checker.expect(before and not any(before.values()), "setup", f"a new order book is not empty: {before}")

        for name, charge_arguments, words in INPUT_CASES:
            check_refused(checker, cli, sandbox, database, name, good, charge_arguments, 2, words, before)
        for name, changes, words in CONFIG_CASES:
            config = config_with(root / "bad.ini", sandbox, database, changes)
            check_refused(checker, cli, sandbox, database, name, config, ["--amount", "1.00", "--auth-code", GOOD_CODE],
                          7, words, before)
        missing = root / "no-such.ini"
        check_refused(checker, cli, sandbox, database, "config file missing", missing, ["--amount", "1.00"], 7,
                      str(missing), before)
        log(f"{len(INPUT_CASES)} input cases (exit 2) and {len(CONFIG_CASES) + 1} config cases (exit 7) refused")

        # The control: a good charge is seen by every check above.
        paid = cli.run(good, "charge", "--amount", "1.00", "--auth-code", GOOD_CODE, timeout=60)
        checker.expect(paid.returncode == 0, "control", f"a good charge exited {paid.returncode}")
        after = book_counts(database)
        checker.expect(after["orders"] == 1 and after["order_events"] >= 2, "control", f"order book: {after}")
        checker.expect(len(sandbox.trades()) == 1 and gateway_calls(sandbox) >= 1, "control",
                       "the sandbox did not see the good charge")
    finally:
        sandbox.stop()
    if checker.failures:
        log(f"{len(checker.failures)} expectation(s) failed; work folder kept: {root}")
        sys.exit(1)
    shutil.rmtree(root, ignore_errors=True)
    log("bad input: every case refused with its message, nothing written, nothing sent")


if __name__ == "__main__":
    main()
