#include "TestSupport.h"

#include "alipay/ApiRequest.h"
#include "alipay/RequestBuilder.h"
#include "alipay/SignContent.h"
#include "alipay/api/TradePrecreate.h"

#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::alipay;

class TestRequestBuilder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void commonParametersAndSignature();
    void timestampIsChinaTimeWhateverTheZone_data();
    void timestampIsChinaTimeWhateverTheZone();
    void emptyOptionalFieldsAreLeftOut();
    void bizContentIsSentAsItsBytes();
    void aesEncryptsThenSigns();
    void certificateModeSignsTheSns();

private:
    RequestBuilder::Identity identity() const;
    bool opensslVerifies(const Params& params) const;
    static TradePrecreate precreate();

    QTemporaryDir m_dir;
    PrivateKey m_key;
    // 2026-11-26 04:00:00 UTC is 12:00:00 in Beijing.
    ManualClock m_clock{QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc())};
};

void TestRequestBuilder::initTestCase()
{
    test::makeKeyPair(m_dir.path(), QStringLiteral("app"));
    auto key = PrivateKey::fromFile(m_dir.filePath(QStringLiteral("app_private_key.pem")));
    QVERIFY(key.ok());
    m_key = *key;
}

RequestBuilder::Identity TestRequestBuilder::identity() const
{
    RequestBuilder::Identity id;
    id.appId = QStringLiteral("9021000000000001");
    id.privateKey = m_key;
    return id;
}

TradePrecreate TestRequestBuilder::precreate()
{
    TradePrecreate call;
    call.outTradeNo = QStringLiteral("T1-20261126-0001");
    call.totalAmount = Money::fromFen(1234);
    call.subject = QStringLiteral("咖啡 Coffee");
    return call;
}

bool TestRequestBuilder::opensslVerifies(const Params& params) const
{
    const QString signaturePath = m_dir.filePath(QStringLiteral("sig.bin"));
    test::writeFile(signaturePath, QByteArray::fromBase64(params.value(QStringLiteral("sign")).toLatin1()));
    const auto result =
        test::run(QStringLiteral("openssl"),
                  {QStringLiteral("dgst"), QStringLiteral("-sha256"), QStringLiteral("-verify"),
                   m_dir.filePath(QStringLiteral("app_public_key.pem")), QStringLiteral("-signature"), signaturePath},
                  SignContent::forRequest(params));
    return result.exitCode == 0 && result.out.contains("Verified OK");
}

void TestRequestBuilder::commonParametersAndSignature()
{
    RequestBuilder builder(identity(), m_clock);
    auto params = builder.build(precreate().request());
    QVERIFY(params.ok());
    QCOMPARE(params->value(QStringLiteral("app_id")), QStringLiteral("9021000000000001"));
    QCOMPARE(params->value(QStringLiteral("method")), QStringLiteral("alipay.trade.precreate"));
    QCOMPARE(params->value(QStringLiteral("format")), QStringLiteral("JSON"));
    QCOMPARE(params->value(QStringLiteral("charset")), QStringLiteral("utf-8"));
    QCOMPARE(params->value(QStringLiteral("sign_type")), QStringLiteral("RSA2"));
    QCOMPARE(params->value(QStringLiteral("version")), QStringLiteral("1.0"));
    QCOMPARE(params->value(QStringLiteral("timestamp")), QStringLiteral("2026-11-26 12:00:00"));
    QVERIFY(!params->contains(QStringLiteral("notify_url")));
    QVERIFY(!params->contains(QStringLiteral("app_cert_sn")));

    // The exact string Alipay's SDKs sign for these parameters, written out by hand.
    const QByteArray expected =
        "app_id=9021000000000001&biz_content={\"out_trade_no\":\"T1-20261126-0001\",\"product_code\":"
        "\"FACE_TO_FACE_PAYMENT\",\"subject\":\"\xe5\x92\x96\xe5\x95\xa1 Coffee\",\"total_amount\":\"12.34\"}"
        "&charset=utf-8&format=JSON&method=alipay.trade.precreate&sign_type=RSA2&timestamp=2026-11-26 12:00:00"
        "&version=1.0";
    QCOMPARE(SignContent::forRequest(*params), expected);
    QVERIFY(opensslVerifies(*params));

    Params tampered = *params;
    tampered.set(
        QStringLiteral("biz_content"),
        tampered.value(QStringLiteral("biz_content")).replace(QStringLiteral("12.34"), QStringLiteral("0.01")));
    QVERIFY(!opensslVerifies(tampered));
}

void TestRequestBuilder::timestampIsChinaTimeWhateverTheZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::newRow("UTC") << QByteArray("UTC");
    QTest::newRow("New York") << QByteArray("America/New_York");
    QTest::newRow("Shanghai") << QByteArray("Asia/Shanghai");
    QTest::newRow("Kathmandu") << QByteArray("Asia/Kathmandu");
}

void TestRequestBuilder::timestampIsChinaTimeWhateverTheZone()
{
    QFETCH(QByteArray, zone);
    const QByteArray saved = qgetenv("TZ");
    qputenv("TZ", zone);
    tzset();
    RequestBuilder builder(identity(), m_clock);
    auto params = builder.build(precreate().request());
    qputenv("TZ", saved);
    tzset();
    QVERIFY(params.ok());
    QCOMPARE(params->value(QStringLiteral("timestamp")), QStringLiteral("2026-11-26 12:00:00"));
}

void TestRequestBuilder::emptyOptionalFieldsAreLeftOut()
{
    TradePrecreate call = precreate();
    call.storeId = QString();
    call.notifyUrl = QStringLiteral("https://shop.example/notify");
    RequestBuilder builder(identity(), m_clock);
    auto params = builder.build(call.request());
    QVERIFY(params.ok());
    QVERIFY(!params->value(QStringLiteral("biz_content")).contains(QStringLiteral("store_id")));
    QCOMPARE(params->value(QStringLiteral("notify_url")), QStringLiteral("https://shop.example/notify"));
    QVERIFY(SignContent::forRequest(*params).contains("notify_url=https://shop.example/notify"));
    QVERIFY(opensslVerifies(*params));
}

// biz_content goes out as the bytes the call wrote, a leading U+FEFF (EF BB BF) included.
void TestRequestBuilder::bizContentIsSentAsItsBytes()
{
    const QByteArray biz = "\xEF\xBB\xBF{\"out_trade_no\":\"T1\",\"subject\":\"\xEF\xBB\xBFTea\"}";
    RequestBuilder builder(identity(), m_clock);
    auto params = builder.build(ApiRequest{QStringLiteral("alipay.trade.query"), biz, {}});
    QVERIFY(params.ok());
    QCOMPARE(params->value(QStringLiteral("biz_content")).toUtf8(), biz);
    QVERIFY(SignContent::forRequest(*params).contains(QByteArray("&biz_content=" + biz + "&")));
    QVERIFY(opensslVerifies(*params));
}

void TestRequestBuilder::aesEncryptsThenSigns()
{
    const QByteArray keyBase64 = "MDEyMzQ1Njc4OWFiY2RlZg=="; // "0123456789abcdef"
    auto cipher = ContentCipher::fromBase64Key(keyBase64, QStringLiteral("test"));
    QVERIFY(cipher.ok());
    RequestBuilder::Identity id = identity();
    id.contentCipher = *cipher;
    RequestBuilder builder(id, m_clock);
    const ApiRequest request = precreate().request();
    auto params = builder.build(request);
    QVERIFY(params.ok());
    QCOMPARE(params->value(QStringLiteral("encrypt_type")), QStringLiteral("AES"));
    const QString encrypted = params->value(QStringLiteral("biz_content"));
    QVERIFY(!encrypted.contains(u'{'));
    QVERIFY(opensslVerifies(*params)); // the signature covers the ciphertext

    // Decrypt with the openssl command line: AES-128-CBC, zero IV.
    const auto decrypted =
        test::run(QStringLiteral("openssl"),
                  {QStringLiteral("enc"), QStringLiteral("-d"), QStringLiteral("-aes-128-cbc"), QStringLiteral("-K"),
                   QString::fromLatin1(QByteArray::fromBase64(keyBase64).toHex()), QStringLiteral("-iv"),
                   QStringLiteral("00000000000000000000000000000000")},
                  QByteArray::fromBase64(encrypted.toLatin1()));
    QCOMPARE(decrypted.exitCode, 0);
    QCOMPARE(decrypted.out, request.bizContent);
}

void TestRequestBuilder::certificateModeSignsTheSns()
{
    RequestBuilder::Identity id = identity();
    id.appCertSn = QStringLiteral("866efef280dec9137a87d047ac446315");
    id.alipayRootCertSn = QStringLiteral("687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6");
    RequestBuilder builder(id, m_clock);
    auto params = builder.build(precreate().request());
    QVERIFY(params.ok());
    const QByteArray content = SignContent::forRequest(*params);
    QVERIFY(content.startsWith("alipay_root_cert_sn=687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6"
                               "&app_cert_sn=866efef280dec9137a87d047ac446315&app_id="));
    QVERIFY(opensslVerifies(*params));
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "TestRequestBuilder.moc"
