#include "BillArchive.h"

#include "alipay/Timestamp.h"

#include <QCoreApplication>
#include <QStringEncoder>

#include <zip.h>

#include <algorithm>
#include <map>
#include <memory>

namespace counterpay::sandbox {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("BillArchive", text);
}

const QString kMarker = QStringLiteral("-----------------------------------------");
const QString kNewline = QStringLiteral("\r\n");

QString chinaTime(const QDateTime& instant)
{
    return alipay::Timestamp::format(instant);
}

// "[2026年11月26日 00:00:00]", the way the header and footer lines write dates.
QString bracketDate(const QDateTime& instant)
{
    return u'[' + alipay::ChinaTime::of(instant).toString(QStringLiteral("yyyy年MM月dd日 HH:mm:ss")) + u']';
}

QString csvField(const QString& value)
{
    if (!value.contains(u',') && !value.contains(u'"') && !value.contains(u'\n') && !value.contains(u'\r'))
        return value;
    QString quoted = value;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString csvLine(const QStringList& fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString& field : fields)
        escaped.append(csvField(field));
    return escaped.join(u',') + kNewline;
}

// Alipay pads its long numbers with a tab so spreadsheets keep them as text.
QString padded(const QString& number)
{
    return number.isEmpty() ? number : number + u'\t';
}

QString account(const QString& sellerId)
{
    return sellerId + QStringLiteral("0156");
}

QString headerLines(const BillArchive::Content& content, const QString& title)
{
    return u'#' + title + kNewline + QStringLiteral("#账号：[") + account(content.sellerId) + u']' + kNewline +
           QStringLiteral("#起始日期：") + bracketDate(content.bill.from) + QStringLiteral("   终止日期：") +
           bracketDate(content.bill.to) + kNewline;
}

Money sum(Money a, Money b)
{
    return a.checkedAdd(b).value_or(a);
}

struct ZipFree
{
    void operator()(zip_source_t* source) const { zip_source_free(source); }
};

} // namespace

const QStringList& BillArchive::detailColumns()
{
    static const QStringList columns{
        QStringLiteral("支付宝交易号"),
        QStringLiteral("商户订单号"),
        QStringLiteral("业务类型"),
        QStringLiteral("商品名称"),
        QStringLiteral("创建时间"),
        QStringLiteral("完成时间"),
        QStringLiteral("门店编号"),
        QStringLiteral("门店名称"),
        QStringLiteral("操作员"),
        QStringLiteral("终端号"),
        QStringLiteral("对方账户"),
        QStringLiteral("订单金额（元）"),
        QStringLiteral("商家实收（元）"),
        QStringLiteral("支付宝红包（元）"),
        QStringLiteral("集分宝（元）"),
        QStringLiteral("支付宝优惠（元）"),
        QStringLiteral("商家优惠（元）"),
        QStringLiteral("券核销金额（元）"),
        QStringLiteral("券名称"),
        QStringLiteral("商家红包消费金额（元）"),
        QStringLiteral("卡消费金额（元）"),
        QStringLiteral("退款批次号/请求号"),
        QStringLiteral("服务费（元）"),
        QStringLiteral("分润（元）"),
        QStringLiteral("备注"),
    };
    return columns;
}

QString BillArchive::detailCsv(const Content& content)
{
    struct Row
    {
        QDateTime completedAt;
        QStringList fields;
    };
    const QString zero = Money().toString();
    std::vector<Row> rows;
    Money paidTotal;
    Money refundedTotal;
    for (const Trade& trade : content.payments) {
        paidTotal = sum(paidTotal, trade.total);
        rows.push_back({trade.paidAt,
                        {padded(trade.tradeNo),
                         padded(trade.outTradeNo),
                         QStringLiteral("交易"),
                         trade.subject,
                         chinaTime(trade.createdAt),
                         chinaTime(trade.paidAt),
                         trade.storeId,
                         QString(),
                         trade.operatorId,
                         trade.terminalId,
                         trade.buyerLogonId,
                         trade.total.toString(),
                         trade.total.toString(),
                         zero,
                         zero,
                         zero,
                         zero,
                         zero,
                         QString(),
                         zero,
                         zero,
                         QString(),
                         zero,
                         zero,
                         QString()}});
    }
    for (const auto& [refund, trade] : content.refunds) {
        refundedTotal = sum(refundedTotal, refund.amount);
        const QString negative = Money::fromFen(-refund.amount.fen()).toString();
        rows.push_back({refund.refundedAt,
                        {padded(trade.tradeNo),
                         padded(trade.outTradeNo),
                         QStringLiteral("退款"),
                         trade.subject,
                         chinaTime(trade.createdAt),
                         chinaTime(refund.refundedAt),
                         trade.storeId,
                         QString(),
                         trade.operatorId,
                         trade.terminalId,
                         trade.buyerLogonId,
                         trade.total.toString(),
                         negative,
                         zero,
                         zero,
                         zero,
                         zero,
                         zero,
                         QString(),
                         zero,
                         zero,
                         padded(refund.outRequestNo),
                         zero,
                         zero,
                         refund.reason}});
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.completedAt < b.completedAt; });

    QString text = headerLines(content, QStringLiteral("支付宝业务明细查询"));
    text += u'#' + kMarker + QStringLiteral("业务明细列表") + kMarker.left(kMarker.size() - 1) + kNewline;
    text += detailColumns().join(u',') + kNewline;
    for (const Row& row : rows)
        text += csvLine(row.fields);
    text += u'#' + kMarker + QStringLiteral("业务明细列表结束") + kMarker.left(kMarker.size() - 5) + kNewline;
    text += QStringLiteral("#交易合计：%1笔，商家实收共%2元，商家优惠共%3元")
                .arg(content.payments.size())
                .arg(paidTotal.toString(), zero) +
            kNewline;
    text += QStringLiteral("#退款合计：%1笔，商家实收退款共%2元，商家优惠退款共%3元")
                .arg(content.refunds.size())
                .arg(Money::fromFen(-refundedTotal.fen()).toString(), zero) +
            kNewline;
    text += QStringLiteral("#导出时间：") + bracketDate(content.exportedAt) + kNewline;
    return text;
}

QString BillArchive::summaryCsv(const Content& content)
{
    struct Store
    {
        int payments = 0;
        int refunds = 0;
        Money ordered;
        Money received;
    };
    std::map<QString, Store> stores;
    for (const Trade& trade : content.payments) {
        Store& store = stores[trade.storeId];
        ++store.payments;
        store.ordered = sum(store.ordered, trade.total);
        store.received = sum(store.received, trade.total);
    }
    for (const auto& [refund, trade] : content.refunds) {
        Store& store = stores[trade.storeId];
        ++store.refunds;
        store.received = Money::fromFen(store.received.fen() - refund.amount.fen());
    }
    const QString zero = Money().toString();
    const auto line = [&](const QString& id, const Store& store) {
        return csvLine({id, QString(), QString::number(store.payments), QString::number(store.refunds),
                        store.ordered.toString(), store.received.toString(), zero, zero, zero, zero, zero,
                        store.received.toString()});
    };

    QString text = headerLines(content, QStringLiteral("支付宝业务汇总查询"));
    text += u'#' + kMarker + QStringLiteral("业务汇总列表") + kMarker.left(kMarker.size() - 1) + kNewline;
    text +=
        QStringLiteral("门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,"
                       "商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）") +
        kNewline;
    Store total;
    for (const auto& [id, store] : stores) {
        text += line(id, store);
        total.payments += store.payments;
        total.refunds += store.refunds;
        total.ordered = sum(total.ordered, store.ordered);
        total.received = Money::fromFen(total.received.fen() + store.received.fen());
    }
    text += line(QStringLiteral("合计"), total);
    text += u'#' + kMarker + QStringLiteral("业务汇总列表结束") + kMarker.left(kMarker.size() - 5) + kNewline;
    text += QStringLiteral("#导出时间：") + bracketDate(content.exportedAt) + kNewline;
    return text;
}

QString BillArchive::detailFileName(const Content& content)
{
    return content.sellerId + u'_' + content.bill.period + QStringLiteral("_业务明细.csv");
}

QString BillArchive::summaryFileName(const Content& content)
{
    return content.sellerId + u'_' + content.bill.period + QStringLiteral("_业务明细(汇总).csv");
}

Result<QByteArray> BillArchive::zip(const Content& content)
{
    QStringEncoder gbk("GBK");
    const QByteArray detail = gbk.encode(detailCsv(content));
    const QByteArray summary = gbk.encode(summaryCsv(content));
    const QByteArray detailName = gbk.encode(detailFileName(content));
    const QByteArray summaryName = gbk.encode(summaryFileName(content));
    if (gbk.hasError())
        return Error::storage(tr("the bill has text that GBK cannot hold"));

    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, ZipFree> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer)
        return Error::storage(tr("cannot build the bill archive"), QString::fromUtf8(zip_error_strerror(&error)));
    zip_source_keep(buffer.get()); // survives zip_close: it holds the result
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (!archive) {
        const QString detailText = QString::fromUtf8(zip_error_strerror(&error));
        zip_error_fini(&error);
        return Error::storage(tr("cannot build the bill archive"), detailText);
    }
    // ZIP keeps wall-clock times without a zone and libzip writes them in the machine's zone; Alipay's
    // entries carry China time, so shift by the difference.
    const qint64 localOffset = content.exportedAt.toLocalTime().offsetFromUtc();
    const time_t mtime =
        static_cast<time_t>(content.exportedAt.toSecsSinceEpoch() + alipay::ChinaTime::kOffsetSeconds - localOffset);
    for (const auto& [name, data] : {std::pair{detailName, detail}, std::pair{summaryName, summary}}) {
        zip_source_t* file = zip_source_buffer(archive, data.constData(), static_cast<zip_uint64_t>(data.size()), 0);
        // ZIP_FL_ENC_CP437: the name is stored as given and not flagged as UTF-8, as Alipay's are.
        const zip_int64_t index = file ? zip_file_add(archive, name.constData(), file, ZIP_FL_ENC_CP437) : -1;
        if (index < 0) {
            if (file)
                zip_source_free(file);
            const QString detailText = QString::fromUtf8(zip_strerror(archive));
            zip_discard(archive);
            return Error::storage(tr("cannot build the bill archive"), detailText);
        }
        zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), mtime, 0);
    }
    // zip_close reads the entries' buffers: `detail` and `summary` are still alive here.
    if (zip_close(archive) != 0) {
        const QString detailText = QString::fromUtf8(zip_strerror(archive));
        zip_discard(archive);
        return Error::storage(tr("cannot build the bill archive"), detailText);
    }

    if (zip_source_open(buffer.get()) != 0)
        return Error::storage(tr("cannot read the bill archive back"));
    zip_source_seek(buffer.get(), 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer.get());
    zip_source_seek(buffer.get(), 0, SEEK_SET);
    QByteArray bytes(static_cast<qsizetype>(std::max<zip_int64_t>(size, 0)), Qt::Uninitialized);
    const zip_int64_t read = zip_source_read(buffer.get(), bytes.data(), static_cast<zip_uint64_t>(bytes.size()));
    zip_source_close(buffer.get());
    if (read != size)
        return Error::storage(tr("cannot read the bill archive back"));
    return bytes;
}

} // namespace counterpay::sandbox
