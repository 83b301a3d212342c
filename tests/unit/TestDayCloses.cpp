// Closing business days, and finding the last day left open before today.
#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "report/DayCloses.h"
#include "store/OrderStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::report;
using namespace counterpay::store;

namespace {

QDateTime china(QDate day, int h, int mi)
{
    return alipay::ChinaTime::at(day, QTime(h, mi));
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

const QDate kToday(2026, 11, 26);

} // namespace

class TestDayCloses : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void closeAndFind();
    void closeTwiceIsRefused();
    void closeRefusesFutureDayAndNobody();
    void closeSurvivesReopen();
    void lastUnclosedSkipsClosedAndEmptyDays();
    void lastUnclosedIgnoresToday();
    void lastUnclosedNoneWhenAllClosed();
    void lastUnclosedUsesChinaDays();

private:
    void orderAt(const QDateTime& at);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
    std::unique_ptr<DayCloses> m_closes;
    int m_orders = 0;
};

void TestDayCloses::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(china(kToday, 21, 30));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
    m_closes = std::make_unique<DayCloses>(m_store->connection(), *m_clock);
}

void TestDayCloses::cleanup()
{
    m_closes.reset();
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

void TestDayCloses::orderAt(const QDateTime& at)
{
    const QDateTime now = m_clock->now();
    m_clock->set(at);
    NewOrder order;
    order.outTradeNo = QStringLiteral("O%1").arg(++m_orders);
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = Money::fromFen(100);
    order.subject = QStringLiteral("Tea");
    order.terminalId = QStringLiteral("T1");
    must(m_store->create(order), "create");
    m_clock->set(now);
}

void TestDayCloses::closeAndFind()
{
    QVERIFY(!must(m_closes->find(kToday), "find").has_value());
    const DayClose closed =
        must(m_closes->close(kToday, QStringLiteral(" manager "), QStringLiteral("{\"n\":1}")), "close");
    QCOMPARE(closed.closedBy, QStringLiteral("manager"));
    QCOMPARE(closed.closedAt, m_clock->now());
    const auto found = must(m_closes->find(kToday), "find");
    QVERIFY(found.has_value());
    QCOMPARE(found->day, kToday);
    QCOMPARE(found->closedAt, m_clock->now());
    QCOMPARE(found->closedBy, QStringLiteral("manager"));
    QCOMPARE(found->summary, QStringLiteral("{\"n\":1}"));
    QVERIFY(!must(m_closes->find(kToday.addDays(-1)), "find").has_value());
}

void TestDayCloses::closeTwiceIsRefused()
{
    must(m_closes->close(kToday, QStringLiteral("manager"), {}), "close");
    m_clock->advanceMs(60'000);
    auto again = m_closes->close(kToday, QStringLiteral("other"), QStringLiteral("{}"));
    QVERIFY(!again.ok());
    QVERIFY(DayCloses::isAlreadyClosed(again.error()));
    QVERIFY2(again.error().message().contains(QStringLiteral("manager")), qPrintable(again.error().message()));
    QCOMPARE(must(m_closes->find(kToday), "find")->closedBy, QStringLiteral("manager")); // unchanged
}

void TestDayCloses::closeRefusesFutureDayAndNobody()
{
    // 21:30 China time on the 26th is 13:30 UTC: the 27th has not begun in China.
    QCOMPARE(m_closes->close(kToday.addDays(1), QStringLiteral("manager"), {}).error().category(),
             Error::Category::Input);
    QCOMPARE(m_closes->close(kToday, QStringLiteral("  "), {}).error().category(), Error::Category::Input);
    QVERIFY(!must(m_closes->find(kToday), "find").has_value());
}

void TestDayCloses::closeSurvivesReopen()
{
    must(m_closes->close(kToday.addDays(-1), QStringLiteral("manager"), QStringLiteral("{}")), "close");
    m_closes.reset();
    m_store.reset();
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "reopen");
    m_closes = std::make_unique<DayCloses>(m_store->connection(), *m_clock);
    QVERIFY(must(m_closes->find(kToday.addDays(-1)), "find").has_value());
}

void TestDayCloses::lastUnclosedSkipsClosedAndEmptyDays()
{
    // Business on the 20th, 22nd and 24th; the 24th closed, no orders on the 21st, 23rd or 25th.
    orderAt(china(QDate(2026, 11, 20), 10, 0));
    orderAt(china(QDate(2026, 11, 22), 10, 0));
    orderAt(china(QDate(2026, 11, 22), 18, 0));
    orderAt(china(QDate(2026, 11, 24), 10, 0));
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::optional<QDate>(QDate(2026, 11, 24)));
    must(m_closes->close(QDate(2026, 11, 24), QStringLiteral("manager"), {}), "close");
    // A close of a day without orders changes nothing.
    must(m_closes->close(QDate(2026, 11, 23), QStringLiteral("manager"), {}), "close");
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::optional<QDate>(QDate(2026, 11, 22)));
    must(m_closes->close(QDate(2026, 11, 22), QStringLiteral("manager"), {}), "close");
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::optional<QDate>(QDate(2026, 11, 20)));
    // Seen from the 22nd, the 20th is the one.
    QCOMPARE(must(m_closes->lastUnclosedBefore(QDate(2026, 11, 22)), "last"),
             std::optional<QDate>(QDate(2026, 11, 20)));
}

void TestDayCloses::lastUnclosedIgnoresToday()
{
    orderAt(china(kToday, 9, 0));
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::nullopt);
}

void TestDayCloses::lastUnclosedNoneWhenAllClosed()
{
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::nullopt); // an empty book
    orderAt(china(QDate(2026, 11, 25), 12, 0));
    must(m_closes->close(QDate(2026, 11, 25), QStringLiteral("manager"), {}), "close");
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::nullopt);
}

void TestDayCloses::lastUnclosedUsesChinaDays()
{
    // 00:30 on the 25th in China is still the 24th in UTC: the day to close is the 25th.
    orderAt(china(QDate(2026, 11, 25), 0, 30));
    QCOMPARE(china(QDate(2026, 11, 25), 0, 30).date(), QDate(2026, 11, 24));
    QCOMPARE(must(m_closes->lastUnclosedBefore(kToday), "last"), std::optional<QDate>(QDate(2026, 11, 25)));
}

QTEST_GUILESS_MAIN(TestDayCloses)
#include "TestDayCloses.moc"
