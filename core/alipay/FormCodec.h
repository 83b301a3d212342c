#pragma once

#include "alipay/Params.h"
#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace counterpay::alipay {

// application/x-www-form-urlencoded, as gateway requests and notifications use it. A body is decoded
// exactly once: decoding twice turns a literal "%2B" in a value into "+" and breaks the signature.
class FormCodec
{
public:
    // '+' is a space; %XX must be two hex digits; values must be UTF-8; a repeated key is an error
    // (a second `sign` or `total_amount` is how forged notifications try to slip through).
    static Result<Params> decode(QByteArrayView body);
    // Everything but unreserved characters is percent-encoded (space as %20).
    static QByteArray encode(const Params& params);
};

} // namespace counterpay::alipay
