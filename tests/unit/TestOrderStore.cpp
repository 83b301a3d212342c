#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::store;

Q_DECLARE_METATYPE(OrderState)

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

// Setup steps that must work for the test to mean anything.
template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

// Reads one PRAGMA or query straight from the file, bypassing the store.
QStringList rawColumn(const QString& path, const QString& sql)
{
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("raw open failed");
        QSqlQuery query(db);
        if (!query.exec(sql))
            qFatal("raw query failed: %s", qPrintable(sql));
        while (query.next())
            values << query.value(0).toString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return values;
}

} // namespace

class TestOrderStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void createAndFind();
    void createRefusesDuplicate();
    void createRejectsBadInput_data();
    void createRejectsBadInput();
    void subjectLengthCountsCharacters();
    void textKeepsLeadingByteOrderMark();
    void transitionEveryPair_data();
    void transitionEveryPair();
    void transitionRecordsDetails();
    void transitionKeepsTradeNo();
    void transitionRefundAmounts();
    void transitionOfMissingOrder();
    void eventsInOrder();
    void unresolvedIsExactlyNonFinal();
    void listByChinaBusinessDay();
    void listByStateTerminalAndLimit();
    void outTradeNoFormat();
    void outTradeNoPersistsAcrossReopen();
    void outTradeNoRejectsBadInput_data();
    void outTradeNoRejectsBadInput();
    void outTradeNoSkipsTakenNumbers();
    void outTradeNoLongestTerminal();
    void noSecretsStored();
    void ordersSurviveReopen();
    void defaultPath();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("orders.sqlite")); }
    NewOrder newOrder(const QString& outTradeNo, qint64 fen = 10000) const;
    Order createOrder(const QString& outTradeNo, qint64 fen = 10000);
    void bringTo(const QString& outTradeNo, OrderState state);
    Order reread(const QString& outTradeNo) const;
    void reopen();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
};

NewOrder TestOrderStore::newOrder(const QString& outTradeNo, qint64 fen) const
{
    NewOrder order;
    order.outTradeNo = outTradeNo;
    order.appId = QStringLiteral("2021000122671234");
    order.totalAmount = Money::fromFen(fen);
    order.subject = QStringLiteral("咖啡 Coffee");
    order.mode = Order::PayMode::Qr;
    order.terminalId = QStringLiteral("T01");
    order.cashierId = QStringLiteral("alice");
    order.expiresAt = m_clock->now().addSecs(120);
    return order;
}

Order TestOrderStore::createOrder(const QString& outTradeNo, qint64 fen)
{
    return must(m_store->create(newOrder(outTradeNo, fen)), "create");
}

// Takes an order from Created to `state` along allowed moves.
void TestOrderStore::bringTo(const QString& outTradeNo, OrderState state)
{
    QList<std::pair<OrderState, TransitionDetails>> path;
    TransitionDetails none;
    TransitionDetails partial;
    partial.refundedAmount = Money::fromFen(100);
    switch (state) {
    case OrderState::Created:
        break;
    case OrderState::PartiallyRefunded:
        path = {{OrderState::Paid, none}, {OrderState::PartiallyRefunded, partial}};
        break;
    case OrderState::Refunded:
        path = {{OrderState::Paid, none}, {OrderState::Refunded, none}};
        break;
    default:
        path = {{state, none}};
        break;
    }
    for (const auto& [to, details] : path) {
        m_clock->advanceMs(500);
        must(m_store->transition(outTradeNo, to, EventSource::Cashier, details), "bringTo");
    }
}

Order TestOrderStore::reread(const QString& outTradeNo) const
{
    auto found = must(m_store->find(outTradeNo), "find");
    if (!found)
        qFatal("order %s is gone", qPrintable(outTradeNo));
    return *found;
}

void TestOrderStore::reopen()
{
    m_store.reset();
    m_store = must(OrderStore::open(dbPath(), *m_clock), "reopen");
}

void TestOrderStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(utc(2026, 11, 26, 2, 0));
    auto opened = OrderStore::open(dbPath(), *m_clock);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    m_store = std::move(opened).value();
}

void TestOrderStore::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

void TestOrderStore::createAndFind()
{
    const QString no = must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number");
    const NewOrder wanted = newOrder(no, 1234);
    const auto created = m_store->create(wanted);
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
    QVERIFY(created->id > 0);

    const Order order = reread(no);
    QCOMPARE(order.id, created->id);
    QCOMPARE(order.outTradeNo, no);
    QCOMPARE(order.appId, QStringLiteral("2021000122671234"));
    QCOMPARE(order.totalAmount, Money::fromFen(1234));
    QCOMPARE(order.refundedAmount, Money());
    QCOMPARE(order.subject, QStringLiteral("咖啡 Coffee"));
    QCOMPARE(order.mode, Order::PayMode::Qr);
    QCOMPARE(order.state, OrderState::Created);
    QCOMPARE(order.terminalId, QStringLiteral("T01"));
    QCOMPARE(order.cashierId, QStringLiteral("alice"));
    QVERIFY(order.tradeNo.isEmpty());
    QVERIFY(order.qrCode.isEmpty());
    QVERIFY(order.reason.isEmpty());
    QCOMPARE(order.createdAt, m_clock->now());
    QCOMPARE(order.createdAt.timeSpec(), Qt::UTC);
    QCOMPARE(order.updatedAt, m_clock->now());
    QVERIFY(!order.paidAt.isValid());
    QCOMPARE(order.expiresAt, utc(2026, 11, 26, 2, 2));

    const auto events = must(m_store->events(no), "events");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].outTradeNo, no);
    QCOMPARE(events[0].from, OrderState::Created);
    QCOMPARE(events[0].to, OrderState::Created);
    QCOMPARE(events[0].source, EventSource::Cashier);
    QCOMPARE(events[0].note, QStringLiteral("created"));
    QCOMPARE(events[0].at, m_clock->now());

    NewOrder barcode = newOrder(QStringLiteral("T01-20261126-000099"));
    barcode.mode = Order::PayMode::Barcode;
    barcode.expiresAt = QDateTime();
    must(m_store->create(barcode), "create barcode");
    QCOMPARE(reread(barcode.outTradeNo).mode, Order::PayMode::Barcode);
    QVERIFY(!reread(barcode.outTradeNo).expiresAt.isValid());

    const auto missing = m_store->find(QStringLiteral("T01-20261126-000404"));
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
}

void TestOrderStore::createRefusesDuplicate()
{
    const Order first = createOrder(QStringLiteral("T01-20261126-000001"), 1000);
    m_clock->advanceMs(60'000);
    NewOrder again = newOrder(QStringLiteral("T01-20261126-000001"), 9999);
    again.subject = QStringLiteral("other");
    const auto duplicate = m_store->create(again);
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().category(), Error::Category::Storage);
    QVERIFY(duplicate.error().message().contains(QStringLiteral("T01-20261126-000001")));

    const Order kept = reread(first.outTradeNo);
    QCOMPARE(kept.totalAmount, Money::fromFen(1000));
    QCOMPARE(kept.subject, first.subject);
    QCOMPARE(kept.createdAt, first.createdAt);
    QCOMPARE(must(m_store->events(first.outTradeNo), "events").size(), 1);
}

void TestOrderStore::createRejectsBadInput_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("fen");
    QTest::newRow("empty out_trade_no") << "out_trade_no"
                                        << "" << qint64(100);
    QTest::newRow("space in out_trade_no") << "out_trade_no"
                                           << "T01 1" << qint64(100);
    QTest::newRow("slash in out_trade_no") << "out_trade_no"
                                           << "T01/1" << qint64(100);
    QTest::newRow("65 chars out_trade_no") << "out_trade_no" << QString(65, u'A') << qint64(100);
    QTest::newRow("non-ASCII out_trade_no") << "out_trade_no"
                                            << "订单1" << qint64(100);
    QTest::newRow("zero amount") << "amount"
                                 << "" << qint64(0);
    QTest::newRow("negative amount") << "amount"
                                     << "" << qint64(-100);
    QTest::newRow("over Alipay's limit") << "amount"
                                         << "" << Money::kMaxChargeFen + 1;
    QTest::newRow("empty subject") << "subject"
                                   << "" << qint64(100);
    QTest::newRow("blank subject") << "subject"
                                   << "   " << qint64(100);
    QTest::newRow("subject with newline") << "subject"
                                          << "tea\nDROP" << qint64(100);
    QTest::newRow("subject too long") << "subject" << QString(257, u'x') << qint64(100);
    QTest::newRow("subject of 257 emoji") << "subject" << QStringLiteral("\U0001F600").repeated(257) << qint64(100);
    QTest::newRow("empty app_id") << "app_id"
                                  << "" << qint64(100);
    QTest::newRow("empty terminal") << "terminal"
                                    << "" << qint64(100);
    QTest::newRow("dash in terminal") << "terminal"
                                      << "T-01" << qint64(100);
    QTest::newRow("control in cashier") << "cashier"
                                        << "al\x01ice" << qint64(100);
}

void TestOrderStore::createRejectsBadInput()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(qint64, fen);
    NewOrder order = newOrder(QStringLiteral("T01-20261126-000001"), field == QStringLiteral("amount") ? fen : 100);
    if (field == QStringLiteral("out_trade_no"))
        order.outTradeNo = text;
    else if (field == QStringLiteral("subject"))
        order.subject = text;
    else if (field == QStringLiteral("app_id"))
        order.appId = text;
    else if (field == QStringLiteral("terminal"))
        order.terminalId = text;
    else if (field == QStringLiteral("cashier"))
        order.cashierId = text;
    const auto created = m_store->create(order);
    QVERIFY(!created.ok());
    QCOMPARE(created.error().category(), Error::Category::Input);
    QVERIFY(!created.error().message().isEmpty());
    QVERIFY(must(m_store->list(), "list").isEmpty());
}

// The order book takes what Alipay takes: 256 characters, an emoji being one (two UTF-16 units).
void TestOrderStore::subjectLengthCountsCharacters()
{
    NewOrder order = newOrder(QStringLiteral("T01-20261126-000001"));
    order.subject = QStringLiteral("\U0001F600").repeated(256);
    const auto created = m_store->create(order);
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().toString()));
    QCOMPARE(reread(order.outTradeNo).subject, order.subject);
}

// SQLite drops a leading U+FEFF from text bound by Qt; the book keeps what it was given.
void TestOrderStore::textKeepsLeadingByteOrderMark()
{
    const QString bom = QString(QChar(0xFEFF));
    NewOrder order = newOrder(QStringLiteral("T01-20261126-000001"));
    order.subject = bom + QStringLiteral("咖啡");
    order.cashierId = bom + bom;
    must(m_store->create(order), "create");
    QCOMPARE(reread(order.outTradeNo).subject, order.subject);
    QCOMPARE(reread(order.outTradeNo).cashierId, order.cashierId);
}

void TestOrderStore::transitionEveryPair_data()
{
    QTest::addColumn<OrderState>("from");
    QTest::addColumn<OrderState>("to");
    for (OrderState from : kAllOrderStates) {
        for (OrderState to : kAllOrderStates)
            QTest::addRow("%s -> %s", qPrintable(orderStateName(from)), qPrintable(orderStateName(to))) << from << to;
    }
}

void TestOrderStore::transitionEveryPair()
{
    QFETCH(OrderState, from);
    QFETCH(OrderState, to);
    const QString no = QStringLiteral("T01-20261126-000001");
    createOrder(no);
    bringTo(no, from);
    const Order before = reread(no);
    QCOMPARE(before.state, from);
    const auto eventsBefore = must(m_store->events(no), "events");

    m_clock->advanceMs(1000);
    TransitionDetails details;
    details.code = QStringLiteral("40004");
    details.subCode = QStringLiteral("ACQ.SOMETHING");
    details.note = QStringLiteral("move under test");
    if (to == OrderState::PartiallyRefunded)
        details.refundedAmount = Money::fromFen(200);
    const auto moved = m_store->transition(no, to, EventSource::Query, details);
    const auto eventsAfter = must(m_store->events(no), "events");
    const Order after = reread(no);

    if (canMove(from, to)) {
        QVERIFY2(moved.ok(), qPrintable(moved.ok() ? QString() : moved.error().toString()));
        QCOMPARE(moved->state, to);
        QCOMPARE(after.state, to);
        QCOMPARE(after.updatedAt, m_clock->now());
        QCOMPARE(eventsAfter.size(), eventsBefore.size() + 1);
        QCOMPARE(eventsAfter.mid(0, eventsBefore.size()).size(), eventsBefore.size());
        const OrderEvent& event = eventsAfter.last();
        QCOMPARE(event.outTradeNo, no);
        QCOMPARE(event.from, from);
        QCOMPARE(event.to, to);
        QCOMPARE(event.source, EventSource::Query);
        QCOMPARE(event.code, QStringLiteral("40004"));
        QCOMPARE(event.subCode, QStringLiteral("ACQ.SOMETHING"));
        QCOMPARE(event.note, QStringLiteral("move under test"));
        QCOMPARE(event.at, m_clock->now());
        QVERIFY(event.id > eventsBefore.last().id);
    } else {
        QVERIFY(!moved.ok());
        QCOMPARE(moved.error().category(), Error::Category::Storage);
        QVERIFY(OrderStore::isIllegalTransition(moved.error()));
        QVERIFY2(moved.error().message().contains(
                     QStringLiteral("cannot move from %1 to %2").arg(orderStateName(from), orderStateName(to))),
                 qPrintable(moved.error().message()));
        QVERIFY(moved.error().message().contains(no));
        QCOMPARE(after.state, before.state);
        QCOMPARE(after.updatedAt, before.updatedAt);
        QCOMPARE(after.refundedAmount, before.refundedAmount);
        QCOMPARE(eventsAfter.size(), eventsBefore.size());
    }
}

void TestOrderStore::transitionRecordsDetails()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    createOrder(no);

    m_clock->advanceMs(300);
    TransitionDetails shown;
    shown.code = QStringLiteral("10000");
    shown.qrCode = QStringLiteral("https://qr.alipay.com/bax03431ljhokirwl38f00a7");
    QVERIFY(m_store->transition(no, OrderState::AwaitingScan, EventSource::Cashier, shown).ok());
    QCOMPARE(reread(no).qrCode, *shown.qrCode);

    m_clock->advanceMs(5000);
    TransitionDetails lost;
    lost.code = QStringLiteral("20000");
    lost.subCode = QStringLiteral("ACQ.SYSTEM_ERROR");
    lost.reason = QStringLiteral("no answer to the query after 3 tries");
    QVERIFY(m_store->transition(no, OrderState::Unknown, EventSource::Query, lost).ok());
    Order order = reread(no);
    QCOMPARE(order.reason, lost.reason);
    QCOMPARE(order.qrCode, *shown.qrCode); // unset details leave values alone
    // Without a note the event carries the reason, so the history keeps it after the order moves on.
    QCOMPARE(must(m_store->events(no), "events").last().note, lost.reason);

    m_clock->advanceMs(5000);
    TransitionDetails paid;
    paid.code = QStringLiteral("10000");
    paid.tradeNo = QStringLiteral("2026112622001404561234567890");
    paid.buyerLogonId = QStringLiteral("159****5620");
    paid.buyerUserId = QStringLiteral("2088102146225135");
    paid.note = QStringLiteral("TRADE_SUCCESS");
    const auto moved = m_store->transition(no, OrderState::Paid, EventSource::Recovery, paid);
    QVERIFY(moved.ok());
    order = reread(no);
    QCOMPARE(order.state, OrderState::Paid);
    QCOMPARE(order.tradeNo, *paid.tradeNo);
    QCOMPARE(order.buyerLogonId, QStringLiteral("159****5620"));
    QCOMPARE(order.buyerUserIdMasked, QStringLiteral("2088****5135"));
    QCOMPARE(moved->buyerUserIdMasked, QStringLiteral("2088****5135"));
    QCOMPARE(order.paidAt, m_clock->now()); // no gmt_payment given: when we learned it
    QVERIFY(order.reason.isEmpty());        // the reason described the Unknown state
    QCOMPARE(must(m_store->events(no), "events").last().note, QStringLiteral("TRADE_SUCCESS"));

    // A paid time from Alipay is kept as given (as UTC).
    const QString other = QStringLiteral("T01-20261126-000002");
    createOrder(other);
    TransitionDetails withTime;
    withTime.paidAt = QDateTime(QDate(2026, 11, 26), QTime(10, 0, 5), Qt::OffsetFromUTC, 8 * 3600);
    QVERIFY(m_store->transition(other, OrderState::Paid, EventSource::Notify, withTime).ok());
    QCOMPARE(reread(other).paidAt, utc(2026, 11, 26, 2, 0, 5));
}

void TestOrderStore::transitionKeepsTradeNo()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    createOrder(no);
    TransitionDetails waiting;
    waiting.tradeNo = QStringLiteral("2026112622001404560000000001");
    QVERIFY(m_store->transition(no, OrderState::AwaitingPayment, EventSource::Query, waiting).ok());
    TransitionDetails other;
    other.tradeNo = QStringLiteral("2026112622001404560000000002");
    const auto refused = m_store->transition(no, OrderState::Paid, EventSource::Query, other);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Storage);
    QVERIFY(!OrderStore::isIllegalTransition(refused.error()));
    QCOMPARE(reread(no).state, OrderState::AwaitingPayment);
    QCOMPARE(reread(no).tradeNo, *waiting.tradeNo);
    QCOMPARE(must(m_store->events(no), "events").size(), 2);
    // The same trade number again is fine.
    QVERIFY(m_store->transition(no, OrderState::Paid, EventSource::Query, waiting).ok());
}

void TestOrderStore::transitionRefundAmounts()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    createOrder(no, 1000);
    bringTo(no, OrderState::Paid);
    const auto expectInput = [&](OrderState to, std::optional<Money> amount) {
        TransitionDetails details;
        details.refundedAmount = amount;
        const auto moved = m_store->transition(no, to, EventSource::Manager, details);
        QVERIFY(!moved.ok());
        QCOMPARE(moved.error().category(), Error::Category::Input);
    };
    expectInput(OrderState::PartiallyRefunded, std::nullopt);         // how much?
    expectInput(OrderState::PartiallyRefunded, Money::fromFen(0));    // nothing refunded
    expectInput(OrderState::PartiallyRefunded, Money::fromFen(1000)); // that is all of it
    expectInput(OrderState::PartiallyRefunded, Money::fromFen(1001)); // more than paid
    expectInput(OrderState::Refunded, Money::fromFen(999));           // full means the total
    QCOMPARE(reread(no).state, OrderState::Paid);
    QCOMPARE(must(m_store->events(no), "events").size(), 2);

    TransitionDetails partial;
    partial.refundedAmount = Money::fromFen(300);
    QVERIFY(m_store->transition(no, OrderState::PartiallyRefunded, EventSource::Manager, partial).ok());
    QCOMPARE(reread(no).refundedAmount, Money::fromFen(300));
    expectInput(OrderState::PartiallyRefunded, Money::fromFen(300)); // refunds only add up
    expectInput(OrderState::PartiallyRefunded, Money::fromFen(200));
    QVERIFY(m_store->transition(no, OrderState::Refunded, EventSource::Manager, {}).ok());
    QCOMPARE(reread(no).refundedAmount, Money::fromFen(1000));

    // A refunded amount belongs to refund moves only.
    const QString other = QStringLiteral("T01-20261126-000002");
    createOrder(other, 1000);
    TransitionDetails wrong;
    wrong.refundedAmount = Money::fromFen(10);
    const auto moved = m_store->transition(other, OrderState::Paid, EventSource::Query, wrong);
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().category(), Error::Category::Input);
    QCOMPARE(reread(other).state, OrderState::Created);
}

void TestOrderStore::transitionOfMissingOrder()
{
    const auto moved =
        m_store->transition(QStringLiteral("T01-20261126-000404"), OrderState::Paid, EventSource::Query, {});
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().category(), Error::Category::Storage);
    QVERIFY(!OrderStore::isIllegalTransition(moved.error()));
    QVERIFY(moved.error().message().contains(QStringLiteral("T01-20261126-000404")));
    QVERIFY(must(m_store->list(), "list").isEmpty());
}

void TestOrderStore::eventsInOrder()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    const QString neighbour = QStringLiteral("T01-20261126-000002");
    createOrder(no);
    createOrder(neighbour);
    const QList<OrderState> road{OrderState::AwaitingScan, OrderState::AwaitingPayment,   OrderState::Unknown,
                                 OrderState::Paid,         OrderState::PartiallyRefunded, OrderState::Refunded};
    QList<EventSource> sources{EventSource::Cashier,  EventSource::Notify,  EventSource::Query,
                               EventSource::Recovery, EventSource::Manager, EventSource::Gateway};
    for (qsizetype i = 0; i < road.size(); ++i) {
        m_clock->advanceMs(1000 + i);
        TransitionDetails details;
        details.note = QStringLiteral("step %1").arg(i);
        if (road[i] == OrderState::PartiallyRefunded)
            details.refundedAmount = Money::fromFen(10);
        QVERIFY(m_store->transition(no, road[i], sources[i], details).ok());
        // Another order's events interleave in the table; they must not show up.
        if (i == 0)
            QVERIFY(m_store->transition(neighbour, OrderState::AwaitingScan, EventSource::Cashier, {}).ok());
        if (i == 1)
            QVERIFY(m_store->transition(neighbour, OrderState::Cancelling, EventSource::Cashier, {}).ok());
    }
    const auto events = must(m_store->events(no), "events");
    QCOMPARE(events.size(), road.size() + 1);
    OrderState previous = OrderState::Created;
    for (qsizetype i = 1; i < events.size(); ++i) {
        QCOMPARE(events[i].from, previous);
        QCOMPARE(events[i].to, road[i - 1]);
        QCOMPARE(events[i].source, sources[i - 1]);
        QCOMPARE(events[i].note, QStringLiteral("step %1").arg(i - 1));
        QVERIFY(events[i].at > events[i - 1].at);
        QVERIFY(events[i].id > events[i - 1].id);
        QCOMPARE(events[i].outTradeNo, no);
        previous = events[i].to;
    }
    QCOMPARE(must(m_store->events(neighbour), "events").size(), 3);
    QVERIFY(must(m_store->events(QStringLiteral("T01-20261126-000404")), "events").isEmpty());
}

void TestOrderStore::unresolvedIsExactlyNonFinal()
{
    QStringList expected;
    int n = 0;
    // Created in reverse order of the enum, so "oldest first" is not the same as "by state".
    for (auto it = kAllOrderStates.rbegin(); it != kAllOrderStates.rend(); ++it) {
        const QString no = QStringLiteral("T01-20261126-%1").arg(++n, 6, 10, QChar(u'0'));
        m_clock->advanceMs(60'000);
        createOrder(no);
        bringTo(no, *it);
        if (!isFinal(*it))
            expected << no;
    }
    const auto unresolved = must(m_store->unresolved(), "unresolved");
    QStringList got;
    for (const Order& order : unresolved) {
        got << order.outTradeNo;
        QVERIFY(!isFinal(order.state));
    }
    QCOMPARE(got, expected);
    QCOMPARE(got.size(), 5);

    // Resolving one takes it off the list.
    QVERIFY(m_store->transition(unresolved.first().outTradeNo, OrderState::Paid, EventSource::Recovery, {}).ok());
    QCOMPARE(must(m_store->unresolved(), "unresolved").size(), 4);
}

void TestOrderStore::listByChinaBusinessDay()
{
    const QList<std::pair<QString, QDateTime>> orders{
        {QStringLiteral("A-25-late"), utc(2026, 11, 25, 15, 59, 59, 999)}, // 23:59:59.999 on the 25th in China
        {QStringLiteral("B-26-midnight"), utc(2026, 11, 25, 16, 0)},
        {QStringLiteral("C-26-1630utc"), utc(2026, 11, 25, 16, 30)},
        {QStringLiteral("D-26-utc-noon"), utc(2026, 11, 26, 12, 0)},
        {QStringLiteral("E-26-last"), utc(2026, 11, 26, 15, 59, 59, 999)},
        {QStringLiteral("F-27-midnight"), utc(2026, 11, 26, 16, 0)},
    };
    for (const auto& [no, at] : orders) {
        m_clock->set(at);
        createOrder(no);
    }
    const auto namesOf = [](const QList<Order>& list) {
        QStringList names;
        for (const Order& order : list)
            names << order.outTradeNo;
        return names;
    };
    OrderFilter day26;
    day26.businessDay = QDate(2026, 11, 26);
    QCOMPARE(namesOf(must(m_store->list(day26), "list")),
             QStringList({QStringLiteral("B-26-midnight"), QStringLiteral("C-26-1630utc"),
                          QStringLiteral("D-26-utc-noon"), QStringLiteral("E-26-last")}));
    OrderFilter day25;
    day25.businessDay = QDate(2026, 11, 25);
    QCOMPARE(namesOf(must(m_store->list(day25), "list")), QStringList{QStringLiteral("A-25-late")});
    OrderFilter day27;
    day27.businessDay = QDate(2026, 11, 27);
    QCOMPARE(namesOf(must(m_store->list(day27), "list")), QStringList{QStringLiteral("F-27-midnight")});
    for (const Order& order : must(m_store->list(day26), "list"))
        QCOMPARE(alipay::ChinaTime::dayOf(order.createdAt), QDate(2026, 11, 26));
    QCOMPARE(must(m_store->list(), "list").size(), orders.size());
}

void TestOrderStore::listByStateTerminalAndLimit()
{
    for (int i = 1; i <= 6; ++i) {
        m_clock->advanceMs(1000);
        NewOrder order = newOrder(QStringLiteral("O%1").arg(i));
        order.terminalId = i % 2 ? QStringLiteral("T01") : QStringLiteral("T02");
        must(m_store->create(order), "create");
        if (i <= 3)
            bringTo(order.outTradeNo, OrderState::Paid);
    }
    const auto namesOf = [](const QList<Order>& list) {
        QStringList names;
        for (const Order& order : list)
            names << order.outTradeNo;
        return names;
    };
    OrderFilter paid;
    paid.state = OrderState::Paid;
    QCOMPARE(namesOf(must(m_store->list(paid), "list")),
             QStringList({QStringLiteral("O1"), QStringLiteral("O2"), QStringLiteral("O3")}));
    OrderFilter t02;
    t02.terminalId = QStringLiteral("T02");
    QCOMPARE(namesOf(must(m_store->list(t02), "list")),
             QStringList({QStringLiteral("O2"), QStringLiteral("O4"), QStringLiteral("O6")}));
    OrderFilter both = paid;
    both.terminalId = QStringLiteral("T01");
    both.businessDay = QDate(2026, 11, 26);
    QCOMPARE(namesOf(must(m_store->list(both), "list")), QStringList({QStringLiteral("O1"), QStringLiteral("O3")}));
    OrderFilter newest;
    newest.limit = 2;
    newest.newestFirst = true;
    QCOMPARE(namesOf(must(m_store->list(newest), "list")), QStringList({QStringLiteral("O6"), QStringLiteral("O5")}));
    OrderFilter oldest;
    oldest.limit = 2;
    QCOMPARE(namesOf(must(m_store->list(oldest), "list")), QStringList({QStringLiteral("O1"), QStringLiteral("O2")}));
    OrderFilter created;
    created.state = OrderState::Created;
    created.terminalId = QStringLiteral("T01");
    QCOMPARE(namesOf(must(m_store->list(created), "list")), QStringList{QStringLiteral("O5")});
    OrderFilter otherDay;
    otherDay.businessDay = QDate(2026, 11, 27);
    QVERIFY(must(m_store->list(otherDay), "list").isEmpty());
    OrderFilter negative;
    negative.limit = -1;
    QCOMPARE(m_store->list(negative).error().category(), Error::Category::Input);
}

void TestOrderStore::outTradeNoFormat()
{
    const QRegularExpression shape(QStringLiteral("^T01-20261126-\\d{6}$"));
    for (int i = 1; i <= 12; ++i) {
        const QString no = must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number");
        QCOMPARE(no, QStringLiteral("T01-20261126-%1").arg(i, 6, 10, QChar(u'0')));
        QVERIFY(shape.match(no).hasMatch());
    }
    // Each terminal and each day counts on its own.
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T02"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T02-20261126-000001"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 27)), "number"),
             QStringLiteral("T01-20261127-000001"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000013"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("t01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("t01-20261126-000001"));
}

void TestOrderStore::outTradeNoPersistsAcrossReopen()
{
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000001"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000002"));
    reopen();
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000003"));
    reopen();
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000004"));
    QCOMPARE(rawColumn(dbPath(), QStringLiteral("SELECT last_number FROM out_trade_no_sequences")),
             QStringList{QStringLiteral("4")});
}

void TestOrderStore::outTradeNoRejectsBadInput_data()
{
    QTest::addColumn<QString>("terminal");
    QTest::addColumn<QDate>("day");
    QTest::newRow("empty terminal") << "" << QDate(2026, 11, 26);
    QTest::newRow("dash") << "T-01" << QDate(2026, 11, 26);
    QTest::newRow("space") << "T 01" << QDate(2026, 11, 26);
    QTest::newRow("non-ASCII") << "收银台1" << QDate(2026, 11, 26);
    QTest::newRow("quote") << "T'01" << QDate(2026, 11, 26);
    QTest::newRow("49 chars") << QString(49, u'T') << QDate(2026, 11, 26);
    QTest::newRow("invalid day") << "T01" << QDate();
    QTest::newRow("five-digit year") << "T01" << QDate(10000, 1, 1);
}

void TestOrderStore::outTradeNoRejectsBadInput()
{
    QFETCH(QString, terminal);
    QFETCH(QDate, day);
    const auto number = m_store->nextOutTradeNo(terminal, day);
    QVERIFY(!number.ok());
    QCOMPARE(number.error().category(), Error::Category::Input);
    QVERIFY(rawColumn(dbPath(), QStringLiteral("SELECT last_number FROM out_trade_no_sequences")).isEmpty());
}

void TestOrderStore::outTradeNoSkipsTakenNumbers()
{
    createOrder(QStringLiteral("T01-20261126-000001"));
    createOrder(QStringLiteral("T01-20261126-000002"));
    createOrder(QStringLiteral("T01-20261126-000004"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000003"));
    QCOMPARE(must(m_store->nextOutTradeNo(QStringLiteral("T01"), QDate(2026, 11, 26)), "number"),
             QStringLiteral("T01-20261126-000005"));
}

void TestOrderStore::outTradeNoLongestTerminal()
{
    const QString terminal = QStringLiteral("Ab_9").repeated(8);
    QCOMPARE(terminal.size(), 32); // Alipay's terminal_id holds at most 32
    const QString no = must(m_store->nextOutTradeNo(terminal, QDate(2026, 11, 26)), "number");
    QCOMPARE(no.size(), 48);
    QVERIFY(!m_store->nextOutTradeNo(terminal + u'x', QDate(2026, 11, 26)).ok());
    QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{1,64}$")).match(no).hasMatch());
    NewOrder order = newOrder(no);
    order.terminalId = terminal;
    QVERIFY(m_store->create(order).ok());
}

void TestOrderStore::noSecretsStored()
{
    const QString userId = QStringLiteral("2088102146225135");
    const QString phone = QStringLiteral("15901825620");
    const QString no = QStringLiteral("T01-20261126-000001");
    NewOrder barcode = newOrder(no);
    barcode.mode = Order::PayMode::Barcode;
    must(m_store->create(barcode), "create");
    TransitionDetails paid;
    paid.buyerUserId = userId;
    paid.buyerLogonId = phone; // as if a gateway forgot to mask it
    QVERIFY(m_store->transition(no, OrderState::Paid, EventSource::Cashier, paid).ok());

    const Order order = reread(no);
    QCOMPARE(order.buyerUserIdMasked, QStringLiteral("2088****5135"));
    QCOMPARE(order.buyerLogonId, QStringLiteral("159****5620"));

    // No table has a place for a payment code.
    for (const QString& table : {QStringLiteral("orders"), QStringLiteral("order_events"), QStringLiteral("refunds")}) {
        const QStringList columns =
            rawColumn(dbPath(), QStringLiteral("SELECT name FROM pragma_table_info('%1')").arg(table));
        QVERIFY(!columns.isEmpty());
        for (const QString& column : columns)
            QVERIFY2(!column.contains(QStringLiteral("auth_code")), qPrintable(column));
    }
    // Neither the file nor its write-ahead log holds the full values, in any encoding.
    m_store.reset();
    QByteArray bytes;
    for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
        QFile file(dbPath() + suffix);
        if (file.open(QIODevice::ReadOnly))
            bytes += file.readAll();
    }
    QVERIFY(bytes.contains("2088****5135"));
    for (const QString& secret : {userId, phone}) {
        QVERIFY(!bytes.contains(secret.toUtf8()));
        const QByteArray utf16(reinterpret_cast<const char*>(secret.utf16()), secret.size() * 2);
        QVERIFY(!bytes.contains(utf16));
    }
}

void TestOrderStore::ordersSurviveReopen()
{
    const QString no = QStringLiteral("T01-20261126-000001");
    createOrder(no, 4321);
    TransitionDetails paid;
    paid.tradeNo = QStringLiteral("2026112622001404561234567890");
    QVERIFY(m_store->transition(no, OrderState::Paid, EventSource::Query, paid).ok());
    const Order before = reread(no);
    reopen();
    const Order after = reread(no);
    QCOMPARE(after.id, before.id);
    QCOMPARE(after.state, OrderState::Paid);
    QCOMPARE(after.totalAmount, Money::fromFen(4321));
    QCOMPARE(after.tradeNo, before.tradeNo);
    QCOMPARE(after.paidAt, before.paidAt);
    QCOMPARE(after.createdAt, before.createdAt);
    QCOMPARE(must(m_store->events(no), "events").size(), 2);
    QCOMPARE(rawColumn(dbPath(), QStringLiteral("PRAGMA journal_mode")), QStringList{QStringLiteral("wal")});
    QCOMPARE(rawColumn(dbPath(), QStringLiteral("PRAGMA user_version")),
             QStringList{QString::number(OrderStore::kSchemaVersion)});
}

void TestOrderStore::defaultPath()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CounterPayTest"));
    QCoreApplication::setApplicationName(QStringLiteral("store-test"));
    const QString path = OrderStore::defaultPath();
    QCOMPARE(path,
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/orders.sqlite"));
    QVERIFY(path.contains(QStringLiteral("store-test")));
}

QTEST_GUILESS_MAIN(TestOrderStore)
#include "TestOrderStore.moc"
