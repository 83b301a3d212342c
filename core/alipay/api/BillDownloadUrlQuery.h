#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ResponseVerifier.h"
#include "common/Result.h"

namespace counterpay::alipay {

// alipay.data.dataservice.bill.downloadurl.query: where to fetch the daily trade bill (a zip of GBK
// CSV files). The URL lives 30 seconds. A day without business is a Business error whose sub_code
// says there is no bill; that is not a failure.
struct BillDownloadUrlQuery
{
    static constexpr auto kMethod = "alipay.data.dataservice.bill.downloadurl.query";

    QString billType = QStringLiteral("trade");
    QString billDate; // yyyy-MM-dd or yyyy-MM

    struct Response
    {
        QString billDownloadUrl;
    };

    // Alipay's sub_codes for "nothing to download for that day".
    static bool meansNoBill(const QString& subCode);

    ApiRequest request() const;
    Result<Response> parse(const VerifiedResponse& answer) const;
};

} // namespace counterpay::alipay
