#include "alipay/api/BillDownloadUrlQuery.h"

#include "alipay/AnswerFields.h"
#include "alipay/GatewayAnswer.h"
#include "alipay/api/BizContent.h"

#include <QCoreApplication>
#include <QUrl>

namespace counterpay::alipay {

bool BillDownloadUrlQuery::meansNoBill(const QString& subCode)
{
    return subCode.contains(QStringLiteral("BILL_NOT_EXIST"), Qt::CaseInsensitive) ||
           subCode.contains(QStringLiteral("NO_BILL_DATA"), Qt::CaseInsensitive);
}

ApiRequest BillDownloadUrlQuery::request() const
{
    BizContent biz;
    biz.set("bill_type", billType).set("bill_date", billDate);
    return {QString::fromLatin1(kMethod), biz.toJson(), {}};
}

Result<BillDownloadUrlQuery::Response> BillDownloadUrlQuery::parse(const VerifiedResponse& answer) const
{
    if (!answer.isSuccess())
        return GatewayAnswer::toError(answer);
    Response response{AnswerFields(answer).text("bill_download_url")};
    const QUrl url(response.billDownloadUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http"))
        return Error::gateway(
            QCoreApplication::translate("BillDownloadUrlQuery", "Alipay's answer has no usable bill_download_url"),
            response.billDownloadUrl);
    return response;
}

} // namespace counterpay::alipay
