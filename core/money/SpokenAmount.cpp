#include "money/SpokenAmount.h"

namespace counterpay {

namespace {

constexpr char16_t kDigits[] = u"零一二三四五六七八九";

QChar digit(quint64 value)
{
    return QChar(kDigits[value]);
}

// 0 < value < 10000. `leading` is true when nothing has been said before it: only there does 一十
// shrink to 十.
QString group(quint64 value, bool leading)
{
    static constexpr char16_t kUnits[] = {u'千', u'百', u'十'};
    static constexpr quint64 kPlaces[] = {1000, 100, 10};
    QString words;
    bool zeroPending = false;
    for (int i = 0; i < 3; ++i) {
        const quint64 d = value / kPlaces[i] % 10;
        if (d == 0) {
            zeroPending = !words.isEmpty();
            continue;
        }
        if (zeroPending)
            words += u'零';
        zeroPending = false;
        if (!(d == 1 && kPlaces[i] == 10 && leading && words.isEmpty()))
            words += digit(d);
        words += QChar(kUnits[i]);
    }
    const quint64 ones = value % 10;
    if (ones != 0) {
        if (zeroPending)
            words += u'零';
        words += digit(ones);
    }
    return words;
}

// value > 0. Splits at 亿 and 万 (four digits each), which gives 万亿 for 10^12 and 亿亿 beyond:
// far past Alipay's limit of 一亿 yuan, but still a number, never garbage.
QString integer(quint64 value, bool leading)
{
    static constexpr struct
    {
        quint64 size;
        char16_t name;
    } kBigUnits[] = {{100'000'000, u'亿'}, {10'000, u'万'}};
    for (const auto& unit : kBigUnits) {
        if (value < unit.size)
            continue;
        QString words = integer(value / unit.size, leading) + QChar(unit.name);
        const quint64 rest = value % unit.size;
        if (rest == 0)
            return words;
        // A gap below the unit is said as one 零: 一万零五, 一亿零一十万.
        if (rest < unit.size / 10)
            words += u'零';
        return words + integer(rest, false);
    }
    return group(value, leading);
}

// The fen as the digits after the point, trailing zeros dropped: 34 → "34", 50 → "5", 5 → "05".
QString decimals(quint64 fen)
{
    if (fen == 0)
        return {};
    QString text = QString::number(fen).rightJustified(2, u'0');
    if (text.endsWith(u'0'))
        text.chop(1);
    return text;
}

} // namespace

QString SpokenAmount::chinese(Money amount)
{
    // The magnitude as unsigned, as Money::toString does, so that the most negative value is said too.
    const quint64 fen =
        amount.isNegative() ? 0 - static_cast<quint64>(amount.fen()) : static_cast<quint64>(amount.fen());
    const quint64 yuan = fen / 100;
    QString words = amount.isNegative() ? QStringLiteral("负") : QString();
    words += yuan == 0 ? QStringLiteral("零") : integer(yuan, true);
    const QString after = decimals(fen % 100);
    if (!after.isEmpty()) {
        words += u'点';
        for (QChar c : after)
            words += digit(c.unicode() - u'0');
    }
    return words;
}

QString SpokenAmount::english(Money amount)
{
    QString text = amount.toString();
    if (text.endsWith(QStringLiteral(".00")))
        text.chop(3);
    else if (text.endsWith(u'0'))
        text.chop(1);
    if (text.startsWith(u'-'))
        text = QStringLiteral("minus ") + text.mid(1);
    return text;
}

} // namespace counterpay
