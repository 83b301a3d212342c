#include "ClientCost.h"

#include "TimedTradeGateway.h"

#include "alipay/ChinaTime.h"
#include "alipay/FormCodec.h"
#include "alipay/api/TradePrecreate.h"
#include "payment/PaymentSession.h"

#include <QDateTime>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace counterpay::bench {

namespace {

const Money kAmount = Money::fromFen(1234);

QString subject()
{
    return QStringLiteral("Benchmark coffee");
}

// Waits for `reply` on a nested event loop, as the session's own loop would.
QByteArray awaitBody(QNetworkReply* reply, int* status, QString* error)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    *error = reply->error() == QNetworkReply::NoError || *status != 0 ? QString() : reply->errorString();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

} // namespace

ClientCost::ClientCost(BenchSetup& setup, int orders, int warmup)
    : m_setup(setup)
    , m_orders(orders)
    , m_warmup(warmup)
    , m_builder(setup.requestBuilder())
    , m_verifier(setup.responseVerifier())
    , m_runTag(QDateTime::currentDateTimeUtc().toString(QStringLiteral("'B'HHmmsszzz")))
{}

ClientCostReport ClientCost::run()
{
    ClientCostReport report;
    for (int i = 0; i < m_warmup + m_orders; ++i) {
        const bool counted = i >= m_warmup;
        chargeOnce(&report, counted);
        storeOnce(&report, counted);
        exchangeOnce(&report, counted);
    }
    return report;
}

void ClientCost::noteFailure(ClientCostReport* report, const QString& what)
{
    ++report->failures;
    if (report->errors.size() < 5)
        report->errors.append(what);
}

// The cashier's Enter through the real PaymentSession: number, create, precreate, AwaitingScan, qrReady.
void ClientCost::chargeOnce(ClientCostReport* report, bool counted)
{
    TimedTradeGateway gateway(*m_setup.trades);
    config::PaymentOptions options = m_setup.settings.payment;
    const payment::PaymentContext context{*m_setup.store, gateway, QtScheduler::instance(), Clock::system(),
                                          store::LeaseOwner::forThisProcess()};
    payment::PaymentSession session(context, options);
    QEventLoop loop;
    SteadyClock::time_point ready{};
    double cpuReady = 0;
    QObject::connect(&session, &payment::PaymentSession::qrReady, &loop, [&](const QString&) {
        ready = SteadyClock::now();
        cpuReady = processCpuMs();
        loop.quit();
    });
    QObject::connect(&session, &payment::PaymentSession::finished, &loop, &QEventLoop::quit);

    const double waitStart = processRunQueueWaitMs();
    const double cpuStart = processCpuMs();
    const SteadyClock::time_point start = SteadyClock::now();
    session.startQr(kAmount, subject());
    if (ready == SteadyClock::time_point{} && !session.isFinished())
        loop.exec();
    const double waitReady = processRunQueueWaitMs();
    if (ready == SteadyClock::time_point{}) {
        noteFailure(report, QStringLiteral("charge: ") + session.lastError().toString());
        return;
    }
    if (!counted)
        return;
    const double total = millisecondsBetween(start, ready);
    report->total.add(total);
    report->roundTrip.add(gateway.lastPrecreateMs());
    report->store.add(total - gateway.lastPrecreateMs());
    report->cpuTotal.add(cpuReady - cpuStart);
    report->waitTotal.add(waitReady - waitStart);
    // The session is destroyed here, its next poll with it; the order stays AwaitingScan in the
    // benchmark's book and the sandbox forgets the unscanned QR when it expires.
}

void ClientCost::storeOnce(ClientCostReport* report, bool counted)
{
    store::OrderStore& book = *m_setup.store;
    const config::PaymentOptions& options = m_setup.settings.payment;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDate day = alipay::ChinaTime::dayOf(now);

    const SteadyClock::time_point t0 = SteadyClock::now();
    auto number = book.nextOutTradeNo(options.terminalId, day);
    const SteadyClock::time_point t1 = SteadyClock::now();
    if (!number) {
        noteFailure(report, QStringLiteral("store number: ") + number.error().toString());
        return;
    }
    auto created = book.create(store::NewOrder{*number,
                                               options.appId,
                                               kAmount,
                                               subject(),
                                               store::Order::PayMode::Qr,
                                               options.terminalId,
                                               options.cashierId,
                                               now.addSecs(300),
                                               {}});
    const SteadyClock::time_point t2 = SteadyClock::now();
    if (!created) {
        noteFailure(report, QStringLiteral("store create: ") + created.error().toString());
        return;
    }
    store::TransitionDetails details;
    details.qrCode = QStringLiteral("https://qr.alipay.com/bax00000000000000000000");
    auto moved = book.transition(*number, store::OrderState::AwaitingScan, store::EventSource::Gateway, details);
    const SteadyClock::time_point t3 = SteadyClock::now();
    if (!moved) {
        noteFailure(report, QStringLiteral("store transition: ") + moved.error().toString());
        return;
    }
    if (!counted)
        return;
    report->number.add(millisecondsBetween(t0, t1));
    report->create.add(millisecondsBetween(t1, t2));
    report->transition.add(millisecondsBetween(t2, t3));
}

// What GatewayClient::send does, step by step with a clock around each, then a bare exchange on
// the same connection: the difference is the gateway's own work on a precreate.
void ClientCost::exchangeOnce(ClientCostReport* report, bool counted)
{
    alipay::TradePrecreate call;
    call.outTradeNo = QStringLiteral("%1-RAW-%2").arg(m_runTag).arg(++m_rawSequence);
    call.totalAmount = kAmount;
    call.subject = subject();
    call.terminalId = m_setup.settings.payment.terminalId;
    call.qrCodeTimeoutExpress = QStringLiteral("5m");

    const double cpuStart = processCpuMs();
    const SteadyClock::time_point t0 = SteadyClock::now();
    auto params = m_builder.build(call.request());
    if (!params) {
        noteFailure(report, QStringLiteral("sign: ") + params.error().toString());
        return;
    }
    const QByteArray form = alipay::FormCodec::encode(*params);
    const SteadyClock::time_point t1 = SteadyClock::now();

    QNetworkRequest request(m_setup.gateway.gatewayUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    int status = 0;
    QString error;
    const QByteArray body = awaitBody(m_setup.network->post(request, form), &status, &error);
    const SteadyClock::time_point t2 = SteadyClock::now();
    if (status != 200) {
        noteFailure(report, QStringLiteral("precreate HTTP %1 %2").arg(status).arg(error));
        return;
    }

    auto verified = m_verifier.verify(body, QString::fromLatin1(alipay::TradePrecreate::kMethod));
    auto parsed = verified ? call.parse(*verified) : Result<alipay::TradePrecreate::Response>(verified.error());
    const SteadyClock::time_point t3 = SteadyClock::now();
    const double cpuDone = processCpuMs();
    if (!parsed) {
        noteFailure(report, QStringLiteral("precreate answer: ") + parsed.error().toString());
        return;
    }

    QNetworkRequest bare(m_setup.urlWithPath(QStringLiteral("/counterpay-bench-nothing-here")));
    bare.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const SteadyClock::time_point t4 = SteadyClock::now();
    awaitBody(m_setup.network->get(bare), &status, &error);
    const SteadyClock::time_point t5 = SteadyClock::now();
    if (status == 0) {
        noteFailure(report, QStringLiteral("bare exchange: ") + error);
        return;
    }
    if (!counted)
        return;
    report->sign.add(millisecondsBetween(t0, t1));
    report->exchange.add(millisecondsBetween(t1, t2));
    report->verify.add(millisecondsBetween(t2, t3));
    report->bareExchange.add(millisecondsBetween(t4, t5));
    report->gatewayWork.add(millisecondsBetween(t1, t2) - millisecondsBetween(t4, t5));
    report->cpuExchange.add(cpuDone - cpuStart);
}

} // namespace counterpay::bench
