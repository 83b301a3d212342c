#include "report/ReportFormat.h"

#include "alipay/ChinaTime.h"
#include "store/OrderState.h"

#include <QJsonArray>

namespace counterpay::report {

namespace {

QJsonObject totalsJson(const DayReport::Totals& totals)
{
    return QJsonObject{
        {QStringLiteral("paid_count"), totals.paid.count},
        {QStringLiteral("paid_amount"), totals.paid.amount.toString()},
        {QStringLiteral("not_paid_count"), totals.notPaid},
        {QStringLiteral("open_count"), totals.open},
        {QStringLiteral("refund_count"), totals.refunds.count},
        {QStringLiteral("refund_amount"), totals.refunds.amount.toString()},
        {QStringLiteral("net_amount"), totals.net().toString()},
    };
}

QString chinaTime(const QDateTime& instant)
{
    if (!instant.isValid())
        return QString();
    return alipay::ChinaTime::of(instant).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

// Rows of CSV fields, written with CRLF line ends.
class CsvWriter
{
public:
    void row(const QStringList& fields)
    {
        QStringList quoted;
        for (const QString& field : fields)
            quoted << ReportFormat::csvField(field);
        m_text += quoted.join(u',') + QStringLiteral("\r\n");
    }
    void gap() { m_text += QStringLiteral("\r\n"); }
    QByteArray bytes() const { return QByteArrayLiteral("\xEF\xBB\xBF") + m_text.toUtf8(); }

private:
    QString m_text;
};

QString number(qint64 value)
{
    return QString::number(value);
}

} // namespace

QString ReportFormat::csvField(const QString& value)
{
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n') && !value.contains(u'\r'))
        return value;
    QString escaped = value;
    escaped.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + escaped + u'"';
}

QJsonObject ReportFormat::toJson(const DayReport& report)
{
    QJsonObject states;
    for (store::OrderState state : store::kAllOrderStates)
        states.insert(store::orderStateName(state), report.countIn(state));
    QJsonArray hourly;
    for (std::size_t hour = 0; hour < report.hourly.size(); ++hour)
        hourly.append(QJsonObject{{QStringLiteral("hour"), int(hour)},
                                  {QStringLiteral("paid_count"), report.hourly[hour].count},
                                  {QStringLiteral("paid_amount"), report.hourly[hour].amount.toString()}});
    return QJsonObject{
        {QStringLiteral("business_day"), report.day.toString(Qt::ISODate)},
        {QStringLiteral("app_id"), report.appId},
        {QStringLiteral("orders_created"), report.ordersCreated()},
        {QStringLiteral("first_out_trade_no"), report.firstOutTradeNo},
        {QStringLiteral("last_out_trade_no"), report.lastOutTradeNo},
        {QStringLiteral("totals"), QJsonObject{{QStringLiteral("qr"), totalsJson(report.qr)},
                                               {QStringLiteral("barcode"), totalsJson(report.barcode)},
                                               {QStringLiteral("all"), totalsJson(report.all)}}},
        {QStringLiteral("states"), states},
        {QStringLiteral("hourly"), hourly},
    };
}

QByteArray ReportFormat::toCsv(const DayReport& report)
{
    CsvWriter csv;
    csv.row({QStringLiteral("section"), QStringLiteral("business_day"), QStringLiteral("app_id"),
             QStringLiteral("orders_created"), QStringLiteral("first_out_trade_no"),
             QStringLiteral("last_out_trade_no")});
    csv.row({QStringLiteral("day"), report.day.toString(Qt::ISODate), report.appId, number(report.ordersCreated()),
             report.firstOutTradeNo, report.lastOutTradeNo});
    csv.gap();
    csv.row({QStringLiteral("section"), QStringLiteral("pay_mode"), QStringLiteral("paid_count"),
             QStringLiteral("paid_amount"), QStringLiteral("not_paid_count"), QStringLiteral("open_count"),
             QStringLiteral("net_amount")});
    const std::array<std::pair<QString, const DayReport::Totals*>, 3> modes{{
        {QStringLiteral("qr"), &report.qr},
        {QStringLiteral("barcode"), &report.barcode},
        {QStringLiteral("all"), &report.all},
    }};
    for (const auto& [name, totals] : modes)
        csv.row({QStringLiteral("totals"), name, number(totals->paid.count), totals->paid.amount.toString(),
                 number(totals->notPaid), number(totals->open), totals->net().toString()});
    csv.gap();
    csv.row({QStringLiteral("section"), QStringLiteral("state"), QStringLiteral("count")});
    for (store::OrderState state : store::kAllOrderStates)
        csv.row({QStringLiteral("state"), store::orderStateName(state), number(report.countIn(state))});
    csv.gap();
    csv.row({QStringLiteral("section"), QStringLiteral("pay_mode"), QStringLiteral("refund_count"),
             QStringLiteral("refund_amount")});
    for (const auto& [name, totals] : modes)
        csv.row({QStringLiteral("refunds"), name, number(totals->refunds.count), totals->refunds.amount.toString()});
    csv.gap();
    csv.row({QStringLiteral("section"), QStringLiteral("hour"), QStringLiteral("paid_count"),
             QStringLiteral("paid_amount")});
    for (std::size_t hour = 0; hour < report.hourly.size(); ++hour)
        csv.row({QStringLiteral("hourly"), QStringLiteral("%1:00").arg(int(hour), 2, 10, QChar(u'0')),
                 number(report.hourly[hour].count), report.hourly[hour].amount.toString()});
    return csv.bytes();
}

QStringList ReportFormat::toText(const DayReport& report)
{
    QStringList lines;
    const QString app = report.appId.isEmpty() ? tr("all apps") : tr("app %1").arg(report.appId);
    lines << tr("Day report %1 (China time, %2)").arg(report.day.toString(Qt::ISODate), app);
    if (report.ordersCreated() == 0)
        lines << tr("Orders created: none");
    else
        lines << tr("Orders created: %1, from %2 to %3")
                     .arg(report.ordersCreated())
                     .arg(report.firstOutTradeNo, report.lastOutTradeNo);
    lines << tr("Paid: %1 order(s), %2 (QR code %3, %4; payment code %5, %6)")
                 .arg(report.all.paid.count)
                 .arg(report.all.paid.amount.toString())
                 .arg(report.qr.paid.count)
                 .arg(report.qr.paid.amount.toString())
                 .arg(report.barcode.paid.count)
                 .arg(report.barcode.paid.amount.toString());
    lines << tr("Not paid: %1; still open: %2").arg(report.all.notPaid).arg(report.all.open);
    lines << tr("Refunds done: %1, %2").arg(report.all.refunds.count).arg(report.all.refunds.amount.toString());
    lines << tr("Net: %1").arg(report.all.net().toString());
    QStringList states;
    for (store::OrderState state : store::kAllOrderStates) {
        if (const qint64 count = report.countIn(state); count > 0)
            states << QStringLiteral("%1 %2").arg(store::orderStateName(state)).arg(count);
    }
    if (!states.isEmpty())
        lines << tr("By state: %1").arg(states.join(QStringLiteral(", ")));
    for (std::size_t hour = 0; hour < report.hourly.size(); ++hour) {
        const Tally& tally = report.hourly[hour];
        if (tally.count > 0)
            lines << tr("  %1:00  %2 paid, %3")
                         .arg(int(hour), 2, 10, QChar(u'0'))
                         .arg(tally.count)
                         .arg(tally.amount.toString());
    }
    return lines;
}

QJsonObject ReportFormat::toJson(const ShiftReport& report)
{
    return QJsonObject{
        {QStringLiteral("cashier_id"), report.cashierId},
        {QStringLiteral("terminal_id"), report.terminalId},
        {QStringLiteral("from"), chinaTime(report.from)},
        {QStringLiteral("until"), chinaTime(report.until)},
        {QStringLiteral("first_out_trade_no"), report.firstOutTradeNo},
        {QStringLiteral("first_at"), chinaTime(report.firstAt)},
        {QStringLiteral("last_out_trade_no"), report.lastOutTradeNo},
        {QStringLiteral("last_at"), chinaTime(report.lastAt)},
        {QStringLiteral("order_count"), report.orders},
        {QStringLiteral("paid_count"), report.paid.count},
        {QStringLiteral("paid_amount"), report.paid.amount.toString()},
        {QStringLiteral("not_paid_count"), report.notPaid},
        {QStringLiteral("open_count"), report.open},
        {QStringLiteral("refund_count"), report.refunds.count},
        {QStringLiteral("refund_amount"), report.refunds.amount.toString()},
        {QStringLiteral("net_amount"), report.net().toString()},
    };
}

QStringList ReportFormat::toText(const ShiftReport& report)
{
    QStringList lines;
    lines << tr("Shift of %1 at terminal %2, %3 to %4 (China time)")
                 .arg(report.cashierId, report.terminalId, chinaTime(report.from), chinaTime(report.until));
    if (report.orders == 0)
        lines << tr("Orders: none");
    else
        lines << tr("Orders: %1, first %2 at %3, last %4 at %5")
                     .arg(report.orders)
                     .arg(report.firstOutTradeNo, chinaTime(report.firstAt), report.lastOutTradeNo,
                          chinaTime(report.lastAt));
    lines << tr("Paid: %1 order(s), %2").arg(report.paid.count).arg(report.paid.amount.toString());
    lines << tr("Not paid (closed or failed): %1; still open: %2").arg(report.notPaid).arg(report.open);
    lines
        << tr("Refunds done at this terminal: %1, %2").arg(report.refunds.count).arg(report.refunds.amount.toString());
    lines << tr("Net: %1").arg(report.net().toString());
    return lines;
}

} // namespace counterpay::report
