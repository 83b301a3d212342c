#pragma once

#include "money/Money.h"
#include "store/OrderState.h"

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace counterpay::store {

// One attempt to take a payment, as the order book keeps it. Nothing secret is held: buyer ids are
// masked and the customer's payment code (auth_code) is never stored.
struct Order
{
    enum class PayMode
    {
        Qr,      // the customer scans our QR code (alipay.trade.precreate)
        Barcode, // the cashier scans the customer's payment code (alipay.trade.pay)
    };

    qint64 id = 0;
    QString outTradeNo;
    QString appId;
    Money totalAmount;
    Money refundedAmount;
    QString subject;
    PayMode mode = PayMode::Qr;
    OrderState state = OrderState::Created;
    QString tradeNo;
    QString buyerLogonId;      // as Alipay masks it, e.g. 159****5620
    QString buyerUserIdMasked; // e.g. 2088****5135
    QString terminalId;
    QString cashierId;
    QString qrCode;
    QString reason; // why the order is Unknown or Failed, for a manager
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime paidAt;
    QDateTime expiresAt;
};

QString payModeName(Order::PayMode mode);
std::optional<Order::PayMode> parsePayMode(QStringView name);

} // namespace counterpay::store
