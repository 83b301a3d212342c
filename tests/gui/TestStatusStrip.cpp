// The status line's backup warning: what the core decided (backup::BackupStatus), shown as is.
#include "backup/BackupStatus.h"
#include "cashier/StatusStrip.h"

#include <QLabel>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;

class TestStatusStrip : public QObject
{
    Q_OBJECT

private slots:
    void hiddenUntilTold();
    void warnsWhenTheCoreSaysSo();
    void freshBackupIsQuiet();

private:
    static void show(ui::StatusStrip& strip, const backup::BackupStatus& status)
    {
        strip.setBackup(status.needsAttention(), status.text(), status.advice());
    }
    const QDateTime m_now{QDate(2026, 11, 30), QTime(12, 0), QTimeZone::utc()};
};

void TestStatusStrip::hiddenUntilTold()
{
    ui::StatusStrip strip;
    strip.show();
    auto* label = strip.findChild<QLabel*>(QStringLiteral("backupState"));
    QVERIFY(label);
    QVERIFY(!label->isVisible());
    QVERIFY(strip.backupText().isEmpty());
    QVERIFY(!strip.backupWarns());
}

void TestStatusStrip::warnsWhenTheCoreSaysSo()
{
    ui::StatusStrip strip;
    strip.show();
    auto* label = strip.findChild<QLabel*>(QStringLiteral("backupState"));
    QVERIFY(label);

    show(strip, backup::BackupStatus::decide(QDateTime(), QString(), m_now, true));
    QVERIFY(label->isVisible());
    QVERIFY(strip.backupWarns());
    QVERIFY2(strip.backupText().contains(QStringLiteral("No backup")), qPrintable(strip.backupText()));
    QVERIFY(label->toolTip().contains(QStringLiteral("second disk")));

    show(strip, backup::BackupStatus::decide(m_now.addDays(-3), QString(), m_now, false));
    QVERIFY(strip.backupWarns());
    QVERIFY(strip.backupText().contains(QStringLiteral("more than a day")));

    show(strip, backup::BackupStatus::decide(m_now.addSecs(-600), QStringLiteral("The disk is full."), m_now, false));
    QVERIFY(strip.backupWarns());
    QVERIFY2(strip.backupText().contains(QStringLiteral("The disk is full.")), qPrintable(strip.backupText()));
    // Painted like the other warnings.
    QVERIFY(label->autoFillBackground());
}

void TestStatusStrip::freshBackupIsQuiet()
{
    ui::StatusStrip strip;
    strip.show();
    auto* label = strip.findChild<QLabel*>(QStringLiteral("backupState"));
    show(strip, backup::BackupStatus::decide(m_now.addSecs(-3000), QStringLiteral("full"), m_now, false));
    QVERIFY(label->autoFillBackground());
    show(strip, backup::BackupStatus::decide(m_now.addSecs(-60), QString(), m_now, false));
    QVERIFY(label->isVisible());
    QVERIFY(!strip.backupWarns());
    QVERIFY(!label->autoFillBackground());
    QVERIFY(strip.backupText().startsWith(QStringLiteral("Backup")));
}

QTEST_MAIN(TestStatusStrip)
#include "TestStatusStrip.moc"
