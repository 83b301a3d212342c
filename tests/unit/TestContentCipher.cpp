#include "alipay/ContentCipher.h"

#include <QFile>
#include <QTest>

using counterpay::Error;
using counterpay::alipay::ContentCipher;
using namespace Qt::StringLiterals;

namespace {

QByteArray readFixture(const QString& name)
{
    QFile file(QStringLiteral(COUNTERPAY_TEST_DATA "/aes/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

ContentCipher cipherFrom(const QByteArray& keyText)
{
    auto cipher = ContentCipher::fromBase64Key(keyText, u"test"_s);
    if (!cipher)
        qFatal("fixture key refused: %s", qPrintable(cipher.error().toString()));
    return *cipher;
}

} // namespace

class TestContentCipher : public QObject
{
    Q_OBJECT

private slots:
    void matchesOpenSslCommandLine_data();
    void matchesOpenSslCommandLine();
    void alipaySdkVector();
    void keysAccepted_data();
    void keysAccepted();
    void keysRefused_data();
    void keysRefused();
    void cipherTextRefused_data();
    void cipherTextRefused();
    void wrongKeyIsConfigError();
    void roundTrip_data();
    void roundTrip();
};

void TestContentCipher::matchesOpenSslCommandLine_data()
{
    // Produced by tests/data/aes/make-fixtures.sh with `openssl enc -aes-N-cbc -iv 0...0`.
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("plainFile");
    QTest::addColumn<QString>("cipherFile");
    for (const int bits : {128, 192, 256}) {
        for (const char* plain : {"plain-empty", "plain-15", "plain-16", "plain-json", "plain-1000"}) {
            const QString name = QString::fromLatin1(plain);
            QTest::addRow("%s, AES-%d", plain, bits)
                << u"key-%1.b64"_s.arg(bits) << name + u".txt"_s << u"%1.aes%2.b64"_s.arg(name).arg(bits);
        }
    }
}

void TestContentCipher::matchesOpenSslCommandLine()
{
    QFETCH(QString, keyFile);
    QFETCH(QString, plainFile);
    QFETCH(QString, cipherFile);
    const ContentCipher cipher = cipherFrom(readFixture(keyFile));
    const QByteArray plain = readFixture(plainFile);
    const QByteArray expected = readFixture(cipherFile);

    const auto encrypted = cipher.encrypt(plain);
    QVERIFY(encrypted.ok());
    QCOMPARE(*encrypted, expected);
    const auto decrypted = cipher.decrypt(expected);
    QVERIFY2(decrypted.ok(), qPrintable(decrypted.ok() ? QString() : decrypted.error().toString()));
    QCOMPARE(*decrypted, plain);
}

void TestContentCipher::alipaySdkVector()
{
    // From Alipay's Node.js SDK (alipay-sdk-nodejs-all, test/alipay.test.ts, "should execute with
    // options.needEncrypt = true"): encryptKey and the encrypted alipay_open_auth_app_aes_set_response.
    const ContentCipher cipher = cipherFrom("aYA0GP8JEW+D7/UFaskCWA==");
    const QByteArray cipherText =
        "4AOYHE0rpPnRnghunsGo+mY02DzANFLwNJJCiHfrNh2oaB2pn33PwOEOvH8mjhkE3Wh/jR+3jHM9nvoFvOsY/"
        "SqZbZzamRg9Eh3VkRqOhSM=";
    const QByteArray plain = R"({"code":"10000","msg":"Success","aes_key":"cW8mcZgoMGUVp5g7uv7bHw=="})";
    const auto decrypted = cipher.decrypt(cipherText);
    QVERIFY(decrypted.ok());
    QCOMPARE(*decrypted, plain);
    const auto encrypted = cipher.encrypt(plain);
    QVERIFY(encrypted.ok());
    QCOMPARE(*encrypted, cipherText);
}

void TestContentCipher::keysAccepted_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("bits");
    QTest::newRow("128-bit, as the console shows it") << QByteArray("aYA0GP8JEW+D7/UFaskCWA==") << 128;
    QTest::newRow("trailing newline") << QByteArray("aYA0GP8JEW+D7/UFaskCWA==\n") << 128;
    QTest::newRow("surrounding spaces") << QByteArray("  aYA0GP8JEW+D7/UFaskCWA==\r\n") << 128;
    QTest::newRow("192-bit") << readFixture(u"key-192.b64"_s) << 192;
    QTest::newRow("256-bit") << readFixture(u"key-256.b64"_s) << 256;
}

void TestContentCipher::keysAccepted()
{
    QFETCH(QByteArray, text);
    QFETCH(int, bits);
    const auto cipher = ContentCipher::fromBase64Key(text, u"aes.key"_s);
    QVERIFY(cipher.ok());
    QCOMPARE(cipher->keyBits(), bits);
}

void TestContentCipher::keysRefused_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only whitespace") << QByteArray(" \n");
    QTest::newRow("not base64") << QByteArray("not a key!");
    QTest::newRow("hex instead of base64") << QByteArray("69803418ff09116f83eff5056ac90258");
    QTest::newRow("upper-case hex") << QByteArray("69803418FF09116F83EFF5056AC90258\n");
    QTest::newRow("hex of a 256-bit key")
        << QByteArray("9a1e53c8ecb1343748cce87bd4d3769c3d0d053d8797f03809c27fc0b08e706e");
    QTest::newRow("8 bytes") << QByteArray("AAAAAAAAAAA=");
    QTest::newRow("15 bytes") << QByteArray("AAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("17 bytes") << QByteArray("AAAAAAAAAAAAAAAAAAAAAAA=");
    QTest::newRow("64 bytes") << QByteArray(88, 'A');
    QTest::newRow("line break inside") << QByteArray("aYA0GP8JEW+D\n7/UFaskCWA==");
}

void TestContentCipher::keysRefused()
{
    QFETCH(QByteArray, text);
    const auto cipher = ContentCipher::fromBase64Key(text, u"/etc/counterpay/aes.key"_s);
    QVERIFY(!cipher.ok());
    QCOMPARE(cipher.error().category(), Error::Category::Config);
    QVERIFY(cipher.error().message().startsWith(u"/etc/counterpay/aes.key: "_s));
    // Nothing of the key text in the error.
    if (text.trimmed().size() > 4) {
        QVERIFY(!cipher.error().message().contains(QString::fromLatin1(text.trimmed())));
        QVERIFY(!cipher.error().detail().contains(QString::fromLatin1(text.trimmed())));
    }
}

void TestContentCipher::cipherTextRefused_data()
{
    QTest::addColumn<QByteArray>("cipherText");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not base64") << QByteArray("***");
    QTest::newRow("one byte short of a block") << QByteArray(15, 'A').toBase64();
    QTest::newRow("one block and a byte") << QByteArray(17, 'A').toBase64();
    QTest::newRow("embedded newline") << QByteArray("PqESlwTbaB13\nnqtnt3Og2w==");
}

void TestContentCipher::cipherTextRefused()
{
    QFETCH(QByteArray, cipherText);
    const auto decrypted = cipherFrom(readFixture(u"key-128.b64"_s)).decrypt(cipherText);
    QVERIFY(!decrypted.ok());
    QCOMPARE(decrypted.error().category(), Error::Category::Input);
}

void TestContentCipher::wrongKeyIsConfigError()
{
    const ContentCipher right = cipherFrom(readFixture(u"key-128.b64"_s));
    const ContentCipher wrong = cipherFrom("aYA0GP8JEW+D7/UFaskCWA==");
    int refused = 0;
    // A wrong key gives random padding, which by chance (1/256) may look valid; over many
    // cipher texts the wrong key must be refused nearly always and never yield the plaintext.
    for (int i = 0; i < 64; ++i) {
        const QByteArray plain = "{\"code\":\"10000\",\"n\":" + QByteArray::number(i) + "}";
        const auto decrypted = wrong.decrypt(*right.encrypt(plain));
        if (!decrypted.ok()) {
            QCOMPARE(decrypted.error().category(), Error::Category::Config);
            ++refused;
        } else {
            QVERIFY(*decrypted != plain);
        }
    }
    QVERIFY(refused >= 56);
}

void TestContentCipher::roundTrip_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("binary") << QByteArray("\0\1\2\xFF", 4);
    QTest::newRow("UTF-8 JSON") << QByteArray(R"({"subject":"咖啡","total_amount":"0.01"})");
    QTest::newRow("many blocks") << QByteArray(4096 + 7, 'z');
}

void TestContentCipher::roundTrip()
{
    QFETCH(QByteArray, plain);
    for (const char* key : {"key-128.b64", "key-192.b64", "key-256.b64"}) {
        const ContentCipher cipher = cipherFrom(readFixture(QString::fromLatin1(key)));
        const auto encrypted = cipher.encrypt(plain);
        QVERIFY(encrypted.ok());
        QVERIFY(!encrypted->contains('\n'));
        QCOMPARE(QByteArray::fromBase64(*encrypted).size(), (plain.size() / 16 + 1) * 16);
        const auto decrypted = cipher.decrypt(*encrypted);
        QVERIFY(decrypted.ok());
        QCOMPARE(*decrypted, plain);
    }
}

QTEST_GUILESS_MAIN(TestContentCipher)
#include "TestContentCipher.moc"
