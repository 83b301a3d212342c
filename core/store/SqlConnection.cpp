#include "store/SqlConnection.h"

#include "store/StoreLog.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace counterpay::store {

namespace {

// SQLite's primary result codes (sqlite3.h); Qt reports them as the native error code.
enum SqliteCode
{
    kSqliteBusy = 5,
    kSqliteLocked = 6,
    kSqliteReadOnly = 8,
    kSqliteIoError = 10,
    kSqliteCorrupt = 11,
    kSqliteFull = 13,
    kSqliteCantOpen = 14,
    kSqliteConstraint = 19,
    kSqliteNotADatabase = 26,
};

constexpr int kBusyTimeoutMs = 5000;

// Asks access(2) only, never open(2): closing a second descriptor on the file would drop the POSIX
// locks SQLite holds on it for this process's other connections. Whether the file is a database at
// all is left to SQLite, whose first read refuses a foreign file without writing to it.
bool isBusy(const QSqlError& error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == kSqliteBusy || code == kSqliteLocked;
}

Result<void> checkExistingFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isReadable() || !info.isWritable())
        return Error::storage(
            SqlConnection::tr("The order database %1 cannot be read and written (permissions, or a read-only disk).")
                .arg(path),
            QStringLiteral("access(2) refused"));
    return {};
}

// Creates the book's file empty (SQLite makes a database of an empty file), readable and writable by
// its owner only whatever the umask: it holds the shop's takings and customers' ids. SQLite gives the
// -wal and -shm files it makes next to it the same mode. A file that exists by now, made by another
// program opening the same book, is left as it is: link(2) never replaces. The file is made under
// another name and closed before it gets its own, so no descriptor of ours is ever open on the book
// (closing one would drop the POSIX locks SQLite holds on it for this process's other connections).
Result<void> createOwnerOnlyFile(const QString& path)
{
#ifdef Q_OS_UNIX
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temporary = target + ".new-" + QByteArray::number(QCoreApplication::applicationPid()) + '-' +
                                 QByteArray::number(QRandomGenerator::global()->generate());
    const auto failed = [&](const char* call) {
        return Error::storage(SqlConnection::tr("The order database %1 cannot be created.").arg(path),
                              QStringLiteral("%1: %2").arg(QLatin1String(call), qt_error_string(errno)));
    };
    // Makes `name` new and owner-only. `madeByAnother`: a file already there is fine too.
    const auto makeOwnerOnly = [](const QByteArray& name, bool madeByAnother) {
        const int fd =
            ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, S_IRUSR | S_IWUSR);
        if (fd < 0)
            return madeByAnother && errno == EEXIST;
        // The umask only takes bits away; it may have taken the owner's too.
        const bool restricted = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
        const int saved = errno;
        ::close(fd);
        errno = saved;
        return restricted;
    };
    if (!makeOwnerOnly(temporary, false))
        return failed("open");
    const bool linked = ::link(temporary.constData(), target.constData()) == 0 || errno == EEXIST;
    const int linkErrno = errno;
    ::unlink(temporary.constData());
    if (!linked) {
        // A file system without hard links (FAT, some network shares): made under its own name.
        // NOLINTNEXTLINE(misc-redundant-expression): one value on Linux, two on the BSDs and macOS
        if (linkErrno != EPERM && linkErrno != ENOTSUP && linkErrno != EOPNOTSUPP && linkErrno != ENOSYS) {
            errno = linkErrno;
            return failed("link");
        }
        if (!makeOwnerOnly(target, true))
            return failed("open");
    }
#else
    Q_UNUSED(path);
#endif
    return {};
}

} // namespace

SqlConnection::SqlConnection(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
{}

SqlConnection::~SqlConnection()
{
    if (m_inTransaction)
        rollback();
    // Every query and handle on the connection must be gone before Qt lets go of it.
    m_statements.clear();
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<SqlConnection>> SqlConnection::open(const QString& path)
{
    if (path.isEmpty())
        return Error::storage(tr("No path was given for the order database."));
    const QFileInfo info(path);
    const QString absolute = info.absoluteFilePath();
    if (info.exists() && !info.isFile())
        return Error::storage(tr("The order database %1 is not a file.").arg(absolute));
    const QString folder = info.absolutePath();
    if (!QDir().mkpath(folder))
        return Error::storage(tr("The folder for the order database cannot be created: %1").arg(folder));
    if (info.exists()) {
        if (auto checked = checkExistingFile(absolute); !checked)
            return checked.error();
    }
    if (!QFileInfo(folder).isWritable())
        return Error::storage(tr("The folder of the order database %1 cannot be written.").arg(absolute));
    if (!info.exists()) {
        if (auto created = createOwnerOnlyFile(absolute); !created)
            return created.error();
    }

    static std::atomic<int> serial{0};
    const QString name = QStringLiteral("counterpay-store-%1").arg(++serial);
    std::unique_ptr<SqlConnection> connection(new SqlConnection(name, absolute));
    connection->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    if (!connection->m_db.isValid())
        return Error::storage(tr("Qt's SQLite driver is missing (package libqt6sql6-sqlite)."),
                              connection->m_db.lastError().text());
    connection->m_db.setDatabaseName(absolute);
    connection->m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    if (!connection->m_db.open())
        return Error::storage(tr("The order database %1 cannot be opened or created.").arg(absolute),
                              connection->m_db.lastError().text());

    // quick_check reads every page but writes nothing: a damaged file is refused before anything
    // could make it worse.
    const QString check = QStringLiteral("PRAGMA quick_check");
    auto rows = connection->select(check);
    if (!rows)
        return rows.error();
    if (rows->isEmpty() || rows->first().value(0).toString() != QStringLiteral("ok")) {
        QStringList problems;
        for (qsizetype i = 0; i < rows->size() && i < 5; ++i)
            problems << rows->at(i).value(0).toString();
        return Error::storage(
            tr("The order database %1 is damaged. It was left as it is; restore a backup.").arg(absolute),
            problems.join(QStringLiteral("; ")));
    }
    return connection;
}

Result<void> SqlConnection::configure()
{
    // Switching a new file to WAL needs it to itself: when several programs open it for the first time
    // together, SQLite answers "locked" at once rather than wait (it would deadlock), so wait here.
    const QString toWal = QStringLiteral("PRAGMA journal_mode=WAL");
    QString got;
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        QSqlQuery query(m_db);
        if (query.exec(toWal) && query.next()) {
            got = query.value(0).toString();
            break;
        }
        const QSqlError error = query.lastError();
        if (!isBusy(error) || waited.elapsed() > kBusyTimeoutMs)
            return failure(error, toWal);
        QThread::msleep(10 + QRandomGenerator::global()->bounded(40));
    }
    if (got.compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
        return Error::storage(tr("The order database %1 cannot use write-ahead logging (a network or read-only "
                                 "disk?).")
                                  .arg(m_path),
                              QStringLiteral("journal_mode is ") + got);
    // Every commit is power-safe unless writeTransaction() is told otherwise.
    for (const char* sql : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
        if (auto done = execOnce(QString::fromLatin1(sql)); !done)
            return done;
    }
    auto keys = select(QStringLiteral("PRAGMA foreign_keys"));
    if (!keys)
        return keys.error();
    if (keys->isEmpty() || keys->first().value(0).toInt() != 1)
        return Error::storage(tr("The SQLite library cannot enforce foreign keys."),
                              QStringLiteral("foreign_keys off"));
    return {};
}

Result<void> SqlConnection::checkWritable()
{
    return writeTransaction(Durability::PowerSafe, [this]() -> Result<void> {
        auto version = select(QStringLiteral("PRAGMA user_version"));
        if (!version)
            return version.error();
        const int value = version->isEmpty() ? 0 : version->first().value(0).toInt();
        // Writing the same version back changes nothing but needs a writable file.
        return execOnce(QStringLiteral("PRAGMA user_version = %1").arg(value));
    });
}

Result<QList<QSqlRecord>> SqlConnection::select(const QString& sql, const QVariantList& values) const
{
    auto ran = run(sql, values);
    if (!ran)
        return ran.error();
    QSqlQuery* query = *ran;
    QList<QSqlRecord> rows;
    while (query->next())
        rows.append(query->record());
    // next() also ends on a read error (a damaged page, a lock): that is not "no more rows".
    const QSqlError error = query->lastError();
    query->finish();
    if (error.isValid())
        return failure(error, sql);
    return rows;
}

Result<qint64> SqlConnection::exec(const QString& sql, const QVariantList& values)
{
    auto ran = run(sql, values);
    if (!ran)
        return ran.error();
    const qint64 changed = (*ran)->numRowsAffected();
    (*ran)->finish();
    return changed;
}

Result<qint64> SqlConnection::insert(const QString& sql, const QVariantList& values)
{
    auto ran = run(sql, values);
    if (!ran)
        return ran.error();
    const QVariant id = (*ran)->lastInsertId();
    (*ran)->finish();
    if (!id.isValid())
        return Error::storage(tr("The order database %1 did not report the new row.").arg(m_path), sql);
    return id.toLongLong();
}

Result<void> SqlConnection::execOnce(const QString& sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return failure(query.lastError(), sql);
    return {};
}

Result<QSqlQuery*> SqlConnection::run(const QString& sql, const QVariantList& values) const
{
    std::unique_ptr<QSqlQuery>& slot = m_statements[sql];
    if (!slot) {
        auto query = std::make_unique<QSqlQuery>(m_db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            const Error error = failure(query->lastError(), sql);
            m_statements.erase(sql);
            return error;
        }
        slot = std::move(query);
    }
    QSqlQuery* query = slot.get();
    for (qsizetype i = 0; i < values.size(); ++i) {
        // A null QString (an optional text left unset) binds as SQL NULL; text columns are NOT NULL
        // with '' for "none", so bind it as empty text. Intended NULLs are typed (e.g. times).
        const QVariant& value = values[i];
        const bool nullText = value.metaType() == QMetaType::fromType<QString>() && value.toString().isNull();
        query->bindValue(int(i), nullText ? QVariant(QStringLiteral("")) : bindable(value));
    }
    if (!query->exec()) {
        const Error error = failure(query->lastError(), sql);
        query->finish();
        return error;
    }
    return query;
}

Result<void> SqlConnection::begin(Durability durability)
{
    if (m_inTransaction)
        return Error::storage(tr("The order database %1 was asked for a transaction inside another.").arg(m_path));
    const bool sqlite = m_db.driverName() == QStringLiteral("QSQLITE");
    // In WAL mode FULL syncs the log at each commit (and with it every earlier commit); NORMAL leaves
    // that to the next FULL commit or checkpoint. The level may only change outside a transaction.
    if (sqlite && durability != m_durability) {
        const bool full = durability == Durability::PowerSafe;
        if (auto set = execOnce(full ? QStringLiteral("PRAGMA synchronous=FULL")
                                     : QStringLiteral("PRAGMA synchronous=NORMAL"));
            !set)
            return set;
        m_durability = durability;
    }
    // IMMEDIATE takes the write lock now: a read that later wants to write could otherwise fail at
    // once with SQLITE_BUSY instead of waiting for the other program (WAL snapshots).
    auto begun = exec(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
    if (!begun)
        return begun.error();
    m_inTransaction = true;
    return {};
}

Result<void> SqlConnection::commit()
{
    auto committed = exec(QStringLiteral("COMMIT"));
    if (!committed)
        return committed.error();
    m_inTransaction = false;
    return {};
}

void SqlConnection::rollback()
{
    m_inTransaction = false;
    // SQLite rolls back by itself after some errors (disk full, I/O); then ROLLBACK has nothing to do.
    if (auto rolledBack = exec(QStringLiteral("ROLLBACK")); !rolledBack)
        qCDebug(lcStore) << "rollback:" << rolledBack.error().detail();
}

Error SqlConnection::failure(const QSqlError& error, const QString& sql) const
{
    QString message;
    switch (isBusy(error) ? kSqliteBusy : error.nativeErrorCode().toInt() & 0xff) {
    case kSqliteBusy:
        message = tr("The order database %1 is busy: another CounterPay program is using it. Try again.");
        break;
    case kSqliteReadOnly:
        message = tr("The order database %1 cannot be written (read-only file, folder or disk).");
        break;
    case kSqliteFull:
        message = tr("The disk holding the order database %1 is full.");
        break;
    case kSqliteCorrupt:
    case kSqliteNotADatabase:
        message = tr("The order database %1 is damaged or is not a database at all. It was left as it is; restore a "
                     "backup or move it away.");
        break;
    case kSqliteIoError:
    case kSqliteCantOpen:
        message = tr("The order database %1 cannot be read or written (disk or permission problem).");
        break;
    case kSqliteConstraint:
        message = tr("The order database %1 refused a change that would break its rules.");
        break;
    default:
        message = tr("The order database %1 failed.");
        break;
    }
    const QString detail = error.text() + QStringLiteral(" [") + sql.simplified() + u']';
    qCWarning(lcStore).noquote() << message.arg(m_path) << detail;
    return Error::storage(message.arg(m_path), detail);
}

QVariant SqlConnection::bindable(const QVariant& value)
{
    if (value.metaType() != QMetaType::fromType<QString>())
        return value;
    const QString text = value.toString();
    if (!text.startsWith(QChar(0xFEFF)))
        return value;
    return QVariant(QChar(0xFEFF) + text);
}

} // namespace counterpay::store
