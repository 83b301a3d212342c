#include "reconcile/Mismatch.h"

namespace counterpay::reconcile {

QString Mismatch::kindName(Kind kind)
{
    switch (kind) {
    case Kind::PaidAtAlipayNotInBook:
        return QStringLiteral("paid_at_alipay_not_in_book");
    case Kind::NotPaidInBook:
        return QStringLiteral("not_paid_in_book");
    case Kind::PaidInBookMissingAtAlipay:
        return QStringLiteral("paid_in_book_missing_at_alipay");
    case Kind::AmountDiffers:
        return QStringLiteral("amount_differs");
    case Kind::TradeNoDiffers:
        return QStringLiteral("trade_no_differs");
    case Kind::RefundNotInBook:
        return QStringLiteral("refund_not_in_book");
    case Kind::RefundMissingAtAlipay:
        return QStringLiteral("refund_missing_at_alipay");
    case Kind::RefundDiffers:
        return QStringLiteral("refund_differs");
    case Kind::RefundUnresolved:
        return QStringLiteral("refund_unresolved");
    case Kind::Unresolved:
        return QStringLiteral("unresolved");
    case Kind::OtherTerminal:
        return QStringLiteral("other_terminal");
    case Kind::OtherApp:
        return QStringLiteral("other_app");
    }
    return QString();
}

std::optional<Mismatch::Kind> Mismatch::parseKind(QStringView name)
{
    for (Kind kind : kAllMismatchKinds) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

} // namespace counterpay::reconcile
