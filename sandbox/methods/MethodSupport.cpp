#include "methods/MethodSupport.h"

#include "Refusal.h"
#include "alipay/ChinaTime.h"
#include "alipay/Timestamp.h"

#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>

namespace counterpay::sandbox {

QString CallContext::biz(const char* key) const
{
    const QJsonValue value = call.biz.value(QLatin1String(key));
    if (value.isDouble()) {
        // Some SDKs send amounts as JSON numbers. The shortest text that reads back the same is what was
        // written (12.34, 12.345), so a third decimal is still refused, never rounded away.
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    }
    return value.toString();
}

namespace support {

Q_LOGGING_CATEGORY(lcMethods, "counterpay.sandbox.methods")

ResponseNode refusal(const Error& error)
{
    if (error.category() == Error::Category::Business && !error.subCode().isEmpty())
        return ResponseNode::businessFailed(error.subCode(), error.message());
    qCWarning(lcMethods).noquote() << "answering 20000 after an internal failure:" << error.toString();
    return ResponseNode::serviceUnavailable();
}

ResponseNode invalidParameter(const QString& detail)
{
    return ResponseNode::businessFailed(QString::fromLatin1(refusals::kInvalidParameter.subCode),
                                        QString::fromUtf8(refusals::kInvalidParameter.subMsg) + u'：' + detail);
}

Result<std::optional<Trade>> anyTrade(CallContext& context)
{
    const QString tradeNo = context.biz("trade_no");
    const QString outTradeNo = context.biz("out_trade_no");
    if (tradeNo.isEmpty() && outTradeNo.isEmpty())
        return Error(Error::Category::Business, QStringLiteral("参数无效：out_trade_no 和 trade_no 不能同时为空"), {},
                     QStringLiteral("40004"), QString::fromLatin1(refusals::kInvalidParameter.subCode));
    if (!tradeNo.isEmpty())
        return context.acquirer.trades().findByTradeNo(context.appId(), tradeNo);
    return context.acquirer.trades().find(context.appId(), outTradeNo);
}

Result<Trade> existingTrade(CallContext& context)
{
    auto trade = anyTrade(context);
    if (!trade)
        return trade.error();
    if (!*trade || !(*trade)->existsAtAlipay())
        return refusals::kTradeNotExist.toError();
    return **trade;
}

std::optional<Money> chargeAmount(const QString& text)
{
    auto money = Money::parse(text, Money::Kind::Charge);
    return money ? std::optional<Money>(*money) : std::nullopt;
}

std::optional<QDateTime> expiryFrom(const QString& express, const QDateTime& start, qint64 defaultSeconds)
{
    if (express.isEmpty())
        return start.addSecs(defaultSeconds);
    bool ok = false;
    const qint64 count = express.left(express.size() - 1).toLongLong(&ok);
    if (!ok || count <= 0)
        return std::nullopt;
    const QChar unit = express.back();
    qint64 seconds = 0;
    if (unit == u'm')
        seconds = count * 60;
    else if (unit == u'h')
        seconds = count * 3600;
    else if (unit == u'd')
        seconds = count * 86400;
    else if (unit == u'c' && count == 1) {
        // "1c": until midnight, China time.
        return alipay::ChinaTime::endOfDay(alipay::ChinaTime::dayOf(start));
    } else
        return std::nullopt;
    if (seconds < 60 || seconds > qint64{15} * 86400)
        return std::nullopt;
    return start.addSecs(seconds);
}

QJsonArray fundBillList(Money amount)
{
    return QJsonArray{QJsonObject{{QStringLiteral("amount"), amount.toString()},
                                  {QStringLiteral("fund_channel"), QStringLiteral("ALIPAYACCOUNT")}}};
}

bool wantsOption(const CallContext& context, const QString& option)
{
    return context.call.biz.value(u"query_options").toArray().contains(option);
}

QString time(const QDateTime& instant)
{
    return instant.isValid() ? alipay::Timestamp::format(instant) : QString();
}

} // namespace support
} // namespace counterpay::sandbox
