#!/usr/bin/env python3
"""The soak and crash tests pass when `harness.reconcile` counts zero everywhere; this shows that
each of its checks does count when the order book and Alipay disagree, so a pass means something."""

import unittest

from harness import CHECKS, Press, reconcile

APP = "9021000000000001"
OTHER = "9021000000000002"


def order(number, state, amount="1.00", trade_no="", app_id=None):
    found = {"out_trade_no": number, "state": state, "total_amount": amount, "trade_no": trade_no}
    if app_id:
        found["app_id"] = app_id
    return found


def trade(number, state, amount="1.00", refunded="0.00", trade_no="T", app_id=APP):
    return {"app_id": app_id, "out_trade_no": number, "state": state, "total_amount": amount,
            "refunded_amount": refunded, "trade_no": trade_no}


def press(number=None, exit_code=4, state="closed", killed=False, numbers=None, **timeline):
    printed = None if killed else {"state": state}
    return Press("case", "qr", "1.00", numbers if numbers is not None else ([number] if number else []), exit_code,
                 printed, killed, **timeline)


def action(what, accepted, at, sub_code=""):
    return {"label": what, "action": what, "accepted": accepted, "sub_code": sub_code, "started": at,
            "finished": at + 0.05}


# A QR charge that showed its QR at 1 s and ended at 10 s (monotonic seconds; wall clock = the same).
SHOWN = [(0.0, "created"), (1.0, "awaiting_scan")]


def recovery_event(at_s, to="closed"):
    return {"at_ms": int(at_s * 1000), "from": "awaiting_scan", "to": to, "source": "recovery"}


def recover_run(app_id=APP, **fields):
    return dict({"app_id": app_id, "exit_code": 0, "examined": 0, "unresolved": 0, "other_app": 0, "busy": 0,
                 "orders": []}, **fields)


class TestReconcile(unittest.TestCase):
    def counts(self, orders, trades, presses, **evidence):
        apps = evidence.pop("apps", APP)
        return reconcile(orders, trades, presses, apps, **evidence).counts

    def test_agreement_counts_nothing(self):
        orders = [order("A", "paid", trade_no="T"), order("B", "closed"), order("C", "refunded", trade_no="T"),
                  order("D", "failed")]
        trades = [trade("A", "TRADE_SUCCESS"), trade("B", "TRADE_CLOSED"),
                  trade("C", "TRADE_CLOSED", refunded="1.00"), trade("Z", "TRADE_SUCCESS", app_id="other")]
        presses = [press("A", 0, "paid"), press("B"), press("C", 4, "refunded"), press("D", 4, "failed"),
                   press(killed=True)]
        result = reconcile(orders, trades, presses, APP)
        self.assertFalse(result.failed, result.problems)

    def test_each_disagreement_is_counted(self):
        cases = {
            "paid_not_local": ([order("A", "closed")], [trade("A", "TRADE_SUCCESS")], []),
            "refunded_not_local": ([order("A", "closed")], [trade("A", "TRADE_CLOSED", refunded="1.00")], []),
            "local_not_paid": ([order("A", "paid")], [trade("A", "WAIT_BUYER_PAY")], []),
            "local_not_refunded": ([order("A", "refunded")], [trade("A", "TRADE_SUCCESS")], []),
            "unresolved": ([order("A", "unknown")], [], []),
            "still_payable": ([order("A", "closed")], [trade("A", "PRECREATED")], []),
            "details_differ": ([order("A", "paid", "2.00", "T")], [trade("A", "TRADE_SUCCESS")], []),
            "orphan_trades": ([], [trade("A", "TRADE_CLOSED")], []),
            "duplicate_trades": ([order("A", "closed")], [trade("A", "TRADE_CLOSED")] * 2, []),
            "multi_order_presses": ([order("A", "closed"), order("B", "closed")], [],
                                    [press(numbers=["A", "B"])]),
            "lost_presses": ([], [], [press()]),
            "unclaimed_orders": ([order("A", "closed")], [], []),
            "said_paid_wrongly": ([order("A", "paid")], [], [press("A", 0, "paid")]),
            "answer_changed": ([order("A", "paid", trade_no="T")], [trade("A", "TRADE_SUCCESS")],
                               [press("A", 4, "closed")]),
            "exit_code_wrong": ([order("A", "closed")], [], [press("A", 0, "closed")]),
            "wrong_app": ([order("A", "closed", app_id=APP)], [trade("A", "TRADE_CLOSED", app_id=OTHER)], [],
                          {"apps": [APP, OTHER]}),
            "live_qr_cancelled": ([order("A", "closed")], [trade("A", "TRADE_CLOSED")],
                                  [press("A", states=SHOWN, ended=10.0,
                                         actions=[action("pay", False, 3.0, "ACQ.TRADE_HAS_CLOSE")])]),
            "settled_while_live": ([order("A", "closed")], [trade("A", "TRADE_CLOSED")],
                                   [press("A", states=SHOWN, ended=10.0)], {"events": {"A": [recovery_event(4.0)]}}),
            "recover_counts_wrong": ([], [], [], {"recover_runs": [recover_run(expected_other_app=1)]}),
            "recover_failed": ([], [], [], {"recover_runs": [{"app_id": APP, "exit_code": 8, "error": "locked"}]}),
        }
        self.assertEqual(set(cases), {key for key, _ in CHECKS})
        for key, case in cases.items():
            orders, trades, presses = case[:3]
            evidence = case[3] if len(case) > 3 else {}
            with self.subTest(check=key):
                self.assertGreater(self.counts(orders, trades, presses, **evidence)[key], 0)

    def test_another_app_touching_an_order_is_counted_each_way(self):
        orders = [order("A", "closed", app_id=APP), order("B", "paid", trade_no="T", app_id=OTHER)]
        trades = [trade("B", "TRADE_SUCCESS", app_id=OTHER)]
        apps = [APP, OTHER]
        self.assertEqual(self.counts(orders, trades, [], apps=apps, calls={OTHER: {"A", "B"}})["wrong_app"], 1)
        lines = ["A 1.00: closed, not paid"]
        runs = [recover_run(OTHER, orders=lines, expected_other_app=0)]
        self.assertEqual(self.counts(orders, trades, [], apps=apps, recover_runs=runs)["wrong_app"], 1)
        self.assertEqual(self.counts([order("C", "closed", app_id="9021000000000009")], [], [], apps=apps)["wrong_app"],
                         1)

    def test_two_apps_in_agreement_count_nothing(self):
        orders = [order("A", "paid", trade_no="T", app_id=APP), order("B", "paid", trade_no="T", app_id=OTHER),
                  order("C", "unknown", app_id=OTHER)]
        trades = [trade("A", "TRADE_SUCCESS"), trade("B", "TRADE_SUCCESS", app_id=OTHER)]
        runs = [recover_run(APP, other_app=1, expected_other_app=1,
                            orders=[f"C 1.00: belongs to app {OTHER}: run recover with that configuration"]),
                recover_run(OTHER, orders=["C 1.00: still unresolved: no answer"], unresolved=1, exit_code=6)]
        presses = [press("A", 0, "paid", app=APP), press("B", 0, "paid", app=OTHER), press("C", 6, "unknown", app=OTHER)]
        counts = self.counts(orders, trades, presses, apps=[APP, OTHER], calls={APP: {"A"}, OTHER: {"B", "C"}},
                             recover_runs=runs)
        self.assertEqual([key for key, _ in CHECKS if counts[key] and key != "unresolved"], [])

    def test_a_charges_own_cancel_and_a_take_over_after_it_ended_count_nothing(self):
        cancelled = SHOWN + [(6.0, "cancelling"), (6.2, "closed")]
        presses = [
            # the customer pays as the charge cancels: refused, but by the charge's own cancel
            press("A", states=cancelled, ended=6.3, actions=[action("pay", False, 6.1, "ACQ.TRADE_HAS_CLOSE")]),
            # a charge that ended unresolved, its order then settled by recover
            press("B", 6, "unknown", states=SHOWN + [(6.0, "cancelling"), (9.0, "unknown")], ended=9.1),
            # the customer declined, then tried to pay
            press("C", states=SHOWN + [(3.0, "closed")], ended=3.1,
                  actions=[action("decline", True, 2.0), action("pay", False, 2.5, "ACQ.TRADE_HAS_CLOSE")]),
        ]
        orders = [order("A", "closed"), order("B", "closed"), order("C", "closed")]
        trades = [trade(number, "TRADE_CLOSED") for number in "ABC"]
        counts = self.counts(orders, trades, presses, events={"B": [recovery_event(9.5)]})
        self.assertEqual([key for key, _ in CHECKS if counts[key]], [])

    def test_a_qr_closed_under_a_live_charge_is_counted(self):
        presses = [press("A", states=SHOWN + [(4.0, "closed")], ended=4.1)]
        counts = self.counts([order("A", "closed")], [trade("A", "TRADE_CLOSED")], presses)
        self.assertEqual(counts["live_qr_cancelled"], 1)

    def test_a_killed_press_may_leave_one_order_unnamed(self):
        orders = [order("A", "closed"), order("B", "closed")]
        self.assertEqual(self.counts(orders, [], [press(killed=True)])["unclaimed_orders"], 1)


if __name__ == "__main__":
    unittest.main()
