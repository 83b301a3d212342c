#include "alipay/Timestamp.h"

namespace counterpay::alipay {

QString Timestamp::format(const QDateTime& instant)
{
    return ChinaTime::of(instant).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

std::optional<QDateTime> Timestamp::parse(QStringView text)
{
    // 'd' marks a digit; everything else must match literally.
    static constexpr char16_t kPattern[] = u"dddd-dd-dd dd:dd:dd";
    if (text.size() != static_cast<qsizetype>(std::size(kPattern) - 1))
        return std::nullopt;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        const bool ok = kPattern[i] == u'd' ? (c >= u'0' && c <= u'9') : c == kPattern[i];
        if (!ok)
            return std::nullopt;
    }
    const QDate date = QDate::fromString(text.left(10).toString(), QStringLiteral("yyyy-MM-dd"));
    const QTime time = QTime::fromString(text.mid(11).toString(), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return ChinaTime::at(date, time);
}

} // namespace counterpay::alipay
