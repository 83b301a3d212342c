// [backup]: the defaults, good values, and bad ones refused naming the file, section and key.
#include "common/IniFile.h"
#include "config/BackupSettings.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using config::BackupSettings;

class TestBackupSettings : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void folderIsRelativeToTheFile();
    void counterSettingsCarryIt();

private:
    static Result<BackupSettings> load(const QString& section);
};

Result<BackupSettings> TestBackupSettings::load(const QString& section)
{
    auto ini =
        IniFile::parse(QStringLiteral("[backup]\n%1\n").arg(section).toUtf8(), QStringLiteral("/shop/counterpay.ini"));
    if (!ini)
        return ini.error();
    return BackupSettings::load(*ini, QStringLiteral("/shop/counterpay.ini"));
}

void TestBackupSettings::defaults()
{
    auto ini = IniFile::parse("[counter]\nterminal_id=T1\n", QStringLiteral("/shop/counterpay.ini"));
    QVERIFY(ini.ok());
    auto settings = BackupSettings::load(*ini, QStringLiteral("/shop/counterpay.ini"));
    QVERIFY(settings.ok());
    QVERIFY(settings->folder.isEmpty());
    QVERIFY(settings->besideBook());
    QCOMPARE(settings->keepHourly, 24);
    QCOMPARE(settings->keepDaily, 7);
    QCOMPARE(settings->keepWeekly, 4);
    QCOMPARE(settings->everyMinutes, 60);
    // Beside the book: a "backups" folder next to it.
    QCOMPARE(settings->folderFor(QStringLiteral("/var/lib/shop/orders.sqlite")),
             QStringLiteral("/var/lib/shop/backups"));
    // Empty values are the defaults too.
    settings = load(QStringLiteral("folder=\nkeep_hourly=\nkeep_daily=\nkeep_weekly=\nevery_min=   ; hourly"));
    QVERIFY(settings.ok());
    QVERIFY(settings->besideBook());
    QCOMPARE(settings->keepHourly, 24);
    QCOMPARE(settings->everyMinutes, 60);
}

void TestBackupSettings::accepted_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<int>("hourly");
    QTest::addColumn<int>("daily");
    QTest::addColumn<int>("weekly");
    QTest::addColumn<int>("every");
    QTest::newRow("second disk") << QStringLiteral("folder=/mnt/backup/shop") << QStringLiteral("/mnt/backup/shop")
                                 << 24 << 7 << 4 << 60;
    QTest::newRow("tidied path") << QStringLiteral("folder=/mnt//backup/./shop/") << QStringLiteral("/mnt/backup/shop")
                                 << 24 << 7 << 4 << 60;
    QTest::newRow("longer") << QStringLiteral("keep_hourly=48\nkeep_daily=30\nkeep_weekly=52") << QString() << 48 << 30
                            << 52 << 60;
    QTest::newRow("hourly only") << QStringLiteral("keep_hourly=1\nkeep_daily=0\nkeep_weekly=0") << QString() << 1 << 0
                                 << 0 << 60;
    QTest::newRow("every 5 min") << QStringLiteral("every_min=5") << QString() << 24 << 7 << 4 << 5;
    QTest::newRow("weekly copies") << QStringLiteral("every_min=10080") << QString() << 24 << 7 << 4 << 10080;
    QTest::newRow("no automatic") << QStringLiteral("every_min=0") << QString() << 24 << 7 << 4 << 0;
    QTest::newRow("commented") << QStringLiteral("keep_daily=14   ; two weeks") << QString() << 24 << 14 << 4 << 60;
}

void TestBackupSettings::accepted()
{
    QFETCH(QString, section);
    QFETCH(QString, folder);
    QFETCH(int, hourly);
    QFETCH(int, daily);
    QFETCH(int, weekly);
    QFETCH(int, every);
    auto settings = load(section);
    QVERIFY2(settings.ok(), qPrintable(settings.ok() ? QString() : settings.error().toString()));
    QCOMPARE(settings->folder, folder);
    QCOMPARE(settings->keepHourly, hourly);
    QCOMPARE(settings->keepDaily, daily);
    QCOMPARE(settings->keepWeekly, weekly);
    QCOMPARE(settings->everyMinutes, every);
    if (!folder.isEmpty())
        QCOMPARE(settings->folderFor(QStringLiteral("/var/lib/shop/orders.sqlite")), folder);
}

void TestBackupSettings::rejected_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    // No hourly copy kept would delete each copy as soon as it is made.
    QTest::newRow("hourly zero") << QStringLiteral("keep_hourly=0") << QStringLiteral("keep_hourly");
    QTest::newRow("hourly negative") << QStringLiteral("keep_hourly=-1") << QStringLiteral("keep_hourly");
    QTest::newRow("hourly huge") << QStringLiteral("keep_hourly=1001") << QStringLiteral("keep_hourly");
    QTest::newRow("daily word") << QStringLiteral("keep_daily=seven") << QStringLiteral("keep_daily");
    QTest::newRow("daily fraction") << QStringLiteral("keep_daily=1.5") << QStringLiteral("keep_daily");
    QTest::newRow("weekly negative") << QStringLiteral("keep_weekly=-4") << QStringLiteral("keep_weekly");
    QTest::newRow("weekly unit") << QStringLiteral("keep_weekly=4w") << QStringLiteral("keep_weekly");
    QTest::newRow("every 1 min") << QStringLiteral("every_min=1") << QStringLiteral("every_min");
    QTest::newRow("every 4 min") << QStringLiteral("every_min=4") << QStringLiteral("every_min");
    QTest::newRow("every negative") << QStringLiteral("every_min=-60") << QStringLiteral("every_min");
    QTest::newRow("every over a week") << QStringLiteral("every_min=10081") << QStringLiteral("every_min");
    QTest::newRow("every hours") << QStringLiteral("every_min=1h") << QStringLiteral("every_min");
}

void TestBackupSettings::rejected()
{
    QFETCH(QString, section);
    QFETCH(QString, key);
    auto settings = load(section);
    QVERIFY(!settings.ok());
    QCOMPARE(settings.error().category(), Error::Category::Config);
    QVERIFY2(settings.error().message().contains(QStringLiteral("/shop/counterpay.ini [backup] ") + key),
             qPrintable(settings.error().message()));
}

void TestBackupSettings::folderIsRelativeToTheFile()
{
    auto settings = load(QStringLiteral("folder=../copies"));
    QVERIFY(settings.ok());
    QCOMPARE(settings->folder, QStringLiteral("/copies"));
    QVERIFY(!settings->besideBook());
    settings = load(QStringLiteral("folder=copies"));
    QVERIFY(settings.ok());
    QCOMPARE(settings->folder, QStringLiteral("/shop/copies"));
}

void TestBackupSettings::counterSettingsCarryIt()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[counter]\nterminal_id=T7\ndatabase=book.sqlite\n[backup]\nkeep_daily=10\nevery_min=30\n");
    file.close();
    const config::GatewayConfig gateway;
    auto counter = config::CounterSettings::load(path, gateway);
    QVERIFY2(counter.ok(), qPrintable(counter.ok() ? QString() : counter.error().toString()));
    QCOMPARE(counter->backup.keepDaily, 10);
    QCOMPARE(counter->backup.everyMinutes, 30);
    QCOMPARE(counter->backup.keepHourly, 24);
    QCOMPARE(counter->backup.folderFor(counter->databasePath), QDir(dir.path()).filePath(QStringLiteral("backups")));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("[backup]\nkeep_weekly=many\n");
    file.close();
    counter = config::CounterSettings::load(path, gateway);
    QVERIFY(!counter.ok());
    QCOMPARE(counter.error().category(), Error::Category::Config);
    QVERIFY(counter.error().message().contains(QStringLiteral("[backup] keep_weekly")));
}

QTEST_GUILESS_MAIN(TestBackupSettings)
#include "TestBackupSettings.moc"
