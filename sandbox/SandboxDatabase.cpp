#include "SandboxDatabase.h"

#include "store/SqlConnection.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>
#include <initializer_list>
#include <iterator>

namespace counterpay::sandbox {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SandboxDatabase", text);
}

// kMigrations[n] brings the schema from version n to n + 1.
const std::initializer_list<const char*> kMigrations[] = {
    {R"sql(CREATE TABLE trades (
        id INTEGER PRIMARY KEY,
        app_id TEXT NOT NULL,
        out_trade_no TEXT NOT NULL,
        trade_no TEXT UNIQUE,
        scene TEXT NOT NULL,
        status TEXT NOT NULL,
        total_fen INTEGER NOT NULL,
        refunded_fen INTEGER NOT NULL DEFAULT 0,
        subject TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        store_id TEXT NOT NULL DEFAULT '',
        terminal_id TEXT NOT NULL DEFAULT '',
        operator_id TEXT NOT NULL DEFAULT '',
        request_digest TEXT NOT NULL,
        qr_token TEXT UNIQUE,
        notify_url TEXT NOT NULL DEFAULT '',
        buyer_id TEXT NOT NULL DEFAULT '',
        buyer_logon_id TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        scanned_at INTEGER,
        paid_at INTEGER,
        closed_at INTEGER,
        qr_expires_at INTEGER,
        expires_at INTEGER NOT NULL,
        due_at INTEGER,
        due_outcome TEXT NOT NULL DEFAULT '',
        close_reason TEXT NOT NULL DEFAULT '',
        UNIQUE (app_id, out_trade_no)))sql",
     R"sql(CREATE TABLE refunds (
        id INTEGER PRIMARY KEY,
        app_id TEXT NOT NULL,
        out_trade_no TEXT NOT NULL,
        out_request_no TEXT NOT NULL,
        amount_fen INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        refunded_at INTEGER NOT NULL,
        UNIQUE (app_id, out_trade_no, out_request_no)))sql",
     R"sql(CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        app_id TEXT NOT NULL,
        out_trade_no TEXT NOT NULL,
        url TEXT NOT NULL,
        body BLOB NOT NULL,
        trade_status TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        duplicates_left INTEGER NOT NULL DEFAULT 0,
        newest_first INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER,
        last_result TEXT NOT NULL DEFAULT ''))sql",
     "CREATE INDEX notifications_due ON notifications (state, next_at)",
     "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"},
    // Settling due trades runs on every gateway call: settle_at is when an open trade next needs the
    // sandbox (a scheduled outcome, the trade's or the QR's expiry), indexed so the due ones are found
    // without reading every open trade.
    {"ALTER TABLE trades ADD COLUMN settle_at INTEGER GENERATED ALWAYS AS (min(coalesce(due_at, expires_at), "
     "expires_at, CASE WHEN status = 'PRECREATED' THEN coalesce(qr_expires_at, expires_at) ELSE expires_at END)) "
     "VIRTUAL",
     "CREATE INDEX trades_settle ON trades (settle_at) WHERE status IN ('PRECREATED', 'WAIT_BUYER_PAY')",
     // The customer's page and /sandbox/pay name a trade by out_trade_no alone, whichever app it is.
     "CREATE INDEX trades_out_trade_no ON trades (out_trade_no)"},
};
static_assert(std::size(kMigrations) == SandboxDatabase::kSchemaVersion);

} // namespace

SandboxDatabase::SandboxDatabase(QString connectionName)
    : m_connectionName(std::move(connectionName))
{}

SandboxDatabase::~SandboxDatabase()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<SandboxDatabase>> SandboxDatabase::open(const QString& path)
{
    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("counterpay-sandbox-%1").arg(++serial);
    std::unique_ptr<SandboxDatabase> database(new SandboxDatabase(name));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return Error::storage(tr("cannot open the sandbox database %1").arg(path), db.lastError().text());
        QSqlQuery pragma(db);
        for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"}) {
            if (!pragma.exec(QString::fromLatin1(sql)))
                return Error::storage(tr("cannot set up the sandbox database"), pragma.lastError().text());
        }
    }
    if (auto migrated = database->migrate(); !migrated)
        return Error(migrated.error()).withContext(path);
    return database;
}

QSqlDatabase SandboxDatabase::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<void> SandboxDatabase::transaction(const std::function<Result<void>()>& work)
{
    QSqlDatabase db = connection();
    if (!db.transaction())
        return Error::storage(tr("cannot start a database transaction"), db.lastError().text());
    Result<void> result = work();
    if (!result) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const QString detail = db.lastError().text();
        db.rollback();
        return Error::storage(tr("cannot commit to the sandbox database"), detail);
    }
    return {};
}

Result<void> SandboxDatabase::exec(QSqlQuery& query, const QString& sql, const QVariantList& values)
{
    if (!query.prepare(sql))
        return Error::storage(tr("database statement failed"), query.lastError().text() + QStringLiteral(": ") + sql);
    for (const QVariant& value : values)
        query.addBindValue(store::SqlConnection::bindable(value));
    if (!query.exec())
        return Error::storage(tr("database statement failed"), query.lastError().text() + QStringLiteral(": ") + sql);
    return {};
}

Result<void> SandboxDatabase::migrate()
{
    QSqlQuery query(connection());
    if (auto ok = exec(query, QStringLiteral("PRAGMA user_version")); !ok)
        return ok;
    const int version = query.next() ? query.value(0).toInt() : 0;
    if (version > kSchemaVersion)
        return Error::storage(
            tr("the sandbox database was written by a newer counterpay-sandbox (schema %1)").arg(version));
    if (version == kSchemaVersion)
        return {};
    return transaction([&]() -> Result<void> {
        for (int step = version; step < kSchemaVersion; ++step) {
            for (const char* sql : kMigrations[step]) {
                QSqlQuery statement(connection());
                if (auto ok = exec(statement, QString::fromLatin1(sql)); !ok)
                    return ok;
            }
        }
        QSqlQuery bump(connection());
        return exec(bump, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion));
    });
}

} // namespace counterpay::sandbox
