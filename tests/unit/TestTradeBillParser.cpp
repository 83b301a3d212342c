// The trade bill's detail file (DESIGN.md §4) read from real-shaped GBK fixtures (tests/data/bill,
// written by make_bills.py): rows, refunds, tab padding, quoted fields, columns found by name, and the
// totals checked against the rows. A bill cut short or broken anywhere is an error naming its line.
#include "alipay/ChinaTime.h"
#include "reconcile/CsvReader.h"
#include "reconcile/TradeBillParser.h"

#include <QFile>
#include <QRandomGenerator>
#include <QStringEncoder>
#include <QTest>

using namespace counterpay;
using namespace counterpay::reconcile;

namespace {

QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(COUNTERPAY_TEST_DATA "/bill/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

QDateTime china(int hour, int minute, int second)
{
    return alipay::ChinaTime::at(QDate(2026, 11, 26), QTime(hour, minute, second));
}

// Everything but the line a row was read from.
bool sameRow(const BillRow& a, const BillRow& b)
{
    return a.type == b.type && a.tradeNo == b.tradeNo && a.outTradeNo == b.outTradeNo && a.subject == b.subject &&
           a.createdAt == b.createdAt && a.completedAt == b.completedAt && a.storeId == b.storeId &&
           a.operatorId == b.operatorId && a.terminalId == b.terminalId && a.orderAmount == b.orderAmount &&
           a.received == b.received && a.merchantDiscount == b.merchantDiscount && a.outRequestNo == b.outRequestNo &&
           a.remark == b.remark;
}

} // namespace

class TestTradeBillParser : public QObject
{
    Q_OBJECT

private slots:
    void readsTheDetailFile();
    void sameBillEveryWayItIsWritten_data();
    void sameBillEveryWayItIsWritten();
    void emptyDay();
    void refusesBrokenBills_data();
    void refusesBrokenBills();
    void everyCutIsRefused();
    void mutationsNeverCrash();
    void csvQuotes();
};

void TestTradeBillParser::readsTheDetailFile()
{
    auto bill = TradeBillParser::parse(fixture(QStringLiteral("detail_ok.csv")));
    QVERIFY2(bill.ok(), qPrintable(bill.ok() ? QString() : bill.error().toString()));
    QCOMPARE(bill->account, QStringLiteral("20881011221362410156"));
    QCOMPARE(bill->from, alipay::ChinaTime::startOfDay(QDate(2026, 11, 26)));
    QCOMPARE(bill->to, alipay::ChinaTime::startOfDay(QDate(2026, 11, 27)));
    QCOMPARE(bill->exportedAt, alipay::ChinaTime::at(QDate(2026, 11, 27), QTime(9, 2, 11)));
    QCOMPARE(bill->rows.size(), 4);

    const BillRow& coffee = bill->rows[0];
    QCOMPARE(coffee.line, 6);
    QCOMPARE(coffee.type, BillRow::Type::Payment);
    QCOMPARE(coffee.tradeNo, QStringLiteral("2026112622001400000000000001")); // the tab padding is gone
    QCOMPARE(coffee.outTradeNo, QStringLiteral("T1-20261126-000001"));
    QCOMPARE(coffee.subject, QStringLiteral("咖啡"));
    QCOMPARE(coffee.createdAt, china(9, 15, 2));
    QCOMPARE(coffee.completedAt, china(9, 15, 20));
    QCOMPARE(coffee.terminalId, QStringLiteral("T1"));
    QCOMPARE(coffee.storeId, QStringLiteral("S01"));
    QCOMPARE(coffee.operatorId, QStringLiteral("C1"));
    QCOMPARE(coffee.orderAmount, Money::fromFen(1234));
    QCOMPARE(coffee.received, Money::fromFen(1234));
    QCOMPARE(coffee.merchantDiscount, Money());
    QVERIFY(coffee.outRequestNo.isEmpty());

    QCOMPARE(bill->rows[1].subject, QStringLiteral("拿铁, \"大杯\"")); // quoted, with a comma and quotes
    QCOMPARE(bill->rows[1].orderAmount, Money::fromFen(500));

    const BillRow& refund = bill->rows[2];
    QCOMPARE(refund.line, 8);
    QVERIFY(refund.isRefund());
    QCOMPARE(refund.outTradeNo, QStringLiteral("T1-20261126-000001"));
    QCOMPARE(refund.orderAmount, Money::fromFen(1234));
    QCOMPARE(refund.received, Money::fromFen(-234));
    QCOMPARE(refund.refundAmount(), Money::fromFen(234));
    QCOMPARE(refund.outRequestNo, QStringLiteral("T1-20261126-000001-R1"));
    QCOMPARE(refund.completedAt, china(11, 30, 45));
    QCOMPARE(refund.remark, QStringLiteral("少找零"));

    QCOMPARE(bill->rows[3].terminalId, QStringLiteral("WEBSHOP"));
    QCOMPARE(bill->totals.payments, 3);
    QCOMPARE(bill->totals.paymentsReceived, Money::fromFen(2511));
    QCOMPARE(bill->totals.refunds, 1);
    QCOMPARE(bill->totals.refundsReceived, Money::fromFen(-234));
}

void TestTradeBillParser::sameBillEveryWayItIsWritten_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("UTF-8 with a byte-order mark") << QStringLiteral("detail_utf8_bom.csv");
    QTest::newRow("columns in another order, ASCII parentheses") << QStringLiteral("detail_reordered.csv");
}

void TestTradeBillParser::sameBillEveryWayItIsWritten()
{
    QFETCH(QString, file);
    auto expected = TradeBillParser::parse(fixture(QStringLiteral("detail_ok.csv")));
    auto bill = TradeBillParser::parse(fixture(file));
    QVERIFY(expected.ok());
    QVERIFY2(bill.ok(), qPrintable(bill.ok() ? QString() : bill.error().toString()));
    QCOMPARE(bill->rows.size(), expected->rows.size());
    for (qsizetype i = 0; i < bill->rows.size(); ++i)
        QVERIFY2(sameRow(bill->rows[i], expected->rows[i]), qPrintable(QString::number(i)));
    QCOMPARE(bill->totals.paymentsReceived, expected->totals.paymentsReceived);
}

void TestTradeBillParser::emptyDay()
{
    auto bill = TradeBillParser::parse(fixture(QStringLiteral("detail_empty_day.csv")));
    QVERIFY2(bill.ok(), qPrintable(bill.ok() ? QString() : bill.error().toString()));
    QVERIFY(bill->rows.isEmpty());
    QCOMPARE(bill->totals.payments, 0);
    QCOMPARE(bill->totals.refunds, 0);
}

void TestTradeBillParser::refusesBrokenBills_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("says");
    QTest::newRow("payment total off by a fen")
        << QStringLiteral("detail_totals_mismatch.csv")
        << QStringList{QStringLiteral("line 11"), QStringLiteral("25.12"), QStringLiteral("25.11")};
    QTest::newRow("refund count off") << QStringLiteral("detail_count_mismatch.csv")
                                      << QStringList{QStringLiteral("line 12"), QStringLiteral("counts 2 refunds")};
    QTest::newRow("no totals") << QStringLiteral("detail_no_totals.csv")
                               << QStringList{QStringLiteral("#交易合计"), QStringLiteral("cut short")};
    QTest::newRow("cut in a row") << QStringLiteral("detail_truncated.csv")
                                  << QStringList{QStringLiteral("line 8"), QStringLiteral("where the header has 25")};
    QTest::newRow("cut in a quoted field") << QStringLiteral("detail_truncated_quote.csv")
                                           << QStringList{QStringLiteral("line 7"), QStringLiteral("never closed")};
    QTest::newRow("three decimals") << QStringLiteral("detail_bad_amount.csv")
                                    << QStringList{QStringLiteral("line 6, column 12 (订单金额（元）)"),
                                                   QStringLiteral("\"12.345\" is not an amount")};
    QTest::newRow("not GBK") << QStringLiteral("detail_bad_gbk.csv")
                             << QStringList{QStringLiteral("line 7"), QStringLiteral("not GBK")};
    QTest::newRow("a column missing") << QStringLiteral("detail_missing_column.csv")
                                      << QStringList{QStringLiteral("line 5"), QStringLiteral("终端号")};
    QTest::newRow("a positive refund") << QStringLiteral("detail_positive_refund.csv")
                                       << QStringList{QStringLiteral("line 8, column 13 (商家实收（元）)"),
                                                      QStringLiteral("negative")};
    QTest::newRow("nothing") << QString() << QStringList{QStringLiteral("column header")};
}

void TestTradeBillParser::refusesBrokenBills()
{
    QFETCH(QString, file);
    QFETCH(QStringList, says);
    auto bill = TradeBillParser::parse(file.isEmpty() ? QByteArray() : fixture(file));
    QVERIFY(!bill.ok());
    QCOMPARE(bill.error().category(), Error::Category::Gateway);
    for (const QString& words : says)
        QVERIFY2(bill.error().message().contains(words), qPrintable(bill.error().message()));
}

void TestTradeBillParser::everyCutIsRefused()
{
    // A download cut anywhere before the totals is never taken for a (smaller) bill.
    const QByteArray whole = fixture(QStringLiteral("detail_ok.csv"));
    QStringEncoder gbk("GBK");
    const QByteArray refundTotals = gbk.encode(QStringLiteral("#退款合计"));
    const qsizetype totalsEnd = whole.indexOf("\r\n", whole.indexOf(refundTotals)) + 2; // its line break included
    QVERIFY(whole.indexOf(refundTotals) > 0);
    for (qsizetype cut = 0; cut < totalsEnd - 2; ++cut) {
        auto bill = TradeBillParser::parse(whole.left(cut));
        QVERIFY2(!bill.ok(), qPrintable(QStringLiteral("accepted a bill cut after %1 bytes").arg(cut)));
    }
    QVERIFY(TradeBillParser::parse(whole.left(totalsEnd)).ok()); // without the export time: complete
}

void TestTradeBillParser::mutationsNeverCrash()
{
    const QByteArray whole = fixture(QStringLiteral("detail_ok.csv"));
    QRandomGenerator random(20261126);
    int refused = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray bytes = whole;
        const int changes = 1 + random.bounded(4);
        for (int i = 0; i < changes; ++i) {
            const qsizetype at = random.bounded(static_cast<int>(bytes.size()));
            switch (random.bounded(3)) {
            case 0:
                bytes[at] = static_cast<char>(random.bounded(256));
                break;
            case 1:
                bytes.remove(at, 1 + random.bounded(8));
                break;
            default:
                bytes.insert(at, QByteArray(1, "\",\r\n\t#-"[random.bounded(7)]));
                break;
            }
        }
        auto bill = TradeBillParser::parse(bytes);
        if (!bill) {
            ++refused;
            QVERIFY(!bill.error().message().isEmpty());
        } else {
            // What is accepted still adds up.
            Money paid;
            for (const BillRow& row : bill->rows) {
                if (!row.isRefund())
                    paid = *paid.checkedAdd(row.received);
            }
            QCOMPARE(paid, bill->totals.paymentsReceived);
        }
    }
    QVERIFY(refused > 1000);
}

void TestTradeBillParser::csvQuotes()
{
    auto records = CsvReader::read(u"#a,b\r\n\"x,\"\"y\"\"\",\"two\r\nlines\",\r\n\r\nlast");
    QVERIFY(records.ok());
    QCOMPARE(records->size(), 3);
    QVERIFY(records->at(0).isComment);
    QCOMPARE(records->at(0).comment, QStringLiteral("a,b"));
    QCOMPARE(records->at(1).line, 2);
    QCOMPARE(records->at(1).fields,
             (QStringList{QStringLiteral("x,\"y\""), QStringLiteral("two\r\nlines"), QString()}));
    QCOMPARE(records->at(2).line, 5);
    QCOMPARE(records->at(2).fields, QStringList{QStringLiteral("last")});
    auto open = CsvReader::read(u"a,\"b\r\nc");
    QVERIFY(!open.ok());
    QVERIFY(open.error().message().contains(QStringLiteral("line 1")));
}

QTEST_GUILESS_MAIN(TestTradeBillParser)
#include "TestTradeBillParser.moc"
