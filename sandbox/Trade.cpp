#include "Trade.h"

#include "alipay/Timestamp.h"

#include <array>

namespace counterpay::sandbox {

namespace {

struct StatusName
{
    Trade::Status status;
    const char* name;
};

constexpr std::array kStatusNames{
    StatusName{Trade::Status::Precreated, "PRECREATED"}, StatusName{Trade::Status::WaitBuyerPay, "WAIT_BUYER_PAY"},
    StatusName{Trade::Status::Success, "TRADE_SUCCESS"}, StatusName{Trade::Status::Finished, "TRADE_FINISHED"},
    StatusName{Trade::Status::Closed, "TRADE_CLOSED"},
};

QJsonValue timeOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(alipay::Timestamp::format(time)) : QJsonValue(QJsonValue::Null);
}

} // namespace

Money Trade::received() const
{
    if (!isPaid() && refunded.isZero())
        return {};
    return total.checkedSub(refunded).value_or(Money());
}

QString Trade::statusName(Status status)
{
    for (const auto& entry : kStatusNames) {
        if (entry.status == status)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<Trade::Status> Trade::statusFromName(const QString& name)
{
    for (const auto& entry : kStatusNames) {
        if (name == QLatin1String(entry.name))
            return entry.status;
    }
    return std::nullopt;
}

QString Trade::sceneName(Scene scene)
{
    return scene == Scene::QrCode ? QStringLiteral("qr_code") : QStringLiteral("bar_code");
}

QJsonObject Trade::toJson() const
{
    return QJsonObject{
        {QStringLiteral("app_id"), appId},
        {QStringLiteral("out_trade_no"), outTradeNo},
        {QStringLiteral("trade_no"), tradeNo.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(tradeNo)},
        {QStringLiteral("scene"), sceneName(scene)},
        {QStringLiteral("state"), statusName(status)},
        {QStringLiteral("total_amount"), total.toString()},
        {QStringLiteral("refunded_amount"), refunded.toString()},
        {QStringLiteral("subject"), subject},
        {QStringLiteral("store_id"), storeId},
        {QStringLiteral("terminal_id"), terminalId},
        {QStringLiteral("operator_id"), operatorId},
        {QStringLiteral("buyer_logon_id"), buyerLogonId},
        {QStringLiteral("notify_url"), notifyUrl},
        {QStringLiteral("created_at"), timeOrNull(createdAt)},
        {QStringLiteral("paid_at"), timeOrNull(paidAt)},
        {QStringLiteral("closed_at"), timeOrNull(closedAt)},
        {QStringLiteral("expires_at"), timeOrNull(expiresAt)},
        {QStringLiteral("close_reason"), closeReason},
        // The path of the qr_code precreate handed out (its host is the one the client used).
        {QStringLiteral("qr_path"),
         qrToken.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(QStringLiteral("/qr/") + qrToken)},
    };
}

} // namespace counterpay::sandbox
