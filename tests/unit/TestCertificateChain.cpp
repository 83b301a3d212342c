// Certificate mode trusts Alipay's certificate only when it chains to the root bundle and is valid at
// the app's clock. The chains come from the sandbox's test CA (shaped like Alipay's: roots, issuing
// CAs, leaf), so each case is a real chain; Alipay's published certificates are checked too.
#include "CertificateAuthority.h"
#include "alipay/CertificateChain.h"
#include "alipay/PrivateKey.h"
#include "config/GatewayConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::alipay::CertificateChain;
using counterpay::sandbox::CertificateAuthority;

namespace {

const QDateTime kIssuedAt(QDate(2026, 11, 26), QTime(4, 0), Qt::UTC);

QByteArray firstPemBlock(const QByteArray& pem)
{
    const QByteArray end = "-----END CERTIFICATE-----\n";
    return pem.left(pem.indexOf(end) + end.size());
}

QByteArray readFixture(const QString& name)
{
    QFile file(QStringLiteral(COUNTERPAY_TEST_DATA "/certs/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

QString describe(const Result<void>& result)
{
    return result.ok() ? QStringLiteral("accepted") : result.error().toString();
}

} // namespace

class TestCertificateChain : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void chainToTheBundleIsTrusted();
    void refused_data();
    void refused();
    void alipaysPublishedCertificateLacksItsIssuer();
    void configLoadChecksTheChainAtItsClock();

private:
    alipay::PrivateKey m_appKey;
    alipay::PrivateKey m_gatewayKey;
    CertificateAuthority::Issued m_issued;
    CertificateAuthority::Issued m_other; // another CA altogether
};

void TestCertificateChain::initTestCase()
{
    auto app = alipay::PrivateKey::generate(2048);
    auto gateway = alipay::PrivateKey::generate(2048);
    QVERIFY(app.ok() && gateway.ok());
    m_appKey = *app;
    m_gatewayKey = *gateway;
    auto issued = CertificateAuthority::issue(m_appKey, m_gatewayKey, QStringLiteral("9021000000000001"),
                                              QStringLiteral("2088000000000001"), kIssuedAt);
    auto other = CertificateAuthority::issue(m_appKey, m_gatewayKey, QStringLiteral("9021000000000001"),
                                             QStringLiteral("2088000000000001"), kIssuedAt);
    QVERIFY(issued.ok() && other.ok());
    m_issued = *issued;
    m_other = *other;
}

void TestCertificateChain::chainToTheBundleIsTrusted()
{
    for (const QDateTime& at : {kIssuedAt, kIssuedAt.addDays(1000), kIssuedAt.addSecs(-23 * 3600)}) {
        const auto trusted =
            CertificateChain::verify(m_issued.alipayCertPem, QStringLiteral("alipay_cert.crt"), m_issued.rootBundlePem,
                                     QStringLiteral("alipay_root_cert.crt"), at);
        QVERIFY2(trusted.ok(), qPrintable(at.toString(Qt::ISODate) + QStringLiteral(": ") + describe(trusted)));
    }
}

void TestCertificateChain::refused_data()
{
    QTest::addColumn<QByteArray>("certificate");
    QTest::addColumn<QByteArray>("bundle");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QString>("says");

    QTest::newRow("wrong root") << m_issued.alipayCertPem << m_other.rootBundlePem << kIssuedAt
                                << QStringLiteral("does not chain to a root of alipay_root_cert.crt");
    QTest::newRow("issuing CA missing") << firstPemBlock(m_issued.alipayCertPem) << m_issued.rootBundlePem << kIssuedAt
                                        << QStringLiteral("does not chain");
    QTest::newRow("another CA's intermediate")
        << QByteArray(firstPemBlock(m_issued.alipayCertPem) +
                      m_other.alipayCertPem.mid(firstPemBlock(m_other.alipayCertPem).size()))
        << m_other.rootBundlePem << kIssuedAt << QStringLiteral("does not chain");
    // The sandbox's leaf lives 1825 days from a day before issue.
    QTest::newRow("expired") << m_issued.alipayCertPem << m_issued.rootBundlePem << kIssuedAt.addDays(1825)
                             << QStringLiteral("Alipay's certificate expired on 2031-");
    QTest::newRow("not yet valid") << m_issued.alipayCertPem << m_issued.rootBundlePem << kIssuedAt.addDays(-2)
                                   << QStringLiteral("is not valid before 2026-11-25 04:00:00 UTC");
    QTest::newRow("not a certificate") << QByteArray("hello") << m_issued.rootBundlePem << kIssuedAt
                                       << QStringLiteral("no PEM certificate");
}

void TestCertificateChain::refused()
{
    QFETCH(QByteArray, certificate);
    QFETCH(QByteArray, bundle);
    QFETCH(QDateTime, at);
    QFETCH(QString, says);
    const auto trusted = CertificateChain::verify(certificate, QStringLiteral("/etc/counterpay/alipay_cert.crt"),
                                                  bundle, QStringLiteral("alipay_root_cert.crt"), at);
    QVERIFY(!trusted.ok());
    QCOMPARE(trusted.error().category(), Error::Category::Config);
    QVERIFY2(trusted.error().message().startsWith(QStringLiteral("/etc/counterpay/alipay_cert.crt: ")),
             qPrintable(trusted.error().message()));
    QVERIFY2(trusted.error().message().contains(says), qPrintable(trusted.error().message()));
}

// Alipay's certificate as its Node.js SDK publishes it: the leaf alone (its issuing CA, "Class 2 R1",
// is not in it nor in the root bundle), valid 2020-05-14 to 2022-05-14.
void TestCertificateChain::alipaysPublishedCertificateLacksItsIssuer()
{
    const QByteArray certificate = readFixture(QStringLiteral("alipayCertPublicKey_RSA2.crt"));
    const QByteArray bundle = readFixture(QStringLiteral("alipayRootCert.crt"));
    for (const QDateTime& at : {QDateTime(QDate(2021, 1, 1), QTime(0, 0), Qt::UTC), kIssuedAt}) {
        const auto trusted = CertificateChain::verify(certificate, QStringLiteral("alipayCertPublicKey_RSA2.crt"),
                                                      bundle, QStringLiteral("alipayRootCert.crt"), at);
        QVERIFY(!trusted.ok());
        QVERIFY2(trusted.error().message().contains(QStringLiteral("does not chain")),
                 qPrintable(trusted.error().message()));
    }
}

// GatewayConfig::load runs the check at its clock, and names the file.
void TestCertificateChain::configLoadChecksTheChainAtItsClock()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto write = [&](const QString& name, const QByteArray& bytes) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    };
    write(QStringLiteral("app_private_key.pem"), m_appKey.toPkcs8Pem());
    QFile::setPermissions(dir.filePath(QStringLiteral("app_private_key.pem")), QFile::ReadOwner | QFile::WriteOwner);
    write(QStringLiteral("app_cert.crt"), m_issued.appCertPem);
    write(QStringLiteral("alipay_cert.crt"), m_issued.alipayCertPem);
    write(QStringLiteral("alipay_root_cert.crt"), m_issued.rootBundlePem);
    write(QStringLiteral("wrong_root_cert.crt"), m_other.rootBundlePem);
    const QByteArray gateway = "[gateway]\nurl=http://127.0.0.1:1/gateway.do\napp_id=9021000000000001\n"
                               "sign_mode=certificate\napp_private_key=app_private_key.pem\napp_cert=app_cert.crt\n"
                               "alipay_cert=alipay_cert.crt\n";
    write(QStringLiteral("good.ini"), gateway + "alipay_root_cert=alipay_root_cert.crt\n");
    write(QStringLiteral("wrong-root.ini"), gateway + "alipay_root_cert=wrong_root_cert.crt\n");

    const ManualClock now(kIssuedAt);
    auto good = config::GatewayConfig::load(dir.filePath(QStringLiteral("good.ini")), now);
    QVERIFY2(good.ok(), qPrintable(good.ok() ? QString() : good.error().toString()));
    QVERIFY(!good->alipayCertSn.isEmpty());

    const ManualClock later(kIssuedAt.addDays(2000));
    auto expired = config::GatewayConfig::load(dir.filePath(QStringLiteral("good.ini")), later);
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().category(), Error::Category::Config);
    QVERIFY2(expired.error().message().startsWith(dir.filePath(QStringLiteral("alipay_cert.crt"))) &&
                 expired.error().message().contains(QStringLiteral("expired")),
             qPrintable(expired.error().message()));

    auto wrongRoot = config::GatewayConfig::load(dir.filePath(QStringLiteral("wrong-root.ini")), now);
    QVERIFY(!wrongRoot.ok());
    QVERIFY2(wrongRoot.error().message().startsWith(dir.filePath(QStringLiteral("alipay_cert.crt"))) &&
                 wrongRoot.error().message().contains(QStringLiteral("wrong_root_cert.crt")),
             qPrintable(wrongRoot.error().message()));
}

QTEST_GUILESS_MAIN(TestCertificateChain)
#include "TestCertificateChain.moc"
