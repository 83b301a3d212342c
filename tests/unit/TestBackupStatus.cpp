// What the status line is told about backups: decided by the core from the newest good copy and the
// last attempt.
#include "backup/BackupStatus.h"

#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using backup::BackupStatus;

class TestBackupStatus : public QObject
{
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void failureSaysWhy();
    void besideTheBookAdvisesASecondDisk();

private:
    const QDateTime m_now{QDate(2026, 11, 30), QTime(12, 0), QTimeZone::utc()};
};

void TestBackupStatus::decide_data()
{
    QTest::addColumn<QDateTime>("lastGood");
    QTest::addColumn<QString>("failure");
    QTest::addColumn<int>("level");
    QTest::addColumn<bool>("warns");
    QTest::newRow("none yet") << QDateTime() << QString() << int(BackupStatus::Level::None) << true;
    QTest::newRow("an hour ago") << m_now.addSecs(-3600) << QString() << int(BackupStatus::Level::Ok) << false;
    QTest::newRow("just now") << m_now << QString() << int(BackupStatus::Level::Ok) << false;
    QTest::newRow("exactly a day") << m_now.addSecs(-BackupStatus::kStaleAfterSecs) << QString()
                                   << int(BackupStatus::Level::Ok) << false;
    QTest::newRow("a day and a second") << m_now.addSecs(-BackupStatus::kStaleAfterSecs - 1) << QString()
                                        << int(BackupStatus::Level::Stale) << true;
    QTest::newRow("a week") << m_now.addDays(-7) << QString() << int(BackupStatus::Level::Stale) << true;
    // A failure is told even when the previous copy is fresh: the next one may fail too.
    QTest::newRow("failed after a good one")
        << m_now.addSecs(-600) << QStringLiteral("disk full") << int(BackupStatus::Level::Failed) << true;
    QTest::newRow("failed, none before") << QDateTime() << QStringLiteral("disk full")
                                         << int(BackupStatus::Level::Failed) << true;
}

void TestBackupStatus::decide()
{
    QFETCH(QDateTime, lastGood);
    QFETCH(QString, failure);
    QFETCH(int, level);
    QFETCH(bool, warns);
    const BackupStatus status = BackupStatus::decide(lastGood, failure, m_now, false);
    QCOMPARE(int(status.level), level);
    QCOMPARE(status.needsAttention(), warns);
    QVERIFY(!status.text().isEmpty());
}

void TestBackupStatus::failureSaysWhy()
{
    const BackupStatus status = BackupStatus::decide(
        m_now.addSecs(-7200), QStringLiteral("The backup folder /mnt/x cannot be written."), m_now, false);
    QVERIFY2(status.text().contains(QStringLiteral("The backup folder /mnt/x cannot be written.")),
             qPrintable(status.text()));
    QVERIFY(status.text().contains(QStringLiteral("failed")));
    // Where the last good copy stands is in the longer text.
    QVERIFY(!status.advice().isEmpty());

    const BackupStatus stale = BackupStatus::decide(m_now.addDays(-2), QString(), m_now, false);
    QVERIFY2(stale.text().contains(QStringLiteral("more than a day")), qPrintable(stale.text()));
    const BackupStatus none = BackupStatus::decide(QDateTime(), QString(), m_now, false);
    QVERIFY2(none.text().contains(QStringLiteral("No backup")), qPrintable(none.text()));
}

void TestBackupStatus::besideTheBookAdvisesASecondDisk()
{
    const BackupStatus beside = BackupStatus::decide(m_now.addSecs(-60), QString(), m_now, true);
    QVERIFY(!beside.needsAttention());
    QVERIFY2(beside.advice().contains(QStringLiteral("second disk")), qPrintable(beside.advice()));
    const BackupStatus elsewhere = BackupStatus::decide(m_now.addSecs(-60), QString(), m_now, false);
    QVERIFY(elsewhere.advice().isEmpty());
}

QTEST_GUILESS_MAIN(TestBackupStatus)
#include "TestBackupStatus.moc"
