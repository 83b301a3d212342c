#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace counterpay;
using namespace counterpay::store;

namespace {

const QString kFixture = QStringLiteral(COUNTERPAY_TEST_DATA "/store/orders-v1.sqlite");

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

QByteArray contents(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

void write(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// Runs statements on the file through a connection of its own, bypassing the store; returns the
// first column of the last statement's rows.
QStringList raw(const QString& path, const QStringList& statements)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("raw open failed");
        QSqlQuery query(db);
        for (const QString& sql : statements) {
            values.clear();
            if (!query.exec(sql))
                qFatal("raw statement failed: %s", qPrintable(sql));
            while (query.next())
                values << query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return values;
}

// Tables and indexes with their SQL, whitespace aside (SQLite keeps the text as it was written).
QStringList schemaOf(const QString& path)
{
    QStringList schema = raw(path, {QStringLiteral("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM "
                                                   "sqlite_master ORDER BY type, name")});
    for (QString& entry : schema)
        entry = entry.simplified().replace(QStringLiteral("( "), QStringLiteral("("));
    return schema;
}

QString errorText(const Result<std::unique_ptr<OrderStore>>& opened)
{
    return opened.ok() ? QStringLiteral("opened") : opened.error().toString();
}

// In a child process (as another user when we are root): open the store and report.
int childOpen(const QString& path)
{
    const auto opened = OrderStore::open(path);
    QTextStream out(stdout);
    if (opened.ok()) {
        out << "opened\n";
        return 0;
    }
    out << Error::categoryName(opened.error().category()) << ": " << opened.error().toString() << "\n";
    return opened.error().category() == Error::Category::Storage ? 3 : 1;
}

} // namespace

class TestOrderStoreFiles : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createsFileAndFolders();
    void newBookIsOwnerOnly_data();
    void newBookIsOwnerOnly();
    void existingBookKeepsItsMode();
    void migratesV1Fixture();
    void failedMigrationKeepsV1();
    void corruptFileRefusedUntouched_data();
    void corruptFileRefusedUntouched();
    void emptyFileIsNewDatabase();
    void foreignDatabaseRefused();
    void newerVersionRefusedUntouched();
    void unwritablePlace_data();
    void unwritablePlace();
    void readOnlyForThisUser_data();
    void readOnlyForThisUser();

private:
    QString path(const QString& name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    ManualClock m_clock{utc(2026, 11, 26, 2, 0)};
};

void TestOrderStoreFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOrderStoreFiles::cleanup()
{
    m_dir.reset();
    // A failed open leaves no connection behind.
    QVERIFY2(QSqlDatabase::connectionNames().isEmpty(), qPrintable(QSqlDatabase::connectionNames().join(u',')));
}

void TestOrderStoreFiles::createsFileAndFolders()
{
    const QString file = path(QStringLiteral("a/b/c/orders.sqlite"));
    QVERIFY(!QFile::exists(file));
    {
        auto opened = OrderStore::open(file, m_clock);
        QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
        QCOMPARE((*opened)->path(), QFileInfo(file).absoluteFilePath());
        QVERIFY(QFile::exists(file));
    }
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA user_version")}),
             QStringList{QString::number(OrderStore::kSchemaVersion)});
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA journal_mode")}), QStringList{QStringLiteral("wal")});
    const QStringList tables = raw(file, {QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                         "ORDER BY name")});
    QCOMPARE(tables, QStringList({QStringLiteral("day_closes"), QStringLiteral("notifications"),
                                  QStringLiteral("order_events"), QStringLiteral("order_leases"),
                                  QStringLiteral("orders"), QStringLiteral("out_trade_no_sequences"),
                                  QStringLiteral("people"), QStringLiteral("refunds"), QStringLiteral("shifts")}));
}

// The book (the shop's takings, customers' ids) and SQLite's -wal and -shm files next to it are the
// owner's only, whatever the umask.
void TestOrderStoreFiles::newBookIsOwnerOnly_data()
{
    QTest::addColumn<int>("umask");
    QTest::newRow("umask 022") << 0022;
    QTest::newRow("umask 000") << 0000;
    QTest::newRow("umask 277") << 0277; // would leave the owner unable to write
}

void TestOrderStoreFiles::newBookIsOwnerOnly()
{
    QFETCH(int, umask);
    const auto mode = [](const QString& file) {
        struct stat info
        {
        };
        return ::stat(QFile::encodeName(file).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
    };
    const QString file = path(QStringLiteral("book/orders.sqlite"));
    const mode_t previous = ::umask(mode_t(umask));
    {
        auto store = OrderStore::open(file, m_clock);
        ::umask(previous);
        QVERIFY2(store.ok(), qPrintable(errorText(store)));
        NewOrder order;
        order.outTradeNo = QStringLiteral("T01-20261126-000001");
        order.appId = QStringLiteral("2021000122671234");
        order.totalAmount = Money::fromFen(100);
        order.subject = QStringLiteral("Tea");
        order.terminalId = QStringLiteral("T01");
        must((*store)->create(order), "create");
        QCOMPARE(mode(file), 0600);
        QCOMPARE(mode(file + QStringLiteral("-wal")), 0600);
        QCOMPARE(mode(file + QStringLiteral("-shm")), 0600);
    }
    ::umask(previous);
    // Only the book: no file of the making is left behind.
    QCOMPARE(QDir(path(QStringLiteral("book"))).entryList(QDir::Files), QStringList{QStringLiteral("orders.sqlite")});
}

void TestOrderStoreFiles::existingBookKeepsItsMode()
{
    // A book shared on purpose (several tills, one group) keeps the mode it was given.
    const QString file = path(QStringLiteral("orders.sqlite"));
    must(OrderStore::open(file, m_clock), "create");
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                            QFileDevice::WriteGroup));
    must(OrderStore::open(file, m_clock), "reopen");
    QCOMPARE(QFile::permissions(file) & (QFileDevice::ReadGroup | QFileDevice::WriteGroup),
             QFileDevice::ReadGroup | QFileDevice::WriteGroup);
}

void TestOrderStoreFiles::migratesV1Fixture()
{
    const QByteArray fixtureBytes = contents(kFixture);
    QCOMPARE(raw(kFixture, {QStringLiteral("PRAGMA user_version")}), QStringList{QStringLiteral("1")});
    const QString file = path(QStringLiteral("orders.sqlite"));
    QVERIFY(QFile::copy(kFixture, file));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    {
        auto opened = OrderStore::open(file, m_clock);
        QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
        OrderStore& store = **opened;

        const auto orders = must(store.list(), "list");
        QCOMPARE(orders.size(), 4);
        const Order paid = *must(store.find(QStringLiteral("T01-20261125-000001")), "find");
        QCOMPARE(paid.id, 1);
        QCOMPARE(paid.state, OrderState::Paid);
        QCOMPARE(paid.mode, Order::PayMode::Qr);
        QCOMPARE(paid.totalAmount, Money::fromFen(1234));
        QCOMPARE(paid.subject, QStringLiteral("咖啡 Coffee"));
        QCOMPARE(paid.tradeNo, QStringLiteral("2026112522001404561234567890"));
        QCOMPARE(paid.buyerLogonId, QStringLiteral("159****5620"));
        QCOMPARE(paid.terminalId, QStringLiteral("T01"));
        QCOMPARE(paid.cashierId, QStringLiteral("alice"));
        QCOMPARE(paid.qrCode, QStringLiteral("https://qr.alipay.com/bax01234567890"));
        QCOMPARE(paid.createdAt, utc(2026, 11, 25, 2, 0));
        QCOMPARE(paid.updatedAt, utc(2026, 11, 25, 2, 0, 7));
        QCOMPARE(paid.paidAt, utc(2026, 11, 25, 2, 0, 7));
        // What v1 did not know has its default.
        QVERIFY(paid.appId.isEmpty());
        QCOMPARE(paid.refundedAmount, Money());
        QVERIFY(paid.buyerUserIdMasked.isEmpty());
        QVERIFY(paid.reason.isEmpty());
        QVERIFY(!paid.expiresAt.isValid());

        const Order closed = *must(store.find(QStringLiteral("T01-20261125-000002")), "find");
        QCOMPARE(closed.state, OrderState::Closed);
        QCOMPARE(closed.mode, Order::PayMode::Barcode);
        QVERIFY(!closed.paidAt.isValid());

        const auto events = must(store.events(QStringLiteral("T01-20261125-000001")), "events");
        QCOMPARE(events.size(), 3);
        QCOMPARE(events[1].to, OrderState::AwaitingScan);
        QCOMPARE(events[2].from, OrderState::AwaitingScan);
        QCOMPARE(events[2].to, OrderState::Paid);
        QCOMPARE(events[2].source, EventSource::Query);
        QCOMPARE(events[2].code, QStringLiteral("10000"));
        const auto lost = must(store.events(QStringLiteral("T02-20261125-000001")), "events");
        QCOMPARE(lost.last().subCode, QStringLiteral("ACQ.SYSTEM_ERROR"));

        QStringList unresolved;
        for (const Order& order : must(store.unresolved(), "unresolved"))
            unresolved << order.outTradeNo;
        QCOMPARE(unresolved,
                 QStringList({QStringLiteral("T01-20261125-000003"), QStringLiteral("T02-20261125-000001")}));

        OrderFilter day;
        day.businessDay = QDate(2026, 11, 25);
        QCOMPARE(must(store.list(day), "list").size(), 4);

        // Numbering carries on where v1 stopped.
        QCOMPARE(must(store.nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 25)), "number"),
                 QStringLiteral("T01-20261125-000004"));
        QCOMPARE(must(store.nextOutTradeNo(QStringLiteral("T02"), QDate(2026, 11, 25)), "number"),
                 QStringLiteral("T02-20261125-000002"));

        // Old orders take part in what v2 added.
        QVERIFY(
            store.transition(QStringLiteral("T02-20261125-000001"), OrderState::Paid, EventSource::Recovery, {}).ok());
        QVERIFY(store.createRefund(paid.outTradeNo, QStringLiteral("R1"), Money::fromFen(234), QStringLiteral("m"), {})
                    .ok());
        QVERIFY(store.finishRefund(QStringLiteral("R1"), Refund::State::Done).ok());
        const Order refunded = *must(store.find(paid.outTradeNo), "find");
        QCOMPARE(refunded.state, OrderState::PartiallyRefunded);
        QCOMPARE(refunded.refundedAmount, Money::fromFen(234));
        QCOMPARE(must(store.events(paid.outTradeNo), "events").size(), 4);
    }
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA user_version")}),
             QStringList{QString::number(OrderStore::kSchemaVersion)});
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA integrity_check")}), QStringList{QStringLiteral("ok")});
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA foreign_key_check")}), QStringList());

    // A migrated file has exactly the schema of a new one.
    const QString fresh = path(QStringLiteral("fresh.sqlite"));
    QVERIFY(OrderStore::open(fresh, m_clock).ok());
    QCOMPARE(schemaOf(file), schemaOf(fresh));
    QCOMPARE(contents(kFixture), fixtureBytes);
}

void TestOrderStoreFiles::failedMigrationKeepsV1()
{
    const QString file = path(QStringLiteral("orders.sqlite"));
    QVERIFY(QFile::copy(kFixture, file));
    QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    // Something in the way of step 2: a table by the name v2 creates.
    raw(file, {QStringLiteral("CREATE TABLE refunds (x TEXT)")});
    const auto opened = OrderStore::open(file, m_clock);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Storage);
    QVERIFY2(opened.error().message().contains(QStringLiteral("version 2")), qPrintable(opened.error().message()));
    QVERIFY(opened.error().message().contains(file));
    // The whole step was rolled back: still v1, no v2 column, every order there.
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA user_version")}), QStringList{QStringLiteral("1")});
    QVERIFY(!raw(file, {QStringLiteral("SELECT name FROM pragma_table_info('orders')")})
                 .contains(QStringLiteral("app_id")));
    QCOMPARE(raw(file, {QStringLiteral("SELECT COUNT(*) FROM orders")}), QStringList{QStringLiteral("4")});
    QCOMPARE(raw(file, {QStringLiteral("SELECT COUNT(*) FROM order_events")}), QStringList{QStringLiteral("10")});
}

void TestOrderStoreFiles::corruptFileRefusedUntouched_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("random bytes") << "random";
    QTest::newRow("a text file") << "text";
    QTest::newRow("shorter than a header") << "short";
    QTest::newRow("SQLite header, garbage after") << "header";
    QTest::newRow("real database, damaged page") << "page";
    QTest::newRow("real database, truncated") << "truncated";
}

void TestOrderStoreFiles::corruptFileRefusedUntouched()
{
    QFETCH(QString, kind);
    const QString file = path(QStringLiteral("orders.sqlite"));
    if (kind == QStringLiteral("random")) {
        QByteArray bytes(8192, Qt::Uninitialized);
        QRandomGenerator generator(42);
        for (char& c : bytes)
            c = char(generator.bounded(256));
        write(file, bytes);
    } else if (kind == QStringLiteral("text")) {
        write(file, "These are not the orders you are looking for.\n");
    } else if (kind == QStringLiteral("short")) {
        write(file, QByteArray("SQLite for", 10));
    } else if (kind == QStringLiteral("header")) {
        write(file, QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\xab'));
    } else {
        {
            auto store = must(OrderStore::open(file, m_clock), "open");
            for (int i = 0; i < 200; ++i) {
                NewOrder order;
                order.outTradeNo = must(store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number");
                order.appId = QStringLiteral("2021000122671234");
                order.totalAmount = Money::fromFen(100 + i);
                order.subject = QStringLiteral("Order number %1 with a long enough subject").arg(i);
                order.terminalId = QStringLiteral("T01");
                must(store->create(order), "create");
            }
        }
        QByteArray bytes = contents(file);
        const int pageSize = raw(file, {QStringLiteral("PRAGMA page_size")}).first().toInt();
        QVERIFY(bytes.size() > 8 * pageSize);
        if (kind == QStringLiteral("page"))
            bytes.replace(pageSize, pageSize, QByteArray(pageSize, '\x5a')); // page 2: the orders table's root
        else
            bytes.truncate(bytes.size() / 2);
        write(file, bytes);
    }
    const QByteArray before = contents(file);

    const auto opened = OrderStore::open(file, m_clock);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Storage);
    QVERIFY2(opened.error().message().contains(file), qPrintable(opened.error().message()));
    QVERIFY2(opened.error().message().contains(QStringLiteral("damaged")), qPrintable(opened.error().message()));
    QCOMPARE(contents(file), before);
    QVERIFY(!QFile::exists(file + QStringLiteral("-journal")));
}

void TestOrderStoreFiles::emptyFileIsNewDatabase()
{
    // A zero-length file is how SQLite itself starts a database (and what a crash before the first
    // commit leaves): it holds nothing to lose, so it becomes the order book.
    const QString file = path(QStringLiteral("orders.sqlite"));
    write(file, QByteArray());
    auto opened = OrderStore::open(file, m_clock);
    QVERIFY2(opened.ok(), qPrintable(errorText(opened)));
    QVERIFY(must((*opened)->list(), "list").isEmpty());
}

void TestOrderStoreFiles::foreignDatabaseRefused()
{
    const QString file = path(QStringLiteral("notes.sqlite"));
    raw(file, {QStringLiteral("CREATE TABLE notes (body TEXT)"), QStringLiteral("INSERT INTO notes VALUES ('mine')")});
    const QByteArray before = contents(file);
    const auto opened = OrderStore::open(file, m_clock);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Storage);
    QVERIFY(opened.error().message().contains(file));
    QCOMPARE(contents(file), before);
    QCOMPARE(raw(file, {QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")}),
             QStringList{QStringLiteral("notes")});
}

void TestOrderStoreFiles::newerVersionRefusedUntouched()
{
    const QString file = path(QStringLiteral("orders.sqlite"));
    {
        auto store = must(OrderStore::open(file, m_clock), "open");
        NewOrder order;
        order.outTradeNo = QStringLiteral("T01-20261126-000001");
        order.appId = QStringLiteral("2021000122671234");
        order.totalAmount = Money::fromFen(100);
        order.subject = QStringLiteral("Tea");
        order.terminalId = QStringLiteral("T01");
        must(store->create(order), "create");
    }
    raw(file, {QStringLiteral("PRAGMA user_version = %1").arg(OrderStore::kSchemaVersion + 1)});
    const QByteArray before = contents(file);

    const auto opened = OrderStore::open(file, m_clock);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Storage);
    QVERIFY2(opened.error().message().contains(QStringLiteral("newer")), qPrintable(opened.error().message()));
    QVERIFY(opened.error().message().contains(file));
    QCOMPARE(contents(file), before);
    QCOMPARE(raw(file, {QStringLiteral("PRAGMA user_version")}),
             QStringList{QString::number(OrderStore::kSchemaVersion + 1)});
}

void TestOrderStoreFiles::unwritablePlace_data()
{
    QTest::addColumn<QString>("place");
    QTest::addColumn<QString>("named");
    // Tests run as root, where permission bits stop nothing; these places cannot hold a file for anyone.
    QTest::newRow("folder is a regular file") << "FILE/orders.sqlite"
                                              << "file.txt";
    QTest::newRow("folder that cannot exist in /proc") << "/proc/counterpay-no-such-dir/orders.sqlite"
                                                       << "/proc/counterpay-no-such-dir";
    QTest::newRow("file that cannot exist in /proc") << "/proc/self/orders.sqlite"
                                                     << "/proc/";
    QTest::newRow("path is a folder") << "DIR"
                                      << "";
    QTest::newRow("empty path") << ""
                                << "";
}

void TestOrderStoreFiles::unwritablePlace()
{
    QFETCH(QString, place);
    QFETCH(QString, named);
    const QString regular = path(QStringLiteral("file.txt"));
    write(regular, "just a file\n");
    place.replace(QStringLiteral("FILE"), regular);
    place.replace(QStringLiteral("DIR"), m_dir->path());
    const auto opened = OrderStore::open(place, m_clock);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Storage);
    QVERIFY(!opened.error().message().isEmpty());
    QVERIFY2(opened.error().message().contains(named), qPrintable(opened.error().message()));
    QCOMPARE(contents(regular), QByteArray("just a file\n"));
}

void TestOrderStoreFiles::readOnlyForThisUser_data()
{
    QTest::addColumn<bool>("existing");
    QTest::addColumn<bool>("fileWritable");
    QTest::newRow("read-only file, read-only folder") << true << false;
    QTest::newRow("writable file, read-only folder") << true << true;
    QTest::newRow("new file, read-only folder") << false << false;
}

// Root ignores permission bits, so as root the store is opened by a child process running as
// `nobody` (setpriv); as any other user the folder and file are simply made read-only.
void TestOrderStoreFiles::readOnlyForThisUser()
{
    QFETCH(bool, existing);
    QFETCH(bool, fileWritable);
    const QString folder = path(QStringLiteral("shop"));
    QVERIFY(QDir().mkpath(folder));
    const QString file = folder + QStringLiteral("/orders.sqlite");
    if (existing) {
        auto store = must(OrderStore::open(file, m_clock), "open");
        QVERIFY(store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)).ok());
    }
    const QStringList filesBefore = QDir(folder).entryList(QDir::Files);
    const QByteArray before = existing ? contents(file) : QByteArray();

    const auto readable = QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    const auto enterable = QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    const bool root = ::geteuid() == 0;
    QVERIFY(QFile::setPermissions(m_dir->path(), readable | enterable | QFileDevice::WriteOwner));
    QVERIFY(QFile::setPermissions(folder, readable | enterable |
                                              (root ? QFileDevice::WriteOwner : QFileDevice::Permissions())));
    if (existing)
        QVERIFY(QFile::setPermissions(
            file, readable | (fileWritable ? QFileDevice::WriteOwner | QFileDevice::WriteGroup | QFileDevice::WriteOther
                                           : QFileDevice::Permissions())));

    QProcess child;
    QStringList arguments{QStringLiteral("--child-open"), file};
    if (root) {
        arguments = QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                QStringLiteral("--clear-groups"), QStringLiteral("--"),
                                QCoreApplication::applicationFilePath()} +
                    arguments;
        child.start(QStringLiteral("setpriv"), arguments);
    } else {
        child.start(QCoreApplication::applicationFilePath(), arguments);
    }
    QVERIFY(child.waitForFinished(30000));
    const QString output = QString::fromUtf8(child.readAllStandardOutput() + child.readAllStandardError());
    QFile::setPermissions(folder, readable | enterable | QFileDevice::WriteOwner);
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 3, qPrintable(output));
    QVERIFY2(output.startsWith(QStringLiteral("storage: ")), qPrintable(output));
    QVERIFY2(output.contains(file), qPrintable(output));
    QCOMPARE(QDir(folder).entryList(QDir::Files), filesBefore);
    if (existing)
        QCOMPARE(contents(file), before);
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && qstrcmp(argv[1], "--child-open") == 0)
        return childOpen(QString::fromLocal8Bit(argv[2]));
    TestOrderStoreFiles test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestOrderStoreFiles.moc"
