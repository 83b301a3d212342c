#pragma once

#include "money/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace counterpay::reconcile {

// One row of the trade bill's detail file (DESIGN.md §4): a payment, or a refund (negative amounts).
struct BillRow
{
    enum class Type
    {
        Payment, // 业务类型 交易
        Refund,  // 业务类型 退款
    };

    int line = 0; // where the row starts in the detail file (1-based), for messages
    Type type = Type::Payment;
    QString tradeNo;    // 支付宝交易号
    QString outTradeNo; // 商户订单号
    QString subject;    // 商品名称
    QDateTime createdAt;
    QDateTime completedAt; // when Alipay took the payment or made the refund (UTC)
    QString storeId;
    QString operatorId;
    QString terminalId;     // 终端号: the terminal_id the trade was created with
    Money orderAmount;      // 订单金额: the trade's total, also on its refund rows
    Money received;         // 商家实收: what the merchant got; negative on a refund row
    Money merchantDiscount; // 商家优惠
    QString outRequestNo;   // 退款批次号/请求号 of a refund row
    QString remark;         // 备注

    bool isRefund() const { return type == Type::Refund; }
    // What a refund row gave back, as a positive amount.
    Money refundAmount() const { return Money::fromFen(-received.fen()); }
};

// The totals lines that follow the rows (#交易合计 and #退款合计). The parser has checked them against the
// rows; a refund total is kept as the bill writes it (negative).
struct BillTotals
{
    int payments = 0;
    Money paymentsReceived;
    Money paymentsDiscount;
    int refunds = 0;
    Money refundsReceived;
    Money refundsDiscount;
};

// A day's (or a month's) trade bill of one Alipay account, as TradeBillParser read it.
struct TradeBill
{
    QString account; // #账号
    QDateTime from;  // #起始日期, UTC; invalid when the bill does not say
    QDateTime to;    // #终止日期
    QDateTime exportedAt;
    QList<BillRow> rows; // in the bill's order
    BillTotals totals;
};

} // namespace counterpay::reconcile
