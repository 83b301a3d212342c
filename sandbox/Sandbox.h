#pragma once

#include "Acquirer.h"
#include "BillLinks.h"
#include "Environment.h"
#include "FaultPlan.h"
#include "GatewayServer.h"
#include "HttpExchange.h"
#include "NotificationSender.h"
#include "ReplySigner.h"
#include "RequestAuthenticator.h"
#include "SandboxDatabase.h"
#include "TradeBook.h"
#include "methods/MethodHandler.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace counterpay::sandbox {

struct SandboxOptions
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 0;
    quint64 seed = 0;
    QList<FaultPlan::Rule> faults;
    NotificationSender::Policy notifications;
    bool billsSameDay = true;
    QUrl publicUrl; // when set, QR and bill links use it instead of the address the client used
};

// The whole sandbox gateway, put together: the HTTP routes, the gateway.do pipeline (faults, request
// authentication, the method, the signed reply), the customer page and the /sandbox/* controls.
//
//   POST|GET /gateway.do                  Alipay's OpenAPI v2 gateway
//   GET  /qr/<code>                        the customer page behind a qr_code
//   POST /sandbox/scan|pay|decline         out_trade_no [app_id]: what a customer does
//   GET  /sandbox/trades                   every trade, precreated ones too
//   GET  /sandbox/notifications            every notification and its delivery
//   GET|POST|DELETE /sandbox/faults        the fault plan
//   GET  /downloadBillFile.resource        a bill, while its link is valid
class Sandbox : public QObject
{
    Q_OBJECT

public:
    static Result<std::unique_ptr<Sandbox>> create(Environment environment, SandboxOptions options, const Clock& clock);
    ~Sandbox() override;

    // Starts listening and delivering notifications; returns http://host:port.
    Result<QUrl> start();
    void stop();

    const Environment& environment() const { return m_environment; }
    FaultPlan& faults() { return m_faults; }

    HttpReply route(const HttpRequest& request);

private:
    Sandbox(Environment environment, SandboxOptions options, const Clock& clock,
            std::unique_ptr<SandboxDatabase> database);

    HttpReply gateway(const HttpRequest& request);
    bool isResendOfDroppedCall(const HttpRequest& request);
    static QByteArray fingerprint(const HttpRequest& request);
    HttpReply unprocessedReply(const HttpRequest& request, const QString& method,
                               FaultPlan::CallFaults::Outcome outcome);
    // Authenticates and runs a call (or refuses it) and signs the answer.
    HttpReply answer(const HttpRequest& request, bool corruptSignature, const QString& faultNote);
    HttpReply customerPage(const QString& code, const QByteArray& rawQuery);
    HttpReply customerAction(const HttpRequest& request, const QString& action);
    HttpReply tradeList(const HttpRequest& request);
    HttpReply notificationList();
    HttpReply faultControl(const HttpRequest& request);
    HttpReply billDownload(const HttpRequest& request);
    QUrl baseUrl(const HttpRequest& request) const;

    Environment m_environment;
    SandboxOptions m_options;
    const Clock& m_clock;
    std::unique_ptr<SandboxDatabase> m_database;
    TradeBook m_trades;
    FaultPlan m_faults;
    ReplySigner m_signer;
    NotificationSender m_notifications;
    Acquirer m_acquirer;
    BillLinks m_bills;
    std::map<QString, std::unique_ptr<MethodHandler>> m_methods;
    RequestAuthenticator m_authenticator;
    GatewayServer m_server;
    QTimer m_clockTick;
    QUrl m_listenUrl;
    // Requests dropped by the drop fault, by content: see Sandbox::gateway().
    struct Dropped
    {
        QDateTime at;
        int resendsLeft = 0;
    };
    QHash<QByteArray, Dropped> m_dropped;
};

} // namespace counterpay::sandbox
