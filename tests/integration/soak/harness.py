"""Shared machinery for CounterPay's end-to-end reliability tests (soak, crash, bad input).

The tests play every part at a counter with real processes: the gateway is a counterpay-sandbox on a
free loopback port, the cashier is `counterpay-cli charge` (several at once, each with its own
terminal id), the customer is the sandbox's /sandbox/scan|pay|decline endpoints called at chosen
moments, and the manager is `counterpay-cli recover`. What decides whether a run passed is not what
the CLI says about itself but `reconcile`: the order book compared with the trades the sandbox's
Alipay holds, which is what moved money.

Standard library only, so CI needs nothing beyond python3.
"""

import configparser
import contextlib
import json
import os
import queue
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# The order states of DESIGN.md §5 as `orders` prints them.
FINAL_STATES = {"paid", "closed", "failed", "partially_refunded", "refunded"}
UNRESOLVED_STATES = {"created", "awaiting_scan", "awaiting_payment", "cancelling", "unknown"}

# Alipay's trade states that mean the customer's money arrived (DESIGN.md §4).
PAID_TRADE_STATES = {"TRADE_SUCCESS", "TRADE_FINISHED"}
# A trade in one of these can still be paid by a customer holding its QR or confirming on the phone.
PAYABLE_TRADE_STATES = {"PRECREATED", "WAIT_BUYER_PAY"}

# Fast schedules so a run of many payments takes minutes, not hours. The gateway timeout is short
# so that held replies (lost_reply) turn into client timeouts quickly.
FAST_POLL = "first=300,300@10000,final=500"
GATEWAY_TIMEOUT_MS = 2000
CONNECT_TIMEOUT_MS = 1000

# `charge` prints "<out_trade_no> <state>" on stderr at every change of state.
STATE_LINE = re.compile(r"^(?P<number>[A-Za-z0-9_]+-\d{8}-\d+) (?P<state>[a-z_]+)$")
# The sandbox logs each gateway call it carried out: "alipay.trade.query <out_trade_no> -> <code>".
GATEWAY_CALL_LINE = re.compile(r"\b(?P<method>alipay\.[a-z.]+) (?P<number>[A-Za-z0-9_]+-\d{8}-\d+) -> ")


def log(message):
    """Progress for the person watching; flushed so CTest's log keeps the order of events."""
    print(message, flush=True)


def init_environment(binary, data_dir):
    """`counterpay-sandbox init`: keys, an app id and a config in `data_dir`."""
    init = subprocess.run([binary, "init", str(data_dir)], capture_output=True, timeout=60)
    if init.returncode != 0:
        raise RuntimeError(f"counterpay-sandbox init failed: {init.stderr.decode(errors='replace')}")


def gateway_settings(data_dir):
    """[gateway] of the config the sandbox wrote, with key files made absolute for configs elsewhere."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(Path(data_dir) / "counterpay.ini", encoding="utf-8")
    gateway = dict(parser["gateway"])
    for key in ("app_private_key", "alipay_public_key"):
        gateway[key] = str(Path(data_dir) / gateway[key])
    for key in ("app_cert", "alipay_cert", "alipay_root_cert", "aes_key_file", "notify_url"):
        gateway.pop(key, None)
    return gateway


class Sandbox:
    """A counterpay-sandbox process serving a fresh environment (one app, its own app id and keys),
    and its control endpoints. `name` tells several apart in one work folder."""

    def __init__(self, binary, root, seed, faults=(), name="sandbox"):
        self.name = name
        self.data_dir = Path(root) / name
        init_environment(binary, self.data_dir)
        self.log_path = Path(root) / f"{name}.log"
        argv = [binary, "serve", "--data-dir", str(self.data_dir), "--port", "0", "--seed", str(seed)]
        for spec in faults:
            argv += ["--fault", spec]
        with open(self.log_path, "wb") as sandbox_log:
            self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=sandbox_log)
        self.base_url = self._await_listening()
        self.gateway = gateway_settings(self.data_dir)

    def _await_listening(self):
        """The first stdout line names the port; nothing may be sent before it."""
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline().decode().strip() if ready else ""
        match = re.match(r"listening on (http://\S+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"counterpay-sandbox did not start (got {line!r}); see {self.log_path}")
        return match.group(1).rstrip("/")

    @property
    def app_id(self):
        return self.gateway["app_id"]

    def request(self, method, path, form=None, body=None):
        """(HTTP status, decoded JSON) of a control call; a refusal is an answer here, not an error."""
        data, headers = None, {}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def trades(self):
        status, answer = self.request("GET", "/sandbox/trades")
        if status != 200:
            raise RuntimeError(f"GET /sandbox/trades answered {status}: {answer}")
        return answer["trades"]

    def customer(self, action, out_trade_no):
        """The customer scans, pays or declines; True when the sandbox's Alipay accepted it."""
        return self.customer_answer(action, out_trade_no)[0]

    def customer_answer(self, action, out_trade_no):
        """(accepted, sub_code of the refusal or '') of the customer's scan, pay or decline."""
        status, answer = self.request("POST", f"/sandbox/{action}",
                                      form={"out_trade_no": out_trade_no, "app_id": self.app_id})
        if status == 200 and answer and answer.get("ok"):
            return True, ""
        return False, ((answer or {}).get("error") or {}).get("sub_code") or f"HTTP {status}"

    def gateway_calls(self):
        """The out_trade_no of every gateway call this sandbox carried out, from its log: which orders
        this app's gateway was asked about (query, cancel, precreate, pay, refund...)."""
        named = set()
        with open(self.log_path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                match = GATEWAY_CALL_LINE.search(line)
                if match:
                    named.add(match["number"])
        return named

    def set_faults(self, rules, seed):
        status, answer = self.request("POST", "/sandbox/faults", body={"seed": seed, "faults": rules})
        if status != 200:
            raise RuntimeError(f"the sandbox refused the fault plan: {answer}")

    def clear_faults(self):
        status, answer = self.request("DELETE", "/sandbox/faults")
        if status != 200 or answer.get("faults"):
            raise RuntimeError(f"the sandbox did not clear its faults: {answer}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def write_config(path, gateway, terminal_id, database, payment=None, gateway_overrides=None):
    """A counter's INI: the sandbox's [gateway] plus [counter]/[payment]. The database is always set,
    so nothing a test does reaches the user's own order book."""
    gateway = dict(gateway, timeout_ms=str(GATEWAY_TIMEOUT_MS), connect_timeout_ms=str(CONNECT_TIMEOUT_MS))
    gateway.update(gateway_overrides or {})
    payment = dict({"qr_lifetime_s": "10", "barcode_wait_s": "10", "poll": FAST_POLL}, **(payment or {}))
    sections = {
        "gateway": gateway,
        "counter": {"database": str(database), "terminal_id": terminal_id},
        "payment": payment,
    }
    lines = []
    for section, values in sections.items():
        lines.append(f"[{section}]")
        lines += [f"{key}={value}" for key, value in values.items() if value is not None]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


class Charge:
    """A running `counterpay-cli charge`. Its stderr is followed line by line, so that the customer
    can act when the QR appears and the crash test can kill it at a chosen step."""

    def __init__(self, argv):
        self.started = time.monotonic()
        self.wall_offset = time.time() - self.started  # monotonic + wall_offset = wall-clock seconds
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.numbers = []  # every out_trade_no it printed, in order: more than one is a duplicate
        self.states = []  # (monotonic time, state)
        self.lines = []
        self.actions = []  # what the customer did to its order: see customer_act
        self.killed = False
        self.killed_at = None  # monotonic time of the SIGKILL that landed
        self.ended = None  # monotonic time its stderr closed: the process ended
        self._ended = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._follow, daemon=True)
        self._reader.start()

    @property
    def out_trade_no(self):
        return self.numbers[0] if self.numbers else None

    def _follow(self):
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            match = STATE_LINE.match(line)
            with self._changed:
                if "\u2588" not in line and "\u2580" not in line and "\u2584" not in line:  # skip QR art
                    self.lines.append(line)
                if match:
                    if match["number"] not in self.numbers:
                        self.numbers.append(match["number"])
                    self.states.append((time.monotonic(), match["state"]))
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self.ended = time.monotonic()
            self._changed.notify_all()

    def wait_state(self, wanted, timeout):
        """Monotonic time at which one of `wanted` was printed, or None if the run ended or time ran
        out first."""
        wanted = {wanted} if isinstance(wanted, str) else set(wanted)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for when, state in self.states:
                    if state in wanted:
                        return when
                remaining = deadline - time.monotonic()
                if self._ended or remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def seen(self, state):
        with self._changed:
            return any(s == state for _, s in self.states)

    def send_signal(self, number):
        """Sends a signal; True when the process was still running to receive it."""
        if self.process.poll() is not None:
            return False
        try:
            self.process.send_signal(number)
        except ProcessLookupError:
            return False
        return True

    def abandon(self):
        """Ends the process when the test itself failed, so no charge outlives the run."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def kill(self):
        """SIGKILL, as a power cut would; True when it landed on a live process."""
        moment = time.monotonic()
        self.killed = self.send_signal(signal.SIGKILL)
        if self.killed:
            self.killed_at = moment
        return self.killed

    def finish(self, timeout=180):
        """Waits for the end; the exit code (None when killed) and the order JSON it printed."""
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.lines.append(f"(the test killed it: still running after {timeout} s)")
            self.process.kill()
            self.process.wait()
        out = self.process.stdout.read()
        self._reader.join(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        if self.killed:
            return None, None
        try:
            order = json.loads(out) if out.strip() else None
        except json.JSONDecodeError:
            order = None
        return self.process.returncode, order


def customer_act(sandbox, charge, action, label=None):
    """The customer scans, pays or declines the order `charge` printed, at the sandbox of its app;
    recorded on the charge with the answer and when it came. True when Alipay accepted it."""
    number = charge.out_trade_no
    started = time.monotonic()
    accepted, sub_code = sandbox.customer_answer(action, number) if number else (False, "no order shown yet")
    charge.actions.append({"label": label or action, "action": action, "accepted": accepted, "sub_code": sub_code,
                           "started": started, "finished": time.monotonic()})
    return accepted


class Cli:
    """counterpay-cli, run as a script would run it."""

    def __init__(self, binary):
        self.binary = binary

    def argv(self, config, *arguments):
        return [self.binary, "--config", str(config), *arguments]

    def run(self, config, *arguments, timeout=300):
        return subprocess.run(self.argv(config, *arguments), capture_output=True, timeout=timeout)

    def charge(self, config, amount, subject, auth_code=None, timeout_s=None):
        arguments = ["charge", "--amount", amount, "--subject", subject]
        if auth_code:
            arguments += ["--auth-code", auth_code]
        if timeout_s:
            arguments += ["--timeout", str(timeout_s)]
        return Charge(self.argv(config, *arguments))

    def orders(self, config):
        done = self.run(config, "orders", "--format", "json", timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"orders failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
        return json.loads(done.stdout)


@dataclass
class Press:
    """One press of Enter, as the test saw it: what the cashier started and what came of it."""

    scenario: str
    mode: str
    amount: str
    numbers: list = field(default_factory=list)
    exit_code: int = None
    printed: dict = None  # the final order `charge` printed
    killed: bool = False
    customer: list = field(default_factory=list)  # (action, accepted) in order
    stderr: list = field(default_factory=list)
    seconds: float = 0.0  # from start to exit
    app: str = None  # the app id of the counter it ran on (None: the run's only app)
    # When it was alive, on the monotonic clock (+ wall_offset: wall clock): the states it printed,
    # when it ended or was killed, and the customer's actions with their answers (customer_act).
    states: list = field(default_factory=list)
    ended: float = None
    killed_at: float = None
    wall_offset: float = 0.0
    actions: list = field(default_factory=list)

    @classmethod
    def from_charge(cls, charge, scenario, mode, amount, app=None, timeout=180):
        exit_code, printed = charge.finish(timeout)
        customer = [(action["label"], action["accepted"]) for action in charge.actions]
        return cls(scenario, mode, amount, list(charge.numbers), exit_code, printed, charge.killed, customer,
                   charge.lines[-40:], round(time.monotonic() - charge.started, 3), app, list(charge.states),
                   charge.ended, charge.killed_at, charge.wall_offset, list(charge.actions))

    def live_until(self):
        """Monotonic time its process stopped driving the order (killed or ended); None if unknown."""
        return self.killed_at if self.killed else self.ended

    def first_state_time(self, states):
        return next((when for when, state in self.states if state in states), None)


@dataclass
class Terminal:
    """One counter: its INI and the sandbox of its app (the customer pays there)."""

    config: Path
    sandbox: object

    @property
    def app_id(self):
        return self.sandbox.app_id


@dataclass
class Book:
    """One order book and, for each app whose counters write to it, one config that reaches it."""

    database: Path
    configs: dict  # app id -> config


def counters(root, sandboxes, workers, prefix, shared, gateway_overrides=None):
    """One INI per worker (terminals <prefix>00, <prefix>01, ...), the workers taking the apps (one
    sandbox each) in turn; returns the terminals and the order books. With several apps and a shared
    book, counters of every app write to the same file. The books do not exist yet: the first
    counters to start create a shared one together, as the tills of a shop do on their first morning."""
    sandboxes = sandboxes if isinstance(sandboxes, (list, tuple)) else [sandboxes]
    terminals, books = [], {}
    for worker in range(workers):
        sandbox = sandboxes[worker % len(sandboxes)]
        database = Path(root) / ("orders.sqlite" if shared else f"orders-{worker:02d}.sqlite")
        config = write_config(Path(root) / f"counter-{worker:02d}.ini", sandbox.gateway, f"{prefix}{worker:02d}",
                              database, gateway_overrides=gateway_overrides)
        terminals.append(Terminal(config, sandbox))
        books.setdefault(database, {}).setdefault(sandbox.app_id, config)
    return terminals, [Book(database, configs) for database, configs in books.items()]


def unresolved_of_other_apps(database, app_id):
    """Orders in the book that `recover` with `app_id` must list as another app's and leave alone."""
    if not Path(database).exists():
        return 0
    states = sorted(UNRESOLVED_STATES)
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)) as connection:
        return connection.execute(
            f"SELECT count(*) FROM orders WHERE app_id <> ? AND state IN ({', '.join('?' * len(states))})",
            (app_id, *states)).fetchone()[0]


def run_recover(cli, config, app_id, kill_after=None, timeout=600):
    """One `counterpay-cli recover`: its JSON report with app_id, exit_code and seconds added, or
    {"killed": True} when kill_after (deliberate) or timeout (a failure) ended it first."""
    started = time.monotonic()
    process = subprocess.Popen(cli.argv(config, "recover"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=kill_after if kill_after is not None else timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return {"app_id": app_id, "killed": True, "deliberate": kill_after is not None, "exit_code": None,
                "seconds": round(time.monotonic() - started, 3)}
    try:
        report = json.loads(out) if out.strip() else {}
    except json.JSONDecodeError:
        report = {}
    if not isinstance(report, dict) or "examined" not in report:
        report = {"error": err.decode(errors="replace")[-500:]}
    report.update(app_id=app_id, exit_code=process.returncode, seconds=round(time.monotonic() - started, 3))
    return report


def recover_until_settled(cli, books, rounds, kill_first_after=None):
    """Runs `recover` on every order book, once with each app's config, until no run reports anything
    unresolved or busy, at most `rounds` times; returns the runs of each round. Before each run it
    notes how many unresolved orders of other apps the book holds: the run must list exactly those as
    other_app. `kill_first_after` (seconds) SIGKILLs the first round, so recovery itself is shown to
    survive a crash."""
    history = []
    for number in range(1, rounds + 1):
        runs, settled = [], True
        for book in books:
            for app_id, config in book.configs.items():
                expected = unresolved_of_other_apps(book.database, app_id)
                run = run_recover(cli, config, app_id, kill_first_after if number == 1 else None)
                if not run.get("killed"):
                    run["expected_other_app"] = expected
                runs.append(run)
                settled = settled and run["exit_code"] == 0 and run.get("unresolved") == 0 and not run.get("busy")
        history.append(runs)
        if settled:
            break
        if any(run.get("busy") for run in runs):
            time.sleep(2)  # a lease still looks held: give its heartbeat time to age
    return history


class LiveRecovery:
    """`recover` with a random app's config every few seconds while charges are live, as a manager
    (or another till starting up) would: it must settle only its own app's orders whose holders are
    gone, and leave live charges alone. `app_ids` limits the configs it picks from. Used as a
    context manager around the charging."""

    def __init__(self, cli, books, every, seed, app_ids=None):
        self.cli = cli
        self.choices = [(config, app_id) for book in books for app_id, config in sorted(book.configs.items())
                        if app_ids is None or app_id in app_ids]
        self.every = every
        self.rng = random.Random(seed)
        self.runs = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self):
        if self.every > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _loop(self):
        while not self._stop.wait(self.rng.uniform(0.5, 1.5) * self.every):
            config, app_id = self.rng.choice(self.choices)
            run = run_recover(self.cli, config, app_id, timeout=300)
            run["live"] = True
            self.runs.append(run)


def app_rows(apps, presses, orders):
    """With several apps: how the presses and orders split between them."""
    if len(apps.sandboxes) < 2:
        return []
    rows = []
    for app_id in apps.app_ids:
        rows += [(f"app {app_id}: presses", sum(p.app == app_id for p in presses)),
                 ("  its orders in the shared book(s)", sum(o.get("app_id") == app_id for o in orders))]
    return rows


def recover_rows(final_history, live_runs):
    """Report rows about every recover run: final rounds and those beside live charges."""
    final = [run for runs in final_history for run in runs]
    rows = [("recover runs at the end", len(final)),
            ("  rounds", len(final_history)),
            ("  examined in round 1", sum(r.get("examined", 0) for r in final_history[0])),
            ("  unresolved after round 1", sum(r.get("unresolved", 0) for r in final_history[0])),
            ("  other_app listed (all rounds)", sum(r.get("other_app", 0) for r in final)),
            ("  busy listed (all rounds)", sum(r.get("busy", 0) for r in final))]
    if live_runs:
        settled = sum(r.get(key, 0) for r in live_runs for key in ("paid", "closed", "refunded", "failed"))
        rows += [("recover runs beside live charges", len(live_runs)),
                 ("  orders they settled", settled),
                 ("  orders they left unresolved", sum(r.get("unresolved", 0) for r in live_runs)),
                 ("  other_app listed", sum(r.get("other_app", 0) for r in live_runs)),
                 ("  busy listed (live charges left alone)", sum(r.get("busy", 0) for r in live_runs))]
    return rows


def trade_outcome(trade):
    """What a trade means for the merchant's money: paid, refunded (in full or part) or unpaid."""
    refunded = money_fen(trade.get("refunded_amount") or "0")
    if refunded > 0:
        return "refunded" if refunded >= money_fen(trade["total_amount"]) else "partially_refunded"
    if trade["state"] in PAID_TRADE_STATES:
        return "paid"
    return "unpaid"


def order_outcome(order):
    """The same for a local order; unresolved ones have none yet."""
    state = order["state"]
    if state in ("paid", "refunded", "partially_refunded"):
        return state
    if state in ("closed", "failed"):
        return "unpaid"
    return "unresolved"


def money_fen(text):
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


EXIT_FOR_STATE = {"paid": 0, "closed": 4, "failed": 4, "refunded": 4, "partially_refunded": 4}

# Every check of `reconcile`, in the order printed; each must count zero.
CHECKS = [
    ("paid_not_local", "paid at Alipay, not paid in the order book"),
    ("refunded_not_local", "refunded at Alipay, not refunded in the order book"),
    ("local_not_paid", "paid in the order book, not paid at Alipay"),
    ("local_not_refunded", "refunded in the order book, not at Alipay"),
    ("unresolved", "left unresolved after recovery"),
    ("still_payable", "order settled, its trade still payable at Alipay"),
    ("details_differ", "amount or trade_no differs from Alipay's"),
    ("orphan_trades", "trades no local order accounts for"),
    ("duplicate_trades", "out_trade_no with more than one trade"),
    ("multi_order_presses", "presses of Enter that made more than one order"),
    ("lost_presses", "presses (not killed) that recorded no order"),
    ("unclaimed_orders", "orders no press of Enter accounts for"),
    ("said_paid_wrongly", "charge said PAID, Alipay has no payment"),
    ("answer_changed", "charge's final answer changed afterwards"),
    ("exit_code_wrong", "charge's exit code disagrees with its order"),
    ("wrong_app", "orders touched through another app (its gateway, trades, recover)"),
    ("live_qr_cancelled", "live charges whose QR someone else cancelled"),
    ("settled_while_live", "orders recover settled while their charge ran"),
    ("recover_counts_wrong", "recover's other_app differs from the order book"),
    ("recover_failed", "recover runs that failed (no report, exit not 0/6)"),
]

# A charge's stderr is read by a thread, so a state line is seen a little after it was printed; and
# between releasing its lease and exiting, a charge may still be running when another process has
# rightly taken its order over. Generous, so that only a real take-over counts.
ACTION_LAG_S = 0.5
LIVE_GRACE_S = 1.0


@dataclass
class Reconciliation:
    counts: Counter
    problems: list  # (check key, out_trade_no, detail)
    local_states: Counter
    trade_outcomes: Counter

    @property
    def failed(self):
        return any(self.counts[key] for key, _ in CHECKS)


def live_cancellations(press):
    """How someone else cancelled the QR of a running charge, as its customer and screen saw it: the
    customer refused ACQ.TRADE_HAS_CLOSE while the charge still showed the QR (it had not begun its
    own cancel), a payment made then that the charge reports closed or failed, or a QR charge that
    ended closed without cancelling and without the customer declining."""
    found = []
    live_until = press.live_until()
    if live_until is None:
        return found
    start = press.states[0][0] if press.states else live_until
    gave_up = press.first_state_time({"cancelling"})
    printed = (press.printed or {}).get("state") if not press.killed else None
    declined = any(action["action"] == "decline" for action in press.actions)
    for action in press.actions:
        if action["action"] == "decline":
            break  # from here on the customer closed it
        if action["started"] >= live_until:
            continue  # the charge was gone: no QR on any screen
        if gave_up is not None and gave_up <= action["finished"] + ACTION_LAG_S:
            continue  # its own cancel was under way
        when = f"{action['label']} at {action['started'] - start:.1f} s"
        if not action["accepted"] and action["sub_code"] == "ACQ.TRADE_HAS_CLOSE":
            found.append(f"{when} refused ACQ.TRADE_HAS_CLOSE while the charge showed its QR")
        elif action["accepted"] and action["action"] == "pay" and printed in ("closed", "failed"):
            found.append(f"{when} accepted before the charge began to cancel; it printed {printed}")
    if press.mode == "qr" and printed == "closed" and gave_up is None and not declined:
        found.append("the charge ended closed without cancelling; its customer did not decline")
    return found


def reconcile(orders, trades, presses, app_ids, calls=None, events=None, recover_runs=()):
    """Compares the order book with Alipay's trades, each order with the trades of its own app, and
    with what each press of Enter printed. Optional evidence: `calls` (app id -> out_trade_no its
    gateway was asked about), `events` (out_trade_no -> order_events rows) and `recover_runs`
    (reports of `recover`, each with its app_id, and expected_other_app when nothing else ran)."""
    apps = [app_ids] if isinstance(app_ids, str) else list(app_ids)
    only_app = apps[0] if len(apps) == 1 else None
    counts = Counter()
    problems = []

    def problem(key, number, detail):
        counts[key] += 1
        problems.append((key, number, detail))

    def app_of(item):
        return (item.get("app_id") if isinstance(item, dict) else item.app) or only_app or ""

    local = {order["out_trade_no"]: order for order in orders}
    by_key = {}
    for trade in trades:
        if trade["app_id"] in apps:
            by_key.setdefault((trade["app_id"], trade["out_trade_no"]), []).append(trade)

    wrong_app = {}
    for (app, number), found in by_key.items():
        if len(found) > 1:
            problem("duplicate_trades", number, f"{len(found)} trades at app {app}")
        order = local.get(number)
        if order is None:
            problem("orphan_trades", number, f"trade {found[0]['state']} {found[0]['total_amount']} at app {app}")
        elif app_of(order) != app:
            wrong_app.setdefault(number, f"a trade {found[0]['state']} at app {app}; the order is app "
                                         f"{app_of(order)}'s")
    for app, numbers in (calls or {}).items():
        for number in sorted(numbers):
            order = local.get(number)
            if order is not None and app_of(order) != app:
                wrong_app.setdefault(number, f"app {app}'s gateway was asked about it; the order is app "
                                             f"{app_of(order)}'s")
    for run in recover_runs:
        for line in run.get("orders", []):
            number = line.split(" ", 1)[0]
            order = local.get(number)
            if order is not None and app_of(order) != run["app_id"] and "belongs to app" not in line:
                wrong_app.setdefault(number, f"recover with app {run['app_id']} said: {line}")
        if run.get("killed"):
            if not run.get("deliberate"):
                problem("recover_failed", "-", f"app {run['app_id']}: still running after {run['seconds']} s")
            continue
        if run.get("exit_code") not in (0, 6) or "examined" not in run:
            problem("recover_failed", "-", f"app {run['app_id']}: exit {run.get('exit_code')}: "
                                           f"{run.get('error', '')[-200:]}")
        expected = run.get("expected_other_app")
        if expected is not None and run.get("other_app", 0) != expected:
            problem("recover_counts_wrong", "-", f"recover with app {run['app_id']}: other_app "
                                                 f"{run.get('other_app', '(not reported)')}, the book holds "
                                                 f"{expected} unresolved orders of other apps")
    for number, order in local.items():
        if app_of(order) not in apps:
            wrong_app.setdefault(number, f"recorded for app {app_of(order) or '(none)'}, not one of this run's")
    for number, detail in wrong_app.items():
        problem("wrong_app", number, detail)

    for number, order in local.items():
        trade = by_key.get((app_of(order), number), [None])[0]
        alipay = trade_outcome(trade) if trade else "unpaid"
        mine = order_outcome(order)
        where = f"local {order['state']}, Alipay {trade['state'] if trade else 'no trade'} ({alipay})"
        if mine == "unresolved":
            problem("unresolved", number, where)
        elif mine == alipay:
            if trade and trade["state"] in PAYABLE_TRADE_STATES:
                problem("still_payable", number, where)
        elif mine == "paid":
            problem("local_not_paid", number, where)
        elif mine != "unpaid":
            problem("local_not_refunded", number, where)
        elif alipay == "paid":
            problem("paid_not_local", number, where)
        else:
            problem("refunded_not_local", number, where)
        if trade and (trade["total_amount"] != order["total_amount"] or
                      (mine != "unpaid" and trade["trade_no"] != order["trade_no"])):
            problem("details_differ", number, f"local {order['total_amount']} {order['trade_no']}, "
                                              f"Alipay {trade['total_amount']} {trade['trade_no']}")

    claimed = set()
    anonymous = Counter()
    for press in presses:
        claimed.update(press.numbers)
        for detail in live_cancellations(press):
            problem("live_qr_cancelled", press.numbers[0] if press.numbers else "-", f"{press.scenario}: {detail}")
        if len(press.numbers) > 1:
            problem("multi_order_presses", press.numbers[0], f"{press.scenario}: {press.numbers}")
        if not press.numbers:
            if press.killed:
                anonymous[app_of(press)] += 1  # killed before it could say which order it made, if any
            else:
                problem("lost_presses", "-", f"{press.scenario}: exit {press.exit_code} after {press.seconds} s: "
                                            f"{press.stderr[-1:]}")
        if not press.numbers:
            continue
        number = press.numbers[0]
        live_until = press.live_until()
        if events is not None and live_until is not None:
            taken = [event for event in events.get(number, []) if event["source"] == "recovery" and
                     event["at_ms"] / 1000 < live_until + press.wall_offset - LIVE_GRACE_S]
            if taken:
                problem("settled_while_live", number,
                        f"{press.scenario}: recovery moved it {taken[0]['from']} -> {taken[0]['to']} "
                        f"{live_until + press.wall_offset - taken[0]['at_ms'] / 1000:.1f} s before its charge "
                        f"{'was killed' if press.killed else 'ended'}")
        if press.killed:
            continue
        if press.printed is None:
            problem("exit_code_wrong", number, f"{press.scenario}: exit {press.exit_code} without an order")
            continue
        printed_state = press.printed.get("state")
        expected_exit = EXIT_FOR_STATE.get(printed_state, 6)
        if press.exit_code != expected_exit:
            problem("exit_code_wrong", number, f"{press.scenario}: exit {press.exit_code} for {printed_state}")
        trade = by_key.get((app_of(press), number), [None])[0]
        if press.exit_code == 0 and not (trade and trade_outcome(trade) != "unpaid"):
            problem("said_paid_wrongly", number, f"{press.scenario}: Alipay {trade['state'] if trade else 'none'}")
        order = local.get(number)
        if printed_state in FINAL_STATES and order and order["state"] != printed_state:
            problem("answer_changed", number, f"{press.scenario}: printed {printed_state}, now {order['state']}")
    unclaimed = {}
    for number, order in local.items():
        if number not in claimed:
            unclaimed.setdefault(app_of(order), []).append(number)
    for app, numbers in unclaimed.items():
        for number in numbers[anonymous[app]:]:
            problem("unclaimed_orders", number, f"local {local[number]['state']}")

    return Reconciliation(counts, problems, Counter(o["state"] for o in orders),
                          Counter(trade_outcome(t) for found in by_key.values() for t in found))


def all_order_events(databases):
    """Every order's transitions, from SQLite (read-only): out_trade_no -> [{at_ms, from, to, source}]."""
    events = {}
    for database in databases:
        if not Path(database).exists():
            continue
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)) as connection:
            rows = connection.execute(
                "SELECT o.out_trade_no, e.happened_at, e.from_state, e.to_state, e.source "
                "FROM order_events e JOIN orders o ON o.id = e.order_id ORDER BY e.id").fetchall()
        for number, at_ms, from_state, to_state, source in rows:
            events.setdefault(number, []).append({"at_ms": at_ms, "from": from_state, "to": to_state,
                                                  "source": source})
    return events


def order_events(database, out_trade_no):
    """The order's transitions straight from SQLite (read-only), for a failure report."""
    uri = f"file:{database}?mode=ro"
    with sqlite3.connect(uri, uri=True, timeout=30) as connection:
        rows = connection.execute(
            "SELECT e.happened_at, e.from_state, e.to_state, e.source, e.code, e.sub_code, e.note "
            "FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.out_trade_no = ? ORDER BY e.id",
            (out_trade_no,)).fetchall()
    return [dict(zip(("at_ms", "from", "to", "source", "code", "sub_code", "note"), row)) for row in rows]


def print_table(title, rows):
    """Rows of (label, value) under a title, aligned."""
    width = max(len(label) for label, _ in rows)
    log(f"\n{title}")
    log("-" * (width + 12))
    for label, value in rows:
        log(f"{label:<{width}}  {value:>8}")


def report(title, reconciliation, presses, extra_rows=()):
    """Prints the counts: what happened, then every check with its count (all must be zero)."""
    rows = [("presses of Enter", len(presses)),
            ("  of them killed", sum(p.killed for p in presses)),
            ("local orders", sum(reconciliation.local_states.values()))]
    rows += [(f"  {state}", count) for state, count in sorted(reconciliation.local_states.items())]
    rows.append(("Alipay trades", sum(reconciliation.trade_outcomes.values())))
    rows += [(f"  {outcome}", count) for outcome, count in sorted(reconciliation.trade_outcomes.items())]
    rows += list(extra_rows)
    print_table(title, rows)
    check_rows = [(("MISMATCH " if reconciliation.counts[key] else "") + label, reconciliation.counts[key])
                  for key, label in CHECKS]
    print_table("checks (each must be 0)", check_rows)


def scenario_matrix(presses, local):
    """Scenario x final local state, to show which paths a run actually took."""
    matrix, killed = {}, Counter()
    for press in presses:
        state = local.get(press.numbers[0], {}).get("state", "no order") if press.numbers else "no order"
        matrix.setdefault(press.scenario, Counter())[state] += 1
        killed[press.scenario] += press.killed
    log("\nscenario -> final state in the order book")
    for scenario in sorted(matrix):
        cells = ", ".join(f"{state} {count}" for state, count in sorted(matrix[scenario].items()))
        if killed[scenario]:
            cells += f"  (killed {killed[scenario]} of {sum(matrix[scenario].values())})"
        log(f"  {scenario:<28} {cells}")


def dump_problems(path, reconciliation, presses, orders, trades, databases):
    """Writes every problem with the order, its trade, its events and the CLI's output to `path`."""
    by_press = {number: press for press in presses for number in press.numbers}
    local = {order["out_trade_no"]: order for order in orders}
    details = []
    for key, number, detail in reconciliation.problems:
        events = []
        for database in databases:
            if Path(database).exists() and number in local:
                events += order_events(database, number)
        press = by_press.get(number)
        details.append({
            "check": key, "out_trade_no": number, "detail": detail,
            "order": local.get(number),
            "trades": [t for t in trades if t["out_trade_no"] == number],
            "events": events,
            "press": press.__dict__ if press else None,
        })
    Path(path).write_text(json.dumps(details, indent=2, ensure_ascii=False), encoding="utf-8")
    log(f"\n{len(details)} problem(s); details (orders, trades, order_events, CLI output) in {path}")
    for item in details[:20]:
        log(f"  {item['check']}: {item['out_trade_no']}: {item['detail']}")
        for event in item["events"]:
            log(f"      {event['from']} -> {event['to']} by {event['source']} {event['code']} "
                f"{event['sub_code']} {event['note']}")


def common_arguments(parser):
    parser.add_argument("--sandbox", required=True, help="the counterpay-sandbox executable")
    parser.add_argument("--cli", required=True, help="the counterpay-cli executable")
    parser.add_argument("--seed", type=int, default=None, help="repeat a run (printed at the start)")
    parser.add_argument("--workers", type=int, default=8, help="charges running at once")
    parser.add_argument("--db", choices=("shared", "per-worker"), default="shared",
                        help="one order book for every terminal (default), or one each")
    parser.add_argument("--workdir", default=None, help="keep everything here (default: a temporary folder)")
    parser.add_argument("--apps", type=int, default=1,
                        help="apps (each its own sandbox, app id and keys); the counters take them in turn and "
                             "share the order book(s); `recover` runs at the end with each app's config")
    parser.add_argument("--recover-every", type=float, default=0, metavar="SECONDS",
                        help="while charges are live, run `recover` with a random app's config about every "
                             "SECONDS (0: only at the end)")


def seed_from(arguments):
    seed = arguments.seed if arguments.seed is not None else int.from_bytes(os.urandom(4), "big")
    log(f"seed {seed}  (repeat with --seed {seed}; the sandbox's fault draws follow the order calls arrive, "
        "so parallel runs repeat the plan, not every fault)")
    return seed


def exit_with(failed):
    sys.exit(1 if failed else 0)


def sleep_until(moment):
    """Sleeps until time.monotonic() reaches `moment`; returns at once when it has passed."""
    time.sleep(max(0.0, moment - time.monotonic()))


class Apps:
    """The run's apps: one sandbox each (its own Alipay for that app id). Faults go to all of them."""

    def __init__(self, sandboxes):
        self.sandboxes = list(sandboxes)

    @property
    def app_ids(self):
        return [sandbox.app_id for sandbox in self.sandboxes]

    def set_faults(self, rules, seed):
        for number, sandbox in enumerate(self.sandboxes):
            sandbox.set_faults(rules, seed + number)

    def clear_faults(self):
        for sandbox in self.sandboxes:
            sandbox.clear_faults()

    def trades(self):
        return [trade for sandbox in self.sandboxes for trade in sandbox.trades()]

    def gateway_calls(self):
        return {sandbox.app_id: sandbox.gateway_calls() for sandbox in self.sandboxes}

    def stop(self):
        for sandbox in self.sandboxes:
            sandbox.stop()


def run_in_work_folder(arguments, prefix, seed, test, faults=()):
    """Makes the work folder (--workdir, else a new temporary one) with one sandbox per app in it
    (--apps), runs test(apps, root), which says whether every check held, and exits 0 or 1. A
    temporary folder is removed when the run passed and kept for a look when it did not."""
    root = Path(arguments.workdir or tempfile.mkdtemp(prefix=prefix))
    root.mkdir(parents=True, exist_ok=True)
    log(f"work folder {root}" + (f"; faults: {' '.join(faults)}" if faults else ""))
    count = getattr(arguments, "apps", 1)
    names = ["sandbox"] if count == 1 else [f"sandbox-{chr(ord('a') + n)}" for n in range(count)]
    apps = Apps([])
    try:
        for number, name in enumerate(names):
            apps.sandboxes.append(Sandbox(arguments.sandbox, root, seed + number, faults, name))
        if count > 1:
            log("apps " + ", ".join(f"{s.app_id} ({s.name})" for s in apps.sandboxes) + ", sharing the order book")
        passed = test(apps, root)
    finally:
        apps.stop()
    if passed and not arguments.workdir:
        shutil.rmtree(root, ignore_errors=True)
    exit_with(not passed)


def book_orders(cli, books):
    """Every order of every book (a book lists all its orders, whichever app's config reads it)."""
    return [order for book in books for order in cli.orders(next(iter(book.configs.values())))]


def check_run(cli, apps, books, presses, history, live_runs):
    """The reconciliation of a finished run with all its evidence; (result, orders, trades)."""
    orders = book_orders(cli, books)
    trades = apps.trades()
    events = all_order_events([book.database for book in books])
    runs = [run for runs in history for run in runs] + list(live_runs)
    return reconcile(orders, trades, presses, apps.app_ids, apps.gateway_calls(), events, runs), orders, trades


def counter_pool(terminals):
    """The counters (Terminal: config and app), for worker threads to take one at a time."""
    pool = queue.Queue()
    for terminal in terminals:
        pool.put(terminal)
    return pool


@contextlib.contextmanager
def counter_from(pool):
    """A free counter for one press of Enter; it goes back to the pool afterwards."""
    terminal = pool.get()
    try:
        yield terminal
    finally:
        pool.put(terminal)
