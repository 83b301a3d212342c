#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace counterpay::reconcile {

// What a bill archive may hold at most.
struct BillArchiveLimits
{
    qint64 maxArchiveBytes = 64LL * 1024 * 1024;
    qint64 maxEntryBytes = 256LL * 1024 * 1024; // a day of a very busy account is tens of MB
    int maxEntries = 16;
};

// Opens the zip Alipay's bill link serves (DESIGN.md §4), in memory, with libzip: two GBK CSV files,
// <pid>_<date>_业务明细.csv and <pid>_<date>_业务明细(汇总).csv. Alipay writes the entry names in GBK without
// the zip UTF-8 flag; a name that carries the flag is read as UTF-8. Sizes are capped before anything
// is inflated, and while it is, so a zip bomb is refused rather than unpacked.
class BillArchiveReader
{
    Q_DECLARE_TR_FUNCTIONS(BillArchiveReader)

public:
    using Limits = BillArchiveLimits;

    struct Entry
    {
        QString name;
        QByteArray data;
    };

    // Every entry's name, decoded.
    static Result<QStringList> entryNames(const QByteArray& zip, const Limits& limits = {});
    // The detail file (…_业务明细.csv, not the (汇总) summary), unpacked. A Gateway error when the bytes
    // are not a zip, hold no detail file or more than one, or break a limit.
    static Result<Entry> detailFile(const QByteArray& zip, const Limits& limits = {});
    // True for the detail file's name.
    static bool isDetailFileName(const QString& name);
};

} // namespace counterpay::reconcile
