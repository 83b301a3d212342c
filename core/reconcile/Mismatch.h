#pragma once

#include "money/Money.h"

#include <QDate>
#include <QString>
#include <QStringView>

#include <array>
#include <optional>

namespace counterpay::reconcile {

// One way the order book and Alipay's trade bill disagree about a trade of the day, with both sides'
// figures and what a manager does about it.
struct Mismatch
{
    enum class Kind
    {
        PaidAtAlipayNotInBook,     // a payment from a terminal of this book that the book has no order for
        NotPaidInBook,             // Alipay took the payment; the book has the order, not as paid
        PaidInBookMissingAtAlipay, // paid in the book; no such payment in the bill
        AmountDiffers,             // the bill's order amount is not the book's
        TradeNoDiffers,            // Alipay's trade number is not the one the book recorded
        RefundNotInBook,           // Alipay refunded; the book has no such refund
        RefundMissingAtAlipay,     // the book has a refund done; no such refund in the bill
        RefundDiffers,             // one refund, two amounts (or failed in the book, made at Alipay)
        RefundUnresolved,          // a refund of the day whose answer the book still waits for
        Unresolved,                // an order of the day the book has not settled
        OtherTerminal,             // a trade of this app from a terminal that is not the book's
        OtherApp,                  // a trade in this app's bill that the book holds for another app
    };

    Kind kind = Kind::AmountDiffers;
    QString outTradeNo;
    QString outRequestNo; // for a refund
    int billLine = 0;     // the bill's row, when the bill has one
    // Each side's figure that is compared: the payment's or the refund's amount. None when that side
    // has nothing.
    std::optional<Money> alipayAmount;
    std::optional<Money> bookAmount;
    QString alipayTradeNo;
    QString bookTradeNo;
    QString alipayTerminal;
    QString bookTerminal;
    QString bookState; // the order's state in the book (store::orderStateName), when it has the order
    QString bookAppId;
    // Around midnight: the other day whose bill may list it instead (then it is no difference).
    QDate otherDay;
    QString description; // what differs, in words (translated)
    QString action;      // what to do, in words (translated)

    // "paid_at_alipay_not_in_book", ...: stable names for scripts.
    static QString kindName(Kind kind);
    static std::optional<Kind> parseKind(QStringView name);
};

inline constexpr std::array kAllMismatchKinds{
    Mismatch::Kind::PaidAtAlipayNotInBook,
    Mismatch::Kind::NotPaidInBook,
    Mismatch::Kind::PaidInBookMissingAtAlipay,
    Mismatch::Kind::AmountDiffers,
    Mismatch::Kind::TradeNoDiffers,
    Mismatch::Kind::RefundNotInBook,
    Mismatch::Kind::RefundMissingAtAlipay,
    Mismatch::Kind::RefundDiffers,
    Mismatch::Kind::RefundUnresolved,
    Mismatch::Kind::Unresolved,
    Mismatch::Kind::OtherTerminal,
    Mismatch::Kind::OtherApp,
};

} // namespace counterpay::reconcile
