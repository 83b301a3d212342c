// The bill zip (DESIGN.md §4) opened in memory with libzip: GBK entry names without the zip UTF-8
// flag (and names with it), the detail file found by name and not its (汇总) twin, and limits that
// refuse an archive or an entry too large to be a bill before it is unpacked.
#include "reconcile/BillArchiveReader.h"

#include <QFile>
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

const QString kDetail = QStringLiteral("2088101122136241_20261126_业务明细.csv");
const QString kSummary = QStringLiteral("2088101122136241_20261126_业务明细(汇总).csv");

} // namespace

class TestBillArchiveReader : public QObject
{
    Q_OBJECT

private slots:
    void namesInGbkOrUtf8_data();
    void namesInGbkOrUtf8();
    void detailNotSummary();
    void refusesWhatIsNotABill_data();
    void refusesWhatIsNotABill();
    void limits();
};

void TestBillArchiveReader::namesInGbkOrUtf8_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("GBK, no UTF-8 flag (Alipay's)") << QStringLiteral("day.csv.zip");
    QTest::newRow("UTF-8 flag") << QStringLiteral("day_utf8_names.csv.zip");
}

void TestBillArchiveReader::namesInGbkOrUtf8()
{
    QFETCH(QString, file);
    auto names = BillArchiveReader::entryNames(fixture(file));
    QVERIFY2(names.ok(), qPrintable(names.ok() ? QString() : names.error().toString()));
    QCOMPARE(*names, (QStringList{kDetail, kSummary}));
    auto detail = BillArchiveReader::detailFile(fixture(file));
    QVERIFY(detail.ok());
    QCOMPARE(detail->name, kDetail);
    QCOMPARE(detail->data, fixture(QStringLiteral("detail_ok.csv")));
}

void TestBillArchiveReader::detailNotSummary()
{
    QVERIFY(BillArchiveReader::isDetailFileName(kDetail));
    QVERIFY(BillArchiveReader::isDetailFileName(QStringLiteral("bills/") + kDetail));
    QVERIFY(!BillArchiveReader::isDetailFileName(kSummary));
    QVERIFY(!BillArchiveReader::isDetailFileName(QStringLiteral("2088101122136241_20261126_业务明细（汇总）.csv")));
}

void TestBillArchiveReader::refusesWhatIsNotABill_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("says");
    QTest::newRow("only the summary") << fixture(QStringLiteral("summary_only.csv.zip"))
                                      << QStringLiteral("no detail file");
    QTest::newRow("two detail files") << fixture(QStringLiteral("two_details.csv.zip"))
                                      << QStringLiteral("two detail files");
    QTest::newRow("not a zip") << fixture(QStringLiteral("detail_ok.csv")) << QStringLiteral("not a zip");
    QTest::newRow("nothing") << QByteArray() << QStringLiteral("not a zip");
    const QByteArray day = fixture(QStringLiteral("day.csv.zip"));
    QTest::newRow("cut in half") << day.left(day.size() / 2) << QStringLiteral("not a zip");
    QByteArray damaged = day;
    // Inside the first entry's compressed data: past its local header (30 bytes, the name, the extra field).
    const auto byte = [&day](int at) { return static_cast<int>(static_cast<unsigned char>(day[at])); };
    const int data = 30 + byte(26) + (byte(27) << 8) + byte(28) + (byte(29) << 8);
    damaged[data + 20] = static_cast<char>(damaged[data + 20] ^ 0x55);
    QTest::newRow("damaged data") << damaged << QStringLiteral("damaged");
}

void TestBillArchiveReader::refusesWhatIsNotABill()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, says);
    auto detail = BillArchiveReader::detailFile(bytes);
    QVERIFY(!detail.ok());
    QCOMPARE(detail.error().category(), Error::Category::Gateway);
    QVERIFY2(detail.error().message().contains(says), qPrintable(detail.error().toString()));
}

void TestBillArchiveReader::limits()
{
    // 4 MiB of text that deflates to a few KB: within the default limits, refused under a smaller cap
    // without being unpacked.
    const QByteArray large = fixture(QStringLiteral("large.csv.zip"));
    QVERIFY(large.size() < 16 * 1024);
    auto whole = BillArchiveReader::detailFile(large);
    QVERIFY(whole.ok());
    QVERIFY(whole->data.size() > 4 * 1024 * 1024);

    BillArchiveReader::Limits small;
    small.maxEntryBytes = 1024 * 1024;
    auto capped = BillArchiveReader::detailFile(large, small);
    QVERIFY(!capped.ok());
    QVERIFY2(capped.error().message().contains(QStringLiteral("more than")), qPrintable(capped.error().message()));

    BillArchiveReader::Limits tiny;
    tiny.maxArchiveBytes = 100;
    QVERIFY(!BillArchiveReader::detailFile(fixture(QStringLiteral("day.csv.zip")), tiny).ok());
    BillArchiveReader::Limits one;
    one.maxEntries = 1;
    auto many = BillArchiveReader::detailFile(fixture(QStringLiteral("day.csv.zip")), one);
    QVERIFY(!many.ok());
    QVERIFY(many.error().message().contains(QStringLiteral("2 entries")));
}

QTEST_GUILESS_MAIN(TestBillArchiveReader)
#include "TestBillArchiveReader.moc"
