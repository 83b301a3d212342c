#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace counterpay::reconcile {

// One record of a bill's CSV text: a '#' line (Alipay's headers, markers and totals) or a row of fields.
struct CsvRecord
{
    int line = 0; // where the record starts, 1-based
    bool isComment = false;
    QString comment;    // a '#' line as written, without the '#' and the line break
    QStringList fields; // a row's fields, unquoted ("" inside quotes is one "), untrimmed
};

// Splits CSV text as Alipay's bills write it (RFC 4180 with CRLF): fields separated by commas, quoted
// when they hold a comma, a quote or a line break. A line that starts with '#' is a comment line, read
// whole (its full-width commas and all). Blank lines are skipped.
class CsvReader
{
    Q_DECLARE_TR_FUNCTIONS(CsvReader)

public:
    // A quote that is never closed (a cut-off file) is an Input error naming the line it opened on.
    static Result<QList<CsvRecord>> read(QStringView text);
};

} // namespace counterpay::reconcile
