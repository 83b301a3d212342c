#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/ManagerApproval.h"
#include "cli/PassphraseReader.h"
#include "cli/PinReader.h"

#include "common/TerminationSignals.h"
#include "payment/Till.h"
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

// The till a payment command works with, from its --config file.
Result<std::unique_ptr<payment::Till>> loadTill(const Invocation& invocation,
                                                payment::TillParts::Use use = payment::TillParts::Use::Payments)
{
    if (invocation.configPath.isEmpty())
        return Error::config(tr("give --config FILE"));
    auto till = std::make_unique<payment::Till>();
    if (auto loaded = till->load(invocation.configPath, use, {}, PassphraseReader(invocation.passphraseFile).prompt());
        !loaded)
        return loaded.error();
    if (use == payment::TillParts::Use::Payments && till->isSandbox())
        Console::message(
            tr("SANDBOX gateway %1: no real money moves").arg(till->gatewayConfig().gatewayUrl.toDisplayString()));
    return till;
}

// Starts the notification receiver when [notify] enabled=true.
Result<void> listenForNotifications(payment::Till& till)
{
    auto port = till.listenForNotifications();
    if (!port)
        return port.error();
    if (*port != 0)
        Console::message(tr("receiving notifications on port %1").arg(*port));
    return {};
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

    auto loaded = loadTill(invocation);
    if (!loaded)
        return report(loaded.error());
    payment::Till& till = **loaded;
    if (auto listening = listenForNotifications(till); !listening)
        report(listening.error());

    payment::PaymentRequest request;
    request.amount = *amount;
    request.subject = line.value(QStringLiteral("subject"));
    if (line.isSet(QStringLiteral("subject")) && request.subject.isEmpty())
        return report(Error::input(tr("--subject may not be empty")));
    request.authCode = *authCode;
    request.lifetimeMs = timeoutMs;
    QObject::connect(&till, &payment::Till::paymentStateChanged, &till, [](const store::Order& order) {
        Console::message(QStringLiteral("%1 %2").arg(order.outTradeNo, store::orderStateName(order.state)));
    });
    QObject::connect(&till, &payment::Till::qrReady, &till, [](const QString& qr) {
        if (auto code = receipt::QrCode::encode(qr.toUtf8()))
            Console::message(code->toTerminalText());
        Console::message(tr("Customer: scan this QR code with Alipay: %1").arg(qr));
    });
    QObject::connect(&till, &payment::Till::customerScanned, &till,
                     [] { Console::message(tr("scanned; waiting for the customer to pay")); });
    QObject::connect(&till, &payment::Till::connectionTrouble, &till, [](const QString& message) {
        Console::message(tr("connection trouble, still trying: %1").arg(message));
    });
    QObject::connect(&till, &payment::Till::connectionRecovered, &till,
                     [] { Console::message(tr("connection back")); });
    QObject::connect(&till, &payment::Till::notPaid, &till, [](const QString& message, const QString& advice) {
        Console::message(advice.isEmpty() ? tr("not paid: %1").arg(message)
                                          : tr("not paid: %1 %2").arg(message, advice));
    });
    QObject::connect(&till, &payment::Till::unresolved, &till, [](const QString& reason) {
        Console::message(tr("UNRESOLVED, a manager must check (run `recover` later): %1").arg(reason));
    });
    QObject::connect(&till, &payment::Till::refundedOnCancel, &till, [](const store::Order& order) {
        Console::message(
            tr("the customer had paid; Alipay refunded %1 to the customer").arg(order.totalAmount.toString()));
    });
    QObject::connect(&till, &payment::Till::paid, &till, [](const store::Order& order) {
        Console::message(tr("PAID %1 (trade_no %2)").arg(order.totalAmount.toString(), order.tradeNo));
    });
    QObject::connect(&till, &payment::Till::recordingTrouble, &till,
                     [](const QString& message) { Console::message(message); });
    std::optional<store::Order> ended;
    QEventLoop loop;
    QObject::connect(&till, &payment::Till::paymentFinished, &loop, [&](const store::Order& order) {
        ended = order;
        loop.quit();
    });
    TerminationSignals termination;
    QObject::connect(&termination, &TerminationSignals::terminationRequested, &till, [&till] {
        Console::message(tr("stopping: a last query, then the order is cancelled"));
        till.stopPayment();
    });

    auto started = till.startPayment(request);
    if (!started)
        return report(started.error());
    if (!ended)
        loop.exec();

    Console::printJson(QJsonDocument(store::OrderExport::toJson(*ended)));
    return exitCodeForState(ended->state);
}
int refund(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("refund"), invocation.arguments);
    line.option(QStringLiteral("out-trade-no"), QStringLiteral("NO"), tr("the paid order to refund"));
    line.option(QStringLiteral("amount"), QStringLiteral("YUAN"), tr("how much to give back, e.g. 5.00"));
    line.option(QStringLiteral("reason"), QStringLiteral("TEXT"), tr("why (kept with the refund)"));
    line.option(QStringLiteral("manager"), QStringLiteral("NAME"),
                tr("the manager who approves it with their PIN (required when the order book has people)"));
    line.option(QStringLiteral("pin-file"), QStringLiteral("FILE"),
                tr("read the manager's PIN from the first line of FILE (- is stdin) instead of the terminal"));
    line.option(QStringLiteral("by"), QStringLiteral("NAME"),
                tr("a shop without people: who authorised it (default: the user running this command)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto outTradeNo = line.required(QStringLiteral("out-trade-no"));
    if (!outTradeNo)
        return report(outTradeNo.error());
    auto amount = line.amount(QStringLiteral("amount"));
    if (!amount)
        return report(amount.error());

    auto loaded = loadTill(invocation);
    if (!loaded)
        return report(loaded.error());
    payment::Till& till = **loaded;
    // Money leaves the shop: with people in the book a manager approves, and the refund names them,
    // not a free text.
    auto singleUser = till.people().isEmpty();
    if (!singleUser)
        return report(singleUser.error());
    if (line.isSet(QStringLiteral("by")) && !*singleUser)
        return report(Error::input(
            tr("refund: this shop has people; name the approving manager with --manager instead of --by")));
    auto by = approvingName(till.people(), QStringLiteral("refund"), line.value(QStringLiteral("manager")),
                            line.value(QStringLiteral("pin-file")),
                            line.isSet(QStringLiteral("manager")) ? line.value(QStringLiteral("manager"))
                                                                  : line.value(QStringLiteral("by")));
    if (!by)
        return report(by.error());
    std::optional<store::Order> after;
    std::optional<store::Refund> ended;
    QString message;
    QEventLoop loop;
    QObject::connect(&till, &payment::Till::refundFinished, &loop,
                     [&](const store::Refund& refund, const store::Order& order, const QString& why) {
                         ended = refund;
                         after = order;
                         message = why;
                         loop.quit();
                     });
    auto started = till.startRefund(*outTradeNo, *amount, *by, line.value(QStringLiteral("reason")));
    if (!started)
        return report(started.error());
    Console::message(tr("refund %1 of %2 recorded; asking Alipay").arg(started->outRequestNo, amount->toString()));
    if (!ended)
        loop.exec();
    switch (ended->state) {
    case store::Refund::State::Done:
        Console::message(tr("REFUNDED %1 (refund %2); %3 refunded in all")
                             .arg(ended->amount.toString(), ended->outRequestNo, after->refundedAmount.toString()));
        break;
    case store::Refund::State::Failed:
        Console::message(tr("refund refused: %1").arg(message));
        break;
    default:
        Console::message(tr("UNRESOLVED, asked again by `recover`: %1").arg(message));
        break;
    }
    Console::printJson(QJsonDocument(store::OrderExport::toJson(*after)));
    switch (ended->state) {
    case store::Refund::State::Done:
        return Ok;
    case store::Refund::State::Failed:
        return BusinessRefusal;
    default:
        return UnknownOutcome;
    }
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
    const auto chosen = line.choice(QStringLiteral("format"), {QStringLiteral("json"), QStringLiteral("csv")});
    if (!chosen)
        return report(chosen.error());
    const QString& format = *chosen;

    auto till = loadTill(invocation, payment::TillParts::Use::BookOnly);
    if (!till)
        return report(till.error());
    auto list = (*till)->orders(filter);
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
    auto till = loadTill(invocation);
    if (!till)
        return report(till.error());
    if (auto listening = listenForNotifications(**till); !listening)
        report(listening.error());
    payment::Till& counter = **till;
    QObject::connect(&counter, &payment::Till::recoveryProgress, &counter,
                     [](const QString& progressLine) { Console::message(progressLine); });
    QEventLoop loop;
    QObject::connect(&counter, &payment::Till::recoveryFinished, &loop, &QEventLoop::quit);
    if (!counter.recover())
        return report(Error::input(tr("a recovery is already running")));
    if (counter.isRecovering())
        loop.exec();
    const auto* report = &counter.recoveryReport();
    if (report->unknown < 0)
        return cli::report(Error::storage(report->lines.value(0)));
    Console::printJson(QJsonDocument(QJsonObject{
        {QStringLiteral("examined"), report->examined},
        {QStringLiteral("paid"), report->paid},
        {QStringLiteral("closed"), report->closed},
        {QStringLiteral("refunded"), report->refunded},
        {QStringLiteral("failed"), report->failed},
        {QStringLiteral("unresolved"), report->unknown},
        {QStringLiteral("other_app"), report->otherApp},
        {QStringLiteral("busy"), report->busy},
        {QStringLiteral("refunds"), QJsonObject{{QStringLiteral("examined"), report->refundsExamined},
                                                {QStringLiteral("done"), report->refundsDone},
                                                {QStringLiteral("failed"), report->refundsFailed},
                                                {QStringLiteral("unresolved"), report->refundsUnknown}}},
        {QStringLiteral("orders"), QJsonArray::fromStringList(report->lines)},
    }));
    Console::message(report->examined == 0
                         ? tr("nothing to recover: every order is settled")
                         : tr("%1 order(s) examined, %2 still unresolved").arg(report->examined).arg(report->unknown));
    return report->allResolved() ? Ok : UnknownOutcome;
}

} // namespace counterpay::cli
