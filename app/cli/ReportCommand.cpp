#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"

#include "alipay/ChinaTime.h"
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

} // namespace

int dayReport(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("report"), invocation.arguments);
    line.option(QStringLiteral("date"), QStringLiteral("YYYY-MM-DD"), tr("business day, China time (default: today)"));
    line.option(QStringLiteral("app-id"), QStringLiteral("ID"), tr("only this app id's orders (default: all)"));
    line.option(QStringLiteral("format"), QStringLiteral("text|json|csv"), tr("output format (default text)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    QDate day = alipay::ChinaTime::dayOf(QDateTime::currentDateTimeUtc());
    if (line.isSet(QStringLiteral("date"))) {
        day = QDate::fromString(line.value(QStringLiteral("date")), QStringLiteral("yyyy-MM-dd"));
        if (!day.isValid())
            return report(Error::input(tr("--date must be a day like 2026-11-26")));
    }
    const QString format =
        line.isSet(QStringLiteral("format")) ? line.value(QStringLiteral("format")) : QStringLiteral("text");
    if (format != u"text" && format != u"json" && format != u"csv")
        return report(Error::input(tr("--format must be text, json or csv")));
    if (invocation.configPath.isEmpty())
        return report(Error::config(tr("give --config FILE")));

    // The order book alone, as `orders` reads it: no keys, no network.
    auto parts = payment::TillParts::load(invocation.configPath, payment::TillParts::Use::BookOnly);
    if (!parts)
        return report(parts.error());
    auto built = report::DayReporter::build(parts->store->connection(), day, line.value(QStringLiteral("app-id")));
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
