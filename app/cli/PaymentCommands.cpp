#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"

#include "common/TerminationSignals.h"
#include "notify/NotifyServer.h"
#include "payment/Counter.h"
#include "payment/PaymentSession.h"
#include "payment/Recovery.h"
#include "receipt/QrCode.h"
#include "store/OrderExport.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("PaymentCommands", text);
}

int exitCodeForState(store::OrderState state)
{
    switch (state) {
    case store::OrderState::Paid:
        return Ok;
    case store::OrderState::Closed:
    case store::OrderState::Failed:
    case store::OrderState::Refunded:
    case store::OrderState::PartiallyRefunded:
        return BusinessRefusal;
    default:
        return UnknownOutcome;
    }
}

// The counter a payment command works for, from its --config file.
Result<std::unique_ptr<payment::Counter>> loadCounter(const QString& configPath, bool withGateway = true)
{
    if (configPath.isEmpty())
        return Error::config(tr("give --config FILE"));
    auto counter = std::make_unique<payment::Counter>();
    if (auto loaded = counter->load(configPath, withGateway); !loaded)
        return loaded.error();
    if (withGateway && counter->gateway.isSandbox())
        Console::message(
            tr("SANDBOX gateway %1: no real money moves").arg(counter->gateway.gatewayUrl.toDisplayString()));
    return counter;
}

// Starts the notification receiver when [notify] enabled=true; it hands verified payments to
// `session` (or to whichever session `find` returns).
std::unique_ptr<notify::NotifyServer> startNotifyServer(payment::Counter& setup,
                                                        std::function<payment::PaymentSession*(const QString&)> find)
{
    if (!setup.settings.notifyEnabled)
        return nullptr;
    auto server = std::make_unique<notify::NotifyServer>(
        notify::NotifyVerifier(setup.gateway.alipayPublicKey, setup.gateway.appId),
        [&setup, find](const notify::Notification& notification) -> Result<void> {
            auto order = setup.store->find(notification.outTradeNo);
            if (!order)
                return order.error();
            if (!order->has_value())
                return Error::input(tr("no such order"), notification.outTradeNo);
            if (order->value().totalAmount != notification.totalAmount)
                return Error::security(tr("the notification names another amount"), notification.outTradeNo);
            if (notification.meansPaid()) {
                if (payment::PaymentSession* session = find(notification.outTradeNo))
                    session->applyNotifiedPayment(notification.tradeNo, notification.totalAmount,
                                                  notification.params.value(QStringLiteral("buyer_logon_id")));
            }
            return {};
        });
    auto port = server->listen(setup.settings.notifyListen, setup.settings.notifyPort, setup.settings.notifyPath);
    if (!port) {
        report(port.error());
        return nullptr;
    }
    Console::message(tr("receiving notifications on port %1").arg(*port));
    return server;
}

} // namespace

int charge(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("charge"), invocation.arguments);
    line.option(QStringLiteral("amount"), QStringLiteral("YUAN"), tr("amount to charge, e.g. 12.34"));
    line.option(QStringLiteral("subject"), QStringLiteral("TEXT"), tr("order title shown to the customer"));
    line.option(QStringLiteral("auth-code"), QStringLiteral("CODE"),
                tr("the customer's payment code (barcode payment); without it a QR code is shown"));
    line.option(QStringLiteral("timeout"), QStringLiteral("SECONDS"),
                tr("how long to wait for the customer before cancelling"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto amount = line.amount(QStringLiteral("amount"));
    if (!amount)
        return report(amount.error());
    auto authCode = line.authCode(false);
    if (!authCode)
        return report(authCode.error());
    std::optional<qint64> timeoutMs;
    if (line.isSet(QStringLiteral("timeout"))) {
        bool ok = false;
        const qint64 seconds = line.value(QStringLiteral("timeout")).toLongLong(&ok);
        if (!ok || seconds < 5 || seconds > 7200)
            return report(Error::input(tr("--timeout must be 5 to 7200 seconds")));
        timeoutMs = seconds * 1000;
    }

    auto setup = loadCounter(invocation.configPath);
    if (!setup)
        return report(setup.error());
    payment::Counter& counter = **setup;
    auto subject = line.subject(counter.settings.subject);
    if (!subject)
        return report(subject.error());
    payment::PaymentOptions options = counter.settings.payment;
    if (timeoutMs) {
        options.qrLifetimeMs = *timeoutMs;
        options.barcodeWaitMs = *timeoutMs;
    }

    const payment::PaymentContext context{*counter.store, *counter.trades, QtScheduler::instance(), Clock::system(),
                                          store::LeaseOwner::forThisProcess()};
    payment::PaymentSession session(context, options);
    auto notifications = startNotifyServer(counter, [&session](const QString& outTradeNo) {
        return session.outTradeNo() == outTradeNo ? &session : nullptr;
    });
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::terminationRequested, &session, [&session] {
        Console::message(tr("stopping: a last query, then the order is cancelled"));
        session.stop();
    });

    QObject::connect(&session, &payment::PaymentSession::stateChanged, &session, [&session](store::OrderState state) {
        Console::message(QStringLiteral("%1 %2").arg(session.outTradeNo(), store::orderStateName(state)));
    });
    QObject::connect(&session, &payment::PaymentSession::qrReady, &session, [](const QString& qr) {
        if (auto code = receipt::QrCode::encode(qr.toUtf8()))
            Console::message(code->toTerminalText());
        Console::message(tr("Customer: scan this QR code with Alipay: %1").arg(qr));
    });
    QObject::connect(&session, &payment::PaymentSession::scanned, &session,
                     [] { Console::message(tr("scanned; waiting for the customer to pay")); });
    QObject::connect(&session, &payment::PaymentSession::connectionTrouble, &session, [](const QString& message) {
        Console::message(tr("connection trouble, still trying: %1").arg(message));
    });
    QObject::connect(&session, &payment::PaymentSession::connectionRecovered, &session,
                     [] { Console::message(tr("connection back")); });
    QObject::connect(&session, &payment::PaymentSession::failed, &session,
                     [](const QString& message) { Console::message(tr("not paid: %1").arg(message)); });
    QObject::connect(&session, &payment::PaymentSession::unresolved, &session, [](const QString& reason) {
        Console::message(tr("UNRESOLVED, a manager must check (run `recover` later): %1").arg(reason));
    });
    QObject::connect(&session, &payment::PaymentSession::refundedOnCancel, &session, [](const store::Order& order) {
        Console::message(
            tr("the customer had paid; Alipay refunded %1 to the customer").arg(order.totalAmount.toString()));
    });
    QObject::connect(&session, &payment::PaymentSession::paid, &session, [](const store::Order& order) {
        Console::message(tr("PAID %1 (trade_no %2)").arg(order.totalAmount.toString(), order.tradeNo));
    });

    QEventLoop loop;
    QObject::connect(&session, &payment::PaymentSession::finished, &loop, &QEventLoop::quit);
    if (authCode->isEmpty())
        session.startQr(*amount, *subject);
    else
        session.startBarcode(*amount, *subject, *authCode);
    if (!session.isFinished())
        loop.exec();

    if (session.order().outTradeNo.isEmpty())
        return report(session.lastError());
    Console::printJson(QJsonDocument(store::OrderExport::toJson(session.order())));
    return exitCodeForState(session.order().state);
}

int orders(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("orders"), invocation.arguments);
    line.option(QStringLiteral("date"), QStringLiteral("YYYY-MM-DD"), tr("business day (China time)"));
    line.option(QStringLiteral("state"), QStringLiteral("STATE"), tr("only orders in this state, e.g. paid"));
    line.option(QStringLiteral("format"), QStringLiteral("json|csv"), tr("output format (default json)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    store::OrderFilter filter;
    if (line.isSet(QStringLiteral("date"))) {
        const QDate day = QDate::fromString(line.value(QStringLiteral("date")), QStringLiteral("yyyy-MM-dd"));
        if (!day.isValid())
            return report(Error::input(tr("--date must be a day like 2026-11-26")));
        filter.businessDay = day;
    }
    if (line.isSet(QStringLiteral("state"))) {
        const auto state = store::parseOrderState(line.value(QStringLiteral("state")));
        if (!state)
            return report(Error::input(tr("unknown state \"%1\"").arg(line.value(QStringLiteral("state")))));
        filter.state = *state;
    }
    const QString format =
        line.isSet(QStringLiteral("format")) ? line.value(QStringLiteral("format")) : QStringLiteral("json");
    if (format != u"json" && format != u"csv")
        return report(Error::input(tr("--format must be json or csv")));

    auto setup = loadCounter(invocation.configPath, false);
    if (!setup)
        return report(setup.error());
    auto list = (*setup)->store->list(filter);
    if (!list)
        return report(list.error());
    if (format == u"csv") {
        const QByteArray csv = store::OrderExport::toCsv(*list);
        Console::printLine(csv.chopped(2)); // printLine adds the last line break
        return Ok;
    }
    QJsonArray array;
    for (const store::Order& order : *list)
        array.append(store::OrderExport::toJson(order));
    Console::printJson(QJsonDocument(array));
    return Ok;
}

int recover(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("recover"), invocation.arguments);
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto setup = loadCounter(invocation.configPath);
    if (!setup)
        return report(setup.error());
    payment::Counter& counter = **setup;
    const payment::PaymentContext context{*counter.store, *counter.trades, QtScheduler::instance(), Clock::system(),
                                          store::LeaseOwner::forThisProcess()};
    payment::Recovery recovery(context, counter.settings.payment);
    auto notifications =
        startNotifyServer(counter, [&recovery](const QString& outTradeNo) { return recovery.sessionFor(outTradeNo); });
    QObject::connect(&recovery, &payment::Recovery::progress, &recovery,
                     [](const QString& progressLine) { Console::message(progressLine); });
    std::optional<payment::RecoveryReport> report;
    QEventLoop loop;
    QObject::connect(&recovery, &payment::Recovery::finished, &loop, [&](const payment::RecoveryReport& r) {
        report = r;
        loop.quit();
    });
    recovery.run();
    if (!report)
        loop.exec();
    if (report->unknown < 0)
        return cli::report(Error::storage(report->lines.value(0)));
    Console::printJson(QJsonDocument(QJsonObject{
        {QStringLiteral("examined"), report->examined},
        {QStringLiteral("paid"), report->paid},
        {QStringLiteral("closed"), report->closed},
        {QStringLiteral("refunded"), report->refunded},
        {QStringLiteral("failed"), report->failed},
        {QStringLiteral("unresolved"), report->unknown},
        {QStringLiteral("orders"), QJsonArray::fromStringList(report->lines)},
    }));
    Console::message(report->examined == 0
                         ? tr("nothing to recover: every order is settled")
                         : tr("%1 order(s) examined, %2 still unresolved").arg(report->examined).arg(report->unknown));
    return report->allResolved() ? Ok : UnknownOutcome;
}

} // namespace counterpay::cli
