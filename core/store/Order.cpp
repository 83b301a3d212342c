#include "store/Order.h"

namespace counterpay::store {

QString payModeName(Order::PayMode mode)
{
    return mode == Order::PayMode::Barcode ? QStringLiteral("barcode") : QStringLiteral("qr");
}

std::optional<Order::PayMode> parsePayMode(QStringView name)
{
    if (name == u"qr")
        return Order::PayMode::Qr;
    if (name == u"barcode")
        return Order::PayMode::Barcode;
    return std::nullopt;
}

} // namespace counterpay::store
