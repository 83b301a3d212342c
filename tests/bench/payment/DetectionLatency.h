#pragma once

#include "BenchSetup.h"
#include "Samples.h"

#include "notify/NotifyServer.h"
#include "payment/PaymentSession.h"

#include <QEventLoop>
#include <QHash>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QStringList>

#include <memory>
#include <vector>

namespace counterpay::bench {

// (b) How long after the customer pays the order is Paid here.
struct DetectionReport
{
    QString notifyUrl;      // empty when polling alone
    Samples latency;        // the customer's pay POST sent -> PaymentSession::paid
    Samples payAck;         // the customer's pay POST sent -> its answer (the phone's "paid")
    Samples notifyArrival;  // pay POST sent -> the verified notification reaches the handler
    Samples notifyHandling; // handler entered -> paid (order book commit included)
    Samples sinceQrReady;   // when the customer paid, after the QR was shown
    int viaNotification = 0;
    int viaQuery = 0;
    int failures = 0;
    QStringList errors; // the first few
};

// Runs `orders` QR payments, `parallel` at a time, through real PaymentSessions against the gateway.
// A scripted customer (the sandbox's /sandbox/scan and /sandbox/pay) scans, then pays at a random
// time after the QR is shown: detection by polling depends on where the payment falls between two
// queries, so the payment time is spread over several poll periods. Sessions start staggered so
// their polls do not all fall on the same tick.
class DetectionLatency
{
public:
    enum class Mode
    {
        Polling,       // no notify_url in the precreate: queries alone
        Notifications, // NotifyServer listening and its URL in the precreate; queries still run
    };
    struct Options
    {
        int orders = 100;
        int parallel = 25;
        qint64 payDelayMinMs = 2000;
        qint64 payDelayMaxMs = 5000;
        quint32 seed = 1;
        qint64 perOrderLimitMs = 30000; // after paying, give up on an order after this long
    };

    DetectionLatency(BenchSetup& setup, Mode mode, Options options);
    ~DetectionLatency();
    DetectionReport run();

private:
    struct Order
    {
        std::unique_ptr<payment::PaymentSession> session;
        QString outTradeNo;
        SteadyClock::time_point qrAt{};
        SteadyClock::time_point payAt{};
        SteadyClock::time_point notifiedAt{};
        bool paid = false;
        bool finished = false;
    };

    Result<void> startNotifications();
    void launch();
    void onQrReady(Order* order);
    void customer(Order* order, const QString& action);
    void onFinished(Order* order);
    Result<notify::NotifyServer::FollowUp> onNotification(const notify::Notification& notification);
    void noteFailure(const QString& what);

    BenchSetup& m_setup;
    Mode m_mode;
    Options m_options;
    config::PaymentOptions m_paymentOptions;
    store::LeaseOwner m_leaseOwner = store::LeaseOwner::forThisProcess();
    QRandomGenerator m_random;
    QObject m_context; // owns the timers and connections of this run
    QEventLoop m_loop;
    QNetworkAccessManager m_customerNetwork; // the customer's phone, apart from the counter's connections
    std::unique_ptr<notify::NotifyServer> m_notifyServer;
    std::vector<std::unique_ptr<Order>> m_orders;
    QHash<QString, Order*> m_byOutTradeNo;
    Order* m_notifying = nullptr; // set while a notification is being applied
    int m_launched = 0;
    int m_finished = 0;
    DetectionReport m_report;
};

} // namespace counterpay::bench
