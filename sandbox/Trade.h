#pragma once

#include "money/Money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace counterpay::sandbox {

// One trade as the sandbox's Alipay keeps it (DESIGN.md §4). A precreated trade does not exist for
// the merchant's calls until the QR is scanned (query answers ACQ.TRADE_NOT_EXIST); the statuses
// after that are Alipay's.
struct Trade
{
    enum class Status
    {
        Precreated,   // QR handed out, not scanned yet
        WaitBuyerPay, // WAIT_BUYER_PAY
        Success,      // TRADE_SUCCESS: paid, refundable
        Finished,     // TRADE_FINISHED: paid, no longer refundable
        Closed,       // TRADE_CLOSED: unpaid and closed, or fully refunded
    };

    enum class Scene
    {
        QrCode,  // alipay.trade.precreate
        BarCode, // alipay.trade.pay
    };

    qint64 id = 0;
    QString appId;
    QString outTradeNo;
    QString tradeNo; // empty until the trade exists at "Alipay"
    Scene scene = Scene::QrCode;
    Status status = Status::Precreated;
    Money total;
    Money refunded;
    QString subject;
    QString body;
    QString storeId;
    QString terminalId;
    QString operatorId;
    QString requestDigest; // the business parameters that made it, to spot a changed retry
    QString qrToken;
    QString notifyUrl;
    QString buyerId;
    QString buyerLogonId;
    QDateTime createdAt;
    QDateTime scannedAt;
    QDateTime paidAt;
    QDateTime closedAt;
    QDateTime qrExpiresAt;
    QDateTime expiresAt; // an unpaid trade closes then (timeout_express)
    QDateTime dueAt;     // a buyer's decision scheduled by a test payment code
    QString dueOutcome;  // "pay" or "decline"
    QString closeReason;

    // Scanned (or paid by code) at some point: it has an Alipay trade_no. A QR closed before anyone
    // scanned it never existed for the merchant's calls.
    bool existsAtAlipay() const { return !tradeNo.isEmpty(); }
    bool isPaid() const { return status == Status::Success || status == Status::Finished; }
    // What the merchant kept: paid minus refunded (zero when unpaid).
    Money received() const;

    // "WAIT_BUYER_PAY", ...; "PRECREATED" only in the sandbox's own listings.
    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString& name);
    static QString sceneName(Scene scene);

    // For GET /sandbox/trades.
    QJsonObject toJson() const;
};

struct Refund
{
    QString appId;
    QString outTradeNo;
    QString outRequestNo;
    Money amount;
    QString reason;
    QDateTime refundedAt;
};

} // namespace counterpay::sandbox
