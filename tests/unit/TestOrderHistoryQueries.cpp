// The history screen's queries: OrderStore::list and count with every filter, the number lookup, the
// sort keys both ways, stable paging, and query plans that use the book's indexes.
#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::store;

Q_DECLARE_METATYPE(OrderFilter::SortKey)

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

QStringList numbersOf(const QList<Order>& orders)
{
    QStringList numbers;
    for (const Order& order : orders)
        numbers << order.outTradeNo;
    return numbers;
}

// One order of the test book and where its life ends.
struct Row
{
    QString no;
    qint64 fen;
    Order::PayMode mode;
    QString cashier;
    OrderState state;
    QString tradeNo; // set when the order reached Alipay
};

} // namespace

class TestOrderHistoryQueries : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void eachFilterNarrows();
    void filtersCombine();
    void numberFindsBothNumbers();
    void numberIgnoresEmptyTradeNumbers();
    void statesIsAnyOf();
    void pagesAreDisjoint();
    void sortKeys_data();
    void sortKeys();
    void tiesBrokenById();
    void firstPageUsesIndex();
    void numberLookupUsesIndexes();
    void dayFilterUsesIndex();
    void stateFilterPlans();

private:
    void addBook();
    void bringTo(const Row& row);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
    QList<Row> m_rows;
};

void TestOrderHistoryQueries::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(utc(2026, 11, 26, 2, 0));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
    addBook();
}

void TestOrderHistoryQueries::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
    m_rows.clear();
}

void TestOrderHistoryQueries::bringTo(const Row& row)
{
    TransitionDetails paid;
    if (!row.tradeNo.isEmpty())
        paid.tradeNo = row.tradeNo;
    const auto move = [&](OrderState to, const TransitionDetails& details) {
        m_clock->advanceMs(10);
        must(m_store->transition(row.no, to, EventSource::Query, details), "transition");
    };
    switch (row.state) {
    case OrderState::Created:
        break;
    case OrderState::Paid:
        move(OrderState::Paid, paid);
        break;
    case OrderState::Refunded:
        move(OrderState::Paid, paid);
        move(OrderState::Refunded, {});
        break;
    default:
        move(row.state, {});
        break;
    }
}

// Eight orders a minute apart; amounts, modes, cashiers and states chosen so that every filter and
// sort key gives an order of its own.
void TestOrderHistoryQueries::addBook()
{
    using M = Order::PayMode;
    m_rows = {
        {QStringLiteral("T1-20261126-000001"), 1230, M::Qr, QStringLiteral("alice"), OrderState::Paid,
         QStringLiteral("2026112622001400000000000001")},
        {QStringLiteral("T1-20261126-000002"), 500, M::Barcode, QStringLiteral("bob"), OrderState::Paid,
         QStringLiteral("2026112622001400000000000002")},
        {QStringLiteral("T1-20261126-000003"), 9900, M::Qr, QStringLiteral("alice"), OrderState::Closed, {}},
        {QStringLiteral("T1-20261126-000004"), 100, M::Barcode, QStringLiteral("bob"), OrderState::Failed, {}},
        {QStringLiteral("T1-20261126-000005"), 2500, M::Qr, QStringLiteral("carol"), OrderState::Refunded,
         QStringLiteral("2026112622001400000000000005")},
        {QStringLiteral("T1-20261126-000006"), 700, M::Qr, QStringLiteral("alice"), OrderState::Created, {}},
        {QStringLiteral("T1-20261126-000007"), 3000, M::Barcode, QStringLiteral("carol"), OrderState::Unknown, {}},
        {QStringLiteral("T1-20261126-000008"), 1800, M::Qr, QStringLiteral("bob"), OrderState::Paid,
         QStringLiteral("2026112622001400000000000008")},
    };
    for (const Row& row : std::as_const(m_rows)) {
        m_clock->advanceMs(60'000);
        NewOrder order;
        order.outTradeNo = row.no;
        order.appId = QStringLiteral("2021000122671234");
        order.totalAmount = Money::fromFen(row.fen);
        order.subject = QStringLiteral("Coffee");
        order.mode = row.mode;
        order.terminalId = QStringLiteral("T1");
        order.cashierId = row.cashier;
        must(m_store->create(order), "create");
        bringTo(row);
    }
}

void TestOrderHistoryQueries::eachFilterNarrows()
{
    const auto check = [&](const OrderFilter& filter, const QStringList& expected) {
        QCOMPARE(numbersOf(must(m_store->list(filter), "list")), expected);
        QCOMPARE(must(m_store->count(filter), "count"), qint64(expected.size()));
    };
    const auto numbers = [&](std::initializer_list<int> which) {
        QStringList list;
        for (int n : which)
            list << m_rows.at(n - 1).no;
        return list;
    };
    QCOMPARE(must(m_store->count({}), "count"), qint64(m_rows.size()));

    OrderFilter barcode;
    barcode.mode = Order::PayMode::Barcode;
    check(barcode, numbers({2, 4, 7}));
    OrderFilter qr;
    qr.mode = Order::PayMode::Qr;
    check(qr, numbers({1, 3, 5, 6, 8}));

    OrderFilter bob;
    bob.cashierId = QStringLiteral("bob");
    check(bob, numbers({2, 4, 8}));
    OrderFilter nobody;
    nobody.cashierId = QStringLiteral("dave");
    check(nobody, {});

    // Bounds are inclusive: 5.00 and 25.00 are in.
    OrderFilter range;
    range.minAmount = Money::fromFen(500);
    range.maxAmount = Money::fromFen(2500);
    check(range, numbers({1, 2, 5, 6, 8}));
    OrderFilter atLeast;
    atLeast.minAmount = Money::fromFen(3000);
    check(atLeast, numbers({3, 7}));
    OrderFilter atMost;
    atMost.maxAmount = Money::fromFen(500);
    check(atMost, numbers({2, 4}));
}

void TestOrderHistoryQueries::filtersCombine()
{
    OrderFilter filter;
    filter.mode = Order::PayMode::Qr;
    filter.cashierId = QStringLiteral("alice");
    filter.minAmount = Money::fromFen(1000);
    QCOMPARE(numbersOf(must(m_store->list(filter), "list")), QStringList({m_rows[0].no, m_rows[2].no}));
    filter.states = {OrderState::Paid};
    QCOMPARE(numbersOf(must(m_store->list(filter), "list")), QStringList{m_rows[0].no});
    filter.state = OrderState::Closed; // and `state` too: nothing is both paid and closed
    QCOMPARE(must(m_store->count(filter), "count"), qint64(0));
}

void TestOrderHistoryQueries::numberFindsBothNumbers()
{
    OrderFilter byOurs;
    byOurs.number = m_rows[4].no;
    QCOMPARE(numbersOf(must(m_store->list(byOurs), "list")), QStringList{m_rows[4].no});
    OrderFilter byAlipays;
    byAlipays.number = QStringLiteral(" 2026112622001400000000000008 "); // as pasted, with spaces
    QCOMPARE(numbersOf(must(m_store->list(byAlipays), "list")), QStringList{m_rows[7].no});
    QCOMPARE(must(m_store->count(byAlipays), "count"), qint64(1));
    // Exact, not a prefix or a part.
    OrderFilter partial;
    partial.number = QStringLiteral("T1-20261126-00000");
    QCOMPARE(must(m_store->count(partial), "count"), qint64(0));
    // With other conditions that exclude it, the number finds nothing.
    OrderFilter wrongCashier = byAlipays;
    wrongCashier.cashierId = QStringLiteral("alice");
    QCOMPARE(must(m_store->count(wrongCashier), "count"), qint64(0));
}

void TestOrderHistoryQueries::numberIgnoresEmptyTradeNumbers()
{
    // Orders without a trade_no store ''; a blank search box must not select them all as "matches".
    OrderFilter blank;
    blank.number = QStringLiteral("   ");
    QCOMPARE(must(m_store->count(blank), "count"), qint64(m_rows.size()));
}

void TestOrderHistoryQueries::statesIsAnyOf()
{
    OrderFilter notPaid;
    notPaid.states = {OrderState::Closed, OrderState::Failed, OrderState::Unknown};
    QCOMPARE(numbersOf(must(m_store->list(notPaid), "list")), QStringList({m_rows[2].no, m_rows[3].no, m_rows[6].no}));
    OrderFilter money;
    money.states = {OrderState::Paid, OrderState::Refunded};
    QCOMPARE(must(m_store->count(money), "count"), qint64(4));
}

void TestOrderHistoryQueries::pagesAreDisjoint()
{
    // Three orders share one created_at, so only the id keeps the pages apart.
    m_clock->advanceMs(60'000);
    for (int i = 0; i < 3; ++i) {
        NewOrder order;
        order.outTradeNo = QStringLiteral("SAME-%1").arg(i);
        order.appId = QStringLiteral("2021000122671234");
        order.totalAmount = Money::fromFen(100);
        order.subject = QStringLiteral("Tea");
        order.terminalId = QStringLiteral("T1");
        must(m_store->create(order), "create");
    }
    const qint64 total = must(m_store->count({}), "count");
    QCOMPARE(total, qint64(m_rows.size() + 3));
    for (bool newestFirst : {true, false}) {
        QStringList seen;
        OrderFilter page;
        page.newestFirst = newestFirst;
        page.limit = 3;
        for (page.offset = 0; page.offset < total; page.offset += page.limit) {
            const QStringList numbers = numbersOf(must(m_store->list(page), "list"));
            QVERIFY(!numbers.isEmpty());
            for (const QString& no : numbers)
                QVERIFY2(!seen.contains(no), qPrintable(no + QStringLiteral(" on two pages")));
            seen << numbers;
        }
        QCOMPARE(seen.size(), total);
        OrderFilter all;
        all.newestFirst = newestFirst;
        QCOMPARE(seen, numbersOf(must(m_store->list(all), "list")));
    }
}

void TestOrderHistoryQueries::sortKeys_data()
{
    QTest::addColumn<OrderFilter::SortKey>("key");
    QTest::addColumn<QList<int>>("ascending"); // by row number, 1-based
    QTest::newRow("created_at") << OrderFilter::SortKey::CreatedAt << QList<int>{1, 2, 3, 4, 5, 6, 7, 8};
    QTest::newRow("amount") << OrderFilter::SortKey::Amount << QList<int>{4, 2, 6, 1, 8, 5, 7, 3};
    // created, paid, closed, failed, unknown, refunded: OrderState's order. Ties by id.
    QTest::newRow("state") << OrderFilter::SortKey::State << QList<int>{6, 1, 2, 8, 3, 4, 7, 5};
    QTest::newRow("out_trade_no") << OrderFilter::SortKey::OutTradeNo << QList<int>{1, 2, 3, 4, 5, 6, 7, 8};
}

void TestOrderHistoryQueries::sortKeys()
{
    QFETCH(OrderFilter::SortKey, key);
    QFETCH(QList<int>, ascending);
    QStringList expected;
    for (int n : ascending)
        expected << m_rows.at(n - 1).no;
    OrderFilter filter;
    filter.sortBy = key;
    QCOMPARE(numbersOf(must(m_store->list(filter), "list")), expected);
    filter.newestFirst = true;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(numbersOf(must(m_store->list(filter), "list")), expected);
}

void TestOrderHistoryQueries::tiesBrokenById()
{
    // Paid: rows 1, 2 and 8 tie on the state; descending takes the ids descending too.
    OrderFilter filter;
    filter.sortBy = OrderFilter::SortKey::State;
    filter.newestFirst = true;
    filter.states = {OrderState::Paid};
    QCOMPARE(numbersOf(must(m_store->list(filter), "list")), QStringList({m_rows[7].no, m_rows[1].no, m_rows[0].no}));
}

void TestOrderHistoryQueries::firstPageUsesIndex()
{
    OrderFilter firstPage;
    firstPage.newestFirst = true;
    firstPage.limit = 50;
    const QString plan = must(m_store->listPlan(firstPage), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("USING INDEX orders_created")), qPrintable(plan));
    QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan)); // no sort of the whole book
}

void TestOrderHistoryQueries::numberLookupUsesIndexes()
{
    OrderFilter lookup;
    lookup.newestFirst = true;
    lookup.limit = 50;
    lookup.number = m_rows[0].no;
    const QString plan = must(m_store->listPlan(lookup), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("sqlite_autoindex_orders_1 (out_trade_no=?)")), qPrintable(plan));
    QVERIFY2(plan.contains(QStringLiteral("orders_trade_no (trade_no=?)")), qPrintable(plan));
    QVERIFY2(plan.contains(QStringLiteral("INTEGER PRIMARY KEY (rowid=?)")), qPrintable(plan));
    QVERIFY2(!plan.contains(QStringLiteral("SCAN o")), qPrintable(plan));
}

void TestOrderHistoryQueries::dayFilterUsesIndex()
{
    OrderFilter day;
    day.businessDay = QDate(2026, 11, 26);
    day.newestFirst = true;
    day.limit = 50;
    const QString plan = must(m_store->listPlan(day), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("USING INDEX orders_created (created_at>? AND created_at<?)")),
             qPrintable(plan));
    QVERIFY2(!plan.contains(QStringLiteral("TEMP B-TREE")), qPrintable(plan));
}

void TestOrderHistoryQueries::stateFilterPlans()
{
    // Paid orders of a day: through the day's range, not through every paid order of the book.
    OrderFilter paidToday;
    paidToday.businessDay = QDate(2026, 11, 26);
    paidToday.states = {OrderState::Paid, OrderState::Refunded};
    paidToday.newestFirst = true;
    paidToday.limit = 50;
    QString plan = must(m_store->listPlan(paidToday), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("orders_created")) && !plan.contains(QStringLiteral("orders_state")),
             qPrintable(plan));
    // The newest closed orders, no day: walking back in time finds 50 soon.
    OrderFilter closed;
    closed.state = OrderState::Closed;
    closed.newestFirst = true;
    closed.limit = 50;
    plan = must(m_store->listPlan(closed), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("orders_created")) && !plan.contains(QStringLiteral("TEMP B-TREE")),
             qPrintable(plan));
    // Unsettled orders are few in a settled book: their index finds them.
    OrderFilter unknown;
    unknown.states = {OrderState::Unknown, OrderState::AwaitingPayment};
    unknown.newestFirst = true;
    unknown.limit = 50;
    plan = must(m_store->listPlan(unknown), "plan").join(u'\n');
    QVERIFY2(plan.contains(QStringLiteral("orders_state")), qPrintable(plan));
    // And the answers are the same whichever way they are read.
    QCOMPARE(numbersOf(must(m_store->list(paidToday), "list")),
             QStringList({m_rows[7].no, m_rows[4].no, m_rows[1].no, m_rows[0].no}));
    QCOMPARE(numbersOf(must(m_store->list(closed), "list")), QStringList{m_rows[2].no});
    QCOMPARE(numbersOf(must(m_store->list(unknown), "list")), QStringList{m_rows[6].no});
}

QTEST_GUILESS_MAIN(TestOrderHistoryQueries)
#include "TestOrderHistoryQueries.moc"
