#include "money/Money.h"

#include <QCoreApplication>

namespace counterpay {

namespace {

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

Error amountError(QStringView text, const QString& why)
{
    return Error::input(QCoreApplication::translate("Money", "\"%1\" is not a valid amount: %2").arg(text, why));
}

} // namespace

Result<Money> Money::parse(QStringView text, Kind kind)
{
    if (text.isEmpty())
        return Error::input(QCoreApplication::translate("Money", "The amount is empty."));

    bool negative = false;
    QStringView rest = text;
    if (rest.front() == u'-') {
        if (kind != Kind::Signed)
            return amountError(text, QCoreApplication::translate("Money", "it must not be negative"));
        negative = true;
        rest = rest.mid(1);
    }

    const qsizetype dot = rest.indexOf(u'.');
    const QStringView whole = dot < 0 ? rest : rest.left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : rest.mid(dot + 1);

    if (whole.isEmpty() || (dot >= 0 && fraction.isEmpty()))
        return amountError(text, QCoreApplication::translate("Money", "write it like 12, 12.5 or 12.34"));
    for (QChar c : whole) {
        if (!isAsciiDigit(c))
            return amountError(text, QCoreApplication::translate("Money", "only digits and one decimal point"));
    }
    for (QChar c : fraction) {
        if (!isAsciiDigit(c))
            return amountError(text, QCoreApplication::translate("Money", "only digits and one decimal point"));
    }
    if (fraction.size() > 2)
        return amountError(text, QCoreApplication::translate("Money", "at most two decimals (fen)"));
    if (whole.size() > 1 && whole.front() == u'0')
        return amountError(text, QCoreApplication::translate("Money", "no leading zeros"));
    // 18 digits of yuan already exceed what qint64 fen can hold; refuse before multiplying.
    if (whole.size() > 16)
        return amountError(text, QCoreApplication::translate("Money", "too large"));

    qint64 fen = 0;
    for (QChar c : whole)
        fen = fen * 10 + (c.unicode() - u'0');
    fen *= 100;
    if (!fraction.isEmpty())
        fen += qint64{fraction[0].unicode() - u'0'} * 10;
    if (fraction.size() == 2)
        fen += fraction[1].unicode() - u'0';

    switch (kind) {
    case Kind::Charge:
        if (fen == 0)
            return amountError(text, QCoreApplication::translate("Money", "it must be at least 0.01"));
        if (fen > kMaxChargeFen)
            return amountError(text, QCoreApplication::translate("Money", "Alipay's limit is 100000000.00"));
        break;
    case Kind::NonNegative:
    case Kind::Signed:
        break;
    }
    return Money(negative ? -fen : fen);
}

QString Money::toString() const
{
    // Work on the magnitude as unsigned so that the most negative value formats too.
    const quint64 magnitude = m_fen < 0 ? 0 - static_cast<quint64>(m_fen) : static_cast<quint64>(m_fen);
    QString text = QString::number(magnitude / 100) + u'.';
    const quint64 cents = magnitude % 100;
    if (cents < 10)
        text += u'0';
    text += QString::number(cents);
    return m_fen < 0 ? u'-' + text : text;
}

std::optional<Money> Money::checkedAdd(Money other) const
{
    qint64 sum = 0;
    if (__builtin_add_overflow(m_fen, other.m_fen, &sum))
        return std::nullopt;
    return Money(sum);
}

std::optional<Money> Money::checkedSub(Money other) const
{
    qint64 difference = 0;
    if (__builtin_sub_overflow(m_fen, other.m_fen, &difference))
        return std::nullopt;
    return Money(difference);
}

} // namespace counterpay
