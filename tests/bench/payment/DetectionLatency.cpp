#include "DetectionLatency.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

namespace counterpay::bench {

namespace {

const Money kAmount = Money::fromFen(1234);

} // namespace

DetectionLatency::DetectionLatency(BenchSetup& setup, Mode mode, Options options)
    : m_setup(setup)
    , m_mode(mode)
    , m_options(options)
    , m_paymentOptions(setup.settings.payment)
    , m_random(options.seed)
{
    // Polling alone means no notification can arrive, whatever the config's notify_url says.
    if (m_mode == Mode::Polling)
        m_paymentOptions.notifyUrl.clear();
}

DetectionLatency::~DetectionLatency() = default;

DetectionReport DetectionLatency::run()
{
    if (m_mode == Mode::Notifications) {
        if (auto started = startNotifications(); !started) {
            noteFailure(QStringLiteral("notifications: ") + started.error().toString());
            m_report.failures = m_options.orders;
            return m_report;
        }
    }
    // Generous: every order pays within payDelayMaxMs of its QR and is then detected or given up.
    const qint64 rounds = (m_options.orders + m_options.parallel - 1) / m_options.parallel;
    QTimer::singleShot(
        std::chrono::milliseconds(rounds * (m_options.payDelayMaxMs + 2000) + m_options.perOrderLimitMs + 30000),
        &m_context, [this] {
            noteFailure(QStringLiteral("the run took too long; %1 of %2 orders finished")
                            .arg(m_finished)
                            .arg(m_options.orders));
            m_loop.quit();
        });
    const int first = std::min(m_options.parallel, m_options.orders);
    for (int i = 0; i < first; ++i)
        QTimer::singleShot(m_random.bounded(1000), Qt::PreciseTimer, &m_context, [this] { launch(); });
    m_loop.exec();
    m_report.failures += m_options.orders - m_finished;
    for (const auto& order : m_orders) {
        if (order->session && !order->finished)
            order->session->stop();
    }
    return m_report;
}

Result<void> DetectionLatency::startNotifications()
{
    const config::CounterSettings& settings = m_setup.settings;
    // The config's [notify] section when it enables one; otherwise any free loopback port, which
    // only a gateway on this machine can reach.
    const QHostAddress listen = settings.notifyEnabled ? settings.notifyListen : QHostAddress(QHostAddress::LocalHost);
    const quint16 port = settings.notifyEnabled ? settings.notifyPort : 0;
    m_notifyServer = std::make_unique<notify::NotifyServer>(
        notify::NotifyVerifier(m_setup.gateway.alipayPublicKey, m_setup.gateway.appId),
        [this](const notify::Notification& notification) { return onNotification(notification); });
    auto bound = m_notifyServer->listen(listen, port, settings.notifyPath);
    if (!bound)
        return bound.error();
    if (!settings.notifyEnabled || m_paymentOptions.notifyUrl.isEmpty()) {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(listen.toString());
        url.setPort(*bound);
        url.setPath(settings.notifyPath);
        m_paymentOptions.notifyUrl = url.toString();
    }
    m_report.notifyUrl = m_paymentOptions.notifyUrl;
    return {};
}

void DetectionLatency::launch()
{
    if (m_launched >= m_options.orders)
        return;
    ++m_launched;
    auto owned = std::make_unique<Order>();
    Order* order = owned.get();
    m_orders.push_back(std::move(owned));
    const payment::PaymentContext context{*m_setup.store, *m_setup.trades, QtScheduler::instance(), Clock::system(),
                                          m_leaseOwner};
    order->session = std::make_unique<payment::PaymentSession>(context, m_paymentOptions);
    payment::PaymentSession* session = order->session.get();
    QObject::connect(session, &payment::PaymentSession::qrReady, &m_context, [this, order] { onQrReady(order); });
    QObject::connect(session, &payment::PaymentSession::paid, &m_context, [this, order] {
        const SteadyClock::time_point now = SteadyClock::now();
        order->paid = true;
        if (order->payAt == SteadyClock::time_point{}) {
            noteFailure(order->outTradeNo + QStringLiteral(": paid before the customer paid"));
            return;
        }
        m_report.latency.add(millisecondsBetween(order->payAt, now));
        m_report.sinceQrReady.add(millisecondsBetween(order->qrAt, order->payAt));
        if (m_notifying == order) {
            ++m_report.viaNotification;
            m_report.notifyHandling.add(millisecondsBetween(order->notifiedAt, now));
        } else {
            ++m_report.viaQuery;
        }
    });
    QObject::connect(session, &payment::PaymentSession::failed, &m_context, [this, order](const QString& message) {
        noteFailure(order->outTradeNo + QStringLiteral(" not paid: ") + message);
    });
    QObject::connect(session, &payment::PaymentSession::unresolved, &m_context, [this, order](const QString& reason) {
        noteFailure(order->outTradeNo + QStringLiteral(" unresolved: ") + reason);
    });
    QObject::connect(session, &payment::PaymentSession::finished, &m_context, [this, order] { onFinished(order); });
    session->startQr(kAmount, QStringLiteral("Benchmark tea"));
}

void DetectionLatency::onQrReady(Order* order)
{
    order->qrAt = SteadyClock::now();
    order->outTradeNo = order->session->outTradeNo();
    m_byOutTradeNo.insert(order->outTradeNo, order);
    const qint64 payDelay =
        m_options.payDelayMinMs +
        static_cast<qint64>(m_random.bounded(static_cast<double>(m_options.payDelayMaxMs - m_options.payDelayMinMs)));
    // The customer scans somewhere in the middle of the wait, so the polls see WAIT_BUYER_PAY first.
    const qint64 scanDelay = payDelay / 5 + static_cast<qint64>(m_random.bounded(static_cast<double>(payDelay) * 0.6));
    QTimer::singleShot(std::chrono::milliseconds(scanDelay), Qt::PreciseTimer, order->session.get(),
                       [this, order] { customer(order, QStringLiteral("scan")); });
    QTimer::singleShot(std::chrono::milliseconds(payDelay), Qt::PreciseTimer, order->session.get(), [this, order] {
        order->payAt = SteadyClock::now();
        customer(order, QStringLiteral("pay"));
        QTimer::singleShot(std::chrono::milliseconds(m_options.perOrderLimitMs), order->session.get(), [this, order] {
            if (order->paid || order->finished)
                return;
            noteFailure(order->outTradeNo +
                        QStringLiteral(": not Paid %1 ms after the customer paid").arg(m_options.perOrderLimitMs));
            order->session->stop();
        });
    });
}

void DetectionLatency::customer(Order* order, const QString& action)
{
    QNetworkRequest request(m_setup.urlWithPath(QStringLiteral("/sandbox/") + action));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("out_trade_no"), order->outTradeNo);
    form.addQueryItem(QStringLiteral("app_id"), m_setup.gateway.appId);
    QNetworkReply* reply = m_customerNetwork.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
    const bool paying = action == u"pay";
    const SteadyClock::time_point sent = SteadyClock::now();
    QObject::connect(reply, &QNetworkReply::finished, &m_context, [this, reply, order, action, paying, sent] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            noteFailure(QStringLiteral("customer %1 %2: HTTP %3 %4")
                            .arg(action, order->outTradeNo)
                            .arg(status)
                            .arg(QString::fromUtf8(reply->readAll().left(200))));
            return;
        }
        if (paying)
            m_report.payAck.add(millisecondsBetween(sent, SteadyClock::now()));
    });
}

void DetectionLatency::onFinished(Order* order)
{
    order->finished = true;
    if (!order->paid)
        ++m_report.failures;
    ++m_finished;
    // Not from inside the session's own signal.
    QTimer::singleShot(0, &m_context, [this, order] {
        m_byOutTradeNo.remove(order->outTradeNo);
        order->session.reset();
        if (m_finished >= m_options.orders)
            m_loop.quit();
        else
            launch();
    });
}

// What the till's receiver does with a verified notification (payment::Till::acceptNotification):
// checked here, applied once `success` is on the wire.
Result<notify::NotifyServer::FollowUp> DetectionLatency::onNotification(const notify::Notification& notification)
{
    const SteadyClock::time_point arrived = SteadyClock::now();
    auto stored = m_setup.store->find(notification.outTradeNo);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return Error::input(QStringLiteral("no such order"), notification.outTradeNo);
    if (stored->value().totalAmount != notification.totalAmount)
        return Error::security(QStringLiteral("the notification names another amount"), notification.outTradeNo);
    if (!notification.meansPaid())
        return notify::NotifyServer::FollowUp();
    Order* order = m_byOutTradeNo.value(notification.outTradeNo);
    if (!order || !order->session)
        return notify::NotifyServer::FollowUp();
    if (order->payAt != SteadyClock::time_point{} && order->notifiedAt == SteadyClock::time_point{}) {
        order->notifiedAt = arrived;
        m_report.notifyArrival.add(millisecondsBetween(order->payAt, arrived));
    }
    return notify::NotifyServer::FollowUp([this, order, tradeNo = notification.tradeNo,
                                           amount = notification.totalAmount,
                                           buyer = notification.params.value(QStringLiteral("buyer_logon_id"))] {
        if (!order->session)
            return;
        m_notifying = order;
        order->session->applyNotifiedPayment(tradeNo, amount, buyer);
        m_notifying = nullptr;
    });
}

void DetectionLatency::noteFailure(const QString& what)
{
    if (m_report.errors.size() < 5)
        m_report.errors.append(what);
}

} // namespace counterpay::bench
