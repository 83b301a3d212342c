#include "reconcile/TradeBillParser.h"

#include "alipay/ChinaTime.h"
#include "alipay/Timestamp.h"
#include "common/Utf8.h"
#include "reconcile/CsvReader.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>

#include <optional>

namespace counterpay::reconcile {

namespace {

const QString kTradeNo = QStringLiteral("支付宝交易号");
const QString kOutTradeNo = QStringLiteral("商户订单号");
const QString kType = QStringLiteral("业务类型");
const QString kSubject = QStringLiteral("商品名称");
const QString kCreated = QStringLiteral("创建时间");
const QString kCompleted = QStringLiteral("完成时间");
const QString kStoreId = QStringLiteral("门店编号");
const QString kOperator = QStringLiteral("操作员");
const QString kTerminal = QStringLiteral("终端号");
const QString kOrderAmount = QStringLiteral("订单金额（元）");
const QString kReceived = QStringLiteral("商家实收（元）");
const QString kMerchantDiscount = QStringLiteral("商家优惠（元）");
const QString kRequestNo = QStringLiteral("退款批次号/请求号");
const QString kRemark = QStringLiteral("备注");

const QString kPaymentType = QStringLiteral("交易");
const QString kRefundType = QStringLiteral("退款");

Error unusable(const QString& where, const QString& what)
{
    return Error::gateway(TradeBillParser::tr("The trade bill cannot be read (%1): %2").arg(where, what));
}

Error atLine(int line, const QString& what)
{
    return unusable(TradeBillParser::tr("line %1").arg(line), what);
}

// Header names as Alipay writes them, whether its parentheses are full-width or not.
QString normalisedHeader(const QString& name)
{
    QString text = name.trimmed();
    text.replace(u'(', u'（').replace(u')', u'）');
    return text;
}

// The text of "[2026年11月26日 00:00:00]" after `label` in a header comment, read as China time.
std::optional<QDateTime> bracketTime(const QString& comment, const QString& label)
{
    const qsizetype at = comment.indexOf(label);
    if (at < 0)
        return std::nullopt;
    const qsizetype open = comment.indexOf(u'[', at);
    const qsizetype close = comment.indexOf(u']', open);
    if (open < 0 || close < 0)
        return std::nullopt;
    const QString text = comment.mid(open + 1, close - open - 1).trimmed();
    const QDateTime local = QDateTime::fromString(text, QStringLiteral("yyyy年MM月dd日 HH:mm:ss"));
    if (!local.isValid())
        return std::nullopt;
    return alipay::ChinaTime::at(local.date(), local.time());
}

Result<QString> decode(const QByteArray& bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        auto text = Utf8::decodeStrict(QByteArrayView(bytes).sliced(3));
        if (!text)
            return unusable(TradeBillParser::tr("encoding"), TradeBillParser::tr("it starts as UTF-8 but is not"));
        return *text;
    }
    // Alipay writes GBK; GB18030 reads every GBK text the same.
    QStringDecoder decoder("GB18030");
    QString text = decoder.decode(bytes);
    if (!decoder.hasError())
        return text;
    // Line breaks are single bytes in GB18030 (never part of a character), so the culprit's line is
    // found by decoding line by line.
    int line = 1;
    for (qsizetype start = 0; start < bytes.size(); ++line) {
        qsizetype end = bytes.indexOf('\n', start);
        end = end < 0 ? bytes.size() : end + 1;
        QStringDecoder lineDecoder("GB18030");
        const QString decoded = lineDecoder.decode(QByteArrayView(bytes).sliced(start, end - start));
        if (lineDecoder.hasError())
            break;
        start = end;
    }
    return atLine(line, TradeBillParser::tr("the text is not GBK"));
}

struct TotalsLine
{
    int count = 0;
    Money received;
    Money discount;
};

// "#交易合计：3笔，商家实收共36.00元，商家优惠共0.00元" and
// "#退款合计：1笔，商家实收退款共-2.00元，商家优惠退款共0.00元".
Result<TotalsLine> totalsLine(const QString& comment, int line, bool refunds)
{
    static const QRegularExpression payments(QStringLiteral("^交易合计[：:]\\s*(\\d{1,9})\\s*笔[，,]\\s*商家实收共\\s*("
                                                            "\\S+?)\\s*元[，,]\\s*商家优惠共\\s*(\\S+?)\\s*元\\s*$"));
    static const QRegularExpression refundTotals(QStringLiteral(
        "^退款合计[：:]\\s*(\\d{1,9})\\s*笔[，,]\\s*商家实收退款共\\s*(\\S+?)\\s*元[，,]\\s*商家优惠退款共"
        "\\s*(\\S+?)\\s*元\\s*$"));
    const QRegularExpressionMatch match = (refunds ? refundTotals : payments).match(comment.trimmed());
    if (!match.hasMatch())
        return atLine(line, TradeBillParser::tr("the totals line \"#%1\" is not in Alipay's layout").arg(comment));
    TotalsLine totals;
    totals.count = match.captured(1).toInt();
    auto received = Money::parse(match.captured(2), Money::Kind::Signed);
    auto discount = Money::parse(match.captured(3), Money::Kind::Signed);
    if (!received || !discount)
        return atLine(line,
                      TradeBillParser::tr("the totals line \"#%1\" holds an amount that is not one").arg(comment));
    totals.received = *received;
    totals.discount = *discount;
    return totals;
}

class RowReader
{
public:
    RowReader(const QHash<QString, qsizetype>& columns, const QStringList& names)
        : m_columns(columns)
        , m_names(names)
    {}

    Result<BillRow> read(const CsvRecord& record) const
    {
        if (record.fields.size() != m_names.size())
            return atLine(record.line, TradeBillParser::tr("%1 fields where the header has %2; the row is cut short "
                                                           "or broken")
                                           .arg(record.fields.size())
                                           .arg(m_names.size()));
        BillRow row;
        row.line = record.line;
        const QString type = value(record, kType);
        if (type == kPaymentType)
            row.type = BillRow::Type::Payment;
        else if (type == kRefundType)
            row.type = BillRow::Type::Refund;
        else
            return fieldError(record, kType, TradeBillParser::tr("\"%1\" is neither 交易 nor 退款").arg(type));
        row.tradeNo = value(record, kTradeNo);
        row.outTradeNo = value(record, kOutTradeNo);
        if (row.tradeNo.isEmpty())
            return fieldError(record, kTradeNo, TradeBillParser::tr("empty"));
        if (row.outTradeNo.isEmpty())
            return fieldError(record, kOutTradeNo, TradeBillParser::tr("empty"));
        row.subject = value(record, kSubject);
        row.storeId = value(record, kStoreId);
        row.operatorId = value(record, kOperator);
        row.terminalId = value(record, kTerminal);
        row.outRequestNo = value(record, kRequestNo);
        row.remark = value(record, kRemark);

        auto created = time(record, kCreated, false);
        if (!created)
            return created.error();
        row.createdAt = *created;
        auto completed = time(record, kCompleted, true);
        if (!completed)
            return completed.error();
        row.completedAt = *completed;

        auto ordered = amount(record, kOrderAmount, true);
        if (!ordered)
            return ordered.error();
        auto received = amount(record, kReceived, true);
        if (!received)
            return received.error();
        auto discount = amount(record, kMerchantDiscount, false);
        if (!discount)
            return discount.error();
        row.orderAmount = *ordered;
        row.received = *received;
        row.merchantDiscount = *discount;
        if (row.orderAmount.isNegative())
            return fieldError(record, kOrderAmount, TradeBillParser::tr("a trade's amount cannot be negative"));
        if (row.isRefund() && !row.received.isNegative())
            return fieldError(record, kReceived, TradeBillParser::tr("a refund row must be negative"));
        if (!row.isRefund() && row.received.isNegative())
            return fieldError(record, kReceived, TradeBillParser::tr("a payment row cannot be negative"));
        return row;
    }

private:
    // Absent optional columns read as empty. Alipay pads long numbers with a tab (so spreadsheets keep
    // them as text); spaces and tabs around a value are not part of it.
    QString value(const CsvRecord& record, const QString& name) const
    {
        const qsizetype index = m_columns.value(name, -1);
        return index < 0 ? QString() : record.fields.at(index).trimmed();
    }

    Error fieldError(const CsvRecord& record, const QString& name, const QString& what) const
    {
        return unusable(TradeBillParser::tr("line %1, column %2 (%3)")
                            .arg(record.line)
                            .arg(m_columns.value(name, -1) + 1)
                            .arg(name),
                        what);
    }

    Result<Money> amount(const CsvRecord& record, const QString& name, bool required) const
    {
        const QString text = value(record, name);
        if (text.isEmpty() && !required)
            return Money();
        auto money = Money::parse(text, Money::Kind::Signed);
        if (!money)
            return fieldError(record, name, TradeBillParser::tr("\"%1\" is not an amount").arg(text));
        return money;
    }

    Result<QDateTime> time(const CsvRecord& record, const QString& name, bool required) const
    {
        const QString text = value(record, name);
        if (text.isEmpty() && !required)
            return QDateTime();
        auto instant = alipay::Timestamp::parse(text);
        if (!instant)
            return fieldError(record, name,
                              TradeBillParser::tr("\"%1\" is not a time like 2026-11-26 12:30:00").arg(text));
        return *instant;
    }

    const QHash<QString, qsizetype>& m_columns;
    const QStringList& m_names;
};

Result<void> check(bool agrees, int line, const QString& what)
{
    if (agrees)
        return {};
    return atLine(line, what);
}

} // namespace

const QStringList& TradeBillParser::requiredColumns()
{
    static const QStringList columns{kTradeNo,  kOutTradeNo,       kType,     kCompleted, kTerminal, kOrderAmount,
                                     kReceived, kMerchantDiscount, kRequestNo};
    return columns;
}

Result<TradeBill> TradeBillParser::parse(const QByteArray& bytes)
{
    auto text = decode(bytes);
    if (!text)
        return text.error();
    return parseText(*text);
}

Result<TradeBill> TradeBillParser::parseText(const QString& text)
{
    auto records = CsvReader::read(text);
    if (!records)
        return unusable(tr("CSV"), records.error().message());

    enum class Part
    {
        Header, // '#' lines before the column header
        Rows,
        Footer, // after the end marker
    };
    Part part = Part::Header;
    TradeBill bill;
    QStringList names;
    QHash<QString, qsizetype> columns;
    std::optional<TotalsLine> paymentTotals;
    std::optional<TotalsLine> refundTotals;
    int paymentTotalsLine = 0;
    int refundTotalsLine = 0;
    int lastLine = 0;
    Money payments;
    Money paymentDiscounts;
    Money refunds;
    Money refundDiscounts;
    int paymentRows = 0;
    int refundRows = 0;

    for (const CsvRecord& record : std::as_const(*records)) {
        lastLine = record.line;
        if (record.isComment) {
            const QString& comment = record.comment;
            const bool marker = comment.startsWith(u'-') && comment.contains(QStringLiteral("业务明细列表"));
            if (marker && comment.contains(QStringLiteral("结束"))) {
                if (part != Part::Rows)
                    return atLine(record.line, tr("an end marker without a column header before it"));
                part = Part::Footer;
            } else if (marker) {
                if (part != Part::Header)
                    return atLine(record.line, tr("a second start marker"));
            } else if (part == Part::Rows) {
                return atLine(record.line, tr("a '#' line among the rows, before the end marker"));
            } else if (comment.startsWith(QStringLiteral("账号"))) {
                const qsizetype open = comment.indexOf(u'[');
                const qsizetype close = comment.indexOf(u']', open);
                if (open >= 0 && close > open)
                    bill.account = comment.mid(open + 1, close - open - 1).trimmed();
            } else if (comment.startsWith(QStringLiteral("起始日期"))) {
                bill.from = bracketTime(comment, QStringLiteral("起始日期")).value_or(QDateTime());
                bill.to = bracketTime(comment, QStringLiteral("终止日期")).value_or(QDateTime());
            } else if (comment.startsWith(QStringLiteral("导出时间"))) {
                bill.exportedAt = bracketTime(comment, QStringLiteral("导出时间")).value_or(QDateTime());
            } else if (comment.startsWith(QStringLiteral("交易合计"))) {
                if (part != Part::Footer || paymentTotals)
                    return atLine(record.line, tr("a #交易合计 line out of place"));
                auto totals = totalsLine(comment, record.line, false);
                if (!totals)
                    return totals.error();
                paymentTotals = *totals;
                paymentTotalsLine = record.line;
            } else if (comment.startsWith(QStringLiteral("退款合计"))) {
                if (part != Part::Footer || refundTotals)
                    return atLine(record.line, tr("a #退款合计 line out of place"));
                auto totals = totalsLine(comment, record.line, true);
                if (!totals)
                    return totals.error();
                refundTotals = *totals;
                refundTotalsLine = record.line;
            }
            continue;
        }

        if (part == Part::Footer)
            return atLine(record.line, tr("a row after the end marker"));
        if (part == Part::Header) {
            for (qsizetype i = 0; i < record.fields.size(); ++i) {
                const QString name = normalisedHeader(record.fields.at(i));
                if (!name.isEmpty() && columns.contains(name))
                    return unusable(tr("line %1, column %2").arg(record.line).arg(i + 1),
                                    tr("the column %1 appears twice").arg(name));
                columns.insert(name, i);
                names.append(name);
            }
            QStringList missing;
            for (const QString& name : requiredColumns()) {
                if (!columns.contains(name))
                    missing.append(name);
            }
            if (!missing.isEmpty())
                return atLine(record.line, tr("the column header lacks %1; is this the detail file (业务明细) of a "
                                              "trade bill?")
                                               .arg(missing.join(QStringLiteral(", "))));
            part = Part::Rows;
            continue;
        }

        auto row = RowReader(columns, names).read(record);
        if (!row)
            return row.error();
        std::optional<Money> received;
        std::optional<Money> discount;
        if (row->isRefund()) {
            ++refundRows;
            received = refunds.checkedAdd(row->received);
            discount = refundDiscounts.checkedAdd(row->merchantDiscount);
            if (received && discount) {
                refunds = *received;
                refundDiscounts = *discount;
            }
        } else {
            ++paymentRows;
            received = payments.checkedAdd(row->received);
            discount = paymentDiscounts.checkedAdd(row->merchantDiscount);
            if (received && discount) {
                payments = *received;
                paymentDiscounts = *discount;
            }
        }
        if (!received || !discount)
            return atLine(record.line, tr("the amounts add up to more than can be counted"));
        bill.rows.append(std::move(*row));
    }

    if (part != Part::Footer)
        return atLine(lastLine, part == Part::Header
                                    ? tr("the file ends before its column header; it is not a trade bill or it was "
                                         "cut short")
                                    : tr("the file ends before its end marker (#---业务明细列表结束---); it was cut "
                                         "short"));
    if (!paymentTotals || !refundTotals)
        return atLine(lastLine, tr("the file ends without its %1 line; it was cut short")
                                    .arg(!paymentTotals ? QStringLiteral("#交易合计") : QStringLiteral("#退款合计")));

    // The totals are Alipay's own sums: a bill whose rows do not add up to them is not complete.
    // Refund totals are negative as the rows are; a positive one is read as the same sum.
    const auto sameSum = [](Money total, Money rows) { return total == rows || total.fen() == -rows.fen(); };
    if (auto ok = check(paymentTotals->count == paymentRows, paymentTotalsLine,
                        tr("it counts %1 payments, the rows hold %2").arg(paymentTotals->count).arg(paymentRows));
        !ok)
        return ok.error();
    if (auto ok = check(paymentTotals->received == payments, paymentTotalsLine,
                        tr("it sums the payments to %1, the rows to %2")
                            .arg(paymentTotals->received.toString(), payments.toString()));
        !ok)
        return ok.error();
    if (auto ok = check(paymentTotals->discount == paymentDiscounts, paymentTotalsLine,
                        tr("it sums the merchant discounts to %1, the rows to %2")
                            .arg(paymentTotals->discount.toString(), paymentDiscounts.toString()));
        !ok)
        return ok.error();
    if (auto ok = check(refundTotals->count == refundRows, refundTotalsLine,
                        tr("it counts %1 refunds, the rows hold %2").arg(refundTotals->count).arg(refundRows));
        !ok)
        return ok.error();
    if (auto ok = check(
            sameSum(refundTotals->received, refunds), refundTotalsLine,
            tr("it sums the refunds to %1, the rows to %2").arg(refundTotals->received.toString(), refunds.toString()));
        !ok)
        return ok.error();
    if (auto ok = check(sameSum(refundTotals->discount, refundDiscounts), refundTotalsLine,
                        tr("it sums the refunded merchant discounts to %1, the rows to %2")
                            .arg(refundTotals->discount.toString(), refundDiscounts.toString()));
        !ok)
        return ok.error();

    bill.totals =
        BillTotals{paymentTotals->count, paymentTotals->received, paymentTotals->discount, refundTotals->count, refunds,
                   refundDiscounts};
    return bill;
}

} // namespace counterpay::reconcile
