#include "store/OrderRows.h"

#include <QCoreApplication>

namespace counterpay::store {

namespace {

Error unreadable(const QString& what, const QString& value, const QString& key)
{
    return Error::storage(QCoreApplication::translate("OrderStore", "The order database holds a %1 this version "
                                                                    "cannot read (\"%2\" in %3).")
                              .arg(what, value, key),
                          what + QStringLiteral(": ") + value);
}

} // namespace

QString OrderRows::orderColumns()
{
    return QStringLiteral("o.id, o.out_trade_no, o.app_id, o.total_fen, o.refunded_fen, o.subject, o.pay_mode, "
                          "o.state, o.trade_no, o.buyer_logon_id, o.buyer_user_id_masked, o.terminal_id, "
                          "o.cashier_id, o.qr_code, o.reason, o.created_at, o.updated_at, o.paid_at, o.expires_at");
}

QString OrderRows::eventColumns()
{
    return QStringLiteral("e.id, o.out_trade_no, e.happened_at, e.from_state, e.to_state, e.source, e.code, "
                          "e.sub_code, e.note");
}

QString OrderRows::refundColumns()
{
    return QStringLiteral("r.id, o.out_trade_no, r.out_request_no, r.amount_fen, r.state, r.authorised_by, "
                          "r.reason, r.created_at, r.done_at");
}

Result<Order> OrderRows::order(const QSqlRecord& row)
{
    Order order;
    order.id = row.value(QStringLiteral("id")).toLongLong();
    order.outTradeNo = row.value(QStringLiteral("out_trade_no")).toString();
    order.appId = row.value(QStringLiteral("app_id")).toString();
    order.totalAmount = Money::fromFen(row.value(QStringLiteral("total_fen")).toLongLong());
    order.refundedAmount = Money::fromFen(row.value(QStringLiteral("refunded_fen")).toLongLong());
    order.subject = row.value(QStringLiteral("subject")).toString();
    const QString mode = row.value(QStringLiteral("pay_mode")).toString();
    const auto parsedMode = parsePayMode(mode);
    if (!parsedMode)
        return unreadable(QStringLiteral("payment mode"), mode, order.outTradeNo);
    order.mode = *parsedMode;
    const QString state = row.value(QStringLiteral("state")).toString();
    const auto parsedState = parseOrderState(state);
    if (!parsedState)
        return unreadable(QStringLiteral("order state"), state, order.outTradeNo);
    order.state = *parsedState;
    order.tradeNo = row.value(QStringLiteral("trade_no")).toString();
    order.buyerLogonId = row.value(QStringLiteral("buyer_logon_id")).toString();
    order.buyerUserIdMasked = row.value(QStringLiteral("buyer_user_id_masked")).toString();
    order.terminalId = row.value(QStringLiteral("terminal_id")).toString();
    order.cashierId = row.value(QStringLiteral("cashier_id")).toString();
    order.qrCode = row.value(QStringLiteral("qr_code")).toString();
    order.reason = row.value(QStringLiteral("reason")).toString();
    order.createdAt = time(row.value(QStringLiteral("created_at")));
    order.updatedAt = time(row.value(QStringLiteral("updated_at")));
    order.paidAt = time(row.value(QStringLiteral("paid_at")));
    order.expiresAt = time(row.value(QStringLiteral("expires_at")));
    return order;
}

Result<OrderEvent> OrderRows::event(const QSqlRecord& row)
{
    OrderEvent event;
    event.id = row.value(QStringLiteral("id")).toLongLong();
    event.outTradeNo = row.value(QStringLiteral("out_trade_no")).toString();
    event.at = time(row.value(QStringLiteral("happened_at")));
    const QString from = row.value(QStringLiteral("from_state")).toString();
    const QString to = row.value(QStringLiteral("to_state")).toString();
    const QString source = row.value(QStringLiteral("source")).toString();
    const auto parsedFrom = parseOrderState(from);
    const auto parsedTo = parseOrderState(to);
    const auto parsedSource = parseEventSource(source);
    if (!parsedFrom)
        return unreadable(QStringLiteral("order state"), from, event.outTradeNo);
    if (!parsedTo)
        return unreadable(QStringLiteral("order state"), to, event.outTradeNo);
    if (!parsedSource)
        return unreadable(QStringLiteral("event source"), source, event.outTradeNo);
    event.from = *parsedFrom;
    event.to = *parsedTo;
    event.source = *parsedSource;
    event.code = row.value(QStringLiteral("code")).toString();
    event.subCode = row.value(QStringLiteral("sub_code")).toString();
    event.note = row.value(QStringLiteral("note")).toString();
    return event;
}

Result<Refund> OrderRows::refund(const QSqlRecord& row)
{
    Refund refund;
    refund.id = row.value(QStringLiteral("id")).toLongLong();
    refund.outTradeNo = row.value(QStringLiteral("out_trade_no")).toString();
    refund.outRequestNo = row.value(QStringLiteral("out_request_no")).toString();
    refund.amount = Money::fromFen(row.value(QStringLiteral("amount_fen")).toLongLong());
    const QString state = row.value(QStringLiteral("state")).toString();
    const auto parsedState = parseRefundState(state);
    if (!parsedState)
        return unreadable(QStringLiteral("refund state"), state, refund.outRequestNo);
    refund.state = *parsedState;
    refund.authorisedBy = row.value(QStringLiteral("authorised_by")).toString();
    refund.reason = row.value(QStringLiteral("reason")).toString();
    refund.createdAt = time(row.value(QStringLiteral("created_at")));
    refund.doneAt = time(row.value(QStringLiteral("done_at")));
    return refund;
}

QVariant OrderRows::time(const QDateTime& instant)
{
    if (!instant.isValid())
        return QVariant(QMetaType::fromType<qint64>());
    return instant.toMSecsSinceEpoch();
}

QDateTime OrderRows::time(const QVariant& value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace counterpay::store
