// `counterpay-cli backup` and `restore` end to end: the real program on a real order book, its output
// and exit codes (issue 10).
#include "TestSupport.h"

#include "backup/OnlineCopy.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::test::ProcessResult;

namespace {

QString orderNo(const QString& terminal, int n)
{
    return QStringLiteral("%1-20261130-%2").arg(terminal).arg(n, 6, 10, QLatin1Char('0'));
}

store::NewOrder newOrder(const QString& outTradeNo, const store::LeaseOwner& owner = {})
{
    return store::NewOrder{outTradeNo,
                           QStringLiteral("9021000000000001"),
                           Money::fromFen(880),
                           QStringLiteral("Noodles"),
                           store::Order::PayMode::Qr,
                           QStringLiteral("T1"),
                           QStringLiteral("alice"),
                           QDateTime(),
                           owner};
}

qsizetype ordersIn(const QString& book)
{
    auto opened = store::OrderStore::open(book);
    if (!opened)
        return -1;
    auto all = (*opened)->list();
    return all ? all->size() : -1;
}

QString firstLine(const QByteArray& out)
{
    return QString::fromUtf8(out).trimmed().section(u'\n', 0, 0);
}

} // namespace

class TestBackupCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void backupWritesACheckedCopy();
    void backupToAnotherFolder();
    void backupOfAMissingBookIsExitEight();
    void restoreBringsTheOrdersBack();
    void restoreRefusesADamagedCopy();
    void restoreRefusedWhileAPaymentIsLive();
    void restoreNeedsFrom();
    void badBackupSettingIsExitSeven();

private:
    ProcessResult cli(const QStringList& arguments);
    void writeConfig(const QByteArray& backupSection);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QString m_book;
    QString m_folder;
};

ProcessResult TestBackupCli::cli(const QStringList& arguments)
{
    return counterpay::test::run(QStringLiteral(COUNTERPAY_CLI),
                                 QStringList{QStringLiteral("--config"), m_config} + arguments, {}, m_dir->path());
}

void TestBackupCli::writeConfig(const QByteArray& backupSection)
{
    counterpay::test::writeFile(m_config,
                                "[counter]\nterminal_id=T1\ndatabase=book.sqlite\n[backup]\n" + backupSection);
}

void TestBackupCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_config = m_dir->filePath(QStringLiteral("counterpay.ini"));
    m_book = m_dir->filePath(QStringLiteral("book.sqlite"));
    m_folder = m_dir->filePath(QStringLiteral("second-disk"));
    writeConfig("folder=second-disk\n");
    auto opened = store::OrderStore::open(m_book);
    QVERIFY(opened.ok());
    for (int i = 1; i <= 12; ++i)
        QVERIFY((*opened)->create(newOrder(orderNo(QStringLiteral("T1"), i))).ok());
}

void TestBackupCli::backupWritesACheckedCopy()
{
    const ProcessResult made = cli({QStringLiteral("backup")});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    const QString path = firstLine(made.out);
    QCOMPARE(QFileInfo(path).absolutePath(), m_folder);
    QVERIFY(QFileInfo(path).fileName().startsWith(QStringLiteral("book-")));
    QVERIFY(backup::OnlineCopy::checkIntegrity(path).ok());
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    QCOMPARE(ordersIn(path), 12);

    const ProcessResult listed = cli({QStringLiteral("backup"), QStringLiteral("--list")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains(path.toUtf8()));
    const ProcessResult json =
        cli({QStringLiteral("backup"), QStringLiteral("--list"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().toObject().value(QStringLiteral("path")).toString(), path);
    QCOMPARE(rows.first().toObject().value(QStringLiteral("size")).toInteger(), QFileInfo(path).size());
    QVERIFY(QDateTime::fromString(rows.first().toObject().value(QStringLiteral("taken_at")).toString(), Qt::ISODate)
                .isValid());
}

void TestBackupCli::backupToAnotherFolder()
{
    const QString usb = m_dir->filePath(QStringLiteral("usb-stick"));
    const ProcessResult made = cli({QStringLiteral("backup"), QStringLiteral("--to"), usb});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    const QString path = firstLine(made.out);
    QCOMPARE(QFileInfo(path).absolutePath(), usb);
    QCOMPARE(ordersIn(path), 12);
    QVERIFY(!QDir(m_folder).exists());

    // Beside the book when no folder is configured, with a word about a second disk.
    writeConfig("");
    const ProcessResult beside = cli({QStringLiteral("backup")});
    QVERIFY2(beside.exitCode == 0, beside.err.constData());
    QCOMPARE(QFileInfo(firstLine(beside.out)).absolutePath(), m_dir->filePath(QStringLiteral("backups")));
    QVERIFY(beside.err.contains("second disk"));
}

void TestBackupCli::backupOfAMissingBookIsExitEight()
{
    counterpay::test::writeFile(m_config, "[counter]\ndatabase=gone.sqlite\n[backup]\nfolder=second-disk\n");
    const ProcessResult made = cli({QStringLiteral("backup")});
    QCOMPARE(made.exitCode, 8);
    QVERIFY(made.out.isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("gone.sqlite"))));
}

void TestBackupCli::restoreBringsTheOrdersBack()
{
    const ProcessResult made = cli({QStringLiteral("backup")});
    QCOMPARE(made.exitCode, 0);
    const QString copy = firstLine(made.out);
    {
        auto opened = store::OrderStore::open(m_book);
        QVERIFY(opened.ok());
        for (int i = 1; i <= 3; ++i)
            QVERIFY((*opened)->create(newOrder(orderNo(QStringLiteral("T8"), i))).ok());
    }
    QCOMPARE(ordersIn(m_book), 15);

    const ProcessResult restored = cli({QStringLiteral("restore"), QStringLiteral("--from"), copy});
    QVERIFY2(restored.exitCode == 0, restored.err.constData());
    const QString aside = firstLine(restored.out);
    QVERIFY2(QFileInfo(aside).fileName().startsWith(QStringLiteral("book-before-restore-")), qPrintable(aside));
    QCOMPARE(QFileInfo(aside).absolutePath(), m_dir->path());
    QCOMPARE(ordersIn(m_book), 12);
    QCOMPARE(ordersIn(aside), 15); // the orders written after the backup are kept there
}

void TestBackupCli::restoreRefusesADamagedCopy()
{
    const ProcessResult made = cli({QStringLiteral("backup")});
    QCOMPARE(made.exitCode, 0);
    const QString damaged = m_dir->filePath(QStringLiteral("damaged.sqlite"));
    QVERIFY(QFile::copy(firstLine(made.out), damaged));
    QFile file(damaged);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(file.size() / 2));
    file.close();
    const QByteArray before = counterpay::test::readFile(m_book);

    const ProcessResult refused = cli({QStringLiteral("restore"), QStringLiteral("--from"), damaged});
    QCOMPARE(refused.exitCode, 8);
    QVERIFY(refused.err.contains("damaged"));
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(counterpay::test::readFile(m_book), before);
    QCOMPARE(ordersIn(m_book), 12);
}

void TestBackupCli::restoreRefusedWhileAPaymentIsLive()
{
    const ProcessResult made = cli({QStringLiteral("backup")});
    QCOMPARE(made.exitCode, 0);
    // This test process plays the till: it holds a live lease on an order.
    auto till = store::OrderStore::open(m_book);
    QVERIFY(till.ok());
    QVERIFY((*till)->create(newOrder(orderNo(QStringLiteral("T2"), 1), store::LeaseOwner::forThisProcess())).ok());

    const ProcessResult refused = cli({QStringLiteral("restore"), QStringLiteral("--from"), firstLine(made.out)});
    QCOMPARE(refused.exitCode, 8);
    QVERIFY2(refused.err.contains("payment is under way"), refused.err.constData());
    QVERIFY(refused.out.isEmpty());
    QCOMPARE((*till)->list()->size(), 13);
}

void TestBackupCli::restoreNeedsFrom()
{
    const ProcessResult missing = cli({QStringLiteral("restore")});
    QCOMPARE(missing.exitCode, 2);
    const ProcessResult nowhere =
        cli({QStringLiteral("restore"), QStringLiteral("--from"), QStringLiteral("nope.sqlite")});
    QCOMPARE(nowhere.exitCode, 2);
    QCOMPARE(ordersIn(m_book), 12);
}

void TestBackupCli::badBackupSettingIsExitSeven()
{
    writeConfig("keep_hourly=0\n");
    const ProcessResult made = cli({QStringLiteral("backup")});
    QCOMPARE(made.exitCode, 7);
    QVERIFY(made.err.contains("[backup] keep_hourly"));
}

QTEST_GUILESS_MAIN(TestBackupCli)
#include "TestBackupCli.moc"
