#pragma once

#include "BillLinks.h"
#include "Trade.h"
#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace counterpay::sandbox {

// The trade bill (对账单) as Alipay ships it (DESIGN.md §4): a zip of two GBK CSV files,
// <pid>_<date>_业务明细.csv and <pid>_<date>_业务明细(汇总).csv, whose entry names are GBK too, without
// the zip UTF-8 flag. The detail file: '#' header lines, a marker line, the column header, one row
// per payment and per refund (refunds negative; ids tab-padded as Alipay pads them), an end marker,
// then the totals and the export time.
class BillArchive
{
public:
    struct Content
    {
        QString sellerId;
        BillLinks::Bill bill;
        QList<Trade> payments;                   // paid in the period
        QList<std::pair<Refund, Trade>> refunds; // refunded in the period, with their trade
        QDateTime exportedAt;
    };

    static const QStringList& detailColumns();

    // The two CSV texts (UTF-8 here; GBK in the zip).
    static QString detailCsv(const Content& content);
    static QString summaryCsv(const Content& content);
    static QString detailFileName(const Content& content);
    static QString summaryFileName(const Content& content);

    static Result<QByteArray> zip(const Content& content);
};

} // namespace counterpay::sandbox
