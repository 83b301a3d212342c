// Who may drive an order (DESIGN.md §5): one lease per order, taken atomically, renewed by its
// holder, taken over only when it is no longer live; and the notifications the book has handled.
#include "store/OrderStore.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::store;

class TestOrderStoreLeases : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createdOrderIsLeasedToItsCreator();
    void liveLeaseIsNotTakenOver();
    void expiredLeaseIsTakenOver();
    void leaseOfAProcessGoneFromThisHostIsTakenOverAtOnce();
    void renewKeepsTheLeaseLive();
    void transitionRefusedWhileAnotherHoldsIt();
    void releaseOnlyByItsHolder();
    void notificationsAreRecordedOnce();
    void noteRecordsAnEventThatMovesNothing();
    void pagingAndRanges();

private:
    QString newOrder(const LeaseOwner& owner = {}, const QString& appId = QStringLiteral("9021000000000001"));
    static qint64 deadPid();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
    LeaseOwner m_me = LeaseOwner::forThisProcess();
};

void TestOrderStoreLeases::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    auto opened = OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    m_store = std::move(*opened);
}

void TestOrderStoreLeases::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

QString TestOrderStoreLeases::newOrder(const LeaseOwner& owner, const QString& appId)
{
    auto number = m_store->nextOutTradeNo(QStringLiteral("T1"), QDate(2026, 11, 26));
    if (!number)
        return {};
    auto created = m_store->create({*number,
                                    appId,
                                    Money::fromFen(100),
                                    QStringLiteral("s"),
                                    Order::PayMode::Qr,
                                    QStringLiteral("T1"),
                                    {},
                                    m_clock->now().addSecs(300),
                                    owner});
    return created ? created->outTradeNo : QString();
}

qint64 TestOrderStoreLeases::deadPid()
{
    // A process that ran and ended: its pid belongs to no one now.
    QProcess process;
    process.start(QStringLiteral("true"));
    process.waitForFinished();
    return process.processId() > 0 ? process.processId() : 0x7ffffff0;
}

void TestOrderStoreLeases::createdOrderIsLeasedToItsCreator()
{
    const QString no = newOrder(m_me);
    auto lease = m_store->lease(no);
    QVERIFY(lease.ok() && lease->has_value());
    QCOMPARE(lease->value().owner, m_me);
    QCOMPARE(lease->value().expiresAt, m_clock->now().addMSecs(OrderStore::kLeaseTtlMs));
    QVERIFY(lease->value().isLive(m_clock->now()));
    QVERIFY(!m_store->lease(newOrder())->has_value());
}

void TestOrderStoreLeases::liveLeaseIsNotTakenOver()
{
    const QString no = newOrder(m_me);
    const LeaseOwner other = LeaseOwner::forThisProcess(); // another till of this (running) process
    auto claimed = m_store->claimLease(no, other);
    QVERIFY(claimed.ok());
    QCOMPARE(claimed->owner, m_me); // refused: the holder is returned
    QCOMPARE(m_store->lease(no)->value().owner, m_me);
    // The holder itself may claim it again (and so renew it).
    m_clock->advanceMs(5000);
    QCOMPARE(m_store->claimLease(no, m_me)->owner, m_me);
    QCOMPARE(m_store->lease(no)->value().heartbeat, m_clock->now());
}

void TestOrderStoreLeases::expiredLeaseIsTakenOver()
{
    LeaseOwner elsewhere = LeaseOwner::forThisProcess();
    elsewhere.host = QStringLiteral("till-2.shop.lan"); // its process cannot be checked from here
    const QString no = newOrder(elsewhere);
    m_clock->advanceMs(OrderStore::kLeaseTtlMs - 1);
    QCOMPARE(m_store->claimLease(no, m_me)->owner, elsewhere);
    m_clock->advanceMs(1);
    QCOMPARE(m_store->claimLease(no, m_me)->owner, m_me);
    QCOMPARE(m_store->lease(no)->value().owner, m_me);
}

void TestOrderStoreLeases::leaseOfAProcessGoneFromThisHostIsTakenOverAtOnce()
{
    LeaseOwner crashed = LeaseOwner::forThisProcess();
    crashed.pid = deadPid();
    QVERIFY(!processRuns(crashed.pid));
    QVERIFY(processRuns(QCoreApplication::applicationPid()));
    const QString no = newOrder(crashed);
    QCOMPARE(m_store->claimLease(no, m_me)->owner, m_me); // no need to wait 30 s after a crash
}

void TestOrderStoreLeases::renewKeepsTheLeaseLive()
{
    LeaseOwner elsewhere = LeaseOwner::forThisProcess();
    elsewhere.host = QStringLiteral("till-2.shop.lan");
    const QString a = newOrder(elsewhere);
    const QString b = newOrder(elsewhere);
    const QString mine = newOrder(m_me);
    for (int i = 0; i < 10; ++i) {
        m_clock->advanceMs(10'000);
        QCOMPARE(*m_store->renewLeases(elsewhere), 2);
    }
    QCOMPARE(m_store->claimLease(a, m_me)->owner, elsewhere);
    QCOMPARE(m_store->claimLease(b, m_me)->owner, elsewhere);
    QCOMPARE(m_store->lease(mine)->value().heartbeat, QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
}

void TestOrderStoreLeases::transitionRefusedWhileAnotherHoldsIt()
{
    const LeaseOwner other = LeaseOwner::forThisProcess();
    const QString no = newOrder(other);
    auto refused = m_store->transition(no, OrderState::AwaitingScan, EventSource::Gateway, {}, m_me);
    QVERIFY(!refused.ok());
    QVERIFY(OrderStore::isConflict(refused.error()));
    QVERIFY(refused.error().message().contains(other.host));
    QCOMPARE(m_store->find(no)->value().state, OrderState::Created);
    QVERIFY(m_store->transition(no, OrderState::AwaitingScan, EventSource::Gateway, {}, other).ok());
    // Once it has lapsed, the lease no longer stops anyone (another host's, after 30 s).
    LeaseOwner elsewhere = other;
    elsewhere.host = QStringLiteral("till-2.shop.lan");
    QVERIFY(m_store->releaseLease(no, other).ok());
    QCOMPARE(m_store->claimLease(no, elsewhere)->owner, elsewhere);
    m_clock->advanceMs(OrderStore::kLeaseTtlMs);
    QVERIFY(m_store->transition(no, OrderState::Cancelling, EventSource::Recovery, {}, m_me).ok());
}

void TestOrderStoreLeases::releaseOnlyByItsHolder()
{
    const LeaseOwner other = LeaseOwner::forThisProcess();
    const QString no = newOrder(other);
    QVERIFY(m_store->releaseLease(no, m_me).ok());
    QCOMPARE(m_store->lease(no)->value().owner, other);
    QVERIFY(m_store->releaseLease(no, other).ok());
    QVERIFY(!m_store->lease(no)->has_value());
    QCOMPARE(m_store->claimLease(no, m_me)->owner, m_me);
}

void TestOrderStoreLeases::notificationsAreRecordedOnce()
{
    const QString no = newOrder();
    const QString id = QStringLiteral("2026112600222120005000000001");
    QCOMPARE(*m_store->hasNotification(id), false);
    QCOMPARE(*m_store->recordNotification(id, no, QStringLiteral("TRADE_SUCCESS"), QStringLiteral("applied")), true);
    QCOMPARE(*m_store->hasNotification(id), true);
    QCOMPARE(*m_store->recordNotification(id, no, QStringLiteral("TRADE_SUCCESS"), QStringLiteral("applied")), false);
    QCOMPARE(m_store->events(no)->size(), 1); // no note: no event
    QVERIFY(!m_store->recordNotification({}, no, QStringLiteral("TRADE_SUCCESS"), QStringLiteral("x")).ok());
    QVERIFY(!m_store
                 ->recordNotification(QStringLiteral("n2"), QStringLiteral("T1-20261126-999999"),
                                      QStringLiteral("TRADE_SUCCESS"), QStringLiteral("x"))
                 .ok());
}

void TestOrderStoreLeases::noteRecordsAnEventThatMovesNothing()
{
    const QString no = newOrder();
    QVERIFY(m_store->note(no, EventSource::Notify, QStringLiteral("paid while cancelling")).ok());
    QVERIFY(m_store
                ->recordNotification(QStringLiteral("n1"), no, QStringLiteral("TRADE_SUCCESS"),
                                     QStringLiteral("information"), QStringLiteral("a late notification"))
                .ok());
    const auto events = *m_store->events(no);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[1].from, OrderState::Created);
    QCOMPARE(events[1].to, OrderState::Created);
    QCOMPARE(events[1].source, EventSource::Notify);
    QCOMPARE(events[1].note, QStringLiteral("paid while cancelling"));
    QCOMPARE(events[2].note, QStringLiteral("a late notification"));
    QCOMPARE(m_store->find(no)->value().state, OrderState::Created);
}

void TestOrderStoreLeases::pagingAndRanges()
{
    QStringList numbers;
    for (int i = 0; i < 25; ++i) {
        numbers << newOrder({}, i % 5 == 0 ? QStringLiteral("9021000000000002") : QStringLiteral("9021000000000001"));
        m_clock->advanceMs(60'000);
    }
    OrderFilter page;
    page.newestFirst = true;
    page.limit = 10;
    page.offset = 20;
    const auto last = *m_store->list(page);
    QCOMPARE(last.size(), 5);
    QCOMPARE(last.first().outTradeNo, numbers[4]);
    QCOMPARE(last.last().outTradeNo, numbers[0]);
    page.offset = 0;
    QCOMPARE(m_store->list(page)->first().outTradeNo, numbers[24]);
    QCOMPARE(*m_store->count(page), 25); // the count ignores limit and offset

    OrderFilter range;
    range.from = QDateTime(QDate(2026, 11, 26), QTime(4, 5), QTimeZone::utc());
    range.until = QDateTime(QDate(2026, 11, 26), QTime(4, 15), QTimeZone::utc());
    const auto inRange = *m_store->list(range);
    QCOMPARE(inRange.size(), 10);
    QCOMPARE(inRange.first().outTradeNo, numbers[5]);
    QCOMPARE(*m_store->count(range), 10);
    range.appId = QStringLiteral("9021000000000002");
    QCOMPARE(*m_store->count(range), 2);

    OrderFilter bad;
    bad.offset = -1;
    QVERIFY(!m_store->list(bad).ok());
}

QTEST_GUILESS_MAIN(TestOrderStoreLeases)
#include "TestOrderStoreLeases.moc"
