#include "Refusal.h"

namespace counterpay::sandbox {

Error Refusal::toError() const
{
    return Error(Error::Category::Business, QString::fromUtf8(subMsg), {}, QStringLiteral("40004"),
                 QString::fromLatin1(subCode));
}

} // namespace counterpay::sandbox
