// A cashier's shift at a terminal: its orders, money taken, and the refunds done during it.
#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "report/ReportFormat.h"
#include "report/ShiftReport.h"
#include "store/OrderStore.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::report;
using namespace counterpay::store;

namespace {

QDateTime china(int h, int mi)
{
    return alipay::ChinaTime::at(QDate(2026, 11, 26), QTime(h, mi));
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

} // namespace

class TestShiftReport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void countsTheCashiersOrdersInTheRange();
    void refundsAreTheTerminalsInTheRange();
    void refundByCancelCounts();
    void emptyShift();
    void refusesBackwardRange();
    void jsonAndText();

private:
    void order(const QString& no, const QDateTime& at, qint64 fen, const QString& cashier, const QString& terminal,
               std::optional<OrderState> to);
    ShiftReport aliceMorning() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
};

void TestShiftReport::order(const QString& no, const QDateTime& at, qint64 fen, const QString& cashier,
                            const QString& terminal, std::optional<OrderState> to)
{
    m_clock->set(at);
    NewOrder order;
    order.outTradeNo = no;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = Money::fromFen(fen);
    order.subject = QStringLiteral("Tea");
    order.terminalId = terminal;
    order.cashierId = cashier;
    must(m_store->create(order), "create");
    if (to) {
        m_clock->advanceMs(5000);
        must(m_store->transition(no, *to, EventSource::Query), "move");
    }
}

// alice works T1 from 08:00 to 12:00, bob takes over T1 until 16:00; carol works T2.
void TestShiftReport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(china(7, 0));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
    const QString alice = QStringLiteral("alice");
    const QString bob = QStringLiteral("bob");
    const QString t1 = QStringLiteral("T1");
    order(QStringLiteral("EARLY"), china(7, 59), 999, alice, t1, OrderState::Paid); // before the shift
    order(QStringLiteral("A1"), china(8, 0), 1000, alice, t1, OrderState::Paid);    // the range's first instant
    order(QStringLiteral("A2"), china(9, 30), 2550, alice, t1, OrderState::Paid);
    order(QStringLiteral("A3"), china(10, 0), 300, alice, t1, OrderState::Closed);
    order(QStringLiteral("A4"), china(10, 30), 400, alice, t1, OrderState::Failed);
    order(QStringLiteral("A5"), china(11, 0), 500, alice, t1, std::nullopt); // still created
    order(QStringLiteral("A6"), china(11, 59), 600, alice, t1, OrderState::Paid);
    order(QStringLiteral("ON-T2"), china(9, 0), 7000, alice, QStringLiteral("T2"), OrderState::Paid);
    order(QStringLiteral("B1"), china(12, 0), 800, bob, t1, OrderState::Paid); // the range's end: bob's
    order(QStringLiteral("C1"), china(9, 0), 900, QStringLiteral("carol"), QStringLiteral("T2"), OrderState::Paid);
    // Refunds: EARLY's (an order before the shift) done during it at T1 counts; B1's after it does not;
    // C1's at T2 does not.
    const auto refund = [&](const QString& no, qint64 fen, const QDateTime& at) {
        m_clock->set(at);
        const Refund asked =
            must(m_store->requestRefund(no, Money::fromFen(fen), QStringLiteral("manager"), QString()), "refund");
        must(m_store->finishRefund(asked.outRequestNo, Refund::State::Done), "finish");
    };
    refund(QStringLiteral("EARLY"), 199, china(10, 15));
    refund(QStringLiteral("B1"), 100, china(12, 30));
    refund(QStringLiteral("C1"), 900, china(11, 0));
}

void TestShiftReport::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

ShiftReport TestShiftReport::aliceMorning() const
{
    return must(ShiftReport::build(m_store->connection(), QStringLiteral("alice"), QStringLiteral("T1"), china(8, 0),
                                   china(12, 0)),
                "shift");
}

void TestShiftReport::countsTheCashiersOrdersInTheRange()
{
    const ShiftReport shift = aliceMorning();
    QCOMPARE(shift.orders, qint64(6)); // A1 to A6
    QCOMPARE(shift.paid, (Tally{3, Money::fromFen(1000 + 2550 + 600)}));
    QCOMPARE(shift.notPaid, qint64(2));
    QCOMPARE(shift.open, qint64(1));
    QCOMPARE(shift.firstOutTradeNo, QStringLiteral("A1"));
    QCOMPARE(shift.firstAt, china(8, 0));
    QCOMPARE(shift.lastOutTradeNo, QStringLiteral("A6"));
    QCOMPARE(shift.lastAt, china(11, 59));
}

void TestShiftReport::refundsAreTheTerminalsInTheRange()
{
    const ShiftReport shift = aliceMorning();
    QCOMPARE(shift.refunds, (Tally{1, Money::fromFen(199)}));
    QCOMPARE(shift.net(), Money::fromFen(4150 - 199));
    const ShiftReport bobs = must(ShiftReport::build(m_store->connection(), QStringLiteral("bob"), QStringLiteral("T1"),
                                                     china(12, 0), china(16, 0)),
                                  "shift");
    QCOMPARE(bobs.paid, (Tally{1, Money::fromFen(800)}));
    QCOMPARE(bobs.refunds, (Tally{1, Money::fromFen(100)}));
}

void TestShiftReport::refundByCancelCounts()
{
    // alice stops a payment at 11:30; the customer had paid and the cancel gives 4.40 back.
    m_clock->set(china(11, 30));
    NewOrder order;
    order.outTradeNo = QStringLiteral("A7");
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = Money::fromFen(440);
    order.subject = QStringLiteral("Tea");
    order.terminalId = QStringLiteral("T1");
    order.cashierId = QStringLiteral("alice");
    QVERIFY(m_store->create(order).ok());
    m_clock->advanceMs(1000);
    QVERIFY(m_store->transition(QStringLiteral("A7"), OrderState::Cancelling, EventSource::Cashier).ok());
    m_clock->advanceMs(1000);
    QVERIFY(m_store->transition(QStringLiteral("A7"), OrderState::Refunded, EventSource::Cancel).ok());
    const ShiftReport shift = aliceMorning();
    QCOMPARE(shift.paid, (Tally{4, Money::fromFen(1000 + 2550 + 600 + 440)}));
    QCOMPARE(shift.refunds, (Tally{2, Money::fromFen(199 + 440)}));
    QCOMPARE(shift.net(), Money::fromFen(4150 - 199));
}

void TestShiftReport::emptyShift()
{
    const ShiftReport shift = must(ShiftReport::build(m_store->connection(), QStringLiteral("dave"),
                                                      QStringLiteral("T1"), china(13, 0), china(14, 0)),
                                   "shift");
    QCOMPARE(shift.orders, qint64(0));
    QVERIFY(shift.firstOutTradeNo.isEmpty());
    QVERIFY(!shift.firstAt.isValid());
    QCOMPARE(shift.net(), Money());
}

void TestShiftReport::refusesBackwardRange()
{
    QCOMPARE(ShiftReport::build(m_store->connection(), QStringLiteral("alice"), QStringLiteral("T1"), china(12, 0),
                                china(8, 0))
                 .error()
                 .category(),
             Error::Category::Input);
}

void TestShiftReport::jsonAndText()
{
    const ShiftReport shift = aliceMorning();
    const QJsonObject json = ReportFormat::toJson(shift);
    QCOMPARE(json.value(QStringLiteral("paid_amount")).toString(), QStringLiteral("41.50"));
    QCOMPARE(json.value(QStringLiteral("refund_amount")).toString(), QStringLiteral("1.99"));
    QCOMPARE(json.value(QStringLiteral("net_amount")).toString(), QStringLiteral("39.51"));
    QCOMPARE(json.value(QStringLiteral("first_at")).toString(), QStringLiteral("2026-11-26 08:00:00"));
    const QString text = ReportFormat::toText(shift).join(u'\n');
    QVERIFY2(text.contains(QStringLiteral("A1")) && text.contains(QStringLiteral("39.51")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestShiftReport)
#include "TestShiftReport.moc"
