#pragma once

#include "Environment.h"
#include "FaultPlan.h"
#include "ReplySigner.h"
#include "SandboxDatabase.h"
#include "Trade.h"
#include "alipay/Params.h"
#include "common/Clock.h"

#include <QJsonArray>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <optional>

class QNetworkAccessManager;

namespace counterpay::sandbox {

// Alipay's asynchronous notifications (trade_status_sync): a signed form POSTed to the notify_url a
// trade was created with, resent with back-off until the answer is exactly `success` (DESIGN.md §3).
// The queue lives in the sandbox database, so a restart resumes delivery. One notification per trade
// is in flight at a time, oldest first, unless the notify_out_of_order fault turns that around.
class NotificationSender : public QObject
{
    Q_OBJECT

public:
    struct Policy
    {
        int firstRetryMs = 2000; // then doubled each time: 2 s, 4 s, 8 s, ... (Alipay: 4 m, 10 m, 10 m, 1 h, ...)
        int maxAttempts = 8;     // Alipay gives up after 8 attempts over about 25 hours
        int timeoutMs = 10000;
    };

    NotificationSender(SandboxDatabase& database, const GatewayIdentity& gateway, const ReplySigner& signer,
                       FaultPlan& faults, const Clock& clock, Policy policy, QObject* parent = nullptr);

    // The signed parameters Alipay would send for this trade now; `refund` for a refund notification.
    alipay::Params build(const Trade& trade, const std::optional<Refund>& refund) const;

    // Queues a notification when the trade has a notify_url.
    Result<void> notify(const Trade& trade, const std::optional<Refund>& refund = std::nullopt);

    void start();
    void stop();

    // GET /sandbox/notifications.
    Result<QJsonArray> toJson() const;

private:
    void deliverDue();
    void send(qint64 id, const QString& url, const QByteArray& body);
    void finish(qint64 id, bool delivered, const QString& result);

    SandboxDatabase& m_database;
    const GatewayIdentity& m_gateway;
    const ReplySigner& m_signer;
    FaultPlan& m_faults;
    const Clock& m_clock;
    Policy m_policy;
    QNetworkAccessManager* m_network;
    QTimer m_timer;
    QSet<QString> m_inFlightTrades;
};

} // namespace counterpay::sandbox
