// Backups of the order book with real files and real SQLite (issue 10): copies made while another
// connection writes, grandfather-father-son pruning over a month, damaged copies refused, restores
// that keep the old book aside and are refused while a payment is live, and the app's schedule.
#include "backup/BackupChecksum.h"
#include "backup/BackupSchedule.h"
#include "backup/BookBackup.h"
#include "backup/BookRestore.h"
#include "backup/OnlineCopy.h"
#include "common/Clock.h"
#include "common/Scheduler.h"
#include "store/OrderStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>

using namespace counterpay;
using backup::BackupFile;
using backup::BookBackup;
using backup::BookRestore;

namespace {

QDateTime utc(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute), QTimeZone::utc());
}

QString orderNo(const QString& terminal, int n)
{
    return QStringLiteral("%1-20261130-%2").arg(terminal).arg(n, 6, 10, QLatin1Char('0'));
}

Result<store::Order> addOrder(store::OrderStore& book, const QString& outTradeNo, const store::LeaseOwner& owner = {})
{
    return book.create(store::NewOrder{outTradeNo, QStringLiteral("9021000000000001"), Money::fromFen(1234),
                                       QStringLiteral("Tea"), store::Order::PayMode::Qr, QStringLiteral("T1"),
                                       QStringLiteral("alice"), QDateTime(), owner});
}

// Every row of every table, as text, table by table in rowid order: two books with the same dump hold
// the same orders, events, refunds and people.
QMap<QString, QStringList> dump(const QString& path)
{
    static int serial = 0;
    const QString name = QStringLiteral("dump-%1").arg(++serial);
    QMap<QString, QStringList> tables;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            return tables;
        QSqlQuery names(db);
        names.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
        QStringList tableNames;
        while (names.next())
            tableNames << names.value(0).toString();
        for (const QString& table : tableNames) {
            QSqlQuery rows(db);
            rows.exec(QStringLiteral("SELECT * FROM \"%1\" ORDER BY rowid").arg(table));
            QStringList lines;
            while (rows.next()) {
                QStringList values;
                for (int i = 0; i < rows.record().count(); ++i)
                    values << rows.value(i).toString();
                lines << values.join(u'|');
            }
            tables.insert(table, lines);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return tables;
}

QByteArray hashOf(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

bool ownerOnly(const QString& path)
{
    return QFile::permissions(path) == (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
}

} // namespace

class TestBookBackup : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void copyWhileAnotherConnectionWrites();
    void aMonthOfHourlyCopiesKeepsGrandfatherFatherSon();
    void damagedCopyIsRefused_data();
    void damagedCopyIsRefused();
    void checksumCatchesAChangedRow();
    void restoreKeepsTheOldBookAside();
    void restoreReachesConnectionsAlreadyOpen();
    void restoreIntoAMissingBook();
    void restoreRefusedWhileAPaymentIsLive();
    void copyOfAMissingBookFails();
    void scheduleCopiesAtStartAndEveryInterval();
    void scheduleWaitsForAPayment();
    void scheduleReportsAFailure();
    void scheduleSeesCopiesMadeElsewhere();
    void scheduleFollowsNewSettings();

private:
    // A book of `orders` orders, made with its own connection that is closed again.
    void makeBook(int orders);
    QString m_book;
    QString m_folder;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBookBackup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_book = m_dir->filePath(QStringLiteral("book.sqlite"));
    m_folder = m_dir->filePath(QStringLiteral("copies"));
}

void TestBookBackup::makeBook(int orders)
{
    auto opened = store::OrderStore::open(m_book);
    QVERIFY(opened.ok());
    for (int i = 1; i <= orders; ++i) {
        QVERIFY(addOrder(**opened, orderNo(QStringLiteral("T1"), i)).ok());
        if (i % 2 == 0)
            QVERIFY((*opened)
                        ->transition(orderNo(QStringLiteral("T1"), i), store::OrderState::AwaitingScan,
                                     store::EventSource::Cashier)
                        .ok());
    }
}

void TestBookBackup::copyWhileAnotherConnectionWrites()
{
    makeBook(400);
    const QMap<QString, QStringList> before = dump(m_book);
    QCOMPARE(before.value(QStringLiteral("orders")).size(), 400);

    // Another till keeps recording orders in the same book, on its own connection.
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::unique_ptr<QThread> writer(QThread::create([&] {
        auto other = store::OrderStore::open(m_book);
        if (!other)
            return;
        for (int i = 1; !stop; ++i) {
            if (addOrder(**other, orderNo(QStringLiteral("T2"), i)))
                ++written;
        }
    }));
    writer->start();
    QTRY_VERIFY(written > 3);

    BookBackup backup(m_book, m_folder);
    const int writtenBefore = written;
    // A few pages per step: the copy takes many steps, with the other till's commits in between.
    auto copy = backup.makeCopy(backup::OnlineCopy::Options{2, 60'000});
    const int writtenDuring = written - writtenBefore;
    QVERIFY2(copy.ok(), qPrintable(copy.ok() ? QString() : copy.error().toString()));
    QTRY_VERIFY(written > writtenBefore + writtenDuring + 3); // the writer was never blocked for good
    stop = true;
    writer->wait();
    qInfo("orders written by the other till during the copy: %d", writtenDuring);

    QVERIFY(backup::OnlineCopy::checkIntegrity(copy->path).ok());
    QVERIFY(ownerOnly(copy->path));
    QVERIFY(QFileInfo(copy->path).dir() == QDir(m_folder));
    // The copy is one snapshot: every order and event it holds is in the book as it is, and it holds at
    // least what the book held before the copy started.
    const QMap<QString, QStringList> copied = dump(copy->path);
    const QMap<QString, QStringList> after = dump(m_book);
    for (const QString& table : {QStringLiteral("orders"), QStringLiteral("order_events")}) {
        const QStringList rows = copied.value(table);
        QVERIFY(rows.size() >= before.value(table).size());
        QCOMPARE(rows, after.value(table).mid(0, rows.size()));
    }
    // The copy stands alone: no write-ahead log beside it.
    QVERIFY(!QFileInfo::exists(copy->path + QStringLiteral("-wal")));

    // Once the book is still, a copy equals it table by table, row by row.
    auto still = backup.makeCopy();
    QVERIFY(still.ok());
    QCOMPARE(dump(still->path), after);
    QCOMPARE(after.value(QStringLiteral("orders")).size(), 400 + written);
    QCOMPARE(backup.folder().list().size(), 2);
}

void TestBookBackup::aMonthOfHourlyCopiesKeepsGrandfatherFatherSon()
{
    makeBook(5);
    ManualClock clock(utc(11, 1, 0));
    BookBackup backup(m_book, m_folder, clock);
    const backup::RetentionPolicy policy{24, 7, 4, QTimeZone::utc()};
    for (int hour = 0; hour < 30 * 24; ++hour) {
        auto copy = backup.makeCopy();
        QVERIFY2(copy.ok(), qPrintable(copy.ok() ? QString() : copy.error().toString()));
        QCOMPARE(copy->takenAt, clock.now());
        QVERIFY(backup.prune(policy).ok());
        clock.advanceMs(3600'000);
    }
    QSet<QString> expected;
    const auto name = [](int day, int hour) -> QString {
        return QStringLiteral("book-202611%1-%2").arg(day, 2, 10, QLatin1Char('0')).arg(hour, 2, 10, QLatin1Char('0')) +
               QStringLiteral("0000Z.sqlite");
    };
    for (int hour = 0; hour < 24; ++hour)
        expected.insert(name(30, hour));
    for (int day = 24; day <= 29; ++day)
        expected.insert(name(day, 23));
    expected.insert(name(22, 23)); // the week of 16–22 November
    expected.insert(name(15, 23)); // the week of 9–15 November
    // Each kept copy with its checksum, and no checksum left of a pruned one.
    for (const QString& copy : QSet<QString>(expected))
        expected.insert(copy + QStringLiteral(".sha256"));
    QStringList files = QDir(m_folder).entryList(QDir::Files | QDir::Hidden);
    QStringList wanted(expected.begin(), expected.end());
    files.sort();
    wanted.sort();
    QCOMPARE(files, wanted);
}

void TestBookBackup::damagedCopyIsRefused_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("truncated") << QStringLiteral("truncate");
    QTest::newRow("page headers flipped") << QStringLiteral("flip");
    QTest::newRow("not a database") << QStringLiteral("text");
}

void TestBookBackup::damagedCopyIsRefused()
{
    QFETCH(QString, damage);
    makeBook(300);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    const QString damaged = m_dir->filePath(QStringLiteral("damaged.sqlite"));
    QVERIFY(QFile::copy(copy->path, damaged));
    {
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 size = file.size();
        QVERIFY(size > 8 * 4096);
        if (damage == u"truncate") {
            QVERIFY(file.resize(size / 2));
        } else if (damage == u"flip") {
            // The b-tree header of every page after the first: what integrity_check walks.
            for (qint64 page = 1; page * 4096 < size; ++page) {
                QVERIFY(file.seek(page * 4096));
                QByteArray header = file.read(12);
                for (char& byte : header)
                    byte = static_cast<char>(~byte);
                QVERIFY(file.seek(page * 4096));
                file.write(header);
            }
        } else {
            QVERIFY(file.resize(0));
            file.write("order book? no, a shopping list\n");
        }
    }
    QVERIFY(!backup::OnlineCopy::checkIntegrity(damaged).ok() || damage == u"text");

    const QByteArray bookBefore = hashOf(m_book);
    const QMap<QString, QStringList> rowsBefore = dump(m_book);
    BookRestore restore(m_book);
    auto restored = restore.restoreFrom(damaged);
    QVERIFY(!restored.ok());
    QVERIFY2(restored.error().message().contains(QStringLiteral("not restored")),
             qPrintable(restored.error().toString()));
    // The book is untouched, and nothing was put beside it.
    QCOMPARE(hashOf(m_book), bookBefore);
    QCOMPARE(dump(m_book), rowsBefore);
    QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("*before-restore*")}, QDir::Files), QStringList());
}

// One byte of one order changed on the backup disk: SQLite's integrity check passes, the
// checksum beside the copy (sha256sum's format, checked with sha256sum itself) does not.
void TestBookBackup::checksumCatchesAChangedRow()
{
    makeBook(20);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    const QString sum = backup::BackupChecksum::pathFor(copy->path);
    QVERIFY(QFileInfo::exists(sum));
    QCOMPARE(QFileInfo(sum).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    QProcess sha256sum;
    sha256sum.setWorkingDirectory(m_folder);
    sha256sum.start(QStringLiteral("sha256sum"), {QStringLiteral("-c"), QFileInfo(sum).fileName()});
    QVERIFY(sha256sum.waitForFinished(10000));
    QCOMPARE(sha256sum.exitCode(), 0);
    QVERIFY(sha256sum.readAllStandardOutput().endsWith(": OK\n"));

    {
        // An order's subject ("Tea", in no index, so no index disagrees with it) changed in place.
        QFile file(copy->path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        const qsizetype at = bytes.indexOf("Tea");
        QVERIFY(at > 0);
        bytes[at + 2] = 'x';
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), bytes.size());
    }
    QVERIFY(backup::OnlineCopy::checkIntegrity(copy->path).ok()); // what the checksum is for
    QCOMPARE(*backup::BackupChecksum::verify(copy->path), backup::BackupChecksum::Verdict::Differs);
    sha256sum.start(QStringLiteral("sha256sum"), {QStringLiteral("-c"), QFileInfo(sum).fileName()});
    QVERIFY(sha256sum.waitForFinished(10000));
    QCOMPARE(sha256sum.exitCode(), 1);

    const QByteArray bookBefore = hashOf(m_book);
    auto restored = BookRestore(m_book).restoreFrom(copy->path);
    QVERIFY(!restored.ok());
    QVERIFY2(restored.error().message().contains(QStringLiteral("differs from the checksum")),
             qPrintable(restored.error().toString()));
    QCOMPARE(hashOf(m_book), bookBefore);

    // A checksum file that is not one: refused, with what to do.
    {
        QFile garbage(sum);
        QVERIFY(garbage.open(QIODevice::WriteOnly | QIODevice::Truncate));
        garbage.write("not a checksum\n");
    }
    auto garbled = BookRestore(m_book).restoreFrom(copy->path);
    QVERIFY(!garbled.ok());
    QVERIFY2(garbled.error().message().contains(QStringLiteral("remove it")), qPrintable(garbled.error().toString()));
    // Without one (a copy from before checksums): the integrity check alone decides, and this copy passes it.
    QVERIFY(QFile::remove(sum));
    QCOMPARE(*backup::BackupChecksum::verify(copy->path), backup::BackupChecksum::Verdict::Absent);
    auto unchecked = BookRestore(m_book).restoreFrom(copy->path);
    QVERIFY2(unchecked.ok(), qPrintable(unchecked.ok() ? QString() : unchecked.error().toString()));
}

void TestBookBackup::restoreKeepsTheOldBookAside()
{
    makeBook(50);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    const QMap<QString, QStringList> atBackup = dump(m_book);
    {
        // Orders written after the backup: gone from the restored book, kept in the aside copy.
        auto opened = store::OrderStore::open(m_book);
        QVERIFY(opened.ok());
        for (int i = 1; i <= 7; ++i)
            QVERIFY(addOrder(**opened, orderNo(QStringLiteral("T9"), i)).ok());
    }
    const QMap<QString, QStringList> beforeRestore = dump(m_book);
    QCOMPARE(beforeRestore.value(QStringLiteral("orders")).size(), 57);

    ManualClock clock(utc(11, 30, 5, 30));
    BookRestore restore(m_book, clock);
    auto restored = restore.restoreFrom(copy->path);
    QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
    QCOMPARE(restored->keptAside, m_dir->filePath(QStringLiteral("book-before-restore-20261130-053000Z.sqlite")));
    QVERIFY(ownerOnly(restored->keptAside));
    QCOMPARE(dump(restored->keptAside), beforeRestore);
    QCOMPARE(dump(m_book), atBackup);
    QVERIFY(backup::OnlineCopy::checkIntegrity(restored->keptAside).ok());

    // The book opens as usual afterwards, in write-ahead mode, and every order of the backup is there.
    auto reopened = store::OrderStore::open(m_book);
    QVERIFY(reopened.ok());
    auto all = (*reopened)->list();
    QVERIFY(all.ok());
    QCOMPARE(all->size(), 50);
    QVERIFY(!(*reopened)->find(orderNo(QStringLiteral("T9"), 1))->has_value());
    QVERIFY((*reopened)->find(orderNo(QStringLiteral("T1"), 50))->has_value());

    // A second restore the same second keeps its own aside copy.
    auto again = restore.restoreFrom(copy->path);
    QVERIFY(again.ok());
    QVERIFY(again->keptAside != restored->keptAside);
    QVERIFY(QFileInfo::exists(restored->keptAside));
}

void TestBookBackup::restoreReachesConnectionsAlreadyOpen()
{
    makeBook(10);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    // The app has the book open all along: after the restore it reads the restored orders, because the
    // backup API writes into the book's own file rather than replacing it.
    auto app = store::OrderStore::open(m_book);
    QVERIFY(app.ok());
    QVERIFY(addOrder(**app, orderNo(QStringLiteral("T9"), 1)).ok());
    QCOMPARE((*app)->list()->size(), 11);
    auto restored = BookRestore(m_book).restoreFrom(copy->path);
    QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
    QCOMPARE((*app)->list()->size(), 10);
    QVERIFY(!(*app)->find(orderNo(QStringLiteral("T9"), 1))->has_value());
    // And it goes on writing to it.
    QVERIFY(addOrder(**app, orderNo(QStringLiteral("T9"), 2)).ok());
    QCOMPARE(dump(m_book).value(QStringLiteral("orders")).size(), 11);
}

void TestBookBackup::restoreIntoAMissingBook()
{
    makeBook(20);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    // A new disk: the book's folder is empty.
    const QString fresh = m_dir->filePath(QStringLiteral("new-disk/book.sqlite"));
    auto restored = BookRestore(fresh).restoreFrom(copy->path);
    QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
    QVERIFY(restored->keptAside.isEmpty());
    QVERIFY(ownerOnly(fresh));
    QCOMPARE(dump(fresh), dump(m_book));
    auto opened = store::OrderStore::open(fresh);
    QVERIFY(opened.ok());
    QCOMPARE((*opened)->list()->size(), 20);
}

void TestBookBackup::restoreRefusedWhileAPaymentIsLive()
{
    makeBook(5);
    BookBackup backup(m_book, m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(copy.ok());
    auto till = store::OrderStore::open(m_book);
    QVERIFY(till.ok());
    // This process drives an order: its lease is live.
    const store::LeaseOwner owner = store::LeaseOwner::forThisProcess();
    QVERIFY(addOrder(**till, orderNo(QStringLiteral("T5"), 1), owner).ok());
    const QByteArray bookBefore = hashOf(m_book);
    const QMap<QString, QStringList> rowsBefore = dump(m_book);

    BookRestore restore(m_book);
    QVERIFY(!restore.checkNoLivePayment().ok());
    auto refused = restore.restoreFrom(copy->path);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Storage);
    QVERIFY2(refused.error().message().contains(QStringLiteral("payment is under way")),
             qPrintable(refused.error().message()));
    QVERIFY(refused.error().message().contains(orderNo(QStringLiteral("T5"), 1)));
    QCOMPARE(dump(m_book), rowsBefore);
    QCOMPARE(hashOf(m_book), bookBefore);

    // The payment ends: the lease is given up, and the restore goes ahead.
    QVERIFY((*till)->releaseLease(orderNo(QStringLiteral("T5"), 1), owner).ok());
    auto restored = restore.restoreFrom(copy->path);
    QVERIFY2(restored.ok(), qPrintable(restored.ok() ? QString() : restored.error().toString()));
    QVERIFY(!(*till)->find(orderNo(QStringLiteral("T5"), 1))->has_value());
}

void TestBookBackup::copyOfAMissingBookFails()
{
    BookBackup backup(m_dir->filePath(QStringLiteral("nowhere.sqlite")), m_folder);
    auto copy = backup.makeCopy();
    QVERIFY(!copy.ok());
    QCOMPARE(copy.error().category(), Error::Category::Storage);
    // Nothing was created for it: neither the book nor a copy.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("nowhere.sqlite"))));
    QVERIFY(backup.folder().list().isEmpty());
}

void TestBookBackup::scheduleCopiesAtStartAndEveryInterval()
{
    makeBook(5);
    ManualClock clock(utc(11, 30, 8));
    ManualScheduler scheduler(clock);
    config::BackupSettings settings;
    settings.folder = m_folder;
    {
        // The newest copy is from two hours ago: older than every_min.
        ManualClock earlier(utc(11, 30, 6));
        QVERIFY(BookBackup(m_book, m_folder, earlier).makeCopy().ok());
    }
    backup::BackupSchedule schedule(m_book, settings, scheduler, clock);
    QSignalSpy finished(&schedule, &backup::BackupSchedule::copyFinished);
    QSignalSpy status(&schedule, &backup::BackupSchedule::statusChanged);
    schedule.start();
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Ok);
    QCOMPARE(schedule.status().lastGood, utc(11, 30, 6));
    QVERIFY(!schedule.isCopying());

    scheduler.advance(backup::BackupSchedule::kStartDelayMs);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(schedule.backup().folder().list().size(), 2);
    QCOMPARE(schedule.status().lastGood, clock.now().addMSecs(-clock.now().time().msec()));
    QVERIFY(!schedule.status().needsAttention());

    // The next one an hour later, not before.
    scheduler.advance(59 * 60'000);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    scheduler.advance(60'000);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(schedule.backup().folder().list().size(), 3);
}

void TestBookBackup::scheduleWaitsForAPayment()
{
    makeBook(5);
    ManualClock clock(utc(11, 30, 8));
    ManualScheduler scheduler(clock);
    config::BackupSettings settings;
    settings.folder = m_folder;
    {
        // A fresh copy: none is due at start.
        ManualClock earlier(utc(11, 30, 7, 50));
        QVERIFY(BookBackup(m_book, m_folder, earlier).makeCopy().ok());
    }
    backup::BackupSchedule schedule(m_book, settings, scheduler, clock);
    bool paying = true;
    schedule.setPaymentCheck([&paying] { return paying; });
    QSignalSpy finished(&schedule, &backup::BackupSchedule::copyFinished);
    schedule.start();
    scheduler.advance(backup::BackupSchedule::kStartDelayMs);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 0);

    // Due at 08:50, an hour after the newest copy, while a payment is live: it waits.
    scheduler.advance(50 * 60'000 - backup::BackupSchedule::kStartDelayMs);
    QTest::qWait(50);
    QVERIFY(!schedule.isCopying());
    QCOMPARE(finished.size(), 0);
    scheduler.advance(backup::BackupSchedule::kPaymentWaitStepMs);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 0);
    // The payment ends: the copy follows within a step.
    paying = false;
    scheduler.advance(backup::BackupSchedule::kPaymentWaitStepMs);
    QTRY_COMPARE(finished.size(), 1);

    // A payment that never ends delays the copy at most kPaymentWaitMaxMs.
    paying = true;
    scheduler.advance(60 * 60'000);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    scheduler.advance(backup::BackupSchedule::kPaymentWaitMaxMs);
    QTRY_COMPARE(finished.size(), 2);
}

void TestBookBackup::scheduleReportsAFailure()
{
    ManualClock clock(utc(11, 30, 8));
    ManualScheduler scheduler(clock);
    config::BackupSettings settings; // beside the book
    backup::BackupSchedule schedule(m_dir->filePath(QStringLiteral("gone.sqlite")), settings, scheduler, clock);
    QSignalSpy finished(&schedule, &backup::BackupSchedule::copyFinished);
    schedule.start();
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::None);
    QVERIFY(schedule.status().needsAttention());
    QVERIFY(schedule.status().besideBook);
    scheduler.advance(backup::BackupSchedule::kStartDelayMs);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Failed);
    QVERIFY2(schedule.status().text().contains(QStringLiteral("gone.sqlite")), qPrintable(schedule.status().text()));
}

// every_min=0: the app makes no copies, but a copy made by `counterpay-cli backup` (cron) counts, and
// one that grows old turns into a warning, each within the hour.
void TestBookBackup::scheduleSeesCopiesMadeElsewhere()
{
    makeBook(3);
    ManualClock clock(utc(11, 30, 8));
    ManualScheduler scheduler(clock);
    config::BackupSettings settings;
    settings.folder = m_folder;
    settings.everyMinutes = 0;
    backup::BackupSchedule schedule(m_book, settings, scheduler, clock);
    QSignalSpy finished(&schedule, &backup::BackupSchedule::copyFinished);
    schedule.start();
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::None);

    QVERIFY(BookBackup(m_book, m_folder, clock).makeCopy().ok());
    scheduler.advance(backup::BackupSchedule::kRefreshMs);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Ok);
    QCOMPARE(schedule.status().lastGood, utc(11, 30, 8));
    scheduler.advance(24 * backup::BackupSchedule::kRefreshMs);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Stale);
    QVERIFY(schedule.status().needsAttention());
    QCOMPARE(finished.size(), 0);
}

// Settings saved while the app runs: the next copy goes to the new folder, due as at start (the new
// folder is empty, so within kStartDelayMs), and the status speaks of the new folder.
void TestBookBackup::scheduleFollowsNewSettings()
{
    makeBook(3);
    ManualClock clock(utc(11, 30, 8));
    ManualScheduler scheduler(clock);
    config::BackupSettings settings;
    settings.folder = m_folder;
    backup::BackupSchedule schedule(m_book, settings, scheduler, clock);
    QSignalSpy finished(&schedule, &backup::BackupSchedule::copyFinished);
    schedule.start();
    scheduler.advance(backup::BackupSchedule::kStartDelayMs);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Ok);

    const QString second = m_dir->filePath(QStringLiteral("usb"));
    settings.folder = second;
    settings.everyMinutes = 90;
    clock.advanceMs(60'000);
    schedule.reconfigure(m_book, settings);
    QCOMPARE(schedule.backup().folder().path(), second);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::None); // nothing in the new folder yet
    QVERIFY(schedule.status().needsAttention());
    scheduler.advance(backup::BackupSchedule::kStartDelayMs);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(backup::BackupFolder(second, m_book).list().size(), 1);
    QCOMPARE(backup::BackupFolder(m_folder, m_book).list().size(), 1);
    QCOMPARE(schedule.status().level, backup::BackupStatus::Level::Ok);
    // The new interval: 90 minutes, not the hour the schedule started with.
    scheduler.advance(60 * 60'000);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 2);
    scheduler.advance(30 * 60'000);
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(backup::BackupFolder(second, m_book).list().size(), 2);

    // every_min=0: no more copies from the app.
    settings.everyMinutes = 0;
    schedule.reconfigure(m_book, settings);
    scheduler.advance(2 * 60 * 60'000);
    QTest::qWait(50);
    QCOMPARE(finished.size(), 3);
}

QTEST_GUILESS_MAIN(TestBookBackup)
#include "TestBookBackup.moc"
