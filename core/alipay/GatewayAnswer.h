#pragma once

#include "alipay/ResponseVerifier.h"
#include "common/Error.h"

#include <QCoreApplication>

namespace counterpay::alipay {

// What a verified gateway answer that is not 10000 means, as one Error (DESIGN.md §4, §6):
// 20000 is unknown (query again), 40004 is Alipay saying no, 40002 on our signature or app id is a
// configuration problem, 40006 a missing product permission.
class GatewayAnswer
{
    Q_DECLARE_TR_FUNCTIONS(GatewayAnswer)

public:
    static constexpr auto kSuccess = "10000";
    static constexpr auto kPaymentPending = "10003";
    static constexpr auto kServiceUnavailable = "20000";
    static constexpr auto kBusinessFailed = "40004";

    static Error toError(const VerifiedResponse& response);
};

} // namespace counterpay::alipay
