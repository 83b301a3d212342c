#include "Refusal.h"
#include "alipay/ChinaTime.h"
#include "methods/MethodSupport.h"
#include "methods/Methods.h"

#include <QRegularExpression>

namespace counterpay::sandbox {

namespace {

using namespace support;

// alipay.data.dataservice.bill.downloadurl.query: a link, valid 30 s, to the trade bill of a day
// (bill_date yyyy-MM-dd) or a month (yyyy-MM). A period without business has no bill.
class BillDownloadUrlQuery final : public MethodHandler
{
public:
    QString method() const override { return QStringLiteral("alipay.data.dataservice.bill.downloadurl.query"); }

    ResponseNode handle(CallContext& context) override
    {
        const QString billType = context.biz("bill_type");
        if (billType != u"trade" && billType != u"signcustomer")
            return ResponseNode::invalidArgument(QStringLiteral("isv.invalid-parameter"),
                                                 QStringLiteral("参数无效：bill_type 须为 trade 或 signcustomer"));
        auto bill = period(context.biz("bill_date"));
        if (!bill)
            return ResponseNode::invalidArgument(QStringLiteral("isv.invalid-parameter"),
                                                 QStringLiteral("参数无效：bill_date 格式为 yyyy-MM-dd 或 yyyy-MM"));
        bill->appId = context.appId();
        // The sandbox keeps only the trade bill; the account bill (signcustomer) never has data here.
        if (billType != u"trade" || !context.bills.isReady(*bill))
            return refusal(refusals::kBillNotExist.toError());
        auto trades = context.acquirer.trades().paidBetween(bill->appId, bill->from, bill->to);
        if (!trades)
            return refusal(trades.error());
        auto refunds = context.acquirer.trades().refundsBetween(bill->appId, bill->from, bill->to);
        if (!refunds)
            return refusal(refunds.error());
        if (trades->isEmpty() && refunds->isEmpty())
            return refusal(refusals::kBillNotExist.toError());
        const QUrl url = context.bills.issue(*bill, context.baseUrl, context.gateway.sellerId);
        return ResponseNode::success().set(QStringLiteral("bill_download_url"), url.toString(QUrl::FullyEncoded));
    }

private:
    static std::optional<BillLinks::Bill> period(const QString& text)
    {
        static const QRegularExpression day(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
        static const QRegularExpression month(QStringLiteral("^\\d{4}-\\d{2}$"));
        BillLinks::Bill bill;
        if (day.match(text).hasMatch()) {
            const QDate date = QDate::fromString(text, QStringLiteral("yyyy-MM-dd"));
            if (!date.isValid())
                return std::nullopt;
            bill.from = alipay::ChinaTime::startOfDay(date);
            bill.to = alipay::ChinaTime::endOfDay(date);
            bill.period = date.toString(QStringLiteral("yyyyMMdd"));
            return bill;
        }
        if (month.match(text).hasMatch()) {
            const QDate first = QDate::fromString(text + QStringLiteral("-01"), QStringLiteral("yyyy-MM-dd"));
            if (!first.isValid())
                return std::nullopt;
            bill.from = alipay::ChinaTime::startOfDay(first);
            bill.to = alipay::ChinaTime::startOfDay(first.addMonths(1));
            bill.period = first.toString(QStringLiteral("yyyyMM"));
            return bill;
        }
        return std::nullopt;
    }
};

} // namespace

std::unique_ptr<MethodHandler> makeBillDownloadUrlQuery()
{
    return std::make_unique<BillDownloadUrlQuery>();
}

} // namespace counterpay::sandbox
