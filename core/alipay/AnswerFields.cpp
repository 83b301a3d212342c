#include "alipay/AnswerFields.h"

#include <QCoreApplication>

namespace counterpay::alipay {

QString AnswerFields::text(const char* name) const
{
    return m_node.value(QLatin1String(name)).toString();
}

Result<Money> AnswerFields::amount(const char* name) const
{
    const QString value = text(name);
    if (value.isEmpty())
        return Error::gateway(
            QCoreApplication::translate("AnswerFields", "Alipay's answer lacks %1").arg(QLatin1String(name)));
    auto money = Money::parse(value, Money::Kind::NonNegative);
    if (!money)
        return Error::gateway(
            QCoreApplication::translate("AnswerFields", "Alipay's answer has a malformed %1").arg(QLatin1String(name)),
            value);
    return money;
}

Result<Money> AnswerFields::optionalAmount(const char* name) const
{
    if (text(name).isEmpty())
        return Money();
    return amount(name);
}

Result<void> AnswerFields::expectOutTradeNo(const QString& expected) const
{
    const QString actual = text("out_trade_no");
    if (actual.isEmpty())
        return Error::gateway(QCoreApplication::translate("AnswerFields", "Alipay's answer lacks out_trade_no"));
    if (actual != expected)
        return Error::security(QCoreApplication::translate("AnswerFields", "Alipay's answer is about another order"),
                               QStringLiteral("asked %1, answer names %2").arg(expected, actual));
    return {};
}

} // namespace counterpay::alipay
