#!/usr/bin/env python3
"""Crash test: `charge` is killed with SIGKILL at chosen points of many flows, then recovered.

Each flow is one press of Enter whose process dies like a till losing power: just after starting,
right after the order row is written, in the middle of the precreate or pay (the sandbox is made to
answer late, so the kill lands while the request is in flight), right after the QR appears, while
polling and in the middle of a query, after the customer scanned, and during the final query and
cancel (after the cashier pressed Stop, or after the QR ran out of time), among them cancels that
refund a payment the till never heard of. Customers pay or scan before the kill, or only after it.
The flows run in rounds, one sandbox fault plan per round.

Afterwards `recover` runs; its first run, held up by a slow gateway, is killed too. Then it runs on
a healthy network while anything is unresolved, and every order is compared with Alipay's trades
exactly as the soak does (harness.reconcile).

    crash.py --sandbox PATH --cli PATH --kills 300 --workers 12 [--apps 2] [--recover-every 3] [--seed N]
"""

import argparse
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import harness
from harness import log

# One fault plan per round: the latency delays the reply, not the work (the sandbox acts at once),
# so a kill during the delay hits a request that Alipay has carried out but the till never heard of.
ROUNDS = {
    "plain": [],
    "slow_precreate": [{"kind": "latency", "ms": 1200, "method": "alipay.trade.precreate"}],
    "slow_pay": [{"kind": "latency", "ms": 1200, "method": "alipay.trade.pay"}],
    "slow_query": [{"kind": "latency", "ms": 800, "method": "alipay.trade.query"}],
    "slow_cancel": [{"kind": "latency", "ms": 1200, "method": "alipay.trade.cancel"}],
    # The till never hears that the customer paid (every query's answer is lost after Alipay acted on
    # it), so its cancel refunds the payment, and it dies before the cancel's answer arrives.
    "blind_cancel": [{"kind": "lost_reply", "ms": 200, "method": "alipay.trade.query"},
                     {"kind": "latency", "ms": 1200, "method": "alipay.trade.cancel"}],
}
# Longer than every latency above: the kill, not a client timeout, must end those requests.
CRASH_GATEWAY = {"timeout_ms": "3000"}

# (round, kill point, modes it applies to)
KILL_POINTS = [
    ("plain", "early", ("qr", "barcode")),
    ("plain", "at_created", ("qr", "barcode")),
    ("plain", "at_qr", ("qr",)),
    ("plain", "polling", ("qr", "barcode")),
    ("plain", "after_scan", ("qr",)),
    ("plain", "stop_then_kill", ("qr", "barcode")),
    ("plain", "timeout_cancel", ("qr", "barcode")),
    ("slow_precreate", "mid_precreate", ("qr",)),
    ("slow_pay", "mid_pay", ("barcode",)),
    ("slow_query", "mid_query", ("qr",)),
    ("slow_cancel", "mid_cancel", ("qr", "barcode")),
    ("blind_cancel", "mid_refunding_cancel", ("qr", "barcode")),
]
CANCEL_POINTS = ("stop_then_kill", "timeout_cancel", "mid_cancel", "mid_refunding_cancel")

# Payment codes for barcode flows (digits 3-4 choose the sandbox customer; see its --help).
BARCODE_KINDS = {"paid_at_once": "00", "never_paid": "11", "paid_after_delay": "10", "declined_after_delay": "12",
                 "unknown_paid": "31", "unknown_not_paid": "30"}


@dataclass
class Flow:
    """One planned press of Enter and its crash, drawn up front from the seed."""

    index: int
    round: str
    point: str
    mode: str
    amount: str
    timeout_s: int
    auth_code: str = None
    before: str = "none"  # the customer's action before the kill
    after: str = "none"  # ... and after it, before recovery
    times: dict = field(default_factory=dict)

    @property
    def label(self):
        return f"{self.point}/{self.mode}"


def plan(rng, count, timeouts):
    flows = []
    for index in range(1, count + 1):
        round_name, point, modes = KILL_POINTS[(index - 1) % len(KILL_POINTS)]
        mode = rng.choice(modes)
        timeout_s = rng.randint(*timeouts)
        fen = rng.randint(1, 99999)
        flow = Flow(index, round_name, point, mode, f"{fen // 100}.{fen % 100:02d}", timeout_s)
        if mode == "barcode":
            selector = BARCODE_KINDS[rng.choice(sorted(BARCODE_KINDS))]
            if point in CANCEL_POINTS:
                selector = "11"  # the customer is still confirming when the order is cancelled
            flow.auth_code = f"28{selector}{rng.randint(2, timeout_s + 2):02d}{index:012d}"
            flow.after = rng.choice(("none", "pay"))
        else:
            flow.before = rng.choice(("none", "none", "scan", "pay")) if point not in ("after_scan",) else "scan"
            flow.after = rng.choice(("none", "scan", "pay", "pay", "decline"))
        if point == "mid_refunding_cancel":
            flow.before, flow.after = "pay", "none"
        flow.times = {
            "early": rng.uniform(0.0, 0.25),
            "small": rng.uniform(0.0, 0.15),
            "instant": rng.uniform(0.0, 0.02),  # a final query and cancel on loopback take milliseconds
            "before_at": rng.uniform(0.0, 0.25),
            "poll_kill": rng.uniform(0.3, timeout_s - 1.0),
            "in_flight": rng.uniform(0.03, 1.15),
            # After the lost final query (0.2 s) and the cancel's arrival, before its answer (+1.2 s).
            "refund_flight": rng.uniform(0.4, 1.3),
            "query_flight": 0.3 + rng.uniform(0.03, 0.75),
            "stop_at": rng.uniform(0.3, 2.0),
            "stop": rng.random() < 0.5,
            "pay_at_cancel": rng.random() < 0.4,
            "after_delay": rng.uniform(0.0, 0.5),
        }
        flows.append(flow)
    return flows


class Crash:
    """Drives one flow to its kill point; the customer acts on the same charge."""

    def __init__(self, sandbox, charge, flow):
        self.sandbox = sandbox  # the sandbox of the counter's app
        self.charge = charge
        self.flow = flow

    def act(self, action, label=None):
        harness.customer_act(self.sandbox, self.charge, action, label)

    def started(self):
        """QR flows: when the QR appeared; barcode flows: when the order was created."""
        state = "awaiting_scan" if self.flow.mode == "qr" else "created"
        return self.charge.wait_state(state, self.flow.timeout_s + 30)

    def customer_before(self, shown):
        if self.flow.before == "none":
            return
        if self.flow.mode == "barcode":  # the trade exists once the pay has been answered
            shown = self.charge.wait_state("awaiting_payment", self.flow.timeout_s + 5) or shown
        harness.sleep_until(shown + self.flow.times["before_at"])
        self.act(self.flow.before)

    def kill_after(self, moment, delay):
        if moment is not None:
            harness.sleep_until(moment + delay)
            self.charge.kill()

    def run(self):
        t = self.flow.times
        point = self.flow.point
        if point == "early":
            self.kill_after(self.charge.started, t["early"])
        elif point in ("at_created", "mid_precreate", "mid_pay"):
            delay = t["small"] if point == "at_created" else t["in_flight"]
            self.kill_after(self.charge.wait_state("created", 30), delay)
        elif point == "at_qr":
            self.kill_after(self.started(), t["small"])
        elif point in ("polling", "mid_query"):
            shown = self.started()
            if shown is not None:
                self.customer_before(shown)
                self.kill_after(shown, t["poll_kill"] if point == "polling" else t["query_flight"])
        elif point == "after_scan":
            shown = self.started()
            if shown is not None:
                self.customer_before(shown)
                self.kill_after(self.charge.wait_state("awaiting_payment", self.flow.timeout_s + 5), t["small"])
        else:  # CANCEL_POINTS: the kill lands in the final query or the cancel
            self.run_cancel_kill()
        if self.charge.killed and self.flow.after != "none" and self.customer_saw_order():
            time.sleep(t["after_delay"])
            self.act(self.flow.after, f"{self.flow.after} after the kill")

    def run_cancel_kill(self):
        t = self.flow.times
        shown = self.started()
        if shown is None:
            return
        self.customer_before(shown)
        point = self.flow.point
        if point == "stop_then_kill" or (point in ("mid_cancel", "mid_refunding_cancel") and t["stop"]):
            harness.sleep_until(shown + t["stop_at"])
            self.charge.send_signal(signal.SIGTERM)
        cancelling = self.charge.wait_state("cancelling", self.flow.timeout_s + 30)
        if cancelling is not None and t["pay_at_cancel"] and self.flow.before != "pay":
            self.act("pay")  # the customer pays as the cashier gives up
        delay = {"mid_cancel": t["in_flight"], "mid_refunding_cancel": t["refund_flight"]}.get(point, t["instant"])
        self.kill_after(cancelling, delay)

    def customer_saw_order(self):
        """A QR customer can only act on a QR that reached the screen before the crash."""
        return self.flow.mode == "barcode" or self.charge.seen("awaiting_scan")


def run_flow(cli, pool, flow):
    with harness.counter_from(pool) as terminal:
        charge = cli.charge(terminal.config, flow.amount, f"Crash {flow.index}", flow.auth_code, flow.timeout_s)
        crash = Crash(terminal.sandbox, charge, flow)
        try:
            crash.run()
        except BaseException:
            charge.abandon()
            raise
        return harness.Press.from_charge(charge, flow.label, flow.mode, flow.amount, terminal.app_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.common_arguments(parser)
    parser.add_argument("--kills", type=int, default=36, help="flows to crash (each aims one SIGKILL)")
    parser.add_argument("--timeout-range", default="6,9", help="charge --timeout drawn from MIN,MAX seconds")
    parser.add_argument("--recover-rounds", type=int, default=5)
    arguments = parser.parse_args()
    seed = harness.seed_from(arguments)
    rng = random.Random(seed)
    flows = plan(rng, arguments.kills, tuple(int(x) for x in arguments.timeout_range.split(",")))
    kill_recover_after = rng.uniform(0.2, 1.5)

    harness.run_in_work_folder(
        arguments, "counterpay-crash-", seed,
        lambda apps, root: crash_test(arguments, apps, root, flows, seed, kill_recover_after))


def crash_test(arguments, apps, root, flows, seed, kill_recover_after):
    cli = harness.Cli(arguments.cli)
    terminals, books = harness.counters(root, apps.sandboxes, arguments.workers, "K", arguments.db == "shared",
                                        CRASH_GATEWAY)
    pool = harness.counter_pool(terminals)

    # Recovery beside the crashing counters settles what the dead ones leave at once. With several
    # apps it runs only with the first app's config, so the others' crashed orders are still there for
    # the recovery that is itself killed below.
    live_apps = apps.app_ids[:1] if len(apps.app_ids) > 1 else None
    started = time.monotonic()
    presses = []
    with harness.LiveRecovery(cli, books, arguments.recover_every, seed, live_apps) as live:
        for round_name, rules in ROUNDS.items():
            batch = [flow for flow in flows if flow.round == round_name]
            if not batch:
                continue
            apps.set_faults(rules, seed)
            with ThreadPoolExecutor(arguments.workers) as workers:
                presses += list(workers.map(lambda flow: run_flow(cli, pool, flow), batch))
            log(f"  round {round_name}: {len(batch)} flows, {sum(p.killed for p in presses[-len(batch):])} killed "
                f"({time.monotonic() - started:.0f} s, {len(live.runs)} recover runs beside them)")
    charged = time.monotonic() - started

    # The power fails again during the first recovery: a slow gateway keeps it busy long enough for
    # the kill to land mid-way. Then the network is healthy and recovery runs until all is settled.
    apps.set_faults([{"kind": "latency", "ms": 400}], seed)
    history = harness.recover_until_settled(cli, books, 1, kill_first_after=kill_recover_after)
    apps.clear_faults()
    history += harness.recover_until_settled(cli, books, arguments.recover_rounds)
    recovered = time.monotonic() - started - charged
    result, orders, trades = harness.check_run(cli, apps, books, presses, history, live.runs)

    killed = [press for press in presses if press.killed]
    harness.report(
        f"crash test: {len(presses)} flows, {arguments.workers} counters, {len(apps.sandboxes)} app(s), seed {seed}",
        result, presses, harness.app_rows(apps, presses, orders) + [
            ("kills that landed", len(killed)),
            ("  killed before any order line", sum(not p.numbers for p in killed)),
            ("  paid by the customer after the kill", sum(
                ("pay after the kill", True) in p.customer for p in killed)),
            ("first recover runs killed (slow gateway)", sum(r.get("killed", False) for r in history[0])),
            ("  examined by the last run", sum(r.get("examined", 0) for r in history[-1])),
        ] + harness.recover_rows(history[1:], live.runs) + [
            ("seconds crashing", round(charged, 1)),
            ("seconds recovering", round(recovered, 1)),
        ])
    harness.scenario_matrix(presses, {order["out_trade_no"]: order for order in orders})
    if result.failed:
        harness.dump_problems(root / "problems.json", result, presses, orders, trades,
                              [book.database for book in books])
        log(f"FAILED; everything is kept in {root}")
    return not result.failed


if __name__ == "__main__":
    main()
