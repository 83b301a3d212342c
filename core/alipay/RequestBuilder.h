#pragma once

#include "alipay/ApiRequest.h"
#include "alipay/ContentCipher.h"
#include "alipay/Params.h"
#include "alipay/PrivateKey.h"
#include "common/Clock.h"
#include "common/Result.h"

#include <optional>

namespace counterpay::alipay {

// Turns an ApiRequest into the signed parameter set of DESIGN.md §3: common parameters, timestamp in
// UTC+8, optional AES content encryption (encrypt, then sign), certificate SNs, RSA2 `sign`.
class RequestBuilder
{
public:
    struct Identity
    {
        QString appId;
        PrivateKey privateKey;
        QString appCertSn;        // certificate mode only
        QString alipayRootCertSn; // certificate mode only
        std::optional<ContentCipher> contentCipher;
        QString appAuthToken; // when acting for a merchant as a service provider
    };

    RequestBuilder(Identity identity, const Clock& clock);

    Result<Params> build(const ApiRequest& request) const;

private:
    Identity m_identity;
    const Clock* m_clock;
};

} // namespace counterpay::alipay
