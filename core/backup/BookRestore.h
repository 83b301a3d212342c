#pragma once

#include "backup/OnlineCopy.h"
#include "common/Clock.h"
#include "common/Result.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay::backup {

// Brings an order book back from a copy (issue 10).
class BookRestore
{
    Q_DECLARE_TR_FUNCTIONS(BookRestore)

public:
    struct Outcome
    {
        QString keptAside; // the book as it was before, next to it; empty when there was none
    };

    explicit BookRestore(const QString& bookPath, const Clock& clock = Clock::system());

    // The copy is whole (PRAGMA integrity_check) and is a CounterPay order book this version can open.
    static Result<void> checkCopy(const QString& copy);
    // Refused (Storage) while any order of the book is leased by a live till: a payment is under way.
    // A book that cannot be read has no payment to protect.
    Result<void> checkNoLivePayment() const;

    // Checks the copy and the book, keeps the book aside as a named copy, then writes the copy into the
    // book with the backup API: the book keeps its file, so programs that have it open read the restored
    // orders rather than a deleted file. Nothing is changed when a check fails.
    Result<Outcome> restoreFrom(const QString& copy, const OnlineCopy::Options& options = {});

private:
    QString asidePath() const;
    Result<QString> keepAside() const;

    QString m_bookPath;
    const Clock& m_clock;
};

} // namespace counterpay::backup
