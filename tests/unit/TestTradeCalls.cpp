#include "alipay/TradeFields.h"
#include "alipay/api/BillDownloadUrlQuery.h"
#include "alipay/api/TradeCancel.h"
#include "alipay/api/TradeClose.h"
#include "alipay/api/TradePay.h"
#include "alipay/api/TradePrecreate.h"
#include "alipay/api/TradeQuery.h"
#include "alipay/api/TradeRefund.h"
#include "alipay/api/TradeRefundQuery.h"

#include <QJsonDocument>
#include <QTest>

using namespace counterpay;
using namespace counterpay::alipay;
using namespace Qt::StringLiterals;

namespace {

VerifiedResponse answer(const char* json, bool signedReply = true)
{
    VerifiedResponse response;
    response.node = QJsonDocument::fromJson(json).object();
    response.signatureVerified = signedReply;
    return response;
}

TradePay payCall()
{
    TradePay call;
    call.outTradeNo = QStringLiteral("T1");
    call.authCode = QStringLiteral("287654321098765432");
    call.totalAmount = Money::fromFen(1234);
    call.subject = QStringLiteral("s");
    return call;
}

} // namespace

class TestTradeCalls : public QObject
{
    Q_OBJECT

private slots:
    void bizContentIsCompactJsonWithAmountsAsText();
    void precreate();
    void payPaid();
    void payPendingIsNotPaid();
    void payRefusesAnotherOrderOrAmount();
    void errorCodesMapToCategories_data();
    void errorCodesMapToCategories();
    void queryStatuses_data();
    void queryStatuses();
    void queryNotExistIsBusinessWithSubCode();
    void cancel();
    void refund();
    void refundQuery();
    void billUrl();
    void subjectLengthCountsCharacters();
    void fieldRules_data();
    void fieldRules();
    void paymentCodesMasked_data();
    void paymentCodesMasked();
    void invalidSignatureEchoIsMasked();
};

void TestTradeCalls::bizContentIsCompactJsonWithAmountsAsText()
{
    const ApiRequest request = payCall().request();
    QCOMPARE(request.method, QStringLiteral("alipay.trade.pay"));
    QCOMPARE(request.bizContent, QByteArray("{\"auth_code\":\"287654321098765432\",\"out_trade_no\":\"T1\","
                                            "\"product_code\":\"FACE_TO_FACE_PAYMENT\",\"scene\":\"bar_code\","
                                            "\"subject\":\"s\",\"total_amount\":\"12.34\"}"));
    TradeRefund refund{QStringLiteral("T1"), Money::fromFen(50), QStringLiteral("R1"), {}, {}};
    QCOMPARE(refund.request().bizContent,
             QByteArray("{\"out_request_no\":\"R1\",\"out_trade_no\":\"T1\",\"refund_amount\":\"0.50\"}"));
}

void TestTradeCalls::precreate()
{
    TradePrecreate call;
    call.outTradeNo = QStringLiteral("T1");
    call.totalAmount = Money::fromFen(1);
    auto ok = call.parse(answer(R"({"code":"10000","msg":"Success","out_trade_no":"T1",)"
                                R"("qr_code":"https://qr.alipay.com/bax03431ljhokirwl38f00a7"})"));
    QVERIFY(ok.ok());
    QCOMPARE(ok->qrCode, QStringLiteral("https://qr.alipay.com/bax03431ljhokirwl38f00a7"));
    QVERIFY(!call.parse(answer(R"({"code":"10000","msg":"Success","out_trade_no":"T1"})")).ok());
    auto other = call.parse(answer(R"({"code":"10000","out_trade_no":"T2","qr_code":"https://qr.alipay.com/x"})"));
    QVERIFY(!other.ok());
    QCOMPARE(other.error().category(), Error::Category::Security);
}

void TestTradeCalls::payPaid()
{
    auto paid = payCall().parse(answer(R"({"code":"10000","msg":"Success","out_trade_no":"T1",)"
                                       R"("trade_no":"2026112622001400000000000001","total_amount":"12.34",)"
                                       R"("receipt_amount":"12.34","buyer_logon_id":"159****5620",)"
                                       R"("gmt_payment":"2026-11-26 12:00:01"})"));
    QVERIFY(paid.ok());
    QCOMPARE(paid->outcome, TradePay::Response::Outcome::Paid);
    QCOMPARE(paid->totalAmount, Money::fromFen(1234));
    QCOMPARE(paid->tradeNo, QStringLiteral("2026112622001400000000000001"));
}

void TestTradeCalls::payPendingIsNotPaid()
{
    auto pending = payCall().parse(answer(R"({"code":"10003","msg":"order success pay inprocess",)"
                                          R"("out_trade_no":"T1","trade_no":"2026"})"));
    QVERIFY(pending.ok());
    QCOMPARE(pending->outcome, TradePay::Response::Outcome::Pending);
    // An unsigned 10003 is not believed either way.
    auto unsignedPending = payCall().parse(answer(R"({"code":"10003","out_trade_no":"T1"})", false));
    QVERIFY(!unsignedPending.ok());
}

void TestTradeCalls::payRefusesAnotherOrderOrAmount()
{
    auto otherAmount = payCall().parse(answer(R"({"code":"10000","out_trade_no":"T1","total_amount":"0.01"})"));
    QVERIFY(!otherAmount.ok());
    QCOMPARE(otherAmount.error().category(), Error::Category::Security);
    auto otherOrder = payCall().parse(answer(R"({"code":"10000","out_trade_no":"T9","total_amount":"12.34"})"));
    QVERIFY(!otherOrder.ok());
    QCOMPARE(otherOrder.error().category(), Error::Category::Security);
    auto noOrder = payCall().parse(answer(R"({"code":"10000","total_amount":"12.34"})"));
    QVERIFY(!noOrder.ok());
    auto badAmount = payCall().parse(answer(R"({"code":"10000","out_trade_no":"T1","total_amount":"12.3x"})"));
    QVERIFY(!badAmount.ok());
    QCOMPARE(badAmount.error().category(), Error::Category::Gateway);
}

void TestTradeCalls::errorCodesMapToCategories_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("signedReply");
    QTest::addColumn<int>("category");
    QTest::newRow("20000 unknown") << QByteArray(R"({"code":"20000","msg":"Service Currently Unavailable",)"
                                                 R"("sub_code":"isp.unknow-error"})")
                                   << true << int(Error::Category::Unknown);
    QTest::newRow("20000 unsigned") << QByteArray(R"({"code":"20000","sub_code":"aop.ACQ.SYSTEM_ERROR"})") << false
                                    << int(Error::Category::Unknown);
    QTest::newRow("40004 balance") << QByteArray(R"({"code":"40004","msg":"Business Failed",)"
                                                 R"("sub_code":"ACQ.BUYER_BALANCE_NOT_ENOUGH","sub_msg":"余额不足"})")
                                   << true << int(Error::Category::Business);
    QTest::newRow("40002 signature") << QByteArray(R"({"code":"40002","msg":"Invalid Arguments",)"
                                                   R"("sub_code":"isv.invalid-signature"})")
                                     << false << int(Error::Category::Config);
    QTest::newRow("40002 timestamp") << QByteArray(R"({"code":"40002","sub_code":"isv.invalid-timestamp"})") << false
                                     << int(Error::Category::Config);
    QTest::newRow("40002 amount") << QByteArray(R"({"code":"40002","sub_code":"isv.invalid-parameter"})") << true
                                  << int(Error::Category::Input);
    QTest::newRow("40006 permission") << QByteArray(R"({"code":"40006","sub_code":"isv.insufficient-isv-permissions"})")
                                      << true << int(Error::Category::Config);
    QTest::newRow("40001 missing") << QByteArray(R"({"code":"40001","sub_code":"isv.missing-method"})") << true
                                   << int(Error::Category::Gateway);
}

void TestTradeCalls::errorCodesMapToCategories()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, signedReply);
    QFETCH(int, category);
    auto result = payCall().parse(answer(json.constData(), signedReply));
    QVERIFY(!result.ok());
    QCOMPARE(int(result.error().category()), category);
    QCOMPARE(result.error().code(), QJsonDocument::fromJson(json).object().value(u"code").toString());
    QVERIFY(!result.error().message().isEmpty());
}

void TestTradeCalls::queryStatuses_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<bool>("paid");
    QTest::addColumn<bool>("closed");
    QTest::newRow("wait") << QStringLiteral("WAIT_BUYER_PAY") << false << false;
    QTest::newRow("success") << QStringLiteral("TRADE_SUCCESS") << true << false;
    QTest::newRow("finished") << QStringLiteral("TRADE_FINISHED") << true << false;
    QTest::newRow("closed") << QStringLiteral("TRADE_CLOSED") << false << true;
}

void TestTradeCalls::queryStatuses()
{
    QFETCH(QString, status);
    QFETCH(bool, paid);
    QFETCH(bool, closed);
    const QByteArray json = QStringLiteral(R"({"code":"10000","out_trade_no":"T1","trade_no":"2026",)"
                                           R"("trade_status":"%1","total_amount":"12.34"})")
                                .arg(status)
                                .toUtf8();
    auto result = TradeQuery{QStringLiteral("T1")}.parse(answer(json.constData()));
    QVERIFY(result.ok());
    QCOMPARE(result->meansPaid(), paid);
    QCOMPARE(result->isClosed(), closed);
    QCOMPARE(result->totalAmount, Money::fromFen(1234));
}

void TestTradeCalls::queryNotExistIsBusinessWithSubCode()
{
    auto result = TradeQuery{QStringLiteral("T1")}.parse(
        answer(R"({"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_NOT_EXIST","sub_msg":"交易不存在"})"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Business);
    QCOMPARE(result.error().subCode(), QLatin1String(TradeQuery::kTradeNotExist));
    QCOMPARE(result.error().message(), QStringLiteral("交易不存在"));
    auto strange = TradeQuery{QStringLiteral("T1")}.parse(
        answer(R"({"code":"10000","out_trade_no":"T1","trade_status":"PAID_MAYBE","total_amount":"1.00"})"));
    QVERIFY(!strange.ok());
}

void TestTradeCalls::cancel()
{
    TradeCancel call{QStringLiteral("T1")};
    auto closed = call.parse(answer(R"({"code":"10000","out_trade_no":"T1","retry_flag":"N","action":"close"})"));
    QVERIFY(closed.ok());
    QVERIFY(!closed->refunded());
    QVERIFY(!closed->retry);
    auto refunded = call.parse(answer(R"({"code":"10000","out_trade_no":"T1","retry_flag":"N","action":"refund"})"));
    QVERIFY(refunded.ok());
    QVERIFY(refunded->refunded());
    auto retry = call.parse(answer(R"({"code":"40004","sub_code":"ACQ.SYSTEM_ERROR","retry_flag":"Y"})"));
    QVERIFY(!retry.ok());
    QCOMPARE(retry.error().category(), Error::Category::Unknown);
    auto refused =
        call.parse(answer(R"({"code":"40004","sub_code":"ACQ.REASON_TRADE_BEEN_FREEZEN","retry_flag":"N"})"));
    QCOMPARE(refused.error().category(), Error::Category::Business);
    QVERIFY(TradeClose{QStringLiteral("T1")}.parse(answer(R"({"code":"10000","out_trade_no":"T1"})")).ok());
}

void TestTradeCalls::refund()
{
    TradeRefund call{QStringLiteral("T1"), Money::fromFen(500), QStringLiteral("R1"), {}, {}};
    auto done = call.parse(answer(R"({"code":"10000","out_trade_no":"T1","fund_change":"Y","refund_fee":"5.00"})"));
    QVERIFY(done.ok());
    QVERIFY(done->fundChange);
    QCOMPARE(done->refundFee, Money::fromFen(500));
    auto again = call.parse(answer(R"({"code":"10000","out_trade_no":"T1","fund_change":"N","refund_fee":"5.00"})"));
    QVERIFY(again.ok());
    QVERIFY(!again->fundChange);
    QVERIFY(!call.parse(answer(R"({"code":"10000","out_trade_no":"T1","fund_change":"Y"})")).ok());
}

void TestTradeCalls::refundQuery()
{
    TradeRefundQuery call{QStringLiteral("T1"), QStringLiteral("R1")};
    auto found =
        call.parse(answer(R"({"code":"10000","out_trade_no":"T1","out_request_no":"R1",)"
                          R"("refund_amount":"5.00","total_amount":"12.34","refund_status":"REFUND_SUCCESS"})"));
    QVERIFY(found.ok());
    QVERIFY(found->refunded);
    QCOMPARE(found->refundAmount, Money::fromFen(500));
    auto legacy = call.parse(answer(R"({"code":"10000","out_trade_no":"T1","refund_amount":"5.00"})"));
    QVERIFY(legacy.ok());
    QVERIFY(legacy->refunded);
    auto none = call.parse(answer(R"({"code":"10000"})"));
    QVERIFY(none.ok());
    QVERIFY(!none->refunded);
}

void TestTradeCalls::billUrl()
{
    BillDownloadUrlQuery call;
    call.billDate = QStringLiteral("2026-11-25");
    QVERIFY(call.request().bizContent.contains("\"bill_type\":\"trade\""));
    auto url = call.parse(answer(R"({"code":"10000","bill_download_url":"http://127.0.0.1:1/bill?x=1"})"));
    QVERIFY(url.ok());
    auto none = call.parse(answer(R"({"code":"40004","sub_code":"isp.bill_not_exist"})"));
    QVERIFY(!none.ok());
    QVERIFY(BillDownloadUrlQuery::meansNoBill(none.error().subCode()));
    QVERIFY(!BillDownloadUrlQuery::meansNoBill(QStringLiteral("ACQ.SYSTEM_ERROR")));
}

void TestTradeCalls::subjectLengthCountsCharacters()
{
    const QString emoji = QStringLiteral("\U0001F600"); // one character, two UTF-16 units
    QVERIFY(TradeFields::checkSubject(emoji.repeated(256)).ok());
    QVERIFY(!TradeFields::checkSubject(emoji.repeated(257)).ok());
    QVERIFY(TradeFields::checkSubject(QStringLiteral("咖").repeated(256)).ok());
    QVERIFY(!TradeFields::checkSubject(QStringLiteral("a&b")).ok());
}

void TestTradeCalls::fieldRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("merchantNumber");
    QTest::addColumn<bool>("authCode");
    QTest::addColumn<int>("characters");
    QTest::newRow("order number") << QStringLiteral("T1-20261126-000001") << true << false << 18;
    QTest::newRow("underscore") << QStringLiteral("a_B") << true << false << 3;
    QTest::newRow("64") << QString(64, u'9') << true << false << 64;
    QTest::newRow("65") << QString(65, u'9') << false << false << 65;
    QTest::newRow("empty") << QString() << false << false << 0;
    QTest::newRow("space") << QStringLiteral("T1 2") << false << false << 4;
    QTest::newRow("fullwidth digit") << QStringLiteral("T１") << false << false << 2;
    QTest::newRow("code 16") << QStringLiteral("2800000000000001") << true << true << 16;
    QTest::newRow("code 24") << QStringLiteral("300000000000000000000001") << true << true << 24;
    QTest::newRow("code 15") << QStringLiteral("280000000000001") << true << false << 15;
    QTest::newRow("code 25") << QStringLiteral("2800000000000000000000001") << true << false << 25;
    QTest::newRow("code prefix 24") << QStringLiteral("240000000000000001") << true << false << 18;
    QTest::newRow("code prefix 31") << QStringLiteral("310000000000000001") << true << false << 18;
    QTest::newRow("emoji") << QStringLiteral("a\U0001F600b") << false << false << 3;
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) << false << false << 1;
}

void TestTradeCalls::fieldRules()
{
    QFETCH(QString, text);
    QFETCH(bool, merchantNumber);
    QFETCH(bool, authCode);
    QFETCH(int, characters);
    QCOMPARE(TradeFields::isMerchantNumber(text), merchantNumber);
    QCOMPARE(TradeFields::checkOutTradeNo(text).ok(), merchantNumber);
    QCOMPARE(TradeFields::checkOutRequestNo(text).ok(), merchantNumber);
    QCOMPARE(TradeFields::isAuthCode(text), authCode);
    QCOMPARE(TradeFields::checkAuthCode(text).ok(), authCode);
    QCOMPARE(TradeFields::characterCount(text), qsizetype(characters));
}

void TestTradeCalls::paymentCodesMasked_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("masked");
    QTest::newRow("alone") << u"286123456789012345"_s << u"28****2345"_s;
    QTest::newRow("16 digits") << u"2500000000001234"_s << u"25****1234"_s;
    QTest::newRow("24 digits") << u"300000000000000000009876"_s << u"30****9876"_s;
    QTest::newRow("in an echo")
        << uR"(验签字符串为：app_id=9021&biz_content={"auth_code":"281003000000000001","scene":"bar_code"}&x=1)"_s
        << uR"(验签字符串为：app_id=9021&biz_content={"auth_code":"28****0001","scene":"bar_code"}&x=1)"_s;
    QTest::newRow("two, next to letters")
        << u"a280000000000000001b;290000000000000002"_s << u"a28****0001b;29****0002"_s;
    QTest::newRow("trade_no (28 digits) kept")
        << u"2026112622001400000000000001"_s << u"2026112622001400000000000001"_s;
    QTest::newRow("buyer id (2088) kept") << u"2088102146225135"_s << u"2088102146225135"_s;
    QTest::newRow("15 digits kept") << u"280000000000001"_s << u"280000000000001"_s;
    QTest::newRow("25 digits kept") << u"2800000000000000000000001"_s << u"2800000000000000000000001"_s;
    QTest::newRow("prefix 31 kept") << u"310000000000000001"_s << u"310000000000000001"_s;
    QTest::newRow("amount and time kept") << u"12.34 2026-11-26 12:00:00"_s << u"12.34 2026-11-26 12:00:00"_s;
    QTest::newRow("empty") << QString() << QString();
}

void TestTradeCalls::paymentCodesMasked()
{
    QFETCH(QString, text);
    QFETCH(QString, masked);
    QCOMPARE(TradeFields::maskAuthCodes(text), masked);
}

// isv.invalid-signature quotes the string the gateway verified, biz_content and its auth_code with it.
void TestTradeCalls::invalidSignatureEchoIsMasked()
{
    const QString code = u"287654321098765432"_s;
    const Error error =
        payCall()
            .parse(answer(
                R"({"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature",)"
                R"("sub_msg":"验签出错，网关生成的验签字符串为：app_id=1&biz_content={\"auth_code\":\"287654321098765432\"}"})"))
            .error();
    QCOMPARE(error.category(), Error::Category::Config);
    QVERIFY(!error.toString().contains(code));
    QVERIFY2(error.detail().contains(u"28****5432"_s), qPrintable(error.detail()));

    // Where Alipay's own words become the message, they are masked too.
    const Error business =
        payCall()
            .parse(answer(R"({"code":"40004","msg":"Business Failed","sub_code":"ACQ.PAYMENT_AUTH_CODE_INVALID",)"
                          R"("sub_msg":"付款码287654321098765432无效"})"))
            .error();
    QCOMPARE(business.message(), u"付款码28****5432无效"_s);
    QVERIFY(!business.toString().contains(code));
}

QTEST_GUILESS_MAIN(TestTradeCalls)
#include "TestTradeCalls.moc"
