#include "alipay/SignContent.h"

#include <algorithm>
#include <vector>

namespace counterpay::alipay {

QByteArray SignContent::forRequest(const Params& params)
{
    return build(params, EmptyValues::Drop, false);
}

QByteArray SignContent::forNotification(const Params& params)
{
    return build(params, EmptyValues::Keep, true);
}

QByteArray SignContent::build(const Params& params, EmptyValues empty, bool excludeSignType)
{
    std::vector<std::pair<QByteArray, QByteArray>> items;
    items.reserve(static_cast<size_t>(params.size()));
    for (const auto& [key, value] : params) {
        if (key == u"sign" || (excludeSignType && key == u"sign_type"))
            continue;
        if (empty == EmptyValues::Drop && value.isEmpty())
            continue;
        items.emplace_back(key.toUtf8(), value.toUtf8());
    }
    // Byte-wise on UTF-8, as Alipay's SDKs sort (QString's order is UTF-16 code units).
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

    QByteArray content;
    for (const auto& [key, value] : items) {
        if (!content.isEmpty())
            content += '&';
        content += key;
        content += '=';
        content += value;
    }
    return content;
}

} // namespace counterpay::alipay
