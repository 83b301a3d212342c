#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/ManagerApproval.h"
#include "cli/PassphraseReader.h"

#include "alipay/ChinaTime.h"
#include "payment/Till.h"
#include "payment/TillParts.h"
#include "report/DayReporter.h"
#include "report/ReportFormat.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ReportCommand", text);
}

// --date, or today in China.
Result<QDate> businessDay(const CommandLine& line)
{
    if (!line.isSet(QStringLiteral("date")))
        return alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    const QDate day = QDate::fromString(line.value(QStringLiteral("date")), QStringLiteral("yyyy-MM-dd"));
    if (!day.isValid())
        return Error::input(tr("--date must be a day like 2026-11-26"));
    return day;
}

} // namespace

int closeDay(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("close-day"), invocation.arguments);
    line.option(QStringLiteral("date"), QStringLiteral("YYYY-MM-DD"), tr("business day, China time (default: today)"));
    line.option(QStringLiteral("manager"), QStringLiteral("NAME"),
                tr("the manager who closes it, with their PIN (required when the order book has people)"));
    line.option(QStringLiteral("pin-file"), QStringLiteral("FILE"),
                tr("read the manager's PIN from the first line of FILE (- is stdin) instead of the terminal"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto day = businessDay(line);
    if (!day)
        return report(day.error());
    if (invocation.configPath.isEmpty())
        return report(Error::config(tr("give --config FILE")));
    payment::Till till;
    if (auto loaded = till.load(invocation.configPath, payment::TillParts::Use::BookOnly, {},
                                PassphraseReader(invocation.passphraseFile).prompt());
        !loaded)
        return report(loaded.error());
    auto by = approvingName(till.people(), QStringLiteral("close-day"), line.value(QStringLiteral("manager")),
                            line.value(QStringLiteral("pin-file")), line.value(QStringLiteral("manager")));
    if (!by)
        return report(by.error());
    auto closed = till.closeDay(*day, *by);
    if (!closed)
        return report(closed.error());
    auto figures = till.dayReport(*day);
    if (figures) {
        for (const QString& text : report::ReportFormat::toText(*figures))
            Console::printLine(text.toUtf8());
    }
    Console::message(tr("business day %1 closed by %2; no more payments are taken on it")
                         .arg(day->toString(Qt::ISODate), closed->closedBy));
    return Ok;
}

int dayReport(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("report"), invocation.arguments);
    line.option(QStringLiteral("date"), QStringLiteral("YYYY-MM-DD"), tr("business day, China time (default: today)"));
    line.option(QStringLiteral("app-id"), QStringLiteral("ID"), tr("only this app id's orders (default: all)"));
    line.option(QStringLiteral("format"), QStringLiteral("text|json|csv"), tr("output format (default text)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto day = businessDay(line);
    if (!day)
        return report(day.error());
    const auto chosen =
        line.choice(QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("csv")});
    if (!chosen)
        return report(chosen.error());
    const QString& format = *chosen;
    if (invocation.configPath.isEmpty())
        return report(Error::config(tr("give --config FILE")));

    // The order book alone, as `orders` reads it: no keys, no network.
    auto parts = payment::TillParts::load(invocation.configPath, payment::TillParts::Use::BookOnly, {}, Clock::system(),
                                          PassphraseReader(invocation.passphraseFile).prompt());
    if (!parts)
        return report(parts.error());
    auto built = report::DayReporter::build(parts->store->connection(), *day, line.value(QStringLiteral("app-id")));
    if (!built)
        return report(built.error());
    if (format == u"json") {
        Console::printJson(QJsonDocument(report::ReportFormat::toJson(*built)));
    } else if (format == u"csv") {
        const QByteArray csv = report::ReportFormat::toCsv(*built);
        Console::printLine(csv.chopped(2)); // printLine adds the last line break
    } else {
        for (const QString& text : report::ReportFormat::toText(*built))
            Console::printLine(text.toUtf8());
    }
    return Ok;
}

} // namespace counterpay::cli
