// The day report: a book built through OrderStore on a hand-set clock, across China's midnight.
#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "reconcile/CsvReader.h"
#include "report/DayReporter.h"
#include "report/ReportFormat.h"
#include "store/OrderStore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::report;
using namespace counterpay::store;

namespace {

const QString kApp = QStringLiteral("2021000122671234");
const QString kOtherApp = QStringLiteral("2021000199999999");

// China time, as the shop's clock on the wall shows it.
QDateTime china(int day, int h, int mi, int s = 0)
{
    return alipay::ChinaTime::at(QDate(2026, 11, day), QTime(h, mi, s));
}

template <typename T>
T must(Result<T> result, const char* what)
{
    if (!result.ok())
        qFatal("%s failed: %s", what, qPrintable(result.error().toString()));
    return std::move(result).value();
}

} // namespace

class TestDayReport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void ordersFallOnChinaDays();
    void paidAfterMidnightCountsNextDay();
    void refundCountsOnTheDayItIsDone();
    void perModeTotalsAndNet();
    void hourlyBuckets();
    void statesAndEdges();
    void appIdNarrows();
    void refundByCancelCounts();
    void emptyDay();
    void csvHasBomAndParsesBack();
    void csvQuotesFields();
    void jsonAmountsAreStrings();
    void textSaysTheTotals();

private:
    void order(const QString& no, const QDateTime& at, qint64 fen, Order::PayMode mode, const QString& app = kApp);
    void pay(const QString& no, const QDateTime& at);
    void move(const QString& no, OrderState to, const QDateTime& at);
    void refund(const QString& no, qint64 fen, const QDateTime& requested, const QDateTime& done);
    DayReport reportOf(int day, const QString& app = kApp) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<OrderStore> m_store;
};

void TestDayReport::order(const QString& no, const QDateTime& at, qint64 fen, Order::PayMode mode, const QString& app)
{
    m_clock->set(at);
    NewOrder order;
    order.outTradeNo = no;
    order.appId = app;
    order.totalAmount = Money::fromFen(fen);
    order.subject = QStringLiteral("Coffee");
    order.mode = mode;
    order.terminalId = QStringLiteral("T1");
    order.cashierId = QStringLiteral("alice");
    must(m_store->create(order), "create");
}

void TestDayReport::pay(const QString& no, const QDateTime& at)
{
    m_clock->set(at);
    TransitionDetails details;
    details.tradeNo = QStringLiteral("2026") + no;
    must(m_store->transition(no, OrderState::Paid, EventSource::Query, details), "pay");
}

void TestDayReport::move(const QString& no, OrderState to, const QDateTime& at)
{
    m_clock->set(at);
    must(m_store->transition(no, to, EventSource::Query), "move");
}

void TestDayReport::refund(const QString& no, qint64 fen, const QDateTime& requested, const QDateTime& done)
{
    m_clock->set(requested);
    const Refund asked =
        must(m_store->requestRefund(no, Money::fromFen(fen), QStringLiteral("manager"), QStringLiteral("returned")),
             "refund");
    m_clock->set(done);
    must(m_store->finishRefund(asked.outRequestNo, Refund::State::Done), "finish refund");
}

DayReport TestDayReport::reportOf(int day, const QString& app) const
{
    return must(DayReporter::build(m_store->connection(), QDate(2026, 11, day), app), "report");
}

// The book (China time):
//   A  25th 23:59:00  QR       10.00  paid 23:59:30; 4.00 refunded on the 26th at 14:00
//   B  25th 23:59:50  barcode  20.00  paid 26th 00:00:10
//   C  26th 00:01     QR       12.30  paid 00:01:30; 2.00 refund asked 23:50, done on the 27th 00:10
//   D  26th 09:15     barcode   5.00  paid 09:15:20
//   E  26th 10:00     QR        8.00  closed
//   F  26th 11:00     barcode   3.00  failed
//   G  26th 12:00     QR        7.00  still awaiting the scan
//   H  26th 13:00     QR      100.00  paid, for another app id
void TestDayReport::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_clock = std::make_unique<ManualClock>(china(25, 8, 0));
    m_store = must(OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock), "open");
    using M = Order::PayMode;
    order(QStringLiteral("A"), china(25, 23, 59), 1000, M::Qr);
    pay(QStringLiteral("A"), china(25, 23, 59, 30));
    order(QStringLiteral("B"), china(25, 23, 59, 50), 2000, M::Barcode);
    pay(QStringLiteral("B"), china(26, 0, 0, 10));
    order(QStringLiteral("C"), china(26, 0, 1), 1230, M::Qr);
    pay(QStringLiteral("C"), china(26, 0, 1, 30));
    order(QStringLiteral("D"), china(26, 9, 15), 500, M::Barcode);
    pay(QStringLiteral("D"), china(26, 9, 15, 20));
    order(QStringLiteral("E"), china(26, 10, 0), 800, M::Qr);
    move(QStringLiteral("E"), OrderState::Closed, china(26, 10, 5));
    order(QStringLiteral("F"), china(26, 11, 0), 300, M::Barcode);
    move(QStringLiteral("F"), OrderState::Failed, china(26, 11, 0, 5));
    order(QStringLiteral("G"), china(26, 12, 0), 700, M::Qr);
    move(QStringLiteral("G"), OrderState::AwaitingScan, china(26, 12, 0, 1));
    order(QStringLiteral("H"), china(26, 13, 0), 10000, M::Qr, kOtherApp);
    pay(QStringLiteral("H"), china(26, 13, 0, 30));
    refund(QStringLiteral("A"), 400, china(26, 14, 0), china(26, 14, 0, 2));
    refund(QStringLiteral("C"), 200, china(26, 23, 50), china(27, 0, 10));
}

void TestDayReport::cleanup()
{
    m_store.reset();
    m_clock.reset();
    m_dir.reset();
}

void TestDayReport::ordersFallOnChinaDays()
{
    // A (23:59) is the 25th's, C (00:01) the 26th's, though both are the 25th in UTC.
    QCOMPARE(china(26, 0, 1).date(), QDate(2026, 11, 25));
    const DayReport day25 = reportOf(25);
    QCOMPARE(day25.ordersCreated(), qint64(2));
    QCOMPARE(day25.firstOutTradeNo, QStringLiteral("A"));
    QCOMPARE(day25.lastOutTradeNo, QStringLiteral("B"));
    QCOMPARE(reportOf(26).firstOutTradeNo, QStringLiteral("C"));
}

void TestDayReport::paidAfterMidnightCountsNextDay()
{
    // B was created on the 25th and paid at 00:00:10 on the 26th: its money is the 26th's.
    const DayReport day25 = reportOf(25);
    QCOMPARE(day25.all.paid, (Tally{1, Money::fromFen(1000)}));
    QCOMPARE(day25.barcode.paid.count, qint64(0));
    const DayReport day26 = reportOf(26);
    QCOMPARE(day26.barcode.paid, (Tally{2, Money::fromFen(2500)}));
}

void TestDayReport::refundCountsOnTheDayItIsDone()
{
    // A's refund (an order of the 25th) is the 26th's; C's, asked on the 26th, was done on the 27th.
    QCOMPARE(reportOf(25).all.refunds, Tally{});
    QCOMPARE(reportOf(26).all.refunds, (Tally{1, Money::fromFen(400)}));
    QCOMPARE(reportOf(26).qr.refunds, (Tally{1, Money::fromFen(400)}));
    const DayReport day27 = reportOf(27);
    QCOMPARE(day27.all.refunds, (Tally{1, Money::fromFen(200)}));
    QCOMPARE(day27.all.paid, Tally{});
    QCOMPARE(day27.all.net(), Money::fromFen(-200));
}

void TestDayReport::perModeTotalsAndNet()
{
    const DayReport day = reportOf(26);
    QCOMPARE(day.qr.paid, (Tally{1, Money::fromFen(1230)}));
    QCOMPARE(day.barcode.paid, (Tally{2, Money::fromFen(2500)}));
    QCOMPARE(day.all.paid, (Tally{3, Money::fromFen(3730)}));
    QCOMPARE(day.qr.notPaid, qint64(1));      // E
    QCOMPARE(day.barcode.notPaid, qint64(1)); // F
    QCOMPARE(day.all.notPaid, qint64(2));
    QCOMPARE(day.qr.open, qint64(1)); // G
    QCOMPARE(day.barcode.open, qint64(0));
    QCOMPARE(day.all.open, qint64(1));
    QCOMPARE(day.all.net(), Money::fromFen(3730 - 400));
    QCOMPARE(day.qr.net(), Money::fromFen(1230 - 400));
}

void TestDayReport::hourlyBuckets()
{
    const DayReport day = reportOf(26);
    QCOMPARE(day.hourly[0], (Tally{2, Money::fromFen(2000 + 1230)})); // B at 00:00:10, C at 00:01:30
    QCOMPARE(day.hourly[9], (Tally{1, Money::fromFen(500)}));
    Tally sum;
    for (const Tally& hour : day.hourly) {
        sum.count += hour.count;
        sum.amount = Money::fromFen(sum.amount.fen() + hour.amount.fen());
    }
    QCOMPARE(sum, day.all.paid);
    QCOMPARE(reportOf(25).hourly[23], (Tally{1, Money::fromFen(1000)}));
}

void TestDayReport::statesAndEdges()
{
    const DayReport day = reportOf(26);
    QCOMPARE(day.ordersCreated(), qint64(5));                        // C to G
    QCOMPARE(day.countIn(OrderState::PartiallyRefunded), qint64(1)); // C, as it stands now
    QCOMPARE(day.countIn(OrderState::Paid), qint64(1));
    QCOMPARE(day.countIn(OrderState::Closed), qint64(1));
    QCOMPARE(day.countIn(OrderState::Failed), qint64(1));
    QCOMPARE(day.countIn(OrderState::AwaitingScan), qint64(1));
    QCOMPARE(day.countIn(OrderState::Created), qint64(0));
    QCOMPARE(day.firstOutTradeNo, QStringLiteral("C"));
    QCOMPARE(day.lastOutTradeNo, QStringLiteral("G"));
}

void TestDayReport::appIdNarrows()
{
    const DayReport every = reportOf(26, QString());
    QCOMPARE(every.qr.paid, (Tally{2, Money::fromFen(1230 + 10000)}));
    QCOMPARE(every.lastOutTradeNo, QStringLiteral("H"));
    QCOMPARE(every.ordersCreated(), qint64(6));
    const DayReport other = reportOf(26, kOtherApp);
    QCOMPARE(other.all.paid, (Tally{1, Money::fromFen(10000)}));
    QCOMPARE(other.all.refunds, Tally{});
}

void TestDayReport::refundByCancelCounts()
{
    // The cashier stops at 15:00; the customer had paid meanwhile and the cancel refunds 9.00.
    order(QStringLiteral("K"), china(26, 15, 0), 900, Order::PayMode::Qr);
    move(QStringLiteral("K"), OrderState::Cancelling, china(26, 15, 1));
    move(QStringLiteral("K"), OrderState::Refunded, china(26, 15, 1, 2));
    const DayReport day = reportOf(26);
    QCOMPARE(day.qr.paid, (Tally{2, Money::fromFen(1230 + 900)}));
    QCOMPARE(day.qr.refunds, (Tally{2, Money::fromFen(400 + 900)}));
    QCOMPARE(day.all.refunds, (Tally{2, Money::fromFen(400 + 900)}));
    QCOMPARE(day.all.net(), Money::fromFen(3730 - 400)); // as if it never happened
    QCOMPARE(reportOf(27).all.refunds, (Tally{1, Money::fromFen(200)}));
}

void TestDayReport::emptyDay()
{
    const DayReport day = reportOf(20);
    QCOMPARE(day.ordersCreated(), qint64(0));
    QVERIFY(day.firstOutTradeNo.isEmpty());
    QCOMPARE(day.all.net(), Money());
    QCOMPARE(DayReporter::build(m_store->connection(), QDate(), kApp).error().category(), Error::Category::Input);
}

void TestDayReport::csvHasBomAndParsesBack()
{
    const QByteArray csv = ReportFormat::toCsv(reportOf(26));
    QVERIFY(csv.startsWith(QByteArrayLiteral("\xEF\xBB\xBF")));
    QVERIFY(csv.contains("\r\n"));
    const auto records = must(reconcile::CsvReader::read(QString::fromUtf8(csv.mid(3))), "csv");
    QHash<QString, QStringList> rows; // "section/name" -> fields
    for (const reconcile::CsvRecord& record : records) {
        QVERIFY(!record.isComment);
        if (record.fields.size() >= 2 && record.fields[0] != QStringLiteral("section"))
            rows.insert(record.fields[0] + u'/' + record.fields[1], record.fields);
    }
    QCOMPARE(rows.value(QStringLiteral("day/2026-11-26")),
             QStringList({QStringLiteral("day"), QStringLiteral("2026-11-26"), kApp, QStringLiteral("5"),
                          QStringLiteral("C"), QStringLiteral("G")}));
    QCOMPARE(rows.value(QStringLiteral("totals/all")),
             QStringList({QStringLiteral("totals"), QStringLiteral("all"), QStringLiteral("3"), QStringLiteral("37.30"),
                          QStringLiteral("2"), QStringLiteral("1"), QStringLiteral("33.30")}));
    QCOMPARE(rows.value(QStringLiteral("refunds/qr")), QStringList({QStringLiteral("refunds"), QStringLiteral("qr"),
                                                                    QStringLiteral("1"), QStringLiteral("4.00")}));
    QCOMPARE(rows.value(QStringLiteral("state/closed")).value(2), QStringLiteral("1"));
    QCOMPARE(rows.value(QStringLiteral("hourly/00:00")).mid(2),
             QStringList({QStringLiteral("2"), QStringLiteral("32.30")}));
    QCOMPARE(rows.value(QStringLiteral("hourly/23:00")).mid(2),
             QStringList({QStringLiteral("0"), QStringLiteral("0.00")}));
}

void TestDayReport::csvQuotesFields()
{
    QCOMPARE(ReportFormat::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(ReportFormat::csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(ReportFormat::csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(ReportFormat::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    const QString line = ReportFormat::csvField(QStringLiteral("x,\"y\"\r\nz")) + QStringLiteral(",next\r\n");
    const auto back = must(reconcile::CsvReader::read(line), "csv");
    QCOMPARE(back.size(), 1);
    QCOMPARE(back[0].fields, QStringList({QStringLiteral("x,\"y\"\r\nz"), QStringLiteral("next")}));
}

void TestDayReport::jsonAmountsAreStrings()
{
    const QJsonObject json = ReportFormat::toJson(reportOf(26));
    QCOMPARE(json.value(QStringLiteral("business_day")).toString(), QStringLiteral("2026-11-26"));
    const QJsonObject all = json.value(QStringLiteral("totals")).toObject().value(QStringLiteral("all")).toObject();
    QVERIFY(all.value(QStringLiteral("paid_amount")).isString());
    QCOMPARE(all.value(QStringLiteral("paid_amount")).toString(), QStringLiteral("37.30"));
    QCOMPARE(all.value(QStringLiteral("refund_amount")).toString(), QStringLiteral("4.00"));
    QCOMPARE(all.value(QStringLiteral("net_amount")).toString(), QStringLiteral("33.30"));
    QCOMPARE(all.value(QStringLiteral("paid_count")).toInteger(), 3);
    const QJsonObject barcode =
        json.value(QStringLiteral("totals")).toObject().value(QStringLiteral("barcode")).toObject();
    QCOMPARE(barcode.value(QStringLiteral("paid_amount")).toString(), QStringLiteral("25.00"));
    const QJsonArray hourly = json.value(QStringLiteral("hourly")).toArray();
    QCOMPARE(hourly.size(), 24);
    QCOMPARE(hourly[9].toObject().value(QStringLiteral("paid_amount")).toString(), QStringLiteral("5.00"));
    QCOMPARE(json.value(QStringLiteral("states")).toObject().value(QStringLiteral("failed")).toInteger(), 1);
}

void TestDayReport::textSaysTheTotals()
{
    const QString text = ReportFormat::toText(reportOf(26)).join(u'\n');
    QVERIFY2(text.contains(QStringLiteral("2026-11-26")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("37.30")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Net: 33.30")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("09:00")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestDayReport)
#include "TestDayReport.moc"
