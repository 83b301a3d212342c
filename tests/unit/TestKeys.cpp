#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "alipay/Rsa2.h"

#include <QFile>
#include <QTest>

using counterpay::Error;
using counterpay::alipay::PrivateKey;
using counterpay::alipay::PublicKey;
using counterpay::alipay::Rsa2;

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

QByteArray wrapped(const QByteArray& line, int width, const QByteArray& eol)
{
    QByteArray text;
    for (qsizetype i = 0; i < line.size(); i += width)
        text += line.mid(i, width) + eol;
    return text;
}

QByteArray withCrLf(QByteArray text)
{
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
}

// The body of a PEM block, for the "truncated" rows and for checking no key text reaches a message.
QByteArray pemBody(const QByteArray& pem)
{
    QByteArray body;
    for (const QByteArray& line : pem.split('\n')) {
        if (!line.startsWith("-----"))
            body += line.trimmed();
    }
    return body;
}

PublicKey appPublicKey()
{
    auto key = PublicKey::fromFile(keyPath(QStringLiteral("app_public.pem")));
    if (!key)
        qFatal("app_public.pem: %s", qPrintable(key.error().toString()));
    return *key;
}

QString errorText(const Error& error)
{
    return error.message() + u' ' + error.detail();
}

} // namespace

class TestKeys : public QObject
{
    Q_OBJECT

private slots:
    void privateKeyForms_data();
    void privateKeyForms();
    void publicKeyForms_data();
    void publicKeyForms();
    void privateKeyRejected_data();
    void privateKeyRejected();
    void publicKeyRejected_data();
    void publicKeyRejected();
    void missingFiles();
    void generateRoundTrip();
    void generateRefusesShortKeys();
    void publicKeyEquality();
    void toBase64Line();
    void toPem();
    void toPkcs8Pem();
    void nullKeys();
};

void TestKeys::privateKeyForms_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray pkcs8 = readKey(QStringLiteral("app_private_pkcs8.pem"));
    const QByteArray pkcs1 = readKey(QStringLiteral("app_private_pkcs1.pem"));
    const QByteArray bare = readKey(QStringLiteral("app_private_bare.txt"));
    const QByteArray barePkcs1 = readKey(QStringLiteral("app_private_pkcs1_bare.txt"));
    QTest::newRow("PKCS#8 PEM") << pkcs8;
    QTest::newRow("PKCS#1 PEM") << pkcs1;
    QTest::newRow("PKCS#8 PEM, CRLF") << withCrLf(pkcs8);
    QTest::newRow("PKCS#1 PEM, CRLF") << withCrLf(pkcs1);
    QTest::newRow("PEM with text around") << QByteArray("app key for shop 1\n\n" + pkcs8 + "\n\n  \n");
    QTest::newRow("bare PKCS#8, one line") << bare;
    QTest::newRow("bare PKCS#8, one line + newline") << bare + '\n';
    QTest::newRow("bare PKCS#8, 64 columns") << wrapped(bare, 64, "\n");
    QTest::newRow("bare PKCS#8, 76 columns CRLF") << wrapped(bare, 76, "\r\n");
    QTest::newRow("bare PKCS#8, padded with blanks") << QByteArray("  \t" + bare + " \r\n");
    QTest::newRow("bare PKCS#1, one line") << barePkcs1;
    QTest::newRow("bare PKCS#1, 64 columns CRLF") << wrapped(barePkcs1, 64, "\r\n");
}

void TestKeys::privateKeyForms()
{
    QFETCH(QByteArray, text);
    const auto key = PrivateKey::fromText(text, QStringLiteral("app.key"));
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QVERIFY(!key->isNull());
    QCOMPARE(key->bits(), 2048);
    QVERIFY(key->publicKey() == appPublicKey());
    // Every form is the same key: it signs exactly as `openssl dgst -sha256 -sign` did.
    const auto signature = Rsa2::sign(*key, readKey(QStringLiteral("content_ascii.txt")));
    QVERIFY(signature.ok());
    QCOMPARE(signature->toLatin1(), readKey(QStringLiteral("content_ascii.sig")));
}

void TestKeys::publicKeyForms_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray spki = readKey(QStringLiteral("app_public.pem"));
    const QByteArray bare = readKey(QStringLiteral("app_public_bare.txt"));
    QTest::newRow("SPKI PEM") << spki;
    QTest::newRow("SPKI PEM, CRLF") << withCrLf(spki);
    QTest::newRow("PKCS#1 RSA PUBLIC KEY PEM") << readKey(QStringLiteral("app_public_pkcs1.pem"));
    QTest::newRow("certificate PEM") << readKey(QStringLiteral("app_cert.pem"));
    QTest::newRow("certificate PEM, CRLF") << withCrLf(readKey(QStringLiteral("app_cert.pem")));
    QTest::newRow("bare SPKI, one line") << bare;
    QTest::newRow("bare SPKI, 64 columns") << wrapped(bare, 64, "\n");
    QTest::newRow("bare SPKI, 64 columns CRLF") << wrapped(bare, 64, "\r\n");
    QTest::newRow("bare PKCS#1 public key") << pemBody(readKey(QStringLiteral("app_public_pkcs1.pem")));
}

void TestKeys::publicKeyForms()
{
    QFETCH(QByteArray, text);
    const auto key = PublicKey::fromText(text, QStringLiteral("alipay.pub"));
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QVERIFY(!key->isNull());
    QCOMPARE(key->bits(), 2048);
    QVERIFY(*key == appPublicKey());
    QVERIFY(Rsa2::verify(*key, readKey(QStringLiteral("content_ascii.txt")),
                         QString::fromLatin1(readKey(QStringLiteral("content_ascii.sig")))));
}

void TestKeys::privateKeyRejected_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray pkcs8 = readKey(QStringLiteral("app_private_pkcs8.pem"));
    const QByteArray bare = readKey(QStringLiteral("app_private_bare.txt"));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray(" \r\n\t \n");
    QTest::newRow("garbage") << QByteArray("please paste the key here");
    QTest::newRow("binary garbage") << QByteArray("\x30\x82\x00\x00\xff\x00\x01 key", 11);
    QTest::newRow("base64 of garbage") << QByteArray("aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEga2V5");
    QTest::newRow("truncated base64") << bare.left(bare.size() / 2);
    QTest::newRow("truncated base64, 4-aligned") << bare.left(800);
    QTest::newRow("base64 with a broken character") << QByteArray(bare).replace(40, 1, "*");
    QTest::newRow("PEM without END") << pkcs8.left(pkcs8.indexOf("-----END"));
    QTest::newRow("PEM cut in the middle") << pkcs8.left(pkcs8.size() / 2) + "\n-----END PRIVATE KEY-----\n";
    QTest::newRow("EC key PEM") << readKey(QStringLiteral("ec_private.pem"));
    QTest::newRow("EC key bare") << pemBody(readKey(QStringLiteral("ec_private.pem")));
    QTest::newRow("1024-bit key PEM") << readKey(QStringLiteral("rsa1024_private.pem"));
    QTest::newRow("1024-bit key bare") << pemBody(readKey(QStringLiteral("rsa1024_private.pem")));
    QTest::newRow("encrypted PKCS#8") << readKey(QStringLiteral("app_private_encrypted.pem"));
    QTest::newRow("encrypted PKCS#8 bare") << pemBody(readKey(QStringLiteral("app_private_encrypted.pem")));
    QTest::newRow("encrypted PKCS#1 (Proc-Type)") << readKey(QStringLiteral("app_private_encrypted_pkcs1.pem"));
    QTest::newRow("public key PEM") << readKey(QStringLiteral("app_public.pem"));
    QTest::newRow("RSA PUBLIC KEY PEM") << readKey(QStringLiteral("app_public_pkcs1.pem"));
    QTest::newRow("public key bare") << readKey(QStringLiteral("app_public_bare.txt"));
    QTest::newRow("certificate") << readKey(QStringLiteral("app_cert.pem"));
    QTest::newRow("unknown PEM label") << QByteArray(pkcs8).replace("PRIVATE KEY", "RSA KEY");
    QTest::newRow("PEM label of a public key") << QByteArray(pkcs8).replace("PRIVATE KEY", "PUBLIC KEY");
    QTest::newRow("PEM label of a certificate") << QByteArray(pkcs8).replace("PRIVATE KEY", "CERTIFICATE");
    QTest::newRow("PEM labels differ") << QByteArray(pkcs8).replace("END PRIVATE KEY", "END RSA PRIVATE KEY");
}

void TestKeys::privateKeyRejected()
{
    QFETCH(QByteArray, text);
    const QString origin = QStringLiteral("/etc/counterpay/app-private-key.pem");
    const auto key = PrivateKey::fromText(text, origin);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().category(), Error::Category::Config);
    QVERIFY2(key.error().message().startsWith(origin + u':'), qPrintable(key.error().message()));
    // No part of the key text reaches the message or the log detail.
    const QByteArray body = pemBody(text);
    if (body.size() >= 24)
        QVERIFY(!errorText(key.error()).contains(QString::fromLatin1(body.mid(body.size() / 2, 16))));
}

void TestKeys::publicKeyRejected_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray spki = readKey(QStringLiteral("app_public.pem"));
    const QByteArray bare = readKey(QStringLiteral("app_public_bare.txt"));
    const QByteArray cert = readKey(QStringLiteral("app_cert.pem"));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("blank") << QByteArray("\n\n");
    QTest::newRow("garbage") << QByteArray("支付宝公钥");
    QTest::newRow("base64 of garbage") << QByteArray("aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEga2V5");
    QTest::newRow("truncated base64") << bare.left(bare.size() / 2);
    QTest::newRow("truncated base64, 4-aligned") << bare.left(200);
    QTest::newRow("PEM without END") << spki.left(spki.indexOf("-----END"));
    QTest::newRow("PEM cut in the middle") << spki.left(spki.size() / 2) + "\n-----END PUBLIC KEY-----\n";
    QTest::newRow("certificate cut in the middle") << cert.left(cert.size() / 2) + "\n-----END CERTIFICATE-----\n";
    QTest::newRow("EC public key PEM") << readKey(QStringLiteral("ec_public.pem"));
    QTest::newRow("EC public key bare") << pemBody(readKey(QStringLiteral("ec_public.pem")));
    QTest::newRow("1024-bit public key") << readKey(QStringLiteral("rsa1024_public.pem"));
    QTest::newRow("1024-bit public key bare") << pemBody(readKey(QStringLiteral("rsa1024_public.pem")));
    QTest::newRow("private key PKCS#8 PEM") << readKey(QStringLiteral("app_private_pkcs8.pem"));
    QTest::newRow("private key PKCS#1 PEM") << readKey(QStringLiteral("app_private_pkcs1.pem"));
    QTest::newRow("private key bare") << readKey(QStringLiteral("app_private_bare.txt"));
    QTest::newRow("private key PKCS#1 bare") << readKey(QStringLiteral("app_private_pkcs1_bare.txt"));
    QTest::newRow("encrypted private key") << readKey(QStringLiteral("app_private_encrypted.pem"));
    QTest::newRow("unknown PEM label") << QByteArray(spki).replace("PUBLIC KEY", "ALIPAY KEY");
    QTest::newRow("PEM label of a certificate") << QByteArray(spki).replace("PUBLIC KEY", "CERTIFICATE");
    QTest::newRow("certificate labelled PUBLIC KEY") << QByteArray(cert).replace("CERTIFICATE", "PUBLIC KEY");
}

void TestKeys::publicKeyRejected()
{
    QFETCH(QByteArray, text);
    const QString origin = QStringLiteral("alipay_public_key.txt");
    const auto key = PublicKey::fromText(text, origin);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().category(), Error::Category::Config);
    QVERIFY2(key.error().message().startsWith(origin + u':'), qPrintable(key.error().message()));
    const QByteArray body = pemBody(text);
    if (body.size() >= 24)
        QVERIFY(!errorText(key.error()).contains(QString::fromLatin1(body.mid(body.size() / 2, 16))));
}

void TestKeys::missingFiles()
{
    const QString path = keyPath(QStringLiteral("no-such-key.pem"));
    const auto priv = PrivateKey::fromFile(path);
    QVERIFY(!priv.ok());
    QCOMPARE(priv.error().category(), Error::Category::Config);
    QVERIFY(priv.error().message().contains(path));
    const auto pub = PublicKey::fromFile(path);
    QVERIFY(!pub.ok());
    QCOMPARE(pub.error().category(), Error::Category::Config);
    QVERIFY(pub.error().message().contains(path));

    // A file's errors name the file too.
    const QString ec = keyPath(QStringLiteral("ec_private.pem"));
    const auto wrong = PrivateKey::fromFile(ec);
    QVERIFY(!wrong.ok());
    QVERIFY(wrong.error().message().startsWith(ec + u':'));
}

void TestKeys::generateRoundTrip()
{
    const auto key = PrivateKey::generate();
    QVERIFY(key.ok());
    QCOMPARE(key->bits(), 2048);
    const auto reloaded = PrivateKey::fromText(key->toPkcs8Pem(), QStringLiteral("generated"));
    QVERIFY(reloaded.ok());
    QVERIFY(reloaded->publicKey() == key->publicKey());
    const auto publicKey = PublicKey::fromText(key->publicKey().toBase64Line(), QStringLiteral("generated.pub"));
    QVERIFY(publicKey.ok());
    QVERIFY(*publicKey == key->publicKey());

    const QByteArray content("out_trade_no=T01-20240501-000001&total_amount=0.01");
    const auto signature = Rsa2::sign(*reloaded, content);
    QVERIFY(signature.ok());
    // Same key, same content: PKCS#1 v1.5 gives the same bytes.
    QCOMPARE(*Rsa2::sign(*key, content), *signature);
    QVERIFY(Rsa2::verify(*publicKey, content, *signature));
    QVERIFY(!Rsa2::verify(appPublicKey(), content, *signature));

    const auto other = PrivateKey::generate(3072);
    QVERIFY(other.ok());
    QCOMPARE(other->bits(), 3072);
    QVERIFY(!(other->publicKey() == key->publicKey()));
}

void TestKeys::generateRefusesShortKeys()
{
    const auto key = PrivateKey::generate(1024);
    QVERIFY(!key.ok());
    QCOMPARE(key.error().category(), Error::Category::Config);
}

void TestKeys::publicKeyEquality()
{
    const auto app = PrivateKey::fromFile(keyPath(QStringLiteral("app_private_pkcs1.pem")));
    const auto other = PublicKey::fromFile(keyPath(QStringLiteral("other_public.pem")));
    QVERIFY(app.ok());
    QVERIFY(other.ok());
    QVERIFY(app->publicKey() == appPublicKey());
    QVERIFY(!(app->publicKey() == *other));
    QVERIFY(!(PublicKey() == appPublicKey()));
}

void TestKeys::toBase64Line()
{
    // The single line Alipay's console asks for: standard base64 of the SPKI DER, no line breaks.
    const QByteArray line = readKey(QStringLiteral("app_public_bare.txt"));
    QCOMPARE(appPublicKey().toBase64Line(), line);
    const auto fromCert = PublicKey::fromFile(keyPath(QStringLiteral("app_cert.pem")));
    QVERIFY(fromCert.ok());
    QCOMPARE(fromCert->toBase64Line(), line);
    const auto app = PrivateKey::fromFile(keyPath(QStringLiteral("app_private_bare.txt")));
    QVERIFY(app.ok());
    QCOMPARE(app->publicKey().toBase64Line(), line);
    QVERIFY(!line.contains('\n'));
}

void TestKeys::toPem()
{
    const auto fromPkcs1 = PublicKey::fromFile(keyPath(QStringLiteral("app_public_pkcs1.pem")));
    QVERIFY(fromPkcs1.ok());
    QCOMPARE(fromPkcs1->toPem(), readKey(QStringLiteral("app_public.pem")));
}

void TestKeys::toPkcs8Pem()
{
    // The PKCS#1 and bare forms re-encode to exactly the PKCS#8 PEM that openssl wrote.
    const QByteArray pkcs8 = readKey(QStringLiteral("app_private_pkcs8.pem"));
    for (const char* name : {"app_private_pkcs1.pem", "app_private_bare.txt", "app_private_pkcs1_bare.txt"}) {
        const auto key = PrivateKey::fromFile(keyPath(QString::fromLatin1(name)));
        QVERIFY(key.ok());
        QCOMPARE(key->toPkcs8Pem(), pkcs8);
    }
}

void TestKeys::nullKeys()
{
    const PrivateKey privateKey;
    QVERIFY(privateKey.isNull());
    QCOMPARE(privateKey.bits(), 0);
    const auto signature = privateKey.signSha256("x");
    QVERIFY(!signature.ok());
    QCOMPARE(signature.error().category(), Error::Category::Config);
    QVERIFY(privateKey.publicKey().isNull());
    QVERIFY(privateKey.toPkcs8Pem().isEmpty());

    const PublicKey publicKey;
    QVERIFY(publicKey.isNull());
    QVERIFY(!publicKey.verifySha256("x", QByteArray(256, 'x')));
    QVERIFY(publicKey.toBase64Line().isEmpty());
    QVERIFY(!Rsa2::verify(publicKey, "x", QString::fromLatin1(readKey(QStringLiteral("content_ascii.sig")))));
}

QTEST_GUILESS_MAIN(TestKeys)
#include "TestKeys.moc"
