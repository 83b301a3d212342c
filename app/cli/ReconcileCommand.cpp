#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/PassphraseReader.h"

#include "alipay/ChinaTime.h"
#include "payment/Till.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <optional>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ReconcileCommand", text);
}

QString amountOrDash(const std::optional<Money>& amount)
{
    return amount ? amount->toString() : QStringLiteral("-");
}

// One line a person reads and a script greps: the order number first, then the kind, both sides'
// figures, what differs and what to do.
QString line(const reconcile::Mismatch& mismatch)
{
    QString text = mismatch.outTradeNo + u' ' + reconcile::Mismatch::kindName(mismatch.kind);
    if (!mismatch.outRequestNo.isEmpty())
        text += QStringLiteral(" out_request_no=") + mismatch.outRequestNo;
    text += QStringLiteral(" alipay=%1 book=%2: %3. Action: %4")
                .arg(amountOrDash(mismatch.alipayAmount), amountOrDash(mismatch.bookAmount), mismatch.description,
                     mismatch.action);
    return text;
}

} // namespace

int reconcile(const Invocation& invocation)
{
    CommandLine command(QStringLiteral("reconcile"), invocation.arguments);
    command.option(QStringLiteral("date"), QStringLiteral("YYYY-MM-DD"),
                   tr("business day to reconcile, China time (default: yesterday; Alipay makes a day's bill "
                      "around 09:00 the next day)"));
    command.option(QStringLiteral("format"), QStringLiteral("text|json"), tr("output format (default text)"));
    if (auto parsed = command.parse(); !parsed)
        return report(parsed.error());
    const QDate today = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    QDate day = today.addDays(-1);
    if (command.isSet(QStringLiteral("date"))) {
        day = QDate::fromString(command.value(QStringLiteral("date")), QStringLiteral("yyyy-MM-dd"));
        if (!day.isValid())
            return report(Error::input(tr("--date must be a day like 2026-11-26")));
        if (day > today)
            return report(Error::input(tr("--date %1 has not begun yet in China").arg(day.toString(Qt::ISODate))));
    }
    const auto chosen = command.choice(QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("json")});
    if (!chosen)
        return report(chosen.error());
    const QString& format = *chosen;

    if (invocation.configPath.isEmpty())
        return report(Error::config(tr("give --config FILE")));
    payment::Till till;
    if (auto loaded = till.load(invocation.configPath, payment::TillParts::Use::Payments, {},
                                PassphraseReader(invocation.passphraseFile).prompt());
        !loaded)
        return report(loaded.error());
    if (till.isSandbox())
        Console::message(tr("SANDBOX gateway %1").arg(till.gatewayConfig().gatewayUrl.toDisplayString()));

    std::optional<Result<reconcile::ReconcileReport>> outcome;
    QEventLoop loop;
    till.reconcile(day, [&](Result<reconcile::ReconcileReport> result) {
        outcome.emplace(std::move(result));
        loop.quit();
    });
    if (!outcome)
        loop.exec();
    if (!outcome->ok())
        return report(outcome->error());
    const reconcile::ReconcileReport& result = outcome->value();

    if (format == u"json") {
        Console::printJson(QJsonDocument(result.toJson()));
        Console::message(result.summary());
    } else {
        for (const reconcile::Mismatch& mismatch : result.mismatches)
            Console::printLine(line(mismatch).toUtf8());
        Console::printLine(result.summary().toUtf8());
    }
    return result.agrees() ? Ok : BooksDisagree;
}

} // namespace counterpay::cli
