#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

struct sqlite3;

namespace counterpay::backup {

// One connection of the system's libsqlite3 to a database file, for what Qt's driver does not offer
// (the backup API) and for files that must not go through the order book's own checks (copies,
// damaged books). It belongs to the thread that opened it.
class SqliteFile
{
    Q_DECLARE_TR_FUNCTIONS(SqliteFile)

public:
    enum class Access
    {
        ReadOnly,
        // Read-write, never created: a WAL reader may need to set up the shared-memory index.
        ReadWrite,
        ReadWriteCreate,
    };

    static Result<SqliteFile> open(const QString& path, Access access);

    const QString& path() const { return m_path; }
    sqlite3* handle() const { return m_db.get(); }
    // Every row of `sql`, each column as text.
    Result<QList<QStringList>> select(const char* sql) const;
    // Runs statements that return nothing.
    Result<void> exec(const char* sql) const;
    // SQLite's message for the connection's last error, with the code.
    QString lastError(int code) const;

    static bool isBusy(int code);

private:
    struct Close
    {
        void operator()(sqlite3* db) const;
    };
    SqliteFile(QString path, sqlite3* db);

    QString m_path;
    std::unique_ptr<sqlite3, Close> m_db;
};

} // namespace counterpay::backup
