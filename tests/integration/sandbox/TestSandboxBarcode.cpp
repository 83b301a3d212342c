// alipay.trade.pay with every test payment code of the sandbox, and what a query says afterwards.
#include "SandboxHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kPay = QStringLiteral("alipay.trade.pay");
const QString kQuery = QStringLiteral("alipay.trade.query");
const QString kCancel = QStringLiteral("alipay.trade.cancel");

QJsonObject payBiz(const QString& outTradeNo, const QString& authCode, const QString& amount = QStringLiteral("3.50"))
{
    return {{QStringLiteral("out_trade_no"), outTradeNo},
            {QStringLiteral("scene"), QStringLiteral("bar_code")},
            {QStringLiteral("auth_code"), authCode},
            {QStringLiteral("total_amount"), amount},
            {QStringLiteral("subject"), QStringLiteral("Bun")}};
}

} // namespace

class TestSandboxBarcode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void testCodes_data();
    void testCodes();
    void paidAfterDelay();
    void declinedAfterDelay();
    void neverPaidUntilCancelled();
    void repeatedPay();
    void payValidation();

private:
    alipay::VerifiedResponse pay(const QJsonObject& biz);
    QString status(const QString& outTradeNo);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::unique_ptr<SandboxClient> m_client;
};

void TestSandboxBarcode::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path()), qPrintable(m_sandbox.error()));
    m_client = std::make_unique<SandboxClient>(m_sandbox.configPath());
    QVERIFY2(m_client->isValid(), qPrintable(m_client->error()));
}

void TestSandboxBarcode::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

alipay::VerifiedResponse TestSandboxBarcode::pay(const QJsonObject& biz)
{
    auto answer = m_client->call(kPay, biz);
    if (!answer)
        qWarning("pay failed: %s", qPrintable(answer.error().toString()));
    return answer ? *answer : alipay::VerifiedResponse();
}

QString TestSandboxBarcode::status(const QString& outTradeNo)
{
    auto answer = m_client->call(kQuery, {{QStringLiteral("out_trade_no"), outTradeNo}});
    if (!answer)
        return QStringLiteral("(failed)");
    return answer->isSuccess() ? answer->node.value(u"trade_status").toString() : answer->subCode();
}

void TestSandboxBarcode::testCodes_data()
{
    QTest::addColumn<QString>("authCode");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("subCode");
    QTest::addColumn<QString>("queried"); // what a query says right after

    QTest::newRow("paid at once") << "280000000000000001"
                                  << "10000"
                                  << ""
                                  << "TRADE_SUCCESS";
    QTest::newRow("any other valid code pays") << "287654321098765432"
                                               << "10000"
                                               << ""
                                               << "TRADE_SUCCESS";
    QTest::newRow("16 digits, prefix 25") << "2500000000000001"
                                          << "10000"
                                          << ""
                                          << "TRADE_SUCCESS";
    QTest::newRow("24 digits, prefix 30") << "300000000000000000000001"
                                          << "10000"
                                          << ""
                                          << "TRADE_SUCCESS";
    QTest::newRow("10003 then paid") << "281030000000000001"
                                     << "10003"
                                     << ""
                                     << "WAIT_BUYER_PAY";
    QTest::newRow("10003 never paid") << "281100000000000001"
                                      << "10003"
                                      << ""
                                      << "WAIT_BUYER_PAY";
    QTest::newRow("10003 then declined") << "281230000000000001"
                                         << "10003"
                                         << ""
                                         << "WAIT_BUYER_PAY";
    QTest::newRow("insufficient balance") << "282000000000000001"
                                          << "40004"
                                          << "ACQ.BUYER_BALANCE_NOT_ENOUGH"
                                          << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("invalid code") << "282100000000000001"
                                  << "40004"
                                  << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                                  << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("20000, not paid") << "283000000000000001"
                                     << "20000"
                                     << "isp.unknow-error"
                                     << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("20000, paid behind it") << "283100000000000001"
                                           << "20000"
                                           << "isp.unknow-error"
                                           << "TRADE_SUCCESS";
    QTest::newRow("prefix 24") << "240000000000000001"
                               << "40004"
                               << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                               << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("prefix 31") << "310000000000000001"
                               << "40004"
                               << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                               << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("15 digits") << "280000000000001"
                               << "40004"
                               << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                               << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("25 digits") << "2800000000000000000000001"
                               << "40004"
                               << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                               << "ACQ.TRADE_NOT_EXIST";
    QTest::newRow("letters") << "28000000000000000A"
                             << "40004"
                             << "ACQ.PAYMENT_AUTH_CODE_INVALID"
                             << "ACQ.TRADE_NOT_EXIST";
}

void TestSandboxBarcode::testCodes()
{
    QFETCH(QString, authCode);
    QFETCH(QString, code);
    QFETCH(QString, subCode);
    QFETCH(QString, queried);
    const QString no = uniqueTradeNo(QStringLiteral("BAR"));
    const alipay::VerifiedResponse answer = pay(payBiz(no, authCode));
    QVERIFY(answer.signatureVerified);
    QCOMPARE(answer.code(), code);
    QCOMPARE(answer.subCode(), subCode);
    if (code == u"10000") {
        QCOMPARE(answer.node.value(u"out_trade_no").toString(), no);
        QCOMPARE(answer.node.value(u"total_amount").toString(), QStringLiteral("3.50"));
        QCOMPARE(answer.node.value(u"receipt_amount").toString(), QStringLiteral("3.50"));
        QVERIFY(!answer.node.value(u"trade_no").toString().isEmpty());
        QVERIFY(!answer.node.value(u"gmt_payment").toString().isEmpty());
        QCOMPARE(answer.node.value(u"fund_bill_list").toArray().size(), 1);
    } else if (code == u"10003") {
        QCOMPARE(answer.msg(), QStringLiteral("order success pay inprocess"));
        QVERIFY(!answer.node.value(u"trade_no").toString().isEmpty());
        QCOMPARE(answer.node.value(u"receipt_amount").toString(), QStringLiteral("0.00"));
        QVERIFY(!answer.node.contains(u"gmt_payment"));
    } else if (code == u"40004") {
        QCOMPARE(answer.node.value(u"out_trade_no").toString(), no);
        QVERIFY(!answer.subMsg().isEmpty());
    } else {
        QCOMPARE(answer.msg(), QStringLiteral("Service Currently Unavailable"));
    }
    QCOMPARE(status(no), queried);
}

void TestSandboxBarcode::paidAfterDelay()
{
    const QString no = uniqueTradeNo(QStringLiteral("LATER"));
    QCOMPARE(pay(payBiz(no, QStringLiteral("281002000000000001"))).code(), QStringLiteral("10003"));
    QCOMPARE(status(no), QStringLiteral("WAIT_BUYER_PAY"));
    QTRY_COMPARE_WITH_TIMEOUT(status(no), QStringLiteral("TRADE_SUCCESS"), 8000);
}

void TestSandboxBarcode::declinedAfterDelay()
{
    const QString no = uniqueTradeNo(QStringLiteral("DECLINE"));
    QCOMPARE(pay(payBiz(no, QStringLiteral("281201000000000001"))).code(), QStringLiteral("10003"));
    QTRY_COMPARE_WITH_TIMEOUT(status(no), QStringLiteral("TRADE_CLOSED"), 8000);
}

void TestSandboxBarcode::neverPaidUntilCancelled()
{
    const QString no = uniqueTradeNo(QStringLiteral("NEVER"));
    QCOMPARE(pay(payBiz(no, QStringLiteral("281100000000000001"))).code(), QStringLiteral("10003"));
    QTest::qWait(1500);
    QCOMPARE(status(no), QStringLiteral("WAIT_BUYER_PAY"));
    auto cancelled = m_client->call(kCancel, {{QStringLiteral("out_trade_no"), no}});
    QVERIFY(cancelled.ok());
    QCOMPARE(cancelled->node.value(u"action").toString(), QStringLiteral("close"));
    QCOMPARE(status(no), QStringLiteral("TRADE_CLOSED"));
}

void TestSandboxBarcode::repeatedPay()
{
    // A retry after a lost answer resends the same number with identical parameters.
    const QString paid = uniqueTradeNo(QStringLiteral("AGAIN"));
    QCOMPARE(pay(payBiz(paid, QStringLiteral("280000000000000001"))).code(), QStringLiteral("10000"));
    QCOMPARE(pay(payBiz(paid, QStringLiteral("280000000000000001"))).subCode(),
             QStringLiteral("ACQ.TRADE_HAS_SUCCESS"));
    QCOMPARE(pay(payBiz(paid, QStringLiteral("280000000000000001"), QStringLiteral("9.99"))).subCode(),
             QStringLiteral("ACQ.CONTEXT_INCONSISTENT"));

    const QString waiting = uniqueTradeNo(QStringLiteral("AGAIN"));
    QCOMPARE(pay(payBiz(waiting, QStringLiteral("281100000000000001"))).code(), QStringLiteral("10003"));
    QCOMPARE(pay(payBiz(waiting, QStringLiteral("281100000000000001"))).code(), QStringLiteral("10003"));

    // A refused code leaves no trade behind: the next attempt with another code may go through.
    const QString retried = uniqueTradeNo(QStringLiteral("AGAIN"));
    QCOMPARE(pay(payBiz(retried, QStringLiteral("282000000000000001"))).subCode(),
             QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH"));
    QCOMPARE(pay(payBiz(retried, QStringLiteral("280000000000000002"))).code(), QStringLiteral("10000"));
}

void TestSandboxBarcode::payValidation()
{
    QJsonObject noScene = payBiz(uniqueTradeNo(QStringLiteral("V")), QStringLiteral("280000000000000001"));
    noScene.remove(QStringLiteral("scene"));
    QCOMPARE(pay(noScene).subCode(), QStringLiteral("ACQ.INVALID_PARAMETER"));
    QJsonObject noCode = payBiz(uniqueTradeNo(QStringLiteral("V")), QString());
    QCOMPARE(pay(noCode).subCode(), QStringLiteral("ACQ.INVALID_PARAMETER"));
    QCOMPARE(pay(payBiz(uniqueTradeNo(QStringLiteral("V")), QStringLiteral("280000000000000001"),
                        QStringLiteral("100000000.01")))
                 .subCode(),
             QStringLiteral("ACQ.INVALID_PARAMETER"));
    QJsonObject badTimeout = payBiz(uniqueTradeNo(QStringLiteral("V")), QStringLiteral("280000000000000001"));
    badTimeout.insert(QStringLiteral("timeout_express"), QStringLiteral("16d"));
    QCOMPARE(pay(badTimeout).subCode(), QStringLiteral("ACQ.INVALID_PARAMETER"));
}

QTEST_GUILESS_MAIN(TestSandboxBarcode)
#include "TestSandboxBarcode.moc"
