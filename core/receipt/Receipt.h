#pragma once

#include "common/Result.h"
#include "money/Money.h"
#include "store/OrderState.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QLoggingCategory>
#include <QString>

namespace counterpay::config {
struct CounterSettings;
}

namespace counterpay::store {
struct Order;
struct Refund;
} // namespace counterpay::store

namespace counterpay::receipt {

Q_DECLARE_LOGGING_CATEGORY(lcReceipt)

// One printed row: a label and its value, as they appear on paper.
struct ReceiptField
{
    QString label;
    QString value;
    bool emphasised = false; // the amount: printed large, on a line of its own

    bool operator==(const ReceiptField&) const = default;
};

// What a receipt says, whatever prints it: the ESC/POS bytes (EscPosReceipt) and the page for a
// system printer or a PDF (ui's ReceiptPrinter) are both made from fields().
//
// The paper is always in Chinese, whatever language the cashier's screen speaks: the receipt is the
// customer's, and it quotes Alipay's own words (商户订单号, 支付宝交易号) that a customer or Alipay's
// hotline looks for. Labels and state words are therefore plain Chinese here, not tr().
struct Receipt
{
    enum class Kind
    {
        Payment,
        Refund,
    };

    Kind kind = Kind::Payment;
    QString storeTitle; // [counter] subject, usually the store's name
    QString storeId;
    QString terminalId;
    QString cashierId;
    QDateTime time; // when it was paid (or refunded), on China's clock
    Money amount;   // the order's total
    QString outTradeNo;
    QString tradeNo;
    QString buyer; // as Alipay masked it: 159****5620
    store::OrderState orderState = store::OrderState::Paid;
    Money refundedTotal; // everything refunded on the order so far
    // A refund receipt's own refund.
    Money refundAmount;
    QString outRequestNo;
    QString authorisedBy;
    bool reprint = false; // printed again later: marked 重打印

    // The receipt of a paid order (Paid, PartiallyRefunded or Refunded); any other order has none
    // (Input error), so nothing on paper ever looks like a payment that did not happen.
    static Result<Receipt> forPayment(const store::Order& order, const config::CounterSettings& settings);
    // The receipt of a refund that is done; `order` is the refunded order as the book has it after
    // the refund (for the refunded total).
    static Result<Receipt> forRefund(const store::Order& order, const store::Refund& refund,
                                     const config::CounterSettings& settings);

    // The same receipt, marked as printed again.
    Receipt reprinted() const;

    // "收款凭证" or "退款凭证".
    QString heading() const;
    // "【重打印】" on a reprint, else empty.
    QString reprintMarker() const;
    // The rows, in groups a printer separates with a rule: who and when; the amount; the trade.
    QList<QList<ReceiptField>> fields() const;
    // What the receipt's QR code holds: the out_trade_no, for a lookup or a refund at the counter.
    QByteArray qrText() const { return outTradeNo.toUtf8(); }

    // The state in Chinese, as a receipt says it.
    static QString stateWords(store::OrderState state);
    // "¥12.34".
    static QString yuan(Money amount);

    Q_DECLARE_TR_FUNCTIONS(Receipt)
};

} // namespace counterpay::receipt
