#include "reconcile/ReconcileReport.h"

#include <QJsonArray>

namespace counterpay::reconcile {

namespace {

QJsonObject totalsJson(const ReconcileTotals& totals)
{
    return QJsonObject{
        {QStringLiteral("payments"), totals.payments},
        {QStringLiteral("paid_amount"), totals.paid.toString()},
        {QStringLiteral("refunds"), totals.refunds},
        {QStringLiteral("refunded_amount"), totals.refunded.toString()},
        {QStringLiteral("net_amount"), totals.net().toString()},
    };
}

QJsonObject mismatchJson(const Mismatch& mismatch)
{
    QJsonObject json{
        {QStringLiteral("kind"), Mismatch::kindName(mismatch.kind)},
        {QStringLiteral("out_trade_no"), mismatch.outTradeNo},
        {QStringLiteral("description"), mismatch.description},
        {QStringLiteral("action"), mismatch.action},
    };
    const auto set = [&json](const char* key, const QString& value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    set("out_request_no", mismatch.outRequestNo);
    if (mismatch.alipayAmount)
        json.insert(QStringLiteral("alipay_amount"), mismatch.alipayAmount->toString());
    if (mismatch.bookAmount)
        json.insert(QStringLiteral("book_amount"), mismatch.bookAmount->toString());
    set("alipay_trade_no", mismatch.alipayTradeNo);
    set("book_trade_no", mismatch.bookTradeNo);
    set("alipay_terminal_id", mismatch.alipayTerminal);
    set("book_terminal_id", mismatch.bookTerminal);
    set("book_state", mismatch.bookState);
    set("book_app_id", mismatch.bookAppId);
    if (mismatch.otherDay.isValid())
        json.insert(QStringLiteral("other_bill_date"), mismatch.otherDay.toString(Qt::ISODate));
    if (mismatch.billLine > 0)
        json.insert(QStringLiteral("bill_line"), mismatch.billLine);
    return json;
}

} // namespace

QString ReconcileReport::summary() const
{
    const QString date = day.toString(Qt::ISODate);
    const QString alipaySide =
        billFound ? tr("Alipay %1 payment(s) %2, %3 refund(s) %4")
                        .arg(alipay.payments)
                        .arg(alipay.paid.toString())
                        .arg(alipay.refunds)
                        .arg(alipay.refunded.toString())
                  : tr("Alipay has no bill for the day (none is made for a day without business, and a day's bill "
                       "is ready from 09:00 the next day)");
    const QString bookSide = tr("the book %1 payment(s) %2, %3 refund(s) %4")
                                 .arg(book.payments)
                                 .arg(book.paid.toString())
                                 .arg(book.refunds)
                                 .arg(book.refunded.toString());
    const QString verdict =
        agrees() ? tr("they agree") : tr("%n difference(s)", nullptr, static_cast<int>(mismatches.size()));
    return tr("%1: %2; %3: %4").arg(date, alipaySide, bookSide, verdict);
}

QJsonObject ReconcileReport::toJson() const
{
    QJsonArray list;
    for (const Mismatch& mismatch : mismatches)
        list.append(mismatchJson(mismatch));
    QJsonObject json{
        {QStringLiteral("bill_date"), day.toString(Qt::ISODate)},
        {QStringLiteral("app_id"), appId},
        {QStringLiteral("bill_found"), billFound},
        {QStringLiteral("agrees"), agrees()},
        {QStringLiteral("alipay"), totalsJson(alipay)},
        {QStringLiteral("book"), totalsJson(book)},
        {QStringLiteral("mismatches"), list},
    };
    if (!billFound && !noBillReason.isEmpty())
        json.insert(QStringLiteral("no_bill_sub_code"), noBillReason);
    if (!billFile.isEmpty())
        json.insert(QStringLiteral("bill_file"), billFile);
    return json;
}

} // namespace counterpay::reconcile
