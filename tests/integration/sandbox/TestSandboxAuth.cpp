// The gateway's front door: every common parameter check and the RSA2 signature, with Alipay's
// codes (40001 missing, 40002 invalid) and the sign content echoed on a bad signature.
#include "SandboxHarness.h"
#include "alipay/FormCodec.h"
#include "alipay/PrivateKey.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kQuery = QStringLiteral("alipay.trade.query");
const QString kSignatureEcho =
    QStringLiteral("验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：");

QJsonObject byNumber(const QString& outTradeNo)
{
    return {{QStringLiteral("out_trade_no"), outTradeNo}};
}

} // namespace

class TestSandboxAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void validRequestPasses();
    void tamperedRequestEchoesTheSignContent();
    void foreignKeyIsAnInvalidSignature();
    void commonParameterChecks_data();
    void commonParameterChecks();
    void timestampWindow_data();
    void timestampWindow();
    void unknownMethodIsAnErrorResponse();
    void bizContentMustBeJson();
    void onlyGetAndPost();

private:
    // Signs `params` (after edits) with the app key, as a client with those parameters would.
    void resign(alipay::Params& params, const alipay::PrivateKey& key) const;
    alipay::VerifiedResponse send(const alipay::Params& params);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    std::unique_ptr<SandboxClient> m_client;
};

void TestSandboxAuth::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(initSandbox(m_dir.path()).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.path()), qPrintable(m_sandbox.error()));
    m_client = std::make_unique<SandboxClient>(m_sandbox.configPath());
    QVERIFY2(m_client->isValid(), qPrintable(m_client->error()));
}

void TestSandboxAuth::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestSandboxAuth::resign(alipay::Params& params, const alipay::PrivateKey& key) const
{
    params.remove(QStringLiteral("sign"));
    params.set(QStringLiteral("sign"), *alipay::Rsa2::sign(key, alipay::SignContent::forRequest(params)));
}

alipay::VerifiedResponse TestSandboxAuth::send(const alipay::Params& params)
{
    const HttpResult reply = m_client->post(params);
    if (reply.status != 200)
        qWarning("HTTP %d", reply.status);
    auto verified = m_client->verify(
        reply, params.value(QStringLiteral("method")).isEmpty() ? kQuery : params.value(QStringLiteral("method")));
    if (!verified) {
        qWarning("reply did not verify: %s\n%s", qPrintable(verified.error().toString()), reply.body.constData());
        return {};
    }
    return *verified;
}

void TestSandboxAuth::validRequestPasses()
{
    const alipay::VerifiedResponse answer = send(m_client->sign(kQuery, byNumber(QStringLiteral("NONE-1"))));
    QCOMPARE(answer.subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    QVERIFY(answer.signatureVerified);
}

void TestSandboxAuth::tamperedRequestEchoesTheSignContent()
{
    alipay::Params params = m_client->sign(kQuery, byNumber(QStringLiteral("ORIGINAL")));
    params.set(QStringLiteral("biz_content"), QStringLiteral("{\"out_trade_no\":\"TAMPERED\"}"));
    const alipay::VerifiedResponse answer = send(params);
    QCOMPARE(answer.code(), QStringLiteral("40002"));
    QCOMPARE(answer.msg(), QStringLiteral("Invalid Arguments"));
    QCOMPARE(answer.subCode(), QStringLiteral("isv.invalid-signature"));
    // The string the gateway computed, as Alipay shows it: raw values, sorted, no sign.
    QCOMPARE(answer.subMsg(), kSignatureEcho + QString::fromUtf8(alipay::SignContent::forRequest(params)));
    QVERIFY(answer.subMsg().contains(QStringLiteral("biz_content={\"out_trade_no\":\"TAMPERED\"}&charset=utf-8")));
    QVERIFY(answer.signatureVerified);
    QVERIFY(m_sandbox.log().contains("isv.invalid-signature"));

    // A changed amount or any other parameter is caught the same way.
    alipay::Params timestamp = m_client->sign(kQuery, byNumber(QStringLiteral("ORIGINAL")));
    timestamp.set(QStringLiteral("sign_type"), QStringLiteral("RSA2"));
    timestamp.set(QStringLiteral("app_auth_token"), QStringLiteral("injected"));
    QCOMPARE(send(timestamp).subCode(), QStringLiteral("isv.invalid-signature"));
}

void TestSandboxAuth::foreignKeyIsAnInvalidSignature()
{
    // The classic mix-up: signing with a key whose public half was never registered.
    auto other = alipay::PrivateKey::generate();
    QVERIFY(other.ok());
    alipay::Params params = m_client->sign(kQuery, byNumber(QStringLiteral("OTHER")));
    resign(params, *other);
    QCOMPARE(send(params).subCode(), QStringLiteral("isv.invalid-signature"));
}

void TestSandboxAuth::commonParameterChecks_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value"); // "<remove>" removes the parameter
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("subCode");
    QTest::addColumn<QString>("member");

    const QString remove = QStringLiteral("<remove>");
    const QString normal = QStringLiteral("alipay_trade_query_response");
    const QString error = QStringLiteral("error_response");
    QTest::newRow("no method") << "method" << remove << "40001"
                               << "isv.missing-method" << error;
    QTest::newRow("no app_id") << "app_id" << remove << "40001"
                               << "isv.missing-app-id" << normal;
    QTest::newRow("unknown app_id") << "app_id"
                                    << "2021000000000000"
                                    << "40002"
                                    << "isv.invalid-app-id" << normal;
    QTest::newRow("no charset") << "charset" << remove << "40002"
                                << "isv.invalid-charset" << normal;
    QTest::newRow("charset latin1") << "charset"
                                    << "iso-8859-1"
                                    << "40002"
                                    << "isv.invalid-charset" << normal;
    QTest::newRow("format xml") << "format"
                                << "XML"
                                << "40002"
                                << "isv.invalid-format" << normal;
    QTest::newRow("no sign_type") << "sign_type" << remove << "40001"
                                  << "isv.missing-signature-type" << normal;
    QTest::newRow("sign_type RSA") << "sign_type"
                                   << "RSA"
                                   << "40002"
                                   << "isv.missing-signature-config" << normal;
    QTest::newRow("sign_type MD5") << "sign_type"
                                   << "MD5"
                                   << "40002"
                                   << "isv.invalid-signature-type" << normal;
    QTest::newRow("no sign") << "sign" << remove << "40001"
                             << "isv.missing-signature" << normal;
    QTest::newRow("no timestamp") << "timestamp" << remove << "40001"
                                  << "isv.missing-timestamp" << normal;
    QTest::newRow("no version") << "version" << remove << "40001"
                                << "isv.missing-version" << normal;
    QTest::newRow("version 2.0") << "version"
                                 << "2.0"
                                 << "40002"
                                 << "isv.invalid-parameter" << normal;
    QTest::newRow("encrypt_type DES") << "encrypt_type"
                                      << "DES"
                                      << "40002"
                                      << "isv.invalid-encrypt-type" << normal;
}

void TestSandboxAuth::commonParameterChecks()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, code);
    QFETCH(QString, subCode);
    QFETCH(QString, member);

    alipay::Params params = m_client->sign(kQuery, byNumber(QStringLiteral("CHECKS")));
    if (value == u"<remove>")
        params.remove(key);
    else
        params.set(key, value);
    if (key != u"sign")
        resign(params, m_client->config().appPrivateKey);
    const alipay::VerifiedResponse answer = send(params);
    QCOMPARE(answer.code(), code);
    QCOMPARE(answer.subCode(), subCode);
    QCOMPARE(answer.member, member);
    QVERIFY(!answer.subMsg().isEmpty());
    // Without a known app there is nothing to sign the refusal for.
    const bool knownApp = key != u"app_id" && member != u"error_response";
    QCOMPARE(answer.signatureVerified, knownApp);
}

void TestSandboxAuth::timestampWindow_data()
{
    QTest::addColumn<int>("offsetSeconds");
    QTest::addColumn<QString>("text"); // instead of the offset, when set
    QTest::addColumn<bool>("accepted");
    QTest::newRow("now") << 0 << QString() << true;
    QTest::newRow("14 min ago") << -14 * 60 << QString() << true;
    QTest::newRow("14 min ahead") << 14 * 60 << QString() << true;
    QTest::newRow("16 min ago") << -16 * 60 << QString() << false;
    QTest::newRow("16 min ahead") << 16 * 60 << QString() << false;
    QTest::newRow("2 h ahead") << 2 * 3600 << QString() << false;
    // The classic: a server on UTC sending its local time, 8 hours behind.
    QTest::newRow("UTC instead of UTC+8") << -8 * 3600 << QString() << false;
    QTest::newRow("ISO format") << 0 << QStringLiteral("2026-01-02T10:00:00") << false;
    QTest::newRow("milliseconds") << 0 << QStringLiteral("2026-01-02 10:00:00.123") << false;
    QTest::newRow("no seconds") << 0 << QStringLiteral("2026-01-02 10:00") << false;
}

void TestSandboxAuth::timestampWindow()
{
    QFETCH(int, offsetSeconds);
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    alipay::Params params = m_client->sign(kQuery, byNumber(QStringLiteral("TIME")));
    params.set(QStringLiteral("timestamp"),
               text.isEmpty() ? alipay::Timestamp::format(QDateTime::currentDateTimeUtc().addSecs(offsetSeconds))
                              : text);
    resign(params, m_client->config().appPrivateKey);
    const alipay::VerifiedResponse answer = send(params);
    if (accepted) {
        QCOMPARE(answer.subCode(), QStringLiteral("ACQ.TRADE_NOT_EXIST"));
    } else {
        QCOMPARE(answer.code(), QStringLiteral("40002"));
        QCOMPARE(answer.subCode(), QStringLiteral("isv.invalid-timestamp"));
    }
}

void TestSandboxAuth::unknownMethodIsAnErrorResponse()
{
    alipay::Params params = m_client->sign(QStringLiteral("alipay.trade.wap.pay"), byNumber(QStringLiteral("X")));
    const HttpResult reply = m_client->post(params);
    QVERIFY2(reply.body.startsWith("{\"error_response\":{\"code\":\"40002\",\"msg\":\"Invalid Arguments\","
                                   "\"sub_code\":\"isv.invalid-method\""),
             reply.body.constData());
    auto verified = m_client->verify(reply, QStringLiteral("alipay.trade.wap.pay"));
    QVERIFY(verified.ok());
    QCOMPARE(verified->member, QStringLiteral("error_response"));
    QCOMPARE(verified->subMsg(), QStringLiteral("不存在的方法名"));

    // An empty GET: no method at all.
    const HttpResult empty = httpGet(m_sandbox.gatewayUrl());
    QVERIFY2(empty.body.contains("isv.missing-method"), empty.body.constData());
}

void TestSandboxAuth::bizContentMustBeJson()
{
    alipay::Params params = m_client->sign(kQuery, byNumber(QStringLiteral("JSON")));
    for (const QString& bad : {QStringLiteral("out_trade_no=1"), QStringLiteral("[1,2]"), QStringLiteral("{\"a\":")}) {
        params.set(QStringLiteral("biz_content"), bad);
        resign(params, m_client->config().appPrivateKey);
        const alipay::VerifiedResponse answer = send(params);
        QCOMPARE(answer.code(), QStringLiteral("40002"));
        QCOMPARE(answer.subCode(), QStringLiteral("isv.invalid-parameter"));
    }
    params.remove(QStringLiteral("biz_content"));
    resign(params, m_client->config().appPrivateKey);
    QCOMPARE(send(params).subCode(), QStringLiteral("isv.invalid-parameter"));

    // Valid JSON without the trade's number is the method's own refusal.
    params.set(QStringLiteral("biz_content"), QStringLiteral("{}"));
    resign(params, m_client->config().appPrivateKey);
    const alipay::VerifiedResponse empty = send(params);
    QCOMPARE(empty.code(), QStringLiteral("40004"));
    QCOMPARE(empty.subCode(), QStringLiteral("ACQ.INVALID_PARAMETER"));

    // Form data that is not clean is refused before anything else.
    const HttpResult broken = httpPost(m_sandbox.gatewayUrl(), "method=alipay.trade.query&biz_content=%zz");
    QVERIFY2(broken.body.contains("isv.invalid-parameter"), broken.body.constData());
}

void TestSandboxAuth::onlyGetAndPost()
{
    QCOMPARE(httpDelete(m_sandbox.gatewayUrl()).status, 405);
}

QTEST_GUILESS_MAIN(TestSandboxAuth)
#include "TestSandboxAuth.moc"
