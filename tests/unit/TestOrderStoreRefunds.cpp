#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::store;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

Money yuan(qint64 value)
{
    return Money::fromFen(value * 100);
}

} // namespace

class TestOrderStoreRefunds : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void partialPartialThenFull();
    void pendingRefundsCountFailedDoNot();
    void onlyPaidOrdersRefund_data();
    void onlyPaidOrdersRefund();
    void badRequestsRefused_data();
    void badRequestsRefused();
    void duplicateRequestRefused();
    void finishIsIdempotentAndFinal();
    void alipayRefundedTotal();
    void refundedByCancelCounts();
    void unresolvedRefunds();
    void wholeTotalAtAlipaysLimit();

private:
    Order paidOrder(const QString& outTradeNo, Money total);
    Refund refund(const QString& outTradeNo, const QString& requestNo, Money amount);
    Order reread(const QString& outTradeNo) const;
    void expectRefused(const QString& outTradeNo, const QString& requestNo, Money amount, Error::Category category);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
};

void TestOrderStoreRefunds::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(utc(2026, 11, 26, 2, 0));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
}

void TestOrderStoreRefunds::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

Order TestOrderStoreRefunds::paidOrder(const QString& outTradeNo, Money total)
{
    NewOrder order;
    order.outTradeNo = outTradeNo;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = total;
    order.subject = QStringLiteral("Cake");
    order.terminalId = QStringLiteral("T01");
    must(m_store->create(order), "create");
    m_clock->advanceMs(1000);
    return must(m_store->transition(outTradeNo, OrderState::Paid, EventSource::Query, {}), "pay");
}

Refund TestOrderStoreRefunds::refund(const QString& outTradeNo, const QString& requestNo, Money amount)
{
    m_clock->advanceMs(1000);
    return must(
        m_store->createRefund(outTradeNo, requestNo, amount, QStringLiteral("manager-1"), QStringLiteral("returned")),
        "createRefund");
}

Order TestOrderStoreRefunds::reread(const QString& outTradeNo) const
{
    return *must(m_store->find(outTradeNo), "find");
}

void TestOrderStoreRefunds::expectRefused(const QString& outTradeNo, const QString& requestNo, Money amount,
                                          Error::Category category)
{
    const auto before = must(m_store->refunds(outTradeNo), "refunds");
    const auto created =
        m_store->createRefund(outTradeNo, requestNo, amount, QStringLiteral("manager-1"), QStringLiteral("returned"));
    QVERIFY(!created.ok());
    QCOMPARE(created.error().category(), category);
    QVERIFY(!created.error().message().isEmpty());
    QCOMPARE(must(m_store->refunds(outTradeNo), "refunds").size(), before.size());
}

void TestOrderStoreRefunds::partialPartialThenFull()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    paidOrder(no, yuan(100));

    const Refund first = refund(no, QStringLiteral("R1"), yuan(30));
    QCOMPARE(first.state, Refund::State::Requested);
    QCOMPARE(first.outTradeNo, no);
    QCOMPARE(first.amount, yuan(30));
    QCOMPARE(first.authorisedBy, QStringLiteral("manager-1"));
    QCOMPARE(first.reason, QStringLiteral("returned"));
    QCOMPARE(first.createdAt, m_clock->now());
    QVERIFY(!first.doneAt.isValid());
    QCOMPARE(reread(no).state, OrderState::Paid); // asked, not yet done

    m_clock->advanceMs(2000);
    const auto done = m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done);
    QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().toString()));
    QCOMPARE(done->state, Refund::State::Done);
    QCOMPARE(done->doneAt, m_clock->now());
    QCOMPARE(reread(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(reread(no).refundedAmount, yuan(30));
    const auto events = must(m_store->events(no), "events");
    QCOMPARE(events.last().from, OrderState::Paid);
    QCOMPARE(events.last().to, OrderState::PartiallyRefunded);
    QCOMPARE(events.last().source, EventSource::Gateway);
    QCOMPARE(events.last().at, m_clock->now());
    QVERIFY(events.last().note.contains(QStringLiteral("R1")));

    refund(no, QStringLiteral("R2"), yuan(50));
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done).ok());
    QCOMPARE(reread(no).state, OrderState::PartiallyRefunded);
    QCOMPARE(reread(no).refundedAmount, yuan(80));

    // 80 + 30 would be more than was paid.
    expectRefused(no, QStringLiteral("R3"), yuan(30), Error::Category::Input);
    expectRefused(no, QStringLiteral("R3"), Money::fromFen(2001), Error::Category::Input);

    // A failed refund gives its room back.
    refund(no, QStringLiteral("R4"), yuan(20));
    expectRefused(no, QStringLiteral("R5"), Money::fromFen(1), Error::Category::Input);
    QVERIFY(m_store->finishRefund(QStringLiteral("R4"), Refund::State::Failed).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(80));
    QCOMPARE(reread(no).state, OrderState::PartiallyRefunded);

    refund(no, QStringLiteral("R5"), yuan(20));
    QVERIFY(m_store->finishRefund(QStringLiteral("R5"), Refund::State::Done).ok());
    QCOMPARE(reread(no).state, OrderState::Refunded);
    QCOMPARE(reread(no).refundedAmount, yuan(100));

    // Fully refunded: nothing more, not even a fen.
    expectRefused(no, QStringLiteral("R6"), Money::fromFen(1), Error::Category::Input);

    const auto all = must(m_store->refunds(no), "refunds");
    QCOMPARE(all.size(), 4);
    QStringList requests;
    Money doneTotal;
    for (const Refund& r : all) {
        requests << r.outRequestNo;
        if (r.state == Refund::State::Done)
            doneTotal = *doneTotal.checkedAdd(r.amount);
    }
    QCOMPARE(requests,
             QStringList({QStringLiteral("R1"), QStringLiteral("R2"), QStringLiteral("R4"), QStringLiteral("R5")}));
    QCOMPARE(doneTotal, reread(no).refundedAmount);
    QVERIFY(doneTotal <= reread(no).totalAmount);
    QCOMPARE(must(m_store->events(no), "events").size(), 2 + 3); // created, paid, three refunds done
}

void TestOrderStoreRefunds::pendingRefundsCountFailedDoNot()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    paidOrder(no, yuan(100));
    refund(no, QStringLiteral("R1"), yuan(60));
    // R1 has no answer yet; it may still go through, so its amount is spoken for.
    expectRefused(no, QStringLiteral("R2"), yuan(50), Error::Category::Input);
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Unknown).ok());
    QCOMPARE(must(m_store->findRefund(QStringLiteral("R1")), "find")->state, Refund::State::Unknown);
    QVERIFY(!must(m_store->findRefund(QStringLiteral("R1")), "find")->doneAt.isValid());
    expectRefused(no, QStringLiteral("R2"), yuan(50), Error::Category::Input);
    const Refund exact = refund(no, QStringLiteral("R2"), yuan(40));
    QCOMPARE(exact.amount, yuan(40));
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Failed).ok());
    refund(no, QStringLiteral("R3"), yuan(60));
    expectRefused(no, QStringLiteral("R4"), Money::fromFen(1), Error::Category::Input);
    QCOMPARE(reread(no).state, OrderState::Paid);
}

void TestOrderStoreRefunds::onlyPaidOrdersRefund_data()
{
    QTest::addColumn<int>("state");
    for (OrderState state : kAllOrderStates) {
        if (state != OrderState::Paid && state != OrderState::PartiallyRefunded)
            QTest::addRow("%s", qPrintable(orderStateName(state))) << int(state);
    }
}

void TestOrderStoreRefunds::onlyPaidOrdersRefund()
{
    QFETCH(int, state);
    const auto target = OrderState(state);
    const QString no = QStringLiteral("T01-20261126-000001");
    NewOrder order;
    order.outTradeNo = no;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = yuan(100);
    order.subject = QStringLiteral("Cake");
    order.terminalId = QStringLiteral("T01");
    must(m_store->create(order), "create");
    if (target == OrderState::Refunded)
        must(m_store->transition(no, OrderState::Paid, EventSource::Query, {}), "pay");
    if (target != OrderState::Created)
        must(m_store->transition(no, target, EventSource::Query, {}), "move");
    QCOMPARE(reread(no).state, target);
    expectRefused(no, QStringLiteral("R1"), yuan(1), Error::Category::Input);
}

void TestOrderStoreRefunds::badRequestsRefused_data()
{
    QTest::addColumn<QString>("outTradeNo");
    QTest::addColumn<QString>("requestNo");
    QTest::addColumn<qint64>("fen");
    QTest::addColumn<QString>("authorisedBy");
    const QString no = QStringLiteral("T01-20261126-000001");
    QTest::newRow("zero") << no << "R1" << qint64(0) << "manager-1";
    QTest::newRow("negative") << no << "R1" << qint64(-100) << "manager-1";
    QTest::newRow("beyond any qint64 sum") << no << "R1" << std::numeric_limits<qint64>::max() << "manager-1";
    QTest::newRow("empty request no") << no << "" << qint64(100) << "manager-1";
    QTest::newRow("request no with space") << no << "R 1" << qint64(100) << "manager-1";
    QTest::newRow("request no too long") << no << QString(65, u'R') << qint64(100) << "manager-1";
    QTest::newRow("nobody authorised it") << no << "R1" << qint64(100) << "";
    QTest::newRow("blank authoriser") << no << "R1" << qint64(100) << "  ";
    QTest::newRow("no such order") << "T01-20261126-000404"
                                   << "R1" << qint64(100) << "manager-1";
}

void TestOrderStoreRefunds::badRequestsRefused()
{
    QFETCH(QString, outTradeNo);
    QFETCH(QString, requestNo);
    QFETCH(qint64, fen);
    QFETCH(QString, authorisedBy);
    paidOrder(QStringLiteral("T01-20261126-000001"), yuan(100));
    const auto created =
        m_store->createRefund(outTradeNo, requestNo, Money::fromFen(fen), authorisedBy, QStringLiteral("why"));
    QVERIFY(!created.ok());
    QCOMPARE(created.error().category(), Error::Category::Input);
    QVERIFY(must(m_store->refunds(QStringLiteral("T01-20261126-000001")), "refunds").isEmpty());
}

void TestOrderStoreRefunds::duplicateRequestRefused()
{
    paidOrder(QStringLiteral("A"), yuan(100));
    paidOrder(QStringLiteral("B"), yuan(100));
    refund(QStringLiteral("A"), QStringLiteral("R1"), yuan(10));
    expectRefused(QStringLiteral("A"), QStringLiteral("R1"), yuan(10), Error::Category::Storage);
    // out_request_no is unique across orders too.
    expectRefused(QStringLiteral("B"), QStringLiteral("R1"), yuan(10), Error::Category::Storage);
    QCOMPARE(must(m_store->findRefund(QStringLiteral("R1")), "find")->outTradeNo, QStringLiteral("A"));
}

void TestOrderStoreRefunds::finishIsIdempotentAndFinal()
{
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    refund(no, QStringLiteral("R1"), yuan(10));
    QCOMPARE(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Requested).error().category(),
             Error::Category::Input);
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done).ok());
    const int events = int(must(m_store->events(no), "events").size());
    m_clock->advanceMs(5000);
    const auto again = m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done);
    QVERIFY(again.ok());
    QCOMPARE(again->doneAt, m_clock->now().addMSecs(-5000));
    QCOMPARE(reread(no).refundedAmount, yuan(10)); // counted once
    QCOMPARE(int(must(m_store->events(no), "events").size()), events);

    const auto flip = m_store->finishRefund(QStringLiteral("R1"), Refund::State::Failed);
    QVERIFY(!flip.ok());
    QCOMPARE(flip.error().category(), Error::Category::Storage);
    QCOMPARE(must(m_store->findRefund(QStringLiteral("R1")), "find")->state, Refund::State::Done);

    refund(no, QStringLiteral("R2"), yuan(10));
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Failed).ok());
    QVERIFY(!m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(10));

    const auto missing = m_store->finishRefund(QStringLiteral("R404"), Refund::State::Done);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().category(), Error::Category::Storage);
    QVERIFY(!must(m_store->findRefund(QStringLiteral("R404")), "find").has_value());
}

void TestOrderStoreRefunds::alipayRefundedTotal()
{
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    refund(no, QStringLiteral("R1"), yuan(10));
    // refund_fee is everything refunded so far; one that cannot be right changes nothing.
    for (const Money wrong : {yuan(0), yuan(101)}) {
        const auto finished = m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done, wrong);
        QVERIFY(!finished.ok());
        QCOMPARE(finished.error().category(), Error::Category::Storage);
        QCOMPARE(must(m_store->findRefund(QStringLiteral("R1")), "find")->state, Refund::State::Requested);
        QCOMPARE(reread(no).state, OrderState::Paid);
    }
    QCOMPARE(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Failed, yuan(10)).error().category(),
             Error::Category::Input);
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done, yuan(10)).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(10));
    refund(no, QStringLiteral("R2"), yuan(90));
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(100)).ok());
    QCOMPARE(reread(no).state, OrderState::Refunded);
}

void TestOrderStoreRefunds::refundedByCancelCounts()
{
    // A cancel that found the trade paid refunds it in full: no refund row, but nothing is left.
    const QString no = QStringLiteral("A");
    NewOrder order;
    order.outTradeNo = no;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = yuan(100);
    order.subject = QStringLiteral("Cake");
    order.terminalId = QStringLiteral("T01");
    must(m_store->create(order), "create");
    must(m_store->transition(no, OrderState::Cancelling, EventSource::Cashier, {}), "cancel");
    TransitionDetails refunded;
    refunded.note = QStringLiteral("action=refund");
    must(m_store->transition(no, OrderState::Refunded, EventSource::Cancel, refunded), "refunded");
    QCOMPARE(reread(no).refundedAmount, yuan(100));
    expectRefused(no, QStringLiteral("R1"), yuan(1), Error::Category::Input);

    // Refunds Alipay reported beyond our own rows (refund_fee) count too.
    paidOrder(QStringLiteral("B"), yuan(100));
    refund(QStringLiteral("B"), QStringLiteral("R2"), yuan(10));
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(70)).ok());
    expectRefused(QStringLiteral("B"), QStringLiteral("R3"), yuan(31), Error::Category::Input);
    QVERIFY(m_store->createRefund(QStringLiteral("B"), QStringLiteral("R3"), yuan(30), QStringLiteral("m"), {}).ok());
}

void TestOrderStoreRefunds::unresolvedRefunds()
{
    paidOrder(QStringLiteral("A"), yuan(100));
    refund(QStringLiteral("A"), QStringLiteral("R1"), yuan(10));
    refund(QStringLiteral("A"), QStringLiteral("R2"), yuan(10));
    refund(QStringLiteral("A"), QStringLiteral("R3"), yuan(10));
    refund(QStringLiteral("A"), QStringLiteral("R4"), yuan(10));
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Unknown).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R3"), Refund::State::Failed).ok());
    QStringList open;
    for (const Refund& r : must(m_store->unresolvedRefunds(), "unresolved"))
        open << r.outRequestNo;
    QCOMPARE(open, QStringList({QStringLiteral("R2"), QStringLiteral("R4")}));
}

void TestOrderStoreRefunds::wholeTotalAtAlipaysLimit()
{
    const QString no = QStringLiteral("A");
    paidOrder(no, Money::fromFen(Money::kMaxChargeFen));
    refund(no, QStringLiteral("R1"), Money::fromFen(Money::kMaxChargeFen - 1));
    expectRefused(no, QStringLiteral("R2"), Money::fromFen(2), Error::Category::Input);
    refund(no, QStringLiteral("R2"), Money::fromFen(1));
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done).ok());
    QCOMPARE(reread(no).state, OrderState::Refunded);
    QCOMPARE(reread(no).refundedAmount, Money::fromFen(Money::kMaxChargeFen));
}

QTEST_GUILESS_MAIN(TestOrderStoreRefunds)
#include "TestOrderStoreRefunds.moc"
