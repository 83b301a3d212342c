#include "alipay/CertSn.h"
#include "alipay/PublicKey.h"

#include <QFile>
#include <QTest>

using counterpay::Error;
using counterpay::alipay::CertSn;
using counterpay::alipay::PublicKey;

namespace {

QString certPath(const QString& name)
{
    return QStringLiteral(COUNTERPAY_TEST_DATA "/certs/") + name;
}

QByteArray readCert(const QString& name)
{
    QFile file(certPath(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

QByteArray withCrLf(QByteArray text)
{
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
}

// Alipay's root bundle: SM2 root (skipped), Ant Financial R1 (RSA), ECDSA root (skipped), iTrusChina G3 (RSA).
constexpr auto kRootBundleSn = "687b59193f3f462dd5336e5abf83c5d8_02941eef3187dddf3d3b83462e1dfcf6";
constexpr auto kAlipayCertSn = "7513daaaa48aa3ba2e4018d84402479c";
constexpr auto kAppCertSn = "866efef280dec9137a87d047ac446315";

} // namespace

class TestCertSn : public QObject
{
    Q_OBJECT

private slots:
    void alipayKnownAnswers_data();
    void alipayKnownAnswers();
    void alipayHashedText();
    void independentAnswers_data();
    void independentAnswers();
    void firstCertificateOfAFile();
    void singleCertificateAsRootBundle();
    void rejected_data();
    void rejected();
    void missingFile();
    void publicKeyOfCertificate();
};

void TestCertSn::alipayKnownAnswers_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("root");
    QTest::addColumn<QString>("sn");
    // Published with Alipay's Node.js SDK (test/antcertutil.test.ts) for these exact files.
    QTest::newRow("root bundle") << QStringLiteral("alipayRootCert.crt") << true << QString::fromLatin1(kRootBundleSn);
    QTest::newRow("alipay public key cert")
        << QStringLiteral("alipayCertPublicKey_RSA2.crt") << false << QString::fromLatin1(kAlipayCertSn);
    QTest::newRow("app public key cert") << QStringLiteral("appCertPublicKey_2021001161683774.crt") << false
                                         << QString::fromLatin1(kAppCertSn);
}

void TestCertSn::alipayKnownAnswers()
{
    QFETCH(QString, file);
    QFETCH(bool, root);
    QFETCH(QString, sn);

    const auto fromFile = root ? CertSn::ofRootBundleFile(certPath(file)) : CertSn::ofCertificateFile(certPath(file));
    QVERIFY2(fromFile.ok(), qPrintable(fromFile.ok() ? QString() : fromFile.error().toString()));
    QCOMPARE(*fromFile, sn);

    // Windows line ends, as a file edited on the cashier's PC may have.
    const QByteArray crlf = withCrLf(readCert(file));
    const auto fromText = root ? CertSn::ofRootBundle(crlf, file) : CertSn::ofCertificate(crlf, file);
    QVERIFY(fromText.ok());
    QCOMPARE(*fromText, sn);
}

void TestCertSn::alipayHashedText()
{
    // Java's X500Principal.getName() + BigInteger.toString() for this certificate, as printed by
    // tests/data/certs/CertSnOracle.java.
    const auto text = CertSn::hashedText(readCert(QStringLiteral("alipayCertPublicKey_RSA2.crt")), QStringLiteral("x"));
    QVERIFY(text.ok());
    QCOMPARE(*text, QStringLiteral("CN=Ant Financial Certification Authority Class 2 R1,OU=Certification Authority,"
                                   "O=Ant Financial,C=CN42701552432456004857627230056898180491"));
}

void TestCertSn::independentAnswers_data()
{
    // Written by tests/data/certs/make-certs.sh with the openssl command line, python3 and md5sum
    // (plain DNs) or with Java's X500Principal (escaped characters, multi-valued RDNs, BMPString).
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("root");
    QTest::addColumn<QString>("sn");
    QTest::addColumn<QString>("hashedText");
    const QStringList lines = QString::fromUtf8(readCert(QStringLiteral("expected-sn.tsv"))).split(u'\n');
    int rows = 0;
    for (const QString& line : lines) {
        if (line.isEmpty())
            continue;
        const QStringList fields = line.split(u'\t');
        QCOMPARE(fields.size(), 4);
        QTest::newRow(qPrintable(fields[0])) << fields[0] << (fields[1] == u"root") << fields[2] << fields[3];
        ++rows;
    }
    QCOMPARE(rows, 6);
}

void TestCertSn::independentAnswers()
{
    QFETCH(QString, file);
    QFETCH(bool, root);
    QFETCH(QString, sn);
    QFETCH(QString, hashedText);

    const auto result = root ? CertSn::ofRootBundleFile(certPath(file)) : CertSn::ofCertificateFile(certPath(file));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    if (!root) {
        const auto text = CertSn::hashedText(readCert(file), file);
        QVERIFY(text.ok());
        QCOMPARE(*text, hashedText);
    }
    QCOMPARE(*result, sn);
}

void TestCertSn::firstCertificateOfAFile()
{
    // Like the SDKs, a certificate file with a chain counts by its first certificate.
    const auto bundle = CertSn::ofCertificate(readCert(QStringLiteral("selfmade-bundle.pem")), QStringLiteral("b"));
    const auto first = CertSn::ofCertificateFile(certPath(QStringLiteral("selfmade-ecdsa.crt")));
    QVERIFY(bundle.ok());
    QVERIFY(first.ok());
    QCOMPARE(*bundle, *first);
}

void TestCertSn::singleCertificateAsRootBundle()
{
    const auto sn = CertSn::ofRootBundleFile(certPath(QStringLiteral("alipayCertPublicKey_RSA2.crt")));
    QVERIFY(sn.ok());
    QCOMPARE(*sn, QString::fromLatin1(kAlipayCertSn));
}

void TestCertSn::rejected_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("root");

    const QByteArray cert = readCert(QStringLiteral("selfmade-big-serial.crt"));
    const QByteArray bundle = readCert(QStringLiteral("alipayRootCert.crt"));
    QFile keyFile(QStringLiteral(COUNTERPAY_TEST_DATA "/keys/app_private_pkcs8.pem"));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray key = keyFile.readAll();
    const qsizetype thirdBegin =
        bundle.indexOf("-----BEGIN", bundle.indexOf("-----BEGIN", bundle.indexOf("-----BEGIN") + 1) + 1);
    QVERIFY(thirdBegin > 0);

    for (const bool root : {false, true}) {
        const char* kind = root ? "root: " : "cert: ";
        const auto row = [&](const char* name) -> QTestData& {
            return QTest::newRow(qPrintable(QString::fromLatin1(kind) + QString::fromLatin1(name)));
        };
        row("empty") << QByteArray() << root;
        row("blank") << QByteArray(" \r\n\t\n") << root;
        row("garbage") << QByteArray("this is not a certificate") << root;
        row("bare base64")
            << QByteArray(cert).replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
            << root;
        row("no END line") << cert.left(cert.indexOf("-----END")) << root;
        row("truncated body") << cert.left(cert.size() / 2) + "\n-----END CERTIFICATE-----\n" << root;
        row("broken base64") << QByteArray(cert).replace(100, 4, "!!!!") << root;
        row("private key") << key << root;
        row("certificate then key") << cert + key << root;
        row("wrong label") << QByteArray(cert).replace("CERTIFICATE", "X509 CRL") << root;
        row("bundle cut inside its third certificate") << bundle.left(thirdBegin + 200) << root;
    }
    QTest::newRow("root: only ECDSA") << readCert(QStringLiteral("selfmade-ecdsa.crt")) << true;
}

void TestCertSn::rejected()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, root);
    const QString origin = QStringLiteral("alipayRootCert-under-test.crt");
    const auto result = root ? CertSn::ofRootBundle(text, origin) : CertSn::ofCertificate(text, origin);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Config);
    QVERIFY2(result.error().message().contains(origin), qPrintable(result.error().message()));
}

void TestCertSn::missingFile()
{
    const QString path = certPath(QStringLiteral("no-such-file.crt"));
    for (const auto& result : {CertSn::ofCertificateFile(path), CertSn::ofRootBundleFile(path)}) {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().category(), Error::Category::Config);
        QVERIFY(result.error().message().contains(path));
    }
}

void TestCertSn::publicKeyOfCertificate()
{
    // Certificate mode verifies with the key inside Alipay's certificate. Known answer from Alipay's
    // Node.js SDK (test/antcertutil.test.ts, loadPublicKeyFromPath).
    const auto key = PublicKey::fromFile(certPath(QStringLiteral("alipayCertPublicKey_RSA2.crt")));
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().toString()));
    QCOMPARE(
        key->toBase64Line(),
        QByteArray("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAhoVesfcGvUv1XvUndmX0rmSZ/2posJBCooySbSVFpV79RtHMzrVz2a"
                   "KkC3WvOXeT5iNeQK4mK8gp3vNkWrHTkQGx5BcmkeO1WS384CQde7dAS0gmxeFs5bs+cCQqV2A2c2R9/5rJMtFtp1Ot/rIiMBU"
                   "n6Ei0UoztM7AneavqQEzSwYlCKNhPFFtHCiz7u4O5R9CIyvUmYr+zpem2HXBN9ygPAZ0aXBQipGbc45+G07ZCNsmY4hV/Igya1"
                   "aBf+Ye8p10Ew8uBBri0sIknhSC2LqKKy2IH1fO6q1d1jhN240QRHvbpRNv60kAfZsEulBASBrCMBi49NiJyr5nre7SNywIDAQ"
                   "AB"));
}

QTEST_GUILESS_MAIN(TestCertSn)
#include "TestCertSn.moc"
