// Shifts: who worked which terminal when. A login ends the terminal's shift that was never handed over.
#include "people/ShiftLog.h"
#include "store/OrderStore.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::people;

class TestShiftLog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void startOpenEnd();
    void endingTwiceIsRefused();
    void loginEndsTheShiftNeverHandedOver();
    void terminalsAreApart();
    void betweenListsOverlappingShifts();
    void shiftsSurviveReopening();

private:
    void open();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<store::OrderStore> m_store;
    std::unique_ptr<ShiftLog> m_shifts;
};

void TestShiftLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(1, 0), QTimeZone::utc()));
    open();
}

void TestShiftLog::open()
{
    m_shifts.reset();
    m_store.reset();
    auto opened = store::OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    m_store = std::move(*opened);
    m_shifts = std::make_unique<ShiftLog>(m_store->connection(), *m_clock);
}

void TestShiftLog::cleanup()
{
    m_shifts.reset();
    m_store.reset();
    m_dir.reset();
}

void TestShiftLog::startOpenEnd()
{
    QVERIFY(!m_shifts->open(QStringLiteral("T1"))->has_value());
    const QDateTime start = m_clock->now();
    auto started = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1"));
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
    QCOMPARE(started->startedAt, start);
    QVERIFY(!started->endedAt.isValid());

    auto open = m_shifts->open(QStringLiteral("T1"));
    QVERIFY(open.ok() && open->has_value());
    QCOMPARE((*open)->id, started->id);
    QCOMPARE((*open)->person, QStringLiteral("王芳"));
    QCOMPARE((*open)->startedAt, start);

    m_clock->advanceMs(8 * 3600 * 1000);
    auto ended = m_shifts->end(started->id);
    QVERIFY(ended.ok());
    QCOMPARE(ended->endedAt, m_clock->now());
    QCOMPARE(ended->startedAt, start);
    QVERIFY(!m_shifts->open(QStringLiteral("T1"))->has_value());
    QVERIFY(!m_shifts->start(QString(), QStringLiteral("T1")).ok());
    QVERIFY(!m_shifts->start(QStringLiteral("王芳"), QString()).ok());
}

void TestShiftLog::endingTwiceIsRefused()
{
    auto started = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1"));
    QVERIFY(started.ok());
    QVERIFY(m_shifts->end(started->id).ok());
    const QDateTime firstEnd = m_clock->now();
    m_clock->advanceMs(60'000);
    auto again = m_shifts->end(started->id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().category(), Error::Category::Input);
    auto listed = m_shifts->between(firstEnd.addDays(-1), firstEnd.addDays(1));
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->constFirst().endedAt, firstEnd);
    QVERIFY(!m_shifts->end(started->id + 100).ok());
}

void TestShiftLog::loginEndsTheShiftNeverHandedOver()
{
    auto first = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1"));
    QVERIFY(first.ok());
    m_clock->advanceMs(3600 * 1000);
    const QDateTime second = m_clock->now();
    auto next = m_shifts->start(QStringLiteral("李娜"), QStringLiteral("T1"));
    QVERIFY(next.ok());
    auto open = m_shifts->open(QStringLiteral("T1"));
    QCOMPARE((*open)->id, next->id);
    QCOMPARE((*open)->person, QStringLiteral("李娜"));
    auto all = m_shifts->between(second.addDays(-1), second.addDays(1));
    QCOMPARE(all->size(), 2);
    QCOMPARE(all->at(0).person, QStringLiteral("王芳"));
    QCOMPARE(all->at(0).endedAt, second);
    QVERIFY(!all->at(1).endedAt.isValid());
    // The same person logging in again also starts a new shift.
    m_clock->advanceMs(1000);
    auto same = m_shifts->start(QStringLiteral("李娜"), QStringLiteral("T1"));
    QVERIFY(same->id != next->id);
    QCOMPARE(m_shifts->between(second.addDays(-1), second.addDays(1))->size(), 3);
}

void TestShiftLog::terminalsAreApart()
{
    auto one = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1"));
    auto two = m_shifts->start(QStringLiteral("李娜"), QStringLiteral("T2"));
    QVERIFY(one.ok() && two.ok());
    QCOMPARE((*m_shifts->open(QStringLiteral("T1")))->person, QStringLiteral("王芳"));
    QCOMPARE((*m_shifts->open(QStringLiteral("T2")))->person, QStringLiteral("李娜"));
    QVERIFY(!m_shifts->open(QStringLiteral("T3"))->has_value());
}

void TestShiftLog::betweenListsOverlappingShifts()
{
    const QDateTime t0 = m_clock->now();
    const qint64 hour = 3600 * 1000;
    auto morning = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1")); // t0 .. t0+4h
    m_clock->advanceMs(4 * hour);
    QVERIFY(m_shifts->end(morning->id).ok());
    m_clock->advanceMs(hour);
    auto evening = m_shifts->start(QStringLiteral("李娜"), QStringLiteral("T1")); // t0+5h, open
    QVERIFY(evening.ok());
    m_clock->advanceMs(hour);

    const auto names = [this](const QDateTime& from, const QDateTime& until) {
        QStringList people;
        // Held by name: a range-for over *temporary() would outlive the Result it points into.
        const auto shifts = m_shifts->between(from, until);
        for (const Shift& shift : *shifts)
            people.append(shift.person);
        return people;
    };
    QCOMPARE(names(t0.addMSecs(-hour), t0), QStringList());
    QCOMPARE(names(t0, t0.addMSecs(hour)), QStringList{QStringLiteral("王芳")});
    QCOMPARE(names(t0.addMSecs(4 * hour), t0.addMSecs(5 * hour)), QStringList()); // between the two
    QCOMPARE(names(t0.addMSecs(3 * hour), t0.addMSecs(6 * hour)),
             (QStringList{QStringLiteral("王芳"), QStringLiteral("李娜")}));
    QCOMPARE(names(t0.addDays(1), t0.addDays(2)), QStringList{QStringLiteral("李娜")}); // still open
    QVERIFY(!m_shifts->between(t0, t0.addMSecs(-1)).ok());
}

void TestShiftLog::shiftsSurviveReopening()
{
    auto started = m_shifts->start(QStringLiteral("王芳"), QStringLiteral("T1"));
    QVERIFY(started.ok());
    open();
    auto open = m_shifts->open(QStringLiteral("T1"));
    QVERIFY(open.ok() && open->has_value());
    QCOMPARE((*open)->id, started->id);
    QCOMPARE((*open)->startedAt, started->startedAt);
}

QTEST_GUILESS_MAIN(TestShiftLog)
#include "TestShiftLog.moc"
