#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFileDevice>
#include <QString>
#include <QStringList>

namespace counterpay::setup {

// Files made together that stand or fall together: unless keep() is called, the destructor removes every
// file made (and the folder, when it made that too), so a setup that fails half-way leaves nothing behind.
class NewFiles
{
    Q_DECLARE_TR_FUNCTIONS(NewFiles)

public:
    NewFiles() = default;
    ~NewFiles();
    NewFiles(const NewFiles&) = delete;
    NewFiles& operator=(const NewFiles&) = delete;

    // Creates `folder` (and its parents) when missing.
    Result<void> makeFolder(const QString& folder);
    // Writes a file that must not exist yet; `permissions` apply before the contents are written.
    Result<void> write(const QString& path, const QByteArray& contents, QFileDevice::Permissions permissions);
    // A file something else creates (the order book and its journals), removed with the rest.
    void track(const QString& path);
    void keep() { m_kept = true; }

private:
    QStringList m_paths;
    QString m_madeFolder;
    bool m_kept = false;
};

} // namespace counterpay::setup
