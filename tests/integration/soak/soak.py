#!/usr/bin/env python3
"""Fault soak: many payments, random customers, a gateway that misbehaves, then a reconciliation.

N payments (QR and barcode mixed) run through `counterpay-cli charge`, several counters at once,
against a counterpay-sandbox that drops connections, loses replies after acting on them, answers
502/504 and 20000, signs badly and stalls. The customer is played at chosen moments: pays, never
scans, scans and leaves, declines, pays at the last second, pays while the cashier stops, and for
barcodes every outcome the sandbox's test payment codes offer (including "paid, but the answer says
unknown"). Then one more payment per counter waits for its customer when the network goes down
altogether; customers pay during the outage and the tills, unable to cancel, leave those orders
unresolved. Then the faults are cleared, `recover` runs until nothing is unresolved, and every
order is compared with Alipay's trades (see harness.reconcile). Exit status 1 on any mismatch.

    soak.py --sandbox PATH --cli PATH --payments 1000 --workers 16 [--apps 2] [--recover-every 3] [--seed N]
"""

import argparse
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import harness
from harness import log

# The field's failures at the rates issue 4 names. Rules are tried in order and the first outcome
# wins, so the later rates are a little lower in effect. lost_reply acts on the call and then
# loses the answer, the case that makes a payment ambiguous; on pay it is held until the client's
# own timeout gives up. The 2.5 s latency outlasts the client's 2 s timeout, another lost answer.
SOAK_FAULTS = [
    "drop:rate=0.15",
    "lost_reply:rate=0.05,ms=300",
    "lost_reply:rate=0.05,method=alipay.trade.pay",
    "http_502:rate=0.05",
    "http_504:rate=0.05",
    "code_20000:rate=0.05",
    "bad_signature:rate=0.02",
    "latency:rate=0.10,ms=600",
    "latency:rate=0.02,ms=2500",
]


@dataclass
class Payment:
    """One planned press of Enter: everything random about it is drawn up front from the seed."""

    index: int
    scenario: str
    amount: str
    subject: str
    timeout_s: int
    auth_code: str = None
    params: dict = field(default_factory=dict)

    @property
    def mode(self):
        return "barcode" if self.auth_code else "qr"


class Customer:
    """The person in front of the counter, acting on the order the charge printed."""

    def __init__(self, sandbox, charge):
        self.sandbox = sandbox  # the sandbox of the counter's app
        self.charge = charge

    def act(self, action):
        harness.customer_act(self.sandbox, self.charge, action)

    def qr_shown(self, payment):
        """When the QR appeared; None when it never did (the precreate never got through)."""
        return self.charge.wait_state("awaiting_scan", payment.timeout_s + 30)

    def scan_when_shown(self, payment):
        """Scans the QR scan_at seconds after it appeared; returns when it appeared, or None."""
        shown = self.qr_shown(payment)
        if shown is not None:
            harness.sleep_until(shown + payment.params["scan_at"])
            self.act("scan")
        return shown

    def deadline(self, payment):
        """When the cashier's screen gives up: the order's lifetime counts from its creation."""
        created = self.charge.wait_state("created", 30)
        return None if created is None else created + payment.timeout_s


# Each customer behaviour: (mode, weight, draw parameters, play). Drawing happens while planning,
# playing happens in a worker thread while the charge runs.

def draw_none(rng, payment):
    return {}


def draw_scan_pay(rng, payment):
    return {"scan_at": rng.uniform(0.2, 0.5 * payment.timeout_s), "pay_after": rng.uniform(0.1, 1.5)}


def draw_scan(rng, payment):
    return {"scan_at": rng.uniform(0.2, 0.7 * payment.timeout_s), "pay_after": rng.uniform(0.2, 2.0)}


def draw_last_second(rng, payment):
    # From a second before the deadline to a little after it: the pay races the final query and
    # the cancel, and may land after the cancel (then Alipay refuses it).
    return {"scan_first": rng.random() < 0.5, "scan_at": rng.uniform(0.2, 1.0),
            "pay_at_deadline": rng.uniform(-1.0, 0.3)}


def draw_cashier_stop(rng, payment):
    return {"scan_at": rng.uniform(0.2, 1.0), "stop_at": rng.uniform(1.0, payment.timeout_s - 1.0),
            "pay_vs_stop": rng.uniform(-0.3, 0.5)}


def play_nothing(customer, charge, payment):
    pass


def play_pays(customer, charge, payment):
    if customer.scan_when_shown(payment) is None:
        return
    time.sleep(payment.params["pay_after"])
    customer.act("pay")


def play_scans_and_leaves(customer, charge, payment):
    customer.scan_when_shown(payment)


def play_declines(customer, charge, payment):
    play_scans_and_leaves(customer, charge, payment)
    if customer.charge.actions:
        time.sleep(payment.params["pay_after"])
        customer.act("decline")


def play_pays_last_second(customer, charge, payment):
    """QR or barcode: the money arrives around the moment the cashier's screen gives up."""
    if payment.mode == "qr":
        shown = customer.scan_when_shown(payment) if payment.params["scan_first"] else customer.qr_shown(payment)
        if shown is None:
            return
    deadline = customer.deadline(payment)
    if deadline is None:
        return
    harness.sleep_until(deadline + payment.params["pay_at_deadline"])
    customer.act("pay")


def play_cashier_stops(customer, charge, payment):
    """The cashier presses Stop (SIGTERM: final query, then cancel) while the customer pays."""
    shown = customer.scan_when_shown(payment)
    if shown is None:
        return
    stop_at = shown + payment.params["stop_at"]
    pay_at = stop_at + payment.params["pay_vs_stop"]
    for moment, step in sorted([(stop_at, "stop"), (pay_at, "pay")]):
        harness.sleep_until(moment)
        if step == "stop":
            charge.send_signal(signal.SIGTERM)
        else:
            customer.act("pay")


SCENARIOS = {
    "qr_pays": ("qr", 4, draw_scan_pay, play_pays),
    "qr_never_scans": ("qr", 2, draw_none, play_nothing),
    "qr_scans_and_leaves": ("qr", 2, draw_scan, play_scans_and_leaves),
    "qr_declines": ("qr", 1, draw_scan, play_declines),
    "qr_pays_last_second": ("qr", 2, draw_last_second, play_pays_last_second),
    "qr_cashier_stops": ("qr", 1, draw_cashier_stop, play_cashier_stops),
    # Barcodes: digits 3-4 of the payment code choose what the sandbox's customer does.
    "bc_paid_at_once": ("barcode", 2, draw_none, play_nothing),
    "bc_paid_after_delay": ("barcode", 1, draw_none, play_nothing),
    "bc_paid_at_deadline": ("barcode", 1, draw_none, play_nothing),
    "bc_never_paid": ("barcode", 1, draw_none, play_nothing),
    "bc_pays_last_second": ("barcode", 1, draw_last_second, play_pays_last_second),
    "bc_declined": ("barcode", 1, draw_none, play_nothing),
    "bc_insufficient_balance": ("barcode", 1, draw_none, play_nothing),
    "bc_invalid_code": ("barcode", 1, draw_none, play_nothing),
    "bc_unknown_not_paid": ("barcode", 1, draw_none, play_nothing),
    "bc_unknown_paid": ("barcode", 2, draw_none, play_nothing),
}


def auth_code_for(rng, scenario, index, timeout_s):
    """An 18-digit test payment code (see `counterpay-sandbox --help`), unique per payment."""
    selector = {
        "bc_paid_at_once": f"0{rng.randint(1, 9)}",
        "bc_paid_after_delay": "10", "bc_paid_at_deadline": "10",
        "bc_never_paid": "11", "bc_pays_last_second": "11", "bc_declined": "12",
        "bc_insufficient_balance": "20", "bc_invalid_code": "21",
        "bc_unknown_not_paid": "30", "bc_unknown_paid": "31",
    }[scenario]
    seconds = {
        "bc_paid_after_delay": rng.randint(1, timeout_s - 2),
        "bc_paid_at_deadline": timeout_s + rng.choice((-1, 0)),
        "bc_declined": rng.randint(1, timeout_s - 2),
    }.get(scenario, 0)
    prefix = rng.randint(25, 30) if scenario == "bc_paid_at_once" else 28
    return f"{prefix}{selector}{seconds:02d}{index:012d}"


def random_amount(rng):
    """Mostly everyday amounts; now and then the smallest, Alipay's largest, or whole yuan."""
    roll = rng.random()
    if roll < 0.02:
        return "100000000.00"
    if roll < 0.05:
        return "0.01"
    if roll < 0.15:
        return str(rng.randint(1, 500))
    fen = rng.randint(1, 99999)
    return f"{fen // 100}.{fen % 100:02d}"


def plan(rng, count, timeouts):
    names = list(SCENARIOS)
    weights = [SCENARIOS[name][1] for name in names]
    payments = []
    for index in range(1, count + 1):
        scenario = rng.choices(names, weights)[0]
        mode, _, draw, _ = SCENARIOS[scenario]
        timeout_s = rng.randint(*timeouts)
        subject = f"Soak {index}" if rng.random() < 0.7 else f"Soak 咖啡 {index}"
        payment = Payment(index, scenario, random_amount(rng), subject, timeout_s)
        if mode == "barcode":
            payment.auth_code = auth_code_for(rng, scenario, index, timeout_s)
        payment.params = draw(rng, payment)
        payments.append(payment)
    return payments


# The outage: orders are waiting when the network goes down completely, some customers pay while it
# is down, and the tills give up (cancels that cannot get through leave the order Unknown). Only
# recovery, once the network is back, can settle them.
OUTAGE_SCENARIOS = {
    "outage_qr_pays": ("qr", "pay"),
    "outage_qr_scans": ("qr", "scan"),
    "outage_qr_nothing": ("qr", None),
    "outage_bc_pays": ("barcode", "pay"),
    "outage_bc_nothing": ("barcode", None),
}
OUTAGE = [{"kind": "drop", "rate": 1.0}]


def plan_outage(rng, count, timeouts, first_index):
    payments = []
    for index in range(first_index, first_index + count):
        scenario = rng.choice(sorted(OUTAGE_SCENARIOS))
        fen = rng.randint(1, 99999)
        payment = Payment(index, scenario, f"{fen // 100}.{fen % 100:02d}", f"Soak {index}", rng.randint(*timeouts))
        if OUTAGE_SCENARIOS[scenario][0] == "barcode":
            payment.auth_code = f"281100{index:012d}"  # 10003, then the customer confirms (or not)
        payment.params = {"act_at": rng.uniform(0.3, payment.timeout_s - 1.0)}
        payments.append(payment)
    return payments


def run_outage(cli, apps, terminals, payments, seed):
    """Starts one charge per counter on a healthy network, takes the network down once every order
    waits for its customer, lets the customers act during the outage, and waits for every till."""
    apps.clear_faults()
    charges = [cli.charge(t.config, p.amount, p.subject, p.auth_code, p.timeout_s)
               for t, p in zip(terminals, payments)]
    customers = [Customer(t.sandbox, charge) for t, charge in zip(terminals, charges)]
    waiting = [charge.wait_state(("awaiting_scan", "awaiting_payment"), 30) for charge in charges]
    apps.set_faults(OUTAGE, seed)
    moments = sorted((shown + p.params["act_at"], i) for i, (shown, p) in enumerate(zip(waiting, payments))
                     if shown is not None and OUTAGE_SCENARIOS[p.scenario][1])
    for moment, i in moments:
        harness.sleep_until(moment)
        customers[i].act(OUTAGE_SCENARIOS[payments[i].scenario][1])
    return [harness.Press.from_charge(charge, p.scenario, p.mode, p.amount, t.app_id)
            for charge, t, p in zip(charges, terminals, payments)]


def run_payment(cli, pool, payment):
    """Takes a free counter, charges, plays the customer (at the counter's app), and gives it back."""
    with harness.counter_from(pool) as terminal:
        charge = cli.charge(terminal.config, payment.amount, payment.subject, payment.auth_code, payment.timeout_s)
        customer = Customer(terminal.sandbox, charge)
        try:
            SCENARIOS[payment.scenario][3](customer, charge, payment)
        except BaseException:
            charge.abandon()
            raise
        return harness.Press.from_charge(charge, payment.scenario, payment.mode, payment.amount, terminal.app_id)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    harness.common_arguments(parser)
    parser.add_argument("--payments", type=int, default=40)
    parser.add_argument("--timeout-range", default="5,8",
                        help="charge --timeout is drawn from MIN,MAX seconds (at least 5)")
    parser.add_argument("--recover-rounds", type=int, default=5)
    arguments = parser.parse_args()
    timeouts = tuple(int(x) for x in arguments.timeout_range.split(","))
    seed = harness.seed_from(arguments)
    rng = random.Random(seed)
    payments = plan(rng, arguments.payments, timeouts)
    outage = plan_outage(rng, arguments.workers, timeouts, len(payments) + 1)

    harness.run_in_work_folder(arguments, "counterpay-soak-", seed,
                               lambda apps, root: soak(arguments, apps, root, payments, outage, seed),
                               SOAK_FAULTS)


def soak(arguments, apps, root, payments, outage, seed):
    cli = harness.Cli(arguments.cli)
    terminals, books = harness.counters(root, apps.sandboxes, arguments.workers, "S", arguments.db == "shared")
    pool = harness.counter_pool(terminals)

    started = time.monotonic()
    with harness.LiveRecovery(cli, books, arguments.recover_every, seed) as live:
        with ThreadPoolExecutor(arguments.workers) as workers:
            futures = [workers.submit(run_payment, cli, pool, payment) for payment in payments]
            presses = []
            for done, future in enumerate(futures, 1):
                presses.append(future.result())
                if done % 50 == 0:
                    log(f"  {done}/{len(payments)} payments done ({time.monotonic() - started:.0f} s, "
                        f"{len(live.runs)} recover runs beside them)")
    log(f"{len(presses)} payments in {time.monotonic() - started:.1f} s; now {len(outage)} with a network outage")
    presses += run_outage(cli, apps, terminals, outage, seed)
    charged = time.monotonic() - started
    log(f"outage over after {charged:.1f} s in all; the network is back, recovering")

    apps.clear_faults()
    history = harness.recover_until_settled(cli, books, arguments.recover_rounds)
    recovered = time.monotonic() - started - charged
    result, orders, trades = harness.check_run(cli, apps, books, presses, history, live.runs)

    harness.report(
        f"fault soak: {len(payments)} payments + {len(outage)} in an outage, {arguments.workers} counters, "
        f"{len(apps.sandboxes)} app(s), seed {seed}",
        result, presses, harness.app_rows(apps, presses, orders) + [
            ("charges that ended unresolved (exit 6)", sum(p.exit_code == 6 for p in presses)),
            ("customer payments accepted", sum(a == ("pay", True) for p in presses for a in p.customer)),
        ] + harness.recover_rows(history, live.runs) + [
            ("seconds charging", round(charged, 1)),
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
