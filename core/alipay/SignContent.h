#pragma once

#include "alipay/Params.h"

#include <QByteArray>

namespace counterpay::alipay {

// The exact bytes Alipay's RSA2 covers (DESIGN.md §3): parameters sorted by key byte-wise, joined as
// key=value with '&', values raw (not URL-encoded), UTF-8.
class SignContent
{
public:
    // A request: every parameter but `sign`; empty values dropped. `sign_type` is signed.
    static QByteArray forRequest(const Params& params);
    // A notification: every parameter but `sign` and `sign_type`; empty values kept.
    static QByteArray forNotification(const Params& params);

private:
    enum class EmptyValues
    {
        Drop,
        Keep,
    };
    static QByteArray build(const Params& params, EmptyValues empty, bool excludeSignType);
};

} // namespace counterpay::alipay
