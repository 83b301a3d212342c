// What the order book hands the reconciliation for one app and one business day (China time): the
// day's orders and the day before's, an old order refunded that day, every order the bill names
// (another app's too), their refunds, and the terminals that count as the book's own.
#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "reconcile/BookDay.h"
#include "store/OrderStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::store;
using counterpay::reconcile::BookDay;

namespace {

const QDate kDay(2026, 11, 26);
const QString kApp = QStringLiteral("2021000000000001");
const QString kOtherApp = QStringLiteral("2021000000000002");

QDateTime china(int dayOffset, int hour, int minute = 0)
{
    return alipay::ChinaTime::at(kDay.addDays(dayOffset), QTime(hour, minute));
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

QStringList numbers(const QList<Order>& orders)
{
    QStringList list;
    for (const Order& order : orders)
        list.append(order.outTradeNo);
    list.sort();
    return list;
}

} // namespace

class TestBookDay : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void loadsWhatBearsOnTheDay();
    void refundsBetween();

private:
    void paidOrder(const QString& outTradeNo, const QString& appId, const QString& terminal, const QDateTime& at);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
};

void TestBookDay::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(china(0, 9));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
}

void TestBookDay::paidOrder(const QString& outTradeNo, const QString& appId, const QString& terminal,
                            const QDateTime& at)
{
    m_clock->set(at);
    must(m_store->create(NewOrder{outTradeNo,
                                  appId,
                                  Money::fromFen(1000),
                                  QStringLiteral("Tea"),
                                  Order::PayMode::Barcode,
                                  terminal,
                                  QString(),
                                  QDateTime(),
                                  {}}),
         "create");
    TransitionDetails details;
    details.tradeNo = QStringLiteral("T-") + outTradeNo;
    must(m_store->transition(outTradeNo, OrderState::Paid, EventSource::Gateway, details), "pay");
}

void TestBookDay::loadsWhatBearsOnTheDay()
{
    paidOrder(QStringLiteral("T1-20261126-000001"), kApp, QStringLiteral("T1"), china(0, 10));
    paidOrder(QStringLiteral("T2-20261125-000001"), kApp, QStringLiteral("T2"), china(-1, 23, 59));
    paidOrder(QStringLiteral("T1-20261120-000001"), kApp, QStringLiteral("T1"), china(-6, 12));
    paidOrder(QStringLiteral("T1-20261119-000001"), kApp, QStringLiteral("T1"), china(-7, 12));
    paidOrder(QStringLiteral("T3-20261127-000001"), kApp, QStringLiteral("T3"), china(1, 8));
    paidOrder(QStringLiteral("X1-20261126-000001"), kOtherApp, QStringLiteral("X1"), china(0, 11));
    paidOrder(QStringLiteral("X1-20261126-000002"), kOtherApp, QStringLiteral("X1"), china(0, 12));
    // The old order of 11-20 is refunded in part on the day.
    m_clock->set(china(0, 15));
    const Refund refund = must(m_store->requestRefund(QStringLiteral("T1-20261120-000001"), Money::fromFen(300),
                                                      QStringLiteral("manager"), QString()),
                               "refund");
    must(m_store->finishRefund(refund.outRequestNo, Refund::State::Done), "finish");

    const BookDay day =
        must(BookDay::load(*m_store, kApp, kDay, {QStringLiteral("X1-20261126-000001"), QStringLiteral("WEB-1")},
                           {QStringLiteral("T9")}),
             "load");
    QCOMPARE(day.appId, kApp);
    QCOMPARE(day.day, kDay);
    // Not the order of 11-19, the next day's, nor the other app's that the bill does not name.
    QCOMPARE(numbers(day.orders),
             (QStringList{QStringLiteral("T1-20261120-000001"), QStringLiteral("T1-20261126-000001"),
                          QStringLiteral("T2-20261125-000001"), QStringLiteral("X1-20261126-000001")}));
    QCOMPARE(day.refunds.size(), 1);
    QCOMPARE(day.refunds.first().outRequestNo, refund.outRequestNo);
    QCOMPARE(day.refunds.first().amount, Money::fromFen(300));
    // This app's terminals and the configured one; not the other app's.
    QCOMPARE(day.terminals, (QStringList{QStringLiteral("T1"), QStringLiteral("T2"), QStringLiteral("T9")}));
}

void TestBookDay::refundsBetween()
{
    paidOrder(QStringLiteral("T1-20261126-000001"), kApp, QStringLiteral("T1"), china(0, 10));
    paidOrder(QStringLiteral("X1-20261126-000001"), kOtherApp, QStringLiteral("X1"), china(0, 10));
    m_clock->set(china(0, 23, 50));
    const Refund late = must(m_store->requestRefund(QStringLiteral("T1-20261126-000001"), Money::fromFen(100),
                                                    QStringLiteral("manager"), QString()),
                             "refund");
    must(m_store->requestRefund(QStringLiteral("X1-20261126-000001"), Money::fromFen(100), QStringLiteral("manager"),
                                QString()),
         "refund of the other app");
    m_clock->set(china(1, 0, 5));
    must(m_store->finishRefund(late.outRequestNo, Refund::State::Done), "finish");
    const Refund next = must(m_store->requestRefund(QStringLiteral("T1-20261126-000001"), Money::fromFen(200),
                                                    QStringLiteral("manager"), QString()),
                             "refund");

    // Requested on the 26th, finished on the 27th: both days see it; the 27th also sees the next one.
    const auto start = [](int offset) { return alipay::ChinaTime::startOfDay(kDay.addDays(offset)); };
    auto first = must(m_store->refundsBetween(kApp, start(0), start(1)), "26th");
    QCOMPARE(first.size(), 1);
    QCOMPARE(first.first().outRequestNo, late.outRequestNo);
    auto second = must(m_store->refundsBetween(kApp, start(1), start(2)), "27th");
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.last().outRequestNo, next.outRequestNo);
    QVERIFY(must(m_store->refundsBetween(kApp, start(2), start(3)), "28th").isEmpty());
    QCOMPARE(must(m_store->refundsBetween(kOtherApp, start(0), start(1)), "other app").size(), 1);
}

QTEST_GUILESS_MAIN(TestBookDay)
#include "TestBookDay.moc"
