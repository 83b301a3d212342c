#!/usr/bin/env python3
"""The soak and crash tests pass when `harness.reconcile` counts zero everywhere; this shows that
each of its checks does count when the order book and Alipay disagree, so a pass means something."""

import unittest

from harness import CHECKS, Press, reconcile

APP = "9021000000000001"


def order(number, state, amount="1.00", trade_no=""):
    return {"out_trade_no": number, "state": state, "total_amount": amount, "trade_no": trade_no}


def trade(number, state, amount="1.00", refunded="0.00", trade_no="T", app_id=APP):
    return {"app_id": app_id, "out_trade_no": number, "state": state, "total_amount": amount,
            "refunded_amount": refunded, "trade_no": trade_no}


def press(number=None, exit_code=4, state="closed", killed=False, numbers=None):
    printed = None if killed else {"state": state}
    return Press("case", "qr", "1.00", numbers if numbers is not None else ([number] if number else []), exit_code,
                 printed, killed)


class TestReconcile(unittest.TestCase):
    def counts(self, orders, trades, presses):
        return reconcile(orders, trades, presses, APP).counts

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
        }
        self.assertEqual(set(cases), {key for key, _ in CHECKS})
        for key, (orders, trades, presses) in cases.items():
            with self.subTest(check=key):
                self.assertGreater(self.counts(orders, trades, presses)[key], 0)

    def test_a_killed_press_may_leave_one_order_unnamed(self):
        orders = [order("A", "closed"), order("B", "closed")]
        self.assertEqual(self.counts(orders, [], [press(killed=True)])["unclaimed_orders"], 1)


if __name__ == "__main__":
    unittest.main()
