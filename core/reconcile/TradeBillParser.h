#pragma once

#include "common/Result.h"
#include "reconcile/TradeBill.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace counterpay::reconcile {

// Reads the detail file of Alipay's trade bill (<pid>_<date>_业务明细.csv, GBK; DESIGN.md §4): the '#'
// header lines, the start marker, the column header, one row per payment and per refund, the end
// marker, and the totals, which must agree with the rows. Columns are found by their header names,
// wherever they stand; values lose Alipay's tab padding; amounts are read exactly (integer fen).
// Anything else (not GBK, a row cut short, an amount that is not one, totals that do not add up, a
// file that ends before its end marker or its totals) is a Gateway error naming the line, and the
// column where there is one: a bill that cannot be read whole is not reconciled at all.
class TradeBillParser
{
    Q_DECLARE_TR_FUNCTIONS(TradeBillParser)

public:
    // The columns a bill must have; the others are read when present.
    static const QStringList& requiredColumns();

    // GBK (GB18030) bytes, or UTF-8 when they start with a UTF-8 byte-order mark.
    static Result<TradeBill> parse(const QByteArray& bytes);
    static Result<TradeBill> parseText(const QString& text);
};

} // namespace counterpay::reconcile
