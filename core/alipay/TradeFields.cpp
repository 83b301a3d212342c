#include "alipay/TradeFields.h"

#include <QCoreApplication>
#include <QDate>

namespace counterpay::alipay {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("TradeFields", text);
}

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

Result<void> checkMerchantNumber(QStringView text, const QString& name)
{
    if (text.isEmpty())
        return Error::input(tr("%1 is empty").arg(name));
    if (text.size() > 64)
        return Error::input(tr("%1 is longer than 64 characters").arg(name));
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool allowed =
            (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || isAsciiDigit(c) || u == u'_' || u == u'-';
        if (!allowed)
            return Error::input(tr("%1 may only hold letters, digits, '_' and '-'").arg(name));
    }
    return {};
}

} // namespace

Result<void> TradeFields::checkOutTradeNo(QStringView text)
{
    return checkMerchantNumber(text, QStringLiteral("out_trade_no"));
}

Result<void> TradeFields::checkOutRequestNo(QStringView text)
{
    return checkMerchantNumber(text, QStringLiteral("out_request_no"));
}

Result<void> TradeFields::checkAuthCode(QStringView text)
{
    if (text.size() < 16 || text.size() > 24)
        return Error::input(tr("a payment code has 16 to 24 digits; scan the customer's Alipay code again"));
    for (QChar c : text) {
        if (!isAsciiDigit(c))
            return Error::input(tr("a payment code has only digits; scan the customer's Alipay code again"));
    }
    const int prefix = (text[0].unicode() - u'0') * 10 + (text[1].unicode() - u'0');
    if (prefix < 25 || prefix > 30)
        return Error::input(tr("this is not an Alipay payment code (they start with 25 to 30)"));
    return {};
}

Result<void> TradeFields::checkSubject(QStringView text)
{
    if (text.trimmed().isEmpty())
        return Error::input(tr("the order title (subject) is empty"));
    // Alipay counts characters; an emoji is one character but two UTF-16 units.
    if (text.toUcs4().size() > 256)
        return Error::input(tr("the order title (subject) is longer than 256 characters"));
    for (QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
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
