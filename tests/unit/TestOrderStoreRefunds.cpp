#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>

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
    void requestNumbersTheRefund();
    void requestNumberStaysWithin64();
    void requestRefusedLikeCreate();
    void alipayTotalBelowTheBookRefused();
    void crossingAnswersOfRefundsInFlightTogether();
    void failedAndUnknownWriteTheirNote();

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
    QCOMPARE(events.last().note, QStringLiteral("refund R1 of 30.00, approved by manager-1"));

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

void TestOrderStoreRefunds::requestNumbersTheRefund()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    paidOrder(no, yuan(100));
    const Refund first =
        must(m_store->requestRefund(no, yuan(10), QStringLiteral("manager-1"), QStringLiteral("x")), "requestRefund");
    QCOMPARE(first.outRequestNo, no + QStringLiteral("-R1"));
    QCOMPARE(first.state, Refund::State::Requested);
    QCOMPARE(must(m_store->findRefund(first.outRequestNo), "find")->amount, yuan(10));
    // A failed refund keeps its number; the next one gets a new one.
    QVERIFY(m_store->finishRefund(first.outRequestNo, Refund::State::Failed).ok());
    // A number already taken (here by hand) is skipped.
    refund(no, no + QStringLiteral("-R3"), yuan(10));
    const Refund second = must(m_store->requestRefund(no, yuan(10), QStringLiteral("manager-1"), {}), "requestRefund");
    QCOMPARE(second.outRequestNo, no + QStringLiteral("-R4"));
    const Refund third = must(m_store->requestRefund(no, yuan(10), QStringLiteral("manager-1"), {}), "requestRefund");
    QCOMPARE(third.outRequestNo, no + QStringLiteral("-R5"));
    QCOMPARE(must(m_store->refunds(no), "refunds").size(), 4);
}

void TestOrderStoreRefunds::requestNumberStaysWithin64()
{
    // The longest out_trade_no there is: its start gives way to the suffix.
    const QString no = QString(48, u'T') + QStringLiteral("-20261126-000001");
    QCOMPARE(no.size(), 64);
    paidOrder(no, yuan(100));
    QSet<QString> numbers;
    for (int i = 0; i < 12; ++i) {
        const Refund r = must(m_store->requestRefund(no, yuan(1), QStringLiteral("m"), {}), "requestRefund");
        QVERIFY2(r.outRequestNo.size() <= 64, qPrintable(r.outRequestNo));
        QVERIFY(r.outRequestNo.endsWith(QStringLiteral("-20261126-000001-R%1").arg(i + 1)));
        QVERIFY(r.outRequestNo != no);
        numbers.insert(r.outRequestNo);
    }
    QCOMPARE(numbers.size(), 12);

    // An out_trade_no that already ends like a refund number is never its own refund's number.
    const QString tricky = QString(61, u'A') + QStringLiteral("-R1");
    paidOrder(tricky, yuan(100));
    const Refund r = must(m_store->requestRefund(tricky, yuan(1), QStringLiteral("m"), {}), "requestRefund");
    QVERIFY(r.outRequestNo != tricky);
    QVERIFY(r.outRequestNo.size() <= 64);
}

void TestOrderStoreRefunds::requestRefusedLikeCreate()
{
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    must(m_store->requestRefund(no, yuan(60), QStringLiteral("m"), {}), "requestRefund");
    for (const auto& [outTradeNo, amount, who] :
         {std::tuple{no, yuan(41), QStringLiteral("m")}, std::tuple{no, Money(), QStringLiteral("m")},
          std::tuple{no, yuan(1), QString()}, std::tuple{QStringLiteral("B"), yuan(1), QStringLiteral("m")}}) {
        const auto refused = m_store->requestRefund(outTradeNo, amount, who, {});
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().category(), Error::Category::Input);
    }
    QCOMPARE(must(m_store->refunds(no), "refunds").size(), 1);
}

void TestOrderStoreRefunds::alipayTotalBelowTheBookRefused()
{
    // The book has 30 refunded; Alipay, after a refund of 10, says 20 in all: it does not know of
    // something the book counts. Nothing is changed, and the caller can tell why.
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    refund(no, QStringLiteral("R1"), yuan(30));
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done, yuan(30)).ok());
    refund(no, QStringLiteral("R2"), yuan(10));
    const auto refused = m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(20));
    QVERIFY(!refused.ok());
    QVERIFY(OrderStore::isRefundTotalMismatch(refused.error()));
    QVERIFY(refused.error().message().contains(QStringLiteral("20.00")));
    QCOMPARE(must(m_store->findRefund(QStringLiteral("R2")), "find")->state, Refund::State::Requested);
    QCOMPARE(reread(no).refundedAmount, yuan(30));
    QVERIFY(!OrderStore::isRefundTotalMismatch(Error::storage(QStringLiteral("disk full"))));
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(40)).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(40));
}

void TestOrderStoreRefunds::crossingAnswersOfRefundsInFlightTogether()
{
    // R1 (60) and R2 (40) are sent together. Alipay carries out R1 first, but R2's answer (refund_fee
    // 100, R1 included) arrives first, then R1's (refund_fee 60, or 100 on a resend).
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    refund(no, QStringLiteral("R1"), yuan(60));
    refund(no, QStringLiteral("R2"), yuan(40));
    m_clock->advanceMs(500);
    // More than all of them together, or less than this one alone, cannot be.
    QVERIFY(!m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(30)).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, yuan(100)).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(40)); // its own amount: R1 is not confirmed yet
    QCOMPARE(reread(no).state, OrderState::PartiallyRefunded);
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Done, yuan(60)).ok());
    QCOMPARE(reread(no).refundedAmount, yuan(100));
    QCOMPARE(reread(no).state, OrderState::Refunded);

    // The same with the later answer counting both.
    paidOrder(QStringLiteral("B"), yuan(100));
    refund(QStringLiteral("B"), QStringLiteral("R3"), yuan(60));
    refund(QStringLiteral("B"), QStringLiteral("R4"), yuan(40));
    QVERIFY(m_store->finishRefund(QStringLiteral("R4"), Refund::State::Done, yuan(40)).ok());
    QVERIFY(!m_store->finishRefund(QStringLiteral("R3"), Refund::State::Done, yuan(50)).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R3"), Refund::State::Done, yuan(100)).ok());
    QCOMPARE(reread(QStringLiteral("B")).state, OrderState::Refunded);

    // A refund finished before another was asked for is not "in flight together": its total is exact.
    paidOrder(QStringLiteral("C"), yuan(100));
    refund(QStringLiteral("C"), QStringLiteral("R5"), yuan(60));
    QVERIFY(m_store->finishRefund(QStringLiteral("R5"), Refund::State::Done, yuan(60)).ok());
    refund(QStringLiteral("C"), QStringLiteral("R6"), yuan(10));
    QVERIFY(!m_store->finishRefund(QStringLiteral("R6"), Refund::State::Done, yuan(10)).ok());
    QVERIFY(m_store->finishRefund(QStringLiteral("R6"), Refund::State::Done, yuan(70)).ok());
}

void TestOrderStoreRefunds::failedAndUnknownWriteTheirNote()
{
    const QString no = QStringLiteral("A");
    paidOrder(no, yuan(100));
    const int before = int(must(m_store->events(no), "events").size());
    refund(no, QStringLiteral("R1"), yuan(10));
    RefundDetails refused;
    refused.code = QStringLiteral("40004");
    refused.subCode = QStringLiteral("ACQ.SELLER_BALANCE_NOT_ENOUGH");
    refused.note = QStringLiteral("the balance is too low\nto refund");
    QVERIFY(m_store->finishRefund(QStringLiteral("R1"), Refund::State::Failed, refused).ok());
    auto events = must(m_store->events(no), "events");
    QCOMPARE(int(events.size()), before + 1);
    QCOMPARE(events.last().from, OrderState::Paid);
    QCOMPARE(events.last().to, OrderState::Paid);
    QCOMPARE(events.last().subCode, QStringLiteral("ACQ.SELLER_BALANCE_NOT_ENOUGH"));
    QCOMPARE(events.last().note, QStringLiteral("refund R1 of 10.00 failed: the balance is too low to refund"));
    QCOMPARE(reread(no).state, OrderState::Paid);

    refund(no, QStringLiteral("R2"), yuan(10));
    RefundDetails lost;
    lost.source = EventSource::Recovery;
    lost.note = QStringLiteral("no answer");
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Unknown, lost).ok());
    lost.note = QStringLiteral("still no answer");
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Unknown, lost).ok());
    events = must(m_store->events(no), "events");
    QCOMPARE(int(events.size()), before + 3);
    QCOMPARE(events.last().source, EventSource::Recovery);
    QVERIFY(events.last().note.endsWith(QStringLiteral("unknown: still no answer")));
    // Without a note nothing is written, as before.
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Unknown).ok());
    QCOMPARE(int(must(m_store->events(no), "events").size()), before + 3);

    RefundDetails confirmed;
    confirmed.source = EventSource::Query;
    QVERIFY(m_store->finishRefund(QStringLiteral("R2"), Refund::State::Done, confirmed).ok());
    QCOMPARE(must(m_store->events(no), "events").last().source, EventSource::Query);
    QCOMPARE(must(m_store->events(no), "events").last().to, OrderState::PartiallyRefunded);
}

QTEST_GUILESS_MAIN(TestOrderStoreRefunds)
#include "TestOrderStoreRefunds.moc"
