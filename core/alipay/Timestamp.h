#pragma once

#include "alipay/ChinaTime.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::alipay {

// Alipay's `timestamp`: "yyyy-MM-dd HH:mm:ss" in China Standard Time (UTC+8) whatever the machine's
// zone. A server set to UTC that sends local time is refused with isv.invalid-timestamp.
// China time itself is ChinaTime's.
class Timestamp
{
public:
    static QString format(const QDateTime& instant);
    // Strict: exactly that layout, read as UTC+8; nullopt otherwise.
    static std::optional<QDateTime> parse(QStringView text);
};

} // namespace counterpay::alipay
