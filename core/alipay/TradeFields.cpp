#include "alipay/TradeFields.h"

#include <QCoreApplication>
#include <QDate>

#include <algorithm>

namespace counterpay::alipay {

namespace {

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

bool isControlCharacter(QChar c)
{
    return c.category() == QChar::Other_Control;
}

bool isMerchantNumberCharacter(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || isAsciiDigit(c) || u == u'_' || u == u'-';
}

Result<void> checkMerchantNumber(QStringView text, const QString& name)
{
    if (TradeFields::isMerchantNumber(text))
        return {};
    if (text.isEmpty())
        return Error::input(TradeFields::tr("%1 is empty").arg(name));
    if (text.size() > TradeFields::kMaxMerchantNumberLength)
        return Error::input(TradeFields::tr("%1 is longer than 64 characters").arg(name));
    return Error::input(TradeFields::tr("%1 may only hold letters, digits, '_' and '-'").arg(name));
}

} // namespace

bool TradeFields::isMerchantNumber(QStringView text)
{
    return !text.isEmpty() && text.size() <= kMaxMerchantNumberLength &&
           std::all_of(text.begin(), text.end(), isMerchantNumberCharacter);
}

bool TradeFields::isAuthCode(QStringView text)
{
    if (text.size() < 16 || text.size() > 24 || !std::all_of(text.begin(), text.end(), isAsciiDigit))
        return false;
    const int prefix = (text[0].unicode() - u'0') * 10 + (text[1].unicode() - u'0');
    return prefix >= 25 && prefix <= 30;
}

qsizetype TradeFields::characterCount(QStringView text)
{
    // A surrogate pair is one character; a lone surrogate counts as one too.
    qsizetype count = text.size();
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i].isHighSurrogate() && text[i + 1].isLowSurrogate()) {
            --count;
            ++i;
        }
    }
    return count;
}

bool TradeFields::hasControlCharacter(QStringView text)
{
    return std::any_of(text.begin(), text.end(), isControlCharacter);
}

QString TradeFields::maskAuthCode(QStringView code)
{
    constexpr qsizetype kHead = 2;
    constexpr qsizetype kTail = 4;
    QString stars = QStringLiteral("****");
    if (code.size() < kHead + kTail + 4)
        return stars;
    return code.first(kHead) + stars + code.last(kTail);
}

QString TradeFields::maskAuthCodes(QStringView text)
{
    QString masked;
    qsizetype copied = 0;
    for (qsizetype i = 0; i < text.size();) {
        if (!isAsciiDigit(text[i])) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < text.size() && isAsciiDigit(text[end]))
            ++end;
        const QStringView digits = text.sliced(i, end - i);
        if (isAuthCode(digits)) {
            masked += text.sliced(copied, i - copied);
            masked += maskAuthCode(digits);
            copied = end;
        }
        i = end;
    }
    if (copied == 0)
        return text.toString();
    masked += text.sliced(copied);
    return masked;
}

Result<void> TradeFields::checkOutTradeNo(QStringView text)
{
    return checkMerchantNumber(text, QStringLiteral("out_trade_no"));
}

Result<void> TradeFields::checkOutRequestNo(QStringView text)
{
    return checkMerchantNumber(text, QStringLiteral("out_request_no"));
}

bool TradeFields::isTerminalId(QStringView text)
{
    return text.size() <= kMaxTerminalIdLength && !text.contains(u'-') && isMerchantNumber(text);
}

Result<void> TradeFields::checkTerminalId(QStringView text)
{
    if (isTerminalId(text))
        return {};
    return Error::input(tr("\"%1\" is not a valid terminal id: 1 to %2 letters, digits or _.")
                            .arg(text.toString())
                            .arg(kMaxTerminalIdLength));
}

Result<void> TradeFields::checkAuthCode(QStringView text)
{
    if (isAuthCode(text))
        return {};
    if (text.size() < 16 || text.size() > 24)
        return Error::input(tr("a payment code has 16 to 24 digits; scan the customer's Alipay code again"));
    if (!std::all_of(text.begin(), text.end(), isAsciiDigit))
        return Error::input(tr("a payment code has only digits; scan the customer's Alipay code again"));
    return Error::input(tr("this is not an Alipay payment code (they start with 25 to 30)"));
}

Result<void> TradeFields::checkSubject(QStringView text)
{
    if (text.trimmed().isEmpty())
        return Error::input(tr("the order title (subject) is empty"));
    if (characterCount(text) > kMaxSubjectLength)
        return Error::input(tr("the order title (subject) is longer than 256 characters"));
    for (QChar c : text) {
        if (isControlCharacter(c) || c.category() == QChar::Other_Format)
            return Error::input(tr("the order title (subject) holds a control character"));
        if (c == u'/' || c == u'=' || c == u'&')
            return Error::input(tr("the order title (subject) may not hold '/', '=' or '&'"));
    }
    return {};
}

Result<void> TradeFields::checkBillDate(QStringView text)
{
    const QString value = text.toString();
    const bool daily = text.size() == 10 && QDate::fromString(value, QStringLiteral("yyyy-MM-dd")).isValid();
    const bool monthly = text.size() == 7 && QDate::fromString(value, QStringLiteral("yyyy-MM")).isValid();
    if (!daily && !monthly)
        return Error::input(tr("the bill date must be a day (yyyy-MM-dd) or a month (yyyy-MM)"));
    return {};
}

} // namespace counterpay::alipay
