#pragma once

#include "report/DayReport.h"
#include "report/ShiftReport.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace counterpay::report {

// The reports as the CLI prints them, a manager's spreadsheet opens them and a slip shows them.
// Amounts are Alipay-style decimal strings ("12.30"), never numbers, so no reader turns them into
// floating point; field names follow Alipay's snake_case.
class ReportFormat
{
    Q_DECLARE_TR_FUNCTIONS(ReportFormat)

public:
    static QJsonObject toJson(const DayReport& report);
    // UTF-8 with a byte-order mark first (Excel takes BOM-less UTF-8 for the ANSI code page), CRLF
    // line ends and fields quoted as RFC 4180 says. One section per part (day, totals, states,
    // refunds, hourly), each with its own header row, separated by an empty line.
    static QByteArray toCsv(const DayReport& report);
    // Lines for the CLI's text format and the printed slip, in the user's language.
    static QStringList toText(const DayReport& report);

    static QJsonObject toJson(const ShiftReport& report);
    static QStringList toText(const ShiftReport& report);

    // One CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a line break.
    static QString csvField(const QString& value);
};

} // namespace counterpay::report
