#include "common/Clock.h"
#include "common/Scheduler.h"
#include "config/PollSchedule.h"

#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using counterpay::config::PollSchedule;

class TestPollSchedule : public QObject
{
    Q_OBJECT

private slots:
    void defaultsFollowTheDesign();
    void queryTimesOverTenMinutes();
    void parse_data();
    void parse();
    void manualSchedulerRunsInTimeOrder();
};

void TestPollSchedule::defaultsFollowTheDesign()
{
    const PollSchedule schedule;
    QCOMPARE(schedule.nextDelayMs(0, true), 1500);
    QCOMPARE(schedule.nextDelayMs(1500, false), 1000);
    QCOMPARE(schedule.nextDelayMs(29999, false), 1000);
    QCOMPARE(schedule.nextDelayMs(30000, false), 2000);
    QCOMPARE(schedule.nextDelayMs(119999, false), 2000);
    QCOMPARE(schedule.nextDelayMs(120000, false), 5000);
    QCOMPARE(schedule.nextDelayMs(3600000, false), 5000);
}

void TestPollSchedule::queryTimesOverTenMinutes()
{
    // Walk the schedule as a session does and count the queries: 1.5 s, then 29 at 1 s (to 30.5 s),
    // 45 at 2 s (to 120.5 s), then every 5 s to 600 s.
    const PollSchedule schedule;
    qint64 t = schedule.nextDelayMs(0, true);
    QList<qint64> times{t};
    while (t < 600000) {
        t += schedule.nextDelayMs(t, false);
        if (t < 600000)
            times.append(t);
    }
    QCOMPARE(times.first(), 1500);
    QCOMPARE(times[1], 2500);
    QVERIFY(times.contains(30500));
    QVERIFY(times.contains(32500));
    QVERIFY(times.contains(120500));
    QVERIFY(times.contains(125500));
    QCOMPARE(times.size(), 1 + 29 + 45 + 95);
}

void TestPollSchedule::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("defaults spelled out") << QStringLiteral("first=1500,1000@30000,2000@120000,final=5000") << true;
    QTest::newRow("no steps") << QStringLiteral("first=200,final=300") << true;
    QTest::newRow("missing final") << QStringLiteral("first=200,1000@3000") << false;
    QTest::newRow("steps out of order") << QStringLiteral("first=1,1000@3000,1000@2000,final=1") << false;
    QTest::newRow("zero") << QStringLiteral("first=0,final=1") << false;
    QTest::newRow("garbage") << QStringLiteral("fast") << false;
}

void TestPollSchedule::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    PollSchedule schedule;
    QCOMPARE(PollSchedule::parse(text, &schedule), valid);
    if (valid && text.startsWith(QStringLiteral("first=1500"))) {
        QCOMPARE(schedule.nextDelayMs(0, true), PollSchedule().nextDelayMs(0, true));
        QCOMPARE(schedule.nextDelayMs(40000, false), 2000);
    }
}

void TestPollSchedule::manualSchedulerRunsInTimeOrder()
{
    ManualClock clock(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    const QDateTime start = clock.now();
    ManualScheduler scheduler(clock);
    QStringList ran;
    QObject context;
    scheduler.schedule(300, &context, [&] { ran << QStringLiteral("c@%1").arg(start.msecsTo(clock.now())); });
    scheduler.schedule(100, &context, [&] {
        ran << QStringLiteral("a@%1").arg(start.msecsTo(clock.now()));
        scheduler.schedule(50, &context, [&] { ran << QStringLiteral("b@%1").arg(start.msecsTo(clock.now())); });
    });
    const auto dropped = scheduler.schedule(200, &context, [&] { ran << QStringLiteral("cancelled"); });
    scheduler.cancel(dropped);
    {
        QObject shortLived;
        scheduler.schedule(120, &shortLived, [&] { ran << QStringLiteral("dead context"); });
    }
    scheduler.advance(250);
    QCOMPARE(ran, (QStringList{QStringLiteral("a@100"), QStringLiteral("b@150")}));
    QCOMPARE(start.msecsTo(clock.now()), 250);
    scheduler.advance(100);
    QCOMPARE(ran.last(), QStringLiteral("c@300"));
    QCOMPARE(scheduler.pendingCount(), 0);
}

QTEST_GUILESS_MAIN(TestPollSchedule)
#include "TestPollSchedule.moc"
