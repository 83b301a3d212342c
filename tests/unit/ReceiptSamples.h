#pragma once

#include "config/CounterSettings.h"
#include "receipt/Receipt.h"
#include "store/Order.h"
#include "store/Refund.h"

#include <QDateTime>

// The orders, refunds and counter the receipt tests print. Changing them changes the golden files
// under tests/data/receipt/ (see TestEscPos.cpp for how to make them again).
namespace counterpay::test {

inline config::CounterSettings receiptCounter()
{
    config::CounterSettings settings;
    settings.subject = QStringLiteral("幸福小馆 人民路店");
    settings.payment.terminalId = QStringLiteral("T1");
    settings.payment.cashierId = QStringLiteral("zhang3");
    settings.payment.storeId = QStringLiteral("SH001");
    return settings;
}

// Paid 2026-01-15 04:34:56 UTC, which is 12:34:56 in China.
inline store::Order paidOrder()
{
    store::Order order;
    order.outTradeNo = QStringLiteral("T1-20260115-000123");
    order.totalAmount = Money::fromFen(1234);
    order.subject = QStringLiteral("门店消费");
    order.state = store::OrderState::Paid;
    order.tradeNo = QStringLiteral("2026011522001412345678901234");
    order.buyerLogonId = QStringLiteral("159****5620");
    order.terminalId = QStringLiteral("T1");
    order.cashierId = QStringLiteral("zhang3");
    order.createdAt = QDateTime(QDate(2026, 1, 15), QTime(4, 34, 40), Qt::UTC);
    order.updatedAt = QDateTime(QDate(2026, 1, 15), QTime(4, 34, 57), Qt::UTC);
    order.paidAt = QDateTime(QDate(2026, 1, 15), QTime(4, 34, 56), Qt::UTC);
    return order;
}

// 5.00 of it refunded at 2026-01-16 01:02:03 UTC (09:02:03 in China), as the book has it after.
inline store::Refund doneRefund()
{
    store::Refund refund;
    refund.outTradeNo = QStringLiteral("T1-20260115-000123");
    refund.outRequestNo = QStringLiteral("T1-20260115-000123-R1");
    refund.amount = Money::fromFen(500);
    refund.state = store::Refund::State::Done;
    refund.authorisedBy = QStringLiteral("manager1");
    refund.createdAt = QDateTime(QDate(2026, 1, 16), QTime(1, 2, 0), Qt::UTC);
    refund.doneAt = QDateTime(QDate(2026, 1, 16), QTime(1, 2, 3), Qt::UTC);
    return refund;
}

inline store::Order refundedOrder()
{
    store::Order order = paidOrder();
    order.state = store::OrderState::PartiallyRefunded;
    order.refundedAmount = Money::fromFen(500);
    return order;
}

inline receipt::Receipt paymentReceipt()
{
    return receipt::Receipt::forPayment(paidOrder(), receiptCounter()).value();
}

// Printed again, to show the 重打印 marker.
inline receipt::Receipt refundReceipt()
{
    return receipt::Receipt::forRefund(refundedOrder(), doneRefund(), receiptCounter()).value().reprinted();
}

} // namespace counterpay::test
