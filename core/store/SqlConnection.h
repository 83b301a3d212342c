#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QSqlRecord>
#include <QString>
#include <QVariant>

#include <map>
#include <memory>

class QSqlError;
class QSqlQuery;

namespace counterpay::store {

// The order book's own named Qt SQL connection. It never replaces or empties an existing file, keeps
// its statements prepared for reuse and runs every change in one write transaction. Like any Qt SQL
// connection it belongs to the thread that opened it.
class SqlConnection
{
    Q_DECLARE_TR_FUNCTIONS(SqlConnection)

public:
    ~SqlConnection();
    SqlConnection(const SqlConnection&) = delete;
    SqlConnection& operator=(const SqlConnection&) = delete;

    // Opens `path`, creating the file and its folders when absent. An existing file that is not an
    // SQLite database, or fails PRAGMA quick_check, is refused and left as it is; nothing is written.
    static Result<std::unique_ptr<SqlConnection>> open(const QString& path);

    const QString& path() const { return m_path; }

    // WAL, foreign keys, full sync. Switching to WAL writes the file header, so this comes only after
    // the schema version is known to be one we may touch.
    Result<void> configure();
    // SQLite opens a read-only file without a word and fails at the first write; find out at start-up.
    Result<void> checkWritable();

    Result<QList<QSqlRecord>> select(const QString& sql, const QVariantList& values = {}) const;
    // Returns how many rows changed.
    Result<qint64> exec(const QString& sql, const QVariantList& values = {});
    // Returns the new row's id.
    Result<qint64> insert(const QString& sql, const QVariantList& values);
    // A schema statement, run once and not kept prepared.
    Result<void> execOnce(const QString& sql);

    // How far a commit reaches before writeTransaction() returns.
    enum class Durability
    {
        PowerSafe, // synced to the disk: survives a power cut
        CrashSafe, // written: survives the program's crash; synced with the next PowerSafe commit or
                   // checkpoint, so a power cut before then may roll it back (WAL keeps the file whole)
    };

    // Runs `work` (returning a Result) in one write transaction, taken at once so that two programs on
    // one file wait for each other (busy timeout) instead of failing halfway; rolls back on failure.
    template <typename Work>
    auto writeTransaction(Durability durability, Work&& work) -> decltype(work());

    // The message a manager sees for a failed statement, and the SQL error for the log.
    Error failure(const QSqlError& error, const QString& sql) const;

    // What to bind for `value` so that SQLite stores it as it is. Qt binds text with
    // sqlite3_bind_text16, and SQLite takes a leading U+FEFF for a byte-order mark and drops it; one
    // more in front keeps the value's own. Every value bound to a Qt SQLite statement goes through here.
    static QVariant bindable(const QVariant& value);

private:
    SqlConnection(QString connectionName, QString path);
    Result<QSqlQuery*> run(const QString& sql, const QVariantList& values) const;
    Result<void> begin(Durability durability);
    Result<void> commit();
    void rollback();

    QString m_connectionName;
    QString m_path;
    QSqlDatabase m_db;
    mutable std::map<QString, std::unique_ptr<QSqlQuery>> m_statements;
    bool m_inTransaction = false;
    Durability m_durability = Durability::PowerSafe;
};

template <typename Work>
auto SqlConnection::writeTransaction(Durability durability, Work&& work) -> decltype(work())
{
    if (auto begun = begin(durability); !begun)
        return begun.error();
    auto result = work();
    if (!result) {
        rollback();
        return result;
    }
    if (auto committed = commit(); !committed) {
        rollback();
        return committed.error();
    }
    return result;
}

} // namespace counterpay::store
