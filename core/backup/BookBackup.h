#pragma once

#include "backup/BackupFolder.h"
#include "backup/OnlineCopy.h"
#include "backup/Retention.h"
#include "common/Clock.h"
#include "common/Result.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>

namespace counterpay::backup {

Q_DECLARE_LOGGING_CATEGORY(lcBackup)

// Copies of one order book into one folder, made while the book is in use (issue 10).
class BookBackup
{
    Q_DECLARE_TR_FUNCTIONS(BookBackup)

public:
    BookBackup(QString bookPath, const QString& folder, const Clock& clock = Clock::system());

    const QString& bookPath() const { return m_bookPath; }
    const BackupFolder& folder() const { return m_folder; }

    // Copies the book with the online backup API under a hidden name, checks the copy (PRAGMA
    // integrity_check), makes it readable by its owner only and only then gives it its name. A copy that
    // fails is removed and the failure returned (Storage); the folder never holds a half-written copy
    // under a copy's name.
    Result<BackupFile> makeCopy(const OnlineCopy::Options& options = {});
    // Removes the copies `policy` does not keep; returns them.
    Result<QList<BackupFile>> prune(const RetentionPolicy& policy);

private:
    QString m_bookPath;
    BackupFolder m_folder;
    const Clock* m_clock; // a pointer, so a schedule can point its backup at another folder
};

} // namespace counterpay::backup
