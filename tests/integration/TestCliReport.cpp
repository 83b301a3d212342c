// `counterpay-cli report` on an order book with known orders: the same figures as DayReport, in
// JSON with amounts as strings, in CSV with a byte-order mark, and as text.
#include "TestSupport.h"

#include "alipay/ChinaTime.h"
#include "common/Clock.h"
#include "store/OrderStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::test::ProcessResult;

namespace {

QDateTime china(int day, int h, int mi)
{
    return alipay::ChinaTime::at(QDate(2026, 11, day), QTime(h, mi));
}

} // namespace

class TestCliReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void jsonAmountsAreStrings();
    void csvStartsWithBom();
    void textByDefault();
    void badDateIsExitTwo();

private:
    ProcessResult cli(const QStringList& arguments);

    QTemporaryDir m_dir;
    QString m_config;
};

ProcessResult TestCliReport::cli(const QStringList& arguments)
{
    return counterpay::test::run(QStringLiteral(COUNTERPAY_CLI),
                                 QStringList{QStringLiteral("--config"), m_config} + arguments, {}, m_dir.path());
}

// The 26th: 12.30 by QR and 5.00 by payment code paid, 8.00 closed, 2.00 of the QR order refunded.
void TestCliReport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ManualClock clock(china(26, 9, 0));
    {
        auto opened = store::OrderStore::open(m_dir.filePath(QStringLiteral("book.sqlite")), clock);
        QVERIFY(opened.ok());
        store::OrderStore& book = **opened;
        const auto add = [&](const QString& no, qint64 fen, store::Order::PayMode mode,
                             std::optional<store::OrderState> to) {
            clock.advanceMs(60'000);
            store::NewOrder order{no,
                                  QStringLiteral("9021000000000001"),
                                  Money::fromFen(fen),
                                  QStringLiteral("Tea"),
                                  mode,
                                  QStringLiteral("T1"),
                                  QStringLiteral("alice"),
                                  {},
                                  {}};
            QVERIFY(book.create(order).ok());
            if (to)
                QVERIFY(book.transition(no, *to, store::EventSource::Query).ok());
        };
        add(QStringLiteral("T1-20261126-000001"), 1230, store::Order::PayMode::Qr, store::OrderState::Paid);
        add(QStringLiteral("T1-20261126-000002"), 500, store::Order::PayMode::Barcode, store::OrderState::Paid);
        add(QStringLiteral("T1-20261126-000003"), 800, store::Order::PayMode::Qr, store::OrderState::Closed);
        auto refund = book.requestRefund(QStringLiteral("T1-20261126-000001"), Money::fromFen(200),
                                         QStringLiteral("manager"), {});
        QVERIFY(refund.ok());
        QVERIFY(book.finishRefund(refund->outRequestNo, store::Refund::State::Done).ok());
    }
    m_config = m_dir.filePath(QStringLiteral("counterpay.ini"));
    // The book alone is read, nothing is sent; the configuration is checked whole all the same.
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("app"));
    counterpay::test::makeKeyPair(m_dir.path(), QStringLiteral("alipay"));
    counterpay::test::writeFile(m_config, "[gateway]\nurl=http://127.0.0.1:9/gateway.do\napp_id=9021000000000001\n"
                                          "app_private_key=app_private_key.pem\n"
                                          "alipay_public_key=alipay_public_key.pem\n"
                                          "[counter]\nterminal_id=T1\ndatabase=book.sqlite\n");
}

void TestCliReport::jsonAmountsAreStrings()
{
    const ProcessResult result = cli({QStringLiteral("report"), QStringLiteral("--date"), QStringLiteral("2026-11-26"),
                                      QStringLiteral("--format"), QStringLiteral("json")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(QStringLiteral("business_day")).toString(), QStringLiteral("2026-11-26"));
    const QJsonObject totals = json.value(QStringLiteral("totals")).toObject();
    const QJsonObject all = totals.value(QStringLiteral("all")).toObject();
    QVERIFY(all.value(QStringLiteral("paid_amount")).isString());
    QCOMPARE(all.value(QStringLiteral("paid_amount")).toString(), QStringLiteral("17.30"));
    QCOMPARE(all.value(QStringLiteral("paid_count")).toInteger(), 2);
    QCOMPARE(all.value(QStringLiteral("not_paid_count")).toInteger(), 1);
    QCOMPARE(all.value(QStringLiteral("refund_amount")).toString(), QStringLiteral("2.00"));
    QCOMPARE(all.value(QStringLiteral("net_amount")).toString(), QStringLiteral("15.30"));
    QCOMPARE(totals.value(QStringLiteral("barcode")).toObject().value(QStringLiteral("paid_amount")).toString(),
             QStringLiteral("5.00"));
    QCOMPARE(json.value(QStringLiteral("first_out_trade_no")).toString(), QStringLiteral("T1-20261126-000001"));
    QCOMPARE(
        json.value(QStringLiteral("hourly")).toArray().at(9).toObject().value(QStringLiteral("paid_count")).toInteger(),
        2);
}

void TestCliReport::csvStartsWithBom()
{
    const ProcessResult result = cli({QStringLiteral("report"), QStringLiteral("--date"), QStringLiteral("2026-11-26"),
                                      QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(result.out.startsWith("\xEF\xBB\xBF"));
    QVERIFY(result.out.contains("totals,all,2,17.30,1,0,15.30\r\n"));
    QVERIFY(result.out.contains("refunds,qr,1,2.00\r\n"));
}

void TestCliReport::textByDefault()
{
    const ProcessResult result =
        cli({QStringLiteral("report"), QStringLiteral("--date"), QStringLiteral("2026-11-26")});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("Net: 15.30"), result.out.constData());
    // Another day of the same book has nothing.
    const ProcessResult empty = cli({QStringLiteral("report"), QStringLiteral("--date"), QStringLiteral("2026-11-25"),
                                     QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(empty.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(empty.out).object().value(QStringLiteral("orders_created")).toInteger(), 0);
}

void TestCliReport::badDateIsExitTwo()
{
    QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--date"), QStringLiteral("2026-02-30")}).exitCode, 2);
    QCOMPARE(cli({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliReport)
#include "TestCliReport.moc"
