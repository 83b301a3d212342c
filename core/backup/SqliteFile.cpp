#include "backup/SqliteFile.h"

#include <QFile>

#include <sqlite3.h>

namespace counterpay::backup {

namespace {

// As long as OrderStore waits for another program's lock.
constexpr int kBusyTimeoutMs = 5000;

} // namespace

void SqliteFile::Close::operator()(sqlite3* db) const
{
    sqlite3_close_v2(db);
}

SqliteFile::SqliteFile(QString path, sqlite3* db)
    : m_path(std::move(path))
    , m_db(db)
{}

Result<SqliteFile> SqliteFile::open(const QString& path, Access access)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (access) {
    case Access::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Access::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Access::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &raw, flags, nullptr);
    SqliteFile file(path, raw);
    if (rc != SQLITE_OK)
        return Error::storage(tr("The database %1 cannot be opened.").arg(path), file.lastError(rc));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    return file;
}

Result<QList<QStringList>> SqliteFile::select(const char* sql) const
{
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v2(m_db.get(), sql, -1, &statement, nullptr);
    QList<QStringList> rows;
    if (rc == SQLITE_OK) {
        const int columns = sqlite3_column_count(statement);
        while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
            QStringList row;
            for (int i = 0; i < columns; ++i)
                row << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, i)));
            rows.append(row);
        }
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(statement);
    if (rc != SQLITE_OK)
        return Error::storage(tr("The database %1 cannot be read.").arg(m_path), lastError(rc));
    return rows;
}

Result<void> SqliteFile::exec(const char* sql) const
{
    const int rc = sqlite3_exec(m_db.get(), sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return Error::storage(tr("The database %1 failed.").arg(m_path), lastError(rc));
    return {};
}

QString SqliteFile::lastError(int code) const
{
    const char* text = m_db ? sqlite3_errmsg(m_db.get()) : sqlite3_errstr(code);
    return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(text)).arg(code);
}

bool SqliteFile::isBusy(int code)
{
    const int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

} // namespace counterpay::backup
