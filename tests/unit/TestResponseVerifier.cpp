#include "TestSupport.h"
#include "alipay/ContentCipher.h"
#include "alipay/PublicKey.h"
#include "alipay/ResponseVerifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using counterpay::Error;
using counterpay::alipay::ContentCipher;
using counterpay::alipay::PublicKey;
using counterpay::alipay::ResponseVerifier;
using counterpay::alipay::VerifiedResponse;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(COUNTERPAY_TEST_DATA "/verify/");
const QString kCertSn = u"0f1e2d3c4b5a69788796a5b4c3d2e1f0"_s;

QByteArray readFixture(const QString& path)
{
    QFile file(path.startsWith(u'/') ? path : kData + path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

PublicKey publicKeyFrom(const QString& name)
{
    auto key = PublicKey::fromFile(kData + name);
    if (!key)
        qFatal("fixture key refused: %s", qPrintable(key.error().toString()));
    return *key;
}

ContentCipher testCipher()
{
    auto cipher =
        ContentCipher::fromBase64Key(readFixture(QStringLiteral(COUNTERPAY_TEST_DATA "/aes/key-128.b64")), u"test"_s);
    if (!cipher)
        qFatal("fixture AES key refused");
    return *cipher;
}

ResponseVerifier verifier()
{
    ResponseVerifier verifier(publicKeyFrom(u"alipay_test_public.pem"_s));
    verifier.setContentCipher(testCipher());
    return verifier;
}

QString describe(const counterpay::Result<VerifiedResponse>& result)
{
    return result.ok() ? u"accepted: "_s + result->code() : result.error().toString();
}

// The value of the member as it appears in a fixture, located by hand (independently of the scanner):
// from after the member's name and colon to before the comma that precedes "sign".
QByteArray nodeIn(const QByteArray& body, const QByteArray& member)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    qsizetype start = body.indexOf(QByteArray('"' + member + '"')) + member.size() + 2;
    while (isSpace(body[start]) || body[start] == ':')
        ++start;
    qsizetype end = body.lastIndexOf("\"sign\"");
    while (isSpace(body[end - 1]) || body[end - 1] == ',')
        --end;
    return body.mid(start, end - start);
}

} // namespace

class TestResponseVerifier : public QObject
{
    Q_OBJECT

private slots:
    void accepted_data();
    void accepted();
    void rejected_data();
    void rejected();
    void signedBytesAreTheRawSpan();
    void signatureOverUnescapedSlashesLikeJavaSdk();
    void everyTamperedByteIsRefused_data();
    void everyTamperedByteIsRefused();
    void tamperedSignatureIsRefused();
    void gbkDecodedAfterVerifying();
    void valueStartingWithByteOrderMark();
    void certSn();
    void aesEncryptedReply();
    void aesReplyWithoutKeyIsConfigError();
    void appKeyInsteadOfAlipayKey();
    void knownAnswerFromAlipaySdk();
    void responseMemberNames_data();
    void responseMemberNames();
};

void TestResponseVerifier::accepted_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("subCode");
    QTest::addColumn<bool>("signatureVerified");

    const QString query = u"alipay.trade.query"_s;
    const QString queryMember = u"alipay_trade_query_response"_s;
    QTest::newRow("paid") << u"paid.json"_s << query << queryMember << u"10000"_s << QString() << true;
    QTest::newRow("whitespace between tokens")
        << u"spaced.json"_s << query << queryMember << u"10000"_s << QString() << true;
    QTest::newRow("escaped slashes signed raw")
        << u"raw-signature.json"_s << u"alipay.trade.precreate"_s << u"alipay_trade_precreate_response"_s << u"10000"_s
        << QString() << true;
    QTest::newRow("business failure, signed")
        << u"business-failed.json"_s << query << queryMember << u"40004"_s << u"ACQ.TRADE_NOT_EXIST"_s << true;
    QTest::newRow("business failure, unsigned") << u"business-failed-unsigned.json"_s << query << queryMember
                                                << u"40004"_s << u"ACQ.TRADE_NOT_EXIST"_s << false;
    QTest::newRow("error_response, unsigned")
        << u"error-unsigned.json"_s << query << u"error_response"_s << u"40002"_s << u"isv.invalid-app-id"_s << false;
    QTest::newRow("error_response, signed")
        << u"error-signed.json"_s << query << u"error_response"_s << u"40002"_s << u"isv.invalid-app-id"_s << true;
    QTest::newRow("GBK bytes") << u"business-failed-gbk.json"_s << query << queryMember << u"40004"_s
                               << u"ACQ.TRADE_NOT_EXIST"_s << true;
}

void TestResponseVerifier::accepted()
{
    QFETCH(QString, file);
    QFETCH(QString, method);
    QFETCH(QString, member);
    QFETCH(QString, code);
    QFETCH(QString, subCode);
    QFETCH(bool, signatureVerified);

    const QByteArray body = readFixture(file);
    const auto response = verifier().verify(body, method);
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    QCOMPARE(response->member, member);
    QCOMPARE(response->code(), code);
    QCOMPARE(response->subCode(), subCode);
    QCOMPARE(response->isSuccess(), code == u"10000"_s);
    QCOMPARE(response->signatureVerified, signatureVerified);
    QCOMPARE(response->signedBytes.isEmpty(), !signatureVerified);
    if (signatureVerified)
        QCOMPARE(response->signedBytes, nodeIn(body, member.toLatin1()));
    QVERIFY(response->certSn.isEmpty());
}

void TestResponseVerifier::rejected_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("method");
    QTest::addColumn<Error::Category>("category");

    const QString query = u"alipay.trade.query"_s;
    const auto security = Error::Category::Security;
    const auto gateway = Error::Category::Gateway;
    QTest::newRow("unsigned success") << readFixture(u"paid-unsigned.json"_s) << query << security;
    QTest::newRow("unsigned, no code") << readFixture(u"unsigned-no-code.json"_s) << query << security;
    QTest::newRow("signed with another key") << readFixture(u"paid-other-key.json"_s) << query << security;
    QTest::newRow("second response member") << readFixture(u"forgery-duplicate.json"_s) << query << security;
    QTest::newRow("second response member, escaped name")
        << readFixture(u"forgery-duplicate-escaped.json"_s) << query << security;
    QTest::newRow("two signs") << readFixture(u"forgery-two-signs.json"_s) << query << security;
    QTest::newRow("AES, signed without the quotes")
        << readFixture(u"aes-signed-without-quotes.json"_s) << query << security;
    QTest::newRow("AES, unsigned") << readFixture(u"aes-unsigned.json"_s) << query << security;
    QTest::newRow("answer to another method") << readFixture(u"wrong-method.json"_s) << query << gateway;
    QTest::newRow("asked another method than answered")
        << readFixture(u"paid.json"_s) << u"alipay.trade.pay"_s << gateway;
    QTest::newRow("empty sign") << QByteArray(R"({"alipay_trade_query_response":{"code":"10000"},"sign":""})") << query
                                << security;
    QTest::newRow("sign not base64") << QByteArray(R"({"alipay_trade_query_response":{"code":"10000"},"sign":"%%%"})")
                                     << query << security;
    QTest::newRow("unsigned, code 10000 as a number")
        << QByteArray(R"({"alipay_trade_query_response":{"code":10000}})") << query << security;
    QTest::newRow("not JSON") << QByteArray("<html>502 Bad Gateway</html>") << query << gateway;
    QTest::newRow("empty body") << QByteArray() << query << gateway;
    QTest::newRow("truncated") << readFixture(u"paid.json"_s).chopped(40) << query << gateway;
    QTest::newRow("unsigned error with a broken node")
        << QByteArray(R"({"error_response":{"code":"40002","msg":"\ud800"}})") << query << gateway;
    QTest::newRow("not a method name") << readFixture(u"paid.json"_s) << u"alipay trade query"_s
                                       << Error::Category::Input;
}

void TestResponseVerifier::rejected()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, method);
    QFETCH(Error::Category, category);
    const auto response = verifier().verify(body, method);
    QVERIFY2(!response.ok(), qPrintable(describe(response)));
    QCOMPARE(Error::categoryName(response.error().category()), Error::categoryName(category));
    QVERIFY(!response.error().message().isEmpty());
}

void TestResponseVerifier::signatureOverUnescapedSlashesLikeJavaSdk()
{
    // Signed over the text with "/" where the reply carries "\/": the Java SDK's retry accepts it, and
    // so do we, but only with Alipay's signature (another key still fails).
    const QByteArray body = readFixture(u"reserialised-signature.json"_s);
    const auto response = verifier().verify(body, u"alipay.trade.precreate");
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    QVERIFY(response->signedBytes.contains("\"qr_code\":\"https:/"
                                           "/qr.alipay.com/bax08431\""));
    QCOMPARE(response->node.value(u"qr_code"_s).toString(), u"https://qr.alipay.com/bax08431"_s);
    QByteArray tampered = body;
    tampered.replace("bax08431", "bax08432");
    QVERIFY(!verifier().verify(tampered, u"alipay.trade.precreate").ok());
}

void TestResponseVerifier::signedBytesAreTheRawSpan()
{
    const QByteArray body = readFixture(u"raw-signature.json"_s);
    const auto response = verifier().verify(body, u"alipay.trade.precreate");
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    QVERIFY(response->signedBytes.contains(R"(https:\/\/qr.alipay.com\/bax08431)"));
    QCOMPARE(response->node.value(u"qr_code"_s).toString(), u"https://qr.alipay.com/bax08431"_s);
    // What a JSON library writes back is not what Alipay signed.
    QVERIFY(QJsonDocument(response->node).toJson(QJsonDocument::Compact) != response->signedBytes);

    const auto paid = verifier().verify(readFixture(u"paid.json"_s), u"alipay.trade.query");
    QVERIFY2(paid.ok(), qPrintable(describe(paid)));
    QVERIFY(paid->signedBytes.contains(R"(Caf\u00e9 \u4e2d\u5173\u6751 {\"sign\":\"x\"} 店)"));
    QCOMPARE(paid->node.value(u"store_name"_s).toString(), QStringLiteral("Café 中关村 {\"sign\":\"x\"} 店"));
    QCOMPARE(paid->node.value(u"ext_infos"_s).toString(), u"https://example.com/a?b=1&c=}"_s);
    QCOMPARE(paid->node.value(u"fund_bill_list"_s).toArray().size(), 1);
    QCOMPARE(paid->msg(), u"Success"_s);
}

void TestResponseVerifier::everyTamperedByteIsRefused_data()
{
    QTest::addColumn<qsizetype>("offset");
    const QByteArray body = readFixture(u"paid.json"_s);
    const QByteArray node = nodeIn(body, "alipay_trade_query_response");
    const qsizetype start = body.indexOf(node);
    for (qsizetype i = 0; i < node.size(); ++i)
        QTest::addRow("byte %lld", static_cast<long long>(i)) << start + i;
}

void TestResponseVerifier::everyTamperedByteIsRefused()
{
    QFETCH(qsizetype, offset);
    QByteArray body = readFixture(u"paid.json"_s);
    body[offset] = static_cast<char>(body[offset] ^ 0x01);
    const auto response = verifier().verify(body, u"alipay.trade.query");
    QVERIFY2(!response.ok(), qPrintable(describe(response)));
    // Either the JSON broke (Gateway) or the signature did (Security); never accepted.
    QVERIFY(response.error().category() == Error::Category::Security ||
            response.error().category() == Error::Category::Gateway);
}

void TestResponseVerifier::tamperedSignatureIsRefused()
{
    QByteArray body = readFixture(u"paid.json"_s);
    const qsizetype signAt = body.indexOf("\"sign\":\"") + 8;
    const QByteArray sign = body.mid(signAt, body.indexOf('"', signAt) - signAt);
    body[signAt + 10] = body[signAt + 10] == 'A' ? 'B' : 'A';
    const auto response = verifier().verify(body, u"alipay.trade.query");
    QVERIFY(!response.ok());
    QCOMPARE(response.error().category(), Error::Category::Security);
    // Nothing of the signature or the key in the error.
    QVERIFY(!response.error().message().contains(QString::fromLatin1(sign.left(16))));
    QVERIFY(!response.error().detail().contains(QString::fromLatin1(sign.left(16))));
    QVERIFY(response.error().detail().contains(u"alipay_trade_query_response"_s));
}

void TestResponseVerifier::gbkDecodedAfterVerifying()
{
    const QByteArray body = readFixture(u"business-failed-gbk.json"_s);
    const auto response = verifier().verify(body, u"alipay.trade.query");
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    // The bytes verified are the GBK bytes as received...
    QVERIFY(response->signedBytes.contains("\xBD\xBB\xD2\xD7\xB2\xBB\xB4\xE6\xD4\xDA"));
    // ...and the text is decoded only afterwards.
    QCOMPARE(response->subMsg(), QStringLiteral("交易不存在"));
}

// A text in the reply that begins with U+FEFF keeps it once parsed (Qt's JSON parser alone drops it).
void TestResponseVerifier::valueStartingWithByteOrderMark()
{
    const QByteArray node = "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\","
                            "\"sub_msg\":\"\xEF\xBB\xBF\xE4\xBA\xA4\xE6\x98\x93\"}";
    const QByteArray sign =
        counterpay::test::opensslSign(QStringLiteral(COUNTERPAY_TEST_DATA "/verify/alipay_test_private.pem"), node);
    const QByteArray body = "{\"alipay_trade_query_response\":" + node + ",\"sign\":\"" + sign + "\"}";
    const auto response = verifier().verify(body, u"alipay.trade.query");
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    QVERIFY(response->signatureVerified);
    QCOMPARE(response->subMsg(), QString(QChar(0xFEFF)) + QStringLiteral("交易"));
}

void TestResponseVerifier::certSn()
{
    ResponseVerifier certMode = verifier();
    certMode.setExpectedCertSn(kCertSn);

    const auto same = certMode.verify(readFixture(u"paid-cert-sn.json"_s), u"alipay.trade.query");
    QVERIFY2(same.ok(), qPrintable(describe(same)));
    QCOMPARE(same->certSn, kCertSn);

    const auto other = certMode.verify(readFixture(u"paid-other-cert-sn.json"_s), u"alipay.trade.query");
    QVERIFY(!other.ok());
    QCOMPARE(other.error().category(), Error::Category::Security);
    QVERIFY(other.error().message().contains(u"ffffffffffffffffffffffffffffffff"_s));

    // Without a configured SN the reply's SN is reported, not judged.
    const auto keyMode = verifier().verify(readFixture(u"paid-other-cert-sn.json"_s), u"alipay.trade.query");
    QVERIFY2(keyMode.ok(), qPrintable(describe(keyMode)));
    QCOMPARE(keyMode->certSn, u"ffffffffffffffffffffffffffffffff"_s);

    // A success without alipay_cert_sn does not say which certificate signed it: refused, although its
    // signature holds with the configured key (and is accepted where no certificate is configured).
    const auto without = certMode.verify(readFixture(u"paid.json"_s), u"alipay.trade.query");
    QVERIFY(!without.ok());
    QCOMPARE(without.error().category(), Error::Category::Security);
    QVERIFY2(without.error().message().contains(u"alipay_cert_sn"_s), qPrintable(without.error().message()));
    QVERIFY(verifier().verify(readFixture(u"paid.json"_s), u"alipay.trade.query").ok());
    // An error may come without it, signed or not, as Alipay sends some.
    for (const QString& error : {u"business-failed.json"_s, u"business-failed-unsigned.json"_s}) {
        const auto refusal = certMode.verify(readFixture(error), u"alipay.trade.query");
        QVERIFY2(refusal.ok(), qPrintable(error + u": "_s + describe(refusal)));
        QCOMPARE(refusal->code(), u"40004"_s);
    }
}

void TestResponseVerifier::aesEncryptedReply()
{
    for (const QString& file : {u"aes.json"_s, u"aes-escaped-slash.json"_s}) {
        const QByteArray body = readFixture(file);
        const auto response = verifier().verify(body, u"alipay.trade.query");
        QVERIFY2(response.ok(), qPrintable(file + u": "_s + describe(response)));
        QVERIFY(response->signatureVerified);
        // Alipay's Java SDK signs the string token with its quotes.
        QVERIFY(response->signedBytes.startsWith('"') && response->signedBytes.endsWith('"'));
        QCOMPARE(response->signedBytes, nodeIn(body, "alipay_trade_query_response"));
        QCOMPARE(response->code(), u"10000"_s);
        QCOMPARE(response->node.value(u"total_amount"_s).toString(), u"88.88"_s);
        QCOMPARE(response->node.value(u"trade_status"_s).toString(), u"TRADE_SUCCESS"_s);
    }
    QVERIFY(readFixture(u"aes-escaped-slash.json"_s).contains("\\/"));

    // Verified, but the configured key is not the one the reply was encrypted with.
    ResponseVerifier wrongKey(publicKeyFrom(u"alipay_test_public.pem"_s));
    wrongKey.setContentCipher(*ContentCipher::fromBase64Key("aYA0GP8JEW+D7/UFaskCWA==", u"test"_s));
    const auto response = wrongKey.verify(readFixture(u"aes.json"_s), u"alipay.trade.query");
    QVERIFY(!response.ok());
    QVERIFY(response.error().category() == Error::Category::Config ||
            response.error().category() == Error::Category::Gateway);
}

void TestResponseVerifier::aesReplyWithoutKeyIsConfigError()
{
    ResponseVerifier noCipher(publicKeyFrom(u"alipay_test_public.pem"_s));
    const auto response = noCipher.verify(readFixture(u"aes.json"_s), u"alipay.trade.query");
    QVERIFY(!response.ok());
    QCOMPARE(response.error().category(), Error::Category::Config);

    // Switching the cipher off again.
    ResponseVerifier switched = verifier();
    switched.setContentCipher(std::nullopt);
    QCOMPARE(switched.verify(readFixture(u"aes.json"_s), u"alipay.trade.query").error().category(),
             Error::Category::Config);
}

void TestResponseVerifier::appKeyInsteadOfAlipayKey()
{
    // The commonest field mistake: the app's own public key configured where Alipay's belongs.
    ResponseVerifier mixedUp(publicKeyFrom(u"other_public.pem"_s));
    const auto response = mixedUp.verify(readFixture(u"paid.json"_s), u"alipay.trade.query");
    QVERIFY(!response.ok());
    QCOMPARE(response.error().category(), Error::Category::Security);
    QVERIFY(response.error().message().contains(u"public key"_s));
    // The detail names the key by fingerprint, so a log shows which key was used.
    const QString otherDetail = response.error().detail();
    const auto right = verifier().verify(readFixture(u"paid-other-key.json"_s), u"alipay.trade.query");
    QVERIFY(!right.ok());
    QVERIFY(otherDetail != right.error().detail());
}

void TestResponseVerifier::knownAnswerFromAlipaySdk()
{
    // A reply signed by Alipay itself (see tests/data/verify/alipay-sdk-nodejs/README.md).
    const QByteArray body = readFixture(u"alipay-sdk-nodejs/open-file-upload.json"_s);
    ResponseVerifier alipay(publicKeyFrom(u"alipay-sdk-nodejs/alipay-public-key.pem"_s));
    const auto response = alipay.verify(body, u"alipay.open.file.upload");
    QVERIFY2(response.ok(), qPrintable(describe(response)));
    QVERIFY(response->signatureVerified);
    QCOMPARE(response->node.value(u"file_id"_s).toString(), u"CAxAToWB1JsAAAAAAAAAAAAADgSLAQBr"_s);
    QCOMPARE(response->signedBytes,
             QByteArray(R"({"code":"10000","msg":"Success","file_id":"CAxAToWB1JsAAAAAAAAAAAAADgSLAQBr"})"));

    // The same reply against the test key, or altered by one character, is refused.
    QCOMPARE(verifier().verify(body, u"alipay.open.file.upload").error().category(), Error::Category::Security);
    QByteArray altered = body;
    altered.replace("CAxAToWB1Js", "CAxAToWB1Jt");
    QCOMPARE(alipay.verify(altered, u"alipay.open.file.upload").error().category(), Error::Category::Security);
}

void TestResponseVerifier::responseMemberNames_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("member");
    QTest::newRow("query") << u"alipay.trade.query"_s << QByteArray("alipay_trade_query_response");
    QTest::newRow("refund query") << u"alipay.trade.fastpay.refund.query"_s
                                  << QByteArray("alipay_trade_fastpay_refund_query_response");
    QTest::newRow("bill") << u"alipay.data.dataservice.bill.downloadurl.query"_s
                          << QByteArray("alipay_data_dataservice_bill_downloadurl_query_response");
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("space") << u"alipay trade"_s << QByteArray();
    QTest::newRow("quote") << u"alipay.\"x"_s << QByteArray();
    QTest::newRow("non-ASCII") << QStringLiteral("alipay.交易") << QByteArray();
}

void TestResponseVerifier::responseMemberNames()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, member);
    QCOMPARE(ResponseVerifier::responseMemberFor(method), member);
}

QTEST_GUILESS_MAIN(TestResponseVerifier)
#include "TestResponseVerifier.moc"
