#include "alipay/Params.h"
#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"

#include <QFile>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using counterpay::alipay::Params;
using counterpay::alipay::PrivateKey;
using counterpay::alipay::PublicKey;
using counterpay::alipay::Rsa2;
using counterpay::alipay::SignContent;

Q_DECLARE_METATYPE(Params)

namespace {

QString keyPath(const QString& name)
{
    return QStringLiteral(COUNTERPAY_TEST_DATA "/keys/") + name;
}

QByteArray readKey(const QString& name)
{
    QFile file(keyPath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

PrivateKey privateKey(const QString& name)
{
    auto key = PrivateKey::fromFile(keyPath(name));
    if (!key)
        qFatal("%s", qPrintable(key.error().toString()));
    return *key;
}

PublicKey publicKey(const QString& name)
{
    auto key = PublicKey::fromFile(keyPath(name));
    if (!key)
        qFatal("%s", qPrintable(key.error().toString()));
    return *key;
}

QByteArray withLineBreaks(const QByteArray& line, int width, const QByteArray& eol)
{
    QByteArray text;
    for (qsizetype i = 0; i < line.size(); i += width)
        text += line.mid(i, width) + (i + width < line.size() ? eol : QByteArray());
    return text;
}

// The precreate request whose sign content make-fixtures.sh wrote to content_request.txt, in a
// different order, with an empty value and a stale sign that must both be left out.
Params precreateParams()
{
    return Params{
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("timestamp"), QStringLiteral("2024-05-01 12:34:56")},
        {QStringLiteral("sign"), QStringLiteral("c3RhbGU=")},
        {QStringLiteral("app_auth_token"), QString()},
        {QStringLiteral("notify_url"), QStringLiteral("https://pay.example.com/alipay/notify?shop=1&x=%2B")},
        {QStringLiteral("biz_content"),
         QStringLiteral(u"{\"out_trade_no\":\"T01-20240501-000042\",\"total_amount\":\"88.88\",\"subject\":\"可口可乐 "
                        u"330ml ×2\",\"store_id\":\"NJ_001\",\"terminal_id\":\"T01\",\"timeout_express\":\"5m\","
                        u"\"goods_detail\":[{\"goods_id\":\"6901234567890\",\"goods_name\":\"可口可乐\",\"quantity\":2,"
                        u"\"price\":\"3.50\"}]}")},
        {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
        {QStringLiteral("method"), QStringLiteral("alipay.trade.precreate")},
        {QStringLiteral("format"), QStringLiteral("JSON")},
        {QStringLiteral("charset"), QStringLiteral("utf-8")},
        {QStringLiteral("app_id"), QStringLiteral("2021000000000001")},
    };
}

// A real trade notification signed by Alipay, from Alipay's Node.js SDK
// (alipay/alipay-sdk-nodejs-all test/alipay.test.ts, checkNotifySign, "verify sign should delete sign_type").
Params alipayTradeNotification()
{
    return Params{
        {QStringLiteral("gmt_create"), QStringLiteral("2019-08-15 15:56:22")},
        {QStringLiteral("charset"), QStringLiteral("utf-8")},
        {QStringLiteral("seller_email"), QStringLiteral("z97-yuquerevenue@service.aliyun.com")},
        {QStringLiteral("subject"), QStringLiteral(u"语雀空间 500人规模")},
        {QStringLiteral("sign"),
         QStringLiteral(
             "QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2"
             "S6Ri7nPwrVgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3"
             "svmSvFEy0WnzuhcyHPX5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEF"
             "ajkJ8cxUTLi8+VCpLHsgPE8P0y095uQcDdK0YjCh4x7wVSov+lrmOQ==")},
        {QStringLiteral("buyer_id"), QStringLiteral("2088102534368455")},
        {QStringLiteral("invoice_amount"), QStringLiteral("0.10")},
        {QStringLiteral("notify_id"), QStringLiteral("2019081500222155624068450559358070")},
        {QStringLiteral("fund_bill_list"), QStringLiteral("[{\"amount\":\"0.10\",\"fundChannel\":\"ALIPAYACCOUNT\"}]")},
        {QStringLiteral("notify_type"), QStringLiteral("trade_status_sync")},
        {QStringLiteral("trade_status"), QStringLiteral("TRADE_SUCCESS")},
        {QStringLiteral("receipt_amount"), QStringLiteral("0.10")},
        {QStringLiteral("buyer_pay_amount"), QStringLiteral("0.10")},
        {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
        {QStringLiteral("app_id"), QStringLiteral("2019073166072302")},
        {QStringLiteral("seller_id"), QStringLiteral("2088531891668739")},
        {QStringLiteral("gmt_payment"), QStringLiteral("2019-08-15 15:56:24")},
        {QStringLiteral("notify_time"), QStringLiteral("2019-08-15 15:56:25")},
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("out_trade_no"), QStringLiteral("20190815155618536-564-57")},
        {QStringLiteral("total_amount"), QStringLiteral("0.10")},
        {QStringLiteral("trade_no"), QStringLiteral("2019081522001468450512505578")},
        {QStringLiteral("auth_app_id"), QStringLiteral("2019073166072302")},
        {QStringLiteral("buyer_logon_id"), QStringLiteral("xud***@126.com")},
        {QStringLiteral("point_amount"), QStringLiteral("0.00")},
    };
}

} // namespace

class TestRsa2 : public QObject
{
    Q_OBJECT

private slots:
    void signMatchesOpenssl_data();
    void signMatchesOpenssl();
    void verifyAcceptsOpenssl_data();
    void verifyAcceptsOpenssl();
    void verifyRejectsEveryFlippedBit();
    void verifyRejectsChangedContent();
    void verifyRejectsBadEncodings_data();
    void verifyRejectsBadEncodings();
    void verifyRejectsWrongKey();
    void concurrentUse();
    void requestSignContentMatchesFixture();
    void forRequest_data();
    void forRequest();
    void forNotification_data();
    void forNotification();
    void javaSdkKnownAnswers_data();
    void javaSdkKnownAnswers();
    void alipaySignedNotification();
    void alipaySignedServiceMarketMessage();
};

void TestRsa2::signMatchesOpenssl_data()
{
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("content");
    for (const char* key :
         {"app_private_pkcs8.pem", "app_private_pkcs1.pem", "app_private_bare.txt", "app_private_pkcs1_bare.txt"}) {
        for (const char* content : {"ascii", "chinese", "request", "empty"}) {
            QTest::addRow("%s, %s", key, content) << QString::fromLatin1(key) << QString::fromLatin1(content);
        }
    }
}

void TestRsa2::signMatchesOpenssl()
{
    QFETCH(QString, keyFile);
    QFETCH(QString, content);
    const QByteArray text = readKey(QStringLiteral("content_") + content + QStringLiteral(".txt"));
    const auto signature = Rsa2::sign(privateKey(keyFile), text);
    QVERIFY(signature.ok());
    // Byte for byte what `openssl dgst -sha256 -sign` wrote: one line of padded standard base64.
    QCOMPARE(signature->toLatin1(), readKey(QStringLiteral("content_") + content + QStringLiteral(".sig")));
    QCOMPARE(signature->size(), 344);
}

void TestRsa2::verifyAcceptsOpenssl_data()
{
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("content");
    for (const char* key : {"app_public.pem", "app_public_pkcs1.pem", "app_public_bare.txt", "app_cert.pem"}) {
        for (const char* content : {"ascii", "chinese", "request", "empty"})
            QTest::addRow("%s, %s", key, content) << QString::fromLatin1(key) << QString::fromLatin1(content);
    }
}

void TestRsa2::verifyAcceptsOpenssl()
{
    QFETCH(QString, keyFile);
    QFETCH(QString, content);
    const QByteArray text = readKey(QStringLiteral("content_") + content + QStringLiteral(".txt"));
    const QString signature =
        QString::fromLatin1(readKey(QStringLiteral("content_") + content + QStringLiteral(".sig")));
    QVERIFY(Rsa2::verify(publicKey(keyFile), text, signature));
}

void TestRsa2::verifyRejectsEveryFlippedBit()
{
    const PublicKey key = publicKey(QStringLiteral("app_public.pem"));
    const QByteArray text = readKey(QStringLiteral("content_chinese.txt"));
    const QByteArray raw = QByteArray::fromBase64(readKey(QStringLiteral("content_chinese.sig")));
    QCOMPARE(raw.size(), 256);
    QVERIFY(Rsa2::verify(key, text, QString::fromLatin1(raw.toBase64())));
    int accepted = 0;
    for (qsizetype byte = 0; byte < raw.size(); ++byte) {
        for (int bit = 0; bit < 8; ++bit) {
            QByteArray flipped = raw;
            flipped[byte] = static_cast<char>(flipped[byte] ^ (1 << bit));
            if (Rsa2::verify(key, text, QString::fromLatin1(flipped.toBase64())))
                ++accepted;
        }
    }
    QCOMPARE(accepted, 0);
}

void TestRsa2::verifyRejectsChangedContent()
{
    const PublicKey key = publicKey(QStringLiteral("app_public.pem"));
    const QByteArray text = readKey(QStringLiteral("content_request.txt"));
    const QString signature = QString::fromLatin1(readKey(QStringLiteral("content_request.sig")));
    for (qsizetype i = 0; i < text.size(); i += 7) {
        QByteArray changed = text;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        QVERIFY2(!Rsa2::verify(key, changed, signature), qPrintable(QString::number(i)));
    }
    QVERIFY(!Rsa2::verify(key, QByteArray(text + ' '), signature));
    QVERIFY(!Rsa2::verify(key, text.chopped(1), signature));
    QVERIFY(!Rsa2::verify(key, QByteArray(), signature));
}

void TestRsa2::verifyRejectsBadEncodings_data()
{
    QTest::addColumn<QString>("signature");
    const QByteArray good = readKey(QStringLiteral("content_ascii.sig"));
    const auto row = [](const char* name, const QByteArray& text) { QTest::newRow(name) << QString::fromLatin1(text); };
    row("empty", QByteArray());
    row("line breaks every 64", withLineBreaks(good, 64, "\n"));
    row("line breaks every 76, CRLF", withLineBreaks(good, 76, "\r\n"));
    row("trailing newline", good + '\n');
    row("leading space", ' ' + good);
    row("space inside", QByteArray(good).insert(100, ' '));
    row("padding removed", QByteArray(good).replace('=', ""));
    row("extra padding", good + "==");
    row("url-safe alphabet", QByteArray(good).replace('+', '-').replace('/', '_'));
    row("foreign character", QByteArray(good).replace(10, 1, "!"));
    row("truncated", good.left(good.size() - 4));
    // 256 bytes end in one byte and "==": the last character carries 4 unused bits, which must be 0.
    QByteArray strayBits = good;
    const char last = strayBits[strayBits.size() - 3];
    const QByteArray alphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
    strayBits[strayBits.size() - 3] = alphabet[alphabet.indexOf(last) | 1];
    QVERIFY(strayBits != good && QByteArray::fromBase64(strayBits) == QByteArray::fromBase64(good));
    row("stray bits before the padding", strayBits);
    row("padding inside", QByteArray(good).replace(4, 1, "="));
    row("one character more", good.left(good.size() - 1) + "A=");
    row("hex instead of base64", QByteArray::fromBase64(good).toHex());
    row("base64 of base64", good.toBase64());
    QTest::newRow("non-Latin-1") << QString::fromLatin1(good).replace(20, 1, QStringLiteral(u"码"));
}

void TestRsa2::verifyRejectsBadEncodings()
{
    QFETCH(QString, signature);
    QVERIFY(!Rsa2::verify(publicKey(QStringLiteral("app_public.pem")), readKey(QStringLiteral("content_ascii.txt")),
                          signature));
}

void TestRsa2::verifyRejectsWrongKey()
{
    const QByteArray text = readKey(QStringLiteral("content_request.txt"));
    const QString signature = QString::fromLatin1(readKey(QStringLiteral("content_request.sig")));
    QVERIFY(Rsa2::verify(publicKey(QStringLiteral("app_public.pem")), text, signature));
    QVERIFY(!Rsa2::verify(publicKey(QStringLiteral("other_public.pem")), text, signature));
    const auto other = Rsa2::sign(privateKey(QStringLiteral("other_private_pkcs8.pem")), text);
    QVERIFY(other.ok());
    QVERIFY(*other != signature);
    QVERIFY(!Rsa2::verify(publicKey(QStringLiteral("app_public.pem")), text, *other));
    QVERIFY(Rsa2::verify(publicKey(QStringLiteral("other_public.pem")), text, *other));
}

void TestRsa2::concurrentUse()
{
    // Copies of one key share their prepared OpenSSL contexts; signing and verifying on several
    // threads at once must still give openssl's exact bytes and correct answers.
    const PrivateKey key = privateKey(QStringLiteral("app_private_pkcs8.pem"));
    const PublicKey pub = publicKey(QStringLiteral("app_public.pem"));
    const PublicKey other = publicKey(QStringLiteral("other_public.pem"));
    const QByteArray text = readKey(QStringLiteral("content_chinese.txt"));
    const QString expected = QString::fromLatin1(readKey(QStringLiteral("content_chinese.sig")));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([=, &failures] {
            const PrivateKey signer = key;
            for (int i = 0; i < 25; ++i) {
                const auto signature = Rsa2::sign(signer, text);
                if (!signature || *signature != expected || !Rsa2::verify(pub, text, *signature) ||
                    Rsa2::verify(other, text, *signature) || Rsa2::verify(pub, QByteArray(text + 'x'), *signature))
                    ++failures;
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    QCOMPARE(failures.load(), 0);
}

void TestRsa2::requestSignContentMatchesFixture()
{
    // content_request.txt is the string openssl signed; our builder must produce exactly it.
    QCOMPARE(SignContent::forRequest(precreateParams()), readKey(QStringLiteral("content_request.txt")));
    const auto signature =
        Rsa2::sign(privateKey(QStringLiteral("app_private_pkcs8.pem")), SignContent::forRequest(precreateParams()));
    QVERIFY(signature.ok());
    QCOMPARE(signature->toLatin1(), readKey(QStringLiteral("content_request.sig")));
}

void TestRsa2::forRequest_data()
{
    QTest::addColumn<Params>("params");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("sorted by key") << Params{{QStringLiteral("method"), QStringLiteral("m")},
                                             {QStringLiteral("app_id"), QStringLiteral("1")}}
                                   << QByteArray("app_id=1&method=m");
    QTest::newRow("byte-wise: upper case and '_' before lower case")
        << Params{{QStringLiteral("b"), QStringLiteral("1")},   {QStringLiteral("ab"), QStringLiteral("2")},
                  {QStringLiteral("a_b"), QStringLiteral("3")}, {QStringLiteral("a"), QStringLiteral("4")},
                  {QStringLiteral("_x"), QStringLiteral("5")},  {QStringLiteral("B"), QStringLiteral("6")}}
        << QByteArray("B=6&_x=5&a=4&a_b=3&ab=2&b=1");
    QTest::newRow("a prefix sorts first") << Params{{QStringLiteral("total_amount_x"), QStringLiteral("1")},
                                                    {QStringLiteral("total_amount"), QStringLiteral("2")}}
                                          << QByteArray("total_amount=2&total_amount_x=1");
    // UTF-16 would put U+1F600 (D83D DE00) before U+FF21; UTF-8 bytes put EF BC A1 before F0 9F 98 80.
    QTest::newRow("byte-wise on UTF-8, not UTF-16") << Params{{QStringLiteral(u"😀"), QStringLiteral("2")},
                                                              {QStringLiteral(u"Ａ"), QStringLiteral("1")},
                                                              {QStringLiteral(u"中"), QStringLiteral("3")},
                                                              {QStringLiteral("z"), QStringLiteral("0")}}
                                                    << QStringLiteral(u"z=0&中=3&Ａ=1&😀=2").toUtf8();
    QTest::newRow("empty values dropped") << Params{{QStringLiteral("a"), QString()},
                                                    {QStringLiteral("b"), QStringLiteral("x")},
                                                    {QStringLiteral("notify_url"), QString()}}
                                          << QByteArray("b=x");
    QTest::newRow("a blank is not empty")
        << Params{{QStringLiteral("a"), QStringLiteral(" ")}, {QStringLiteral("b"), QStringLiteral("x")}}
        << QByteArray("a= &b=x");
    QTest::newRow("sign dropped, sign_type signed") << Params{{QStringLiteral("sign"), QStringLiteral("abc=")},
                                                              {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
                                                              {QStringLiteral("app_id"), QStringLiteral("1")}}
                                                    << QByteArray("app_id=1&sign_type=RSA2");
    QTest::newRow("only sign is special") << Params{{QStringLiteral("Sign"), QStringLiteral("1")},
                                                    {QStringLiteral("signature"), QStringLiteral("2")},
                                                    {QStringLiteral("sign"), QStringLiteral("3")}}
                                          << QByteArray("Sign=1&signature=2");
    QTest::newRow("values raw, not URL-encoded")
        << Params{{QStringLiteral("notify_url"), QStringLiteral("https://a.example/n?x=1&y=%2B")},
                  {QStringLiteral("subject"), QStringLiteral(u"可乐 & 雪碧=2+1")}}
        << QStringLiteral(u"notify_url=https://a.example/n?x=1&y=%2B&subject=可乐 & 雪碧=2+1").toUtf8();
    QTest::newRow("JSON kept as given") << Params{{QStringLiteral("biz_content"),
                                                   QStringLiteral("{\"b\":1, \"a\":\"\\u4e2d\\/\"}")}}
                                        << QByteArray("biz_content={\"b\":1, \"a\":\"\\u4e2d\\/\"}");
    QTest::newRow("line break in a value")
        << Params{{QStringLiteral("body"), QStringLiteral("a\r\nb")}} << QByteArray("body=a\r\nb");
    QTest::newRow("nothing left") << Params{{QStringLiteral("sign"), QStringLiteral("x")},
                                            {QStringLiteral("a"), QString()}}
                                  << QByteArray();
    QTest::newRow("no parameters") << Params{} << QByteArray();
}

void TestRsa2::forRequest()
{
    QFETCH(Params, params);
    QFETCH(QByteArray, content);
    QCOMPARE(SignContent::forRequest(params), content);
}

void TestRsa2::forNotification_data()
{
    QTest::addColumn<Params>("params");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("sign and sign_type removed")
        << Params{{QStringLiteral("sign_type"), QStringLiteral("RSA2")},
                  {QStringLiteral("trade_status"), QStringLiteral("TRADE_SUCCESS")},
                  {QStringLiteral("sign"), QStringLiteral("abc=")},
                  {QStringLiteral("app_id"), QStringLiteral("1")}}
        << QByteArray("app_id=1&trade_status=TRADE_SUCCESS");
    QTest::newRow("empty values kept") << Params{{QStringLiteral("b"), QString()},
                                                 {QStringLiteral("a"), QStringLiteral("1")},
                                                 {QStringLiteral("c"), QString()}}
                                       << QByteArray("a=1&b=&c=");
    QTest::newRow("byte-wise order")
        << Params{{QStringLiteral("gmt_payment"), QStringLiteral("2")},
                  {QStringLiteral("gmt_create"), QStringLiteral("1")},
                  {QStringLiteral("fund_bill_list"), QStringLiteral("[{\"amount\":\"0.10\"}]")},
                  {QStringLiteral("Z"), QStringLiteral("0")}}
        << QByteArray("Z=0&fund_bill_list=[{\"amount\":\"0.10\"}]&gmt_create=1&gmt_payment=2");
    QTest::newRow("values raw") << Params{{QStringLiteral("subject"), QStringLiteral(u"语雀 500人&规模=")}}
                                << QStringLiteral(u"subject=语雀 500人&规模=").toUtf8();
    QTest::newRow("only sign") << Params{{QStringLiteral("sign"), QStringLiteral("x")}} << QByteArray();
}

void TestRsa2::forNotification()
{
    QFETCH(Params, params);
    QFETCH(QByteArray, content);
    QCOMPARE(SignContent::forNotification(params), content);
}

void TestRsa2::javaSdkKnownAnswers_data()
{
    // alipay/alipay-sdk-java-all v2/src/test/java/com/alipay/api/RSACheckTest.java: parameters and the
    // RSA2 signature its test key ("ProdCert" in v2/src/test/resources/fixture/privateKey.json) made.
    // The Java SDK signs sign_type with the rest, as DESIGN.md §3 says.
    QTest::addColumn<Params>("params");
    QTest::addColumn<QString>("sign");
    QTest::newRow("should_pass_rsa_check_when_sign_type_is_rsa2")
        << Params{{QStringLiteral("method"), QStringLiteral("koubei.marketing.data.indicator.query")},
                  {QStringLiteral("app_id"), QStringLiteral("2019090366875133")},
                  {QStringLiteral("sign_type"), QStringLiteral("RSA2")}}
        << QStringLiteral(
               "NQHIJKRCoCJCUXqzzK8WUtA/58m4/e3NGLutUFxFUD8udlauzRCgCINxDqs3atXrJ8KeSxpf8IU8nrnK7qzCQiYdj2XjfkXDrZl"
               "lPEXlrelHitj9qpPqMXlAbP1HArNlBTpaGmq6hwvf/W50O/8kOjPEpmdpFcYZrlR/aA3uwdiOXHGNfd6p2wA7JjHiLQtPXGV"
               "m2oLLp+HDEtdhqxs66Br4bTQZPrQNKJrhqRcqwTzA5ZyDMQK724ECTYBI/+8PEvFCpi4Ny6piO78clFE/bSAuKCdhbivBzWD"
               "YkvmQymq0M86W3usljVENbnOyBatl7/y4f7S53Ht/yBmO/f+gYg==");
    QTest::newRow("should_pass_rsa_check_when_charset_is_utf8")
        << Params{{QStringLiteral("method"), QStringLiteral("koubei.marketing.data.indicator.query")},
                  {QStringLiteral("app_id"), QStringLiteral("2019090366875133")},
                  {QStringLiteral("extra"), QStringLiteral(u"中文测试")},
                  {QStringLiteral("sign_type"), QStringLiteral("RSA2")}}
        << QStringLiteral(
               "LhPRG5h6xo8Pk1tFIbiCt2S81S3jvDs5is9yO8uH87kVY0vpnOuxGgauKim9SnFGGxGmhQY4TJSrASlW6NsML2qIaxqsSFTNV"
               "Ubct7MgdBBKqkoORNOq1gpLIymyI+G88qDaodOXkEAtUNYm4I6r1wkJVvdumrmRoHg8GcLpP//3J3hNELIJB2SC5SJ2pe4al"
               "s+Psmjpd5xyK/qgDXf2qTmBooA0z673xqxjtd8H1FBlUCnGmTG3ClnGatmfjxIL0HF+PLyrmqzDO8UOjod0Kh2SwxH7zQikh"
               "r4VUihQ04MrP08nsGKjIPvZFAZiW7dnchVr4I/Tid0cbuthjmoWyw==");
}

void TestRsa2::javaSdkKnownAnswers()
{
    QFETCH(Params, params);
    QFETCH(QString, sign);
    const PrivateKey key = privateKey(QStringLiteral("alipay-sdk/java-prodcert-private-bare.txt"));
    const auto signature = Rsa2::sign(key, SignContent::forRequest(params));
    QVERIFY(signature.ok());
    QCOMPARE(*signature, sign);

    const PublicKey certKey = publicKey(QStringLiteral("alipay-sdk/java-appCertPublicKey_2021003126695331.crt"));
    QVERIFY(certKey == key.publicKey());
    QVERIFY(Rsa2::verify(certKey, SignContent::forRequest(params), sign));
    // A signature the SDK made must survive the parameters arriving with `sign` in them.
    Params received = params;
    received.set(QStringLiteral("sign"), sign);
    QVERIFY(Rsa2::verify(certKey, SignContent::forRequest(received), received.value(QStringLiteral("sign"))));
}

void TestRsa2::alipaySignedNotification()
{
    const PublicKey alipayKey = *PublicKey::fromText(
        readKey(QStringLiteral("alipay-sdk/node-notify-public-key-v1-bare.txt")), QStringLiteral("v1"));
    const Params notification = alipayTradeNotification();
    const QString sign = notification.value(QStringLiteral("sign"));
    QVERIFY(Rsa2::verify(alipayKey, SignContent::forNotification(notification), sign));

    // Tampering with any value, adding a parameter or dropping one breaks it.
    for (const auto& [key, value] : notification) {
        if (key == u"sign" || key == u"sign_type")
            continue;
        Params changed = notification;
        changed.set(key, value + u'0');
        QVERIFY2(!Rsa2::verify(alipayKey, SignContent::forNotification(changed), sign), qPrintable(key));
        Params dropped = notification;
        dropped.remove(key);
        QVERIFY2(!Rsa2::verify(alipayKey, SignContent::forNotification(dropped), sign), qPrintable(key));
    }
    Params added = notification;
    added.set(QStringLiteral("refund_fee"), QString());
    QVERIFY(!Rsa2::verify(alipayKey, SignContent::forNotification(added), sign));
    QVERIFY(
        !Rsa2::verify(publicKey(QStringLiteral("app_public.pem")), SignContent::forNotification(notification), sign));
}

void TestRsa2::alipaySignedServiceMarketMessage()
{
    // alipay/alipay-sdk-nodejs-all test/alipay.test.ts, "verify sign should not delete sign_type": an
    // open-platform message (not a trade notification) that Alipay signed with sign_type included,
    // i.e. by the request rule.
    const PublicKey alipayKey = publicKey(QStringLiteral("alipay-sdk/node-notify-public-key-v2.pem"));
    Params message{
        {QStringLiteral("app_id"), QStringLiteral("2017122801303261")},
        {QStringLiteral("charset"), QStringLiteral("UTF-8")},
        {QStringLiteral("commodity_order_id"), QStringLiteral("2019030800000018079639")},
        {QStringLiteral("contactor"), QStringLiteral(u"技术支持测试的公司")},
        {QStringLiteral("merchant_pid"), QStringLiteral("2088721996721370")},
        {QStringLiteral("method"), QStringLiteral("alipay.open.servicemarket.order.notify")},
        {QStringLiteral("name"), QStringLiteral(u"技术支持测试的公司")},
        {QStringLiteral("notify_id"), QStringLiteral("2019030800222102023008121054923345")},
        {QStringLiteral("notify_time"), QStringLiteral("2019-03-08 10:20:23")},
        {QStringLiteral("notify_type"), QStringLiteral("servicemarket_order_notify")},
        {QStringLiteral("order_item_num"), QStringLiteral("1")},
        {QStringLiteral("order_ticket"), QStringLiteral("29b1c37d99ab48c5bd5bdaeaeaefbB37")},
        {QStringLiteral("order_time"), QStringLiteral("2019-03-08 10:20:08")},
        {QStringLiteral("phone"), QStringLiteral("17826894615")},
        {QStringLiteral("service_code"), QStringLiteral("58621634")},
        {QStringLiteral("sign"),
         QStringLiteral(
             "MsK5SCw8oqLw4f0hiNSd5OVGXxBY3wnQeT8vn5PklJSZFWSZbK4hQbNvkp4ZezeXQH514cEv0ul6Qow8yh6e6yM06LfEL+EZ"
             "jcpZ0nxzFGRNQ5qq2AUc1OaXQdk92AGvxh+Iq4NGpPQFBd4D8EBJa3NJd8+czMfQskceosOQFqUtLQMYa5DPs+VpN7VM5BdX"
             "jaVIuKn5d9Wm2B9dI9ObIM+YRySDkZZPv14DVmUvcrcqJfOR8aHvtSd7B4l92wUQPQgQKNcOQho7xOHS/Bk+Y74AZL2y7TkN"
             "mdDoq9OGsThuF5tDW9rI9nVwXxOtsuB+bstra+W7aw9x9DvkKgdSRw==")},
        {QStringLiteral("sign_type"), QStringLiteral("RSA2")},
        {QStringLiteral("timestamp"), QStringLiteral("2019-03-08 10:20:23")},
        {QStringLiteral("title"), QStringLiteral(u"麦禾商城模版")},
        {QStringLiteral("total_price"), QStringLiteral("0.00")},
        {QStringLiteral("version"), QStringLiteral("1.0")},
    };
    const QString sign = message.value(QStringLiteral("sign"));
    QVERIFY(Rsa2::verify(alipayKey, SignContent::forRequest(message), sign));
    QVERIFY(!Rsa2::verify(alipayKey, SignContent::forNotification(message), sign));
    message.set(QStringLiteral("service_code"), QStringLiteral("58621634111")); // the SDK's "verify fail" case
    QVERIFY(!Rsa2::verify(alipayKey, SignContent::forRequest(message), sign));
}

QTEST_GUILESS_MAIN(TestRsa2)
#include "TestRsa2.moc"
