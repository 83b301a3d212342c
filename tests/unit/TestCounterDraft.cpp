// CounterDraft (issue 10): the DESIGN.md §3 mix-ups caught before anything is saved, each said about its
// field, and write() leaving a counter the app loads, or nothing at all.

#include "CertificateAuthority.h"
#include "TestSupport.h"
#include "alipay/PrivateKey.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"
#include "people/PeopleStore.h"
#include "setup/CounterDraft.h"
#include "store/OrderStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::setup;
using Field = CounterDraft::Field;

// QVERIFY2 reads its message even when the check holds: only a failed Result has an error to print.
#define VERIFY_OK(result) QVERIFY2((result).ok(), (result).ok() ? "" : qPrintable((result).error().toString()))

class TestCounterDraft : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void goodDrafts_data();
    void goodDrafts();
    void mixUps_data();
    void mixUps();
    void expiredAlipayCertificate();
    void writeMakesACounter();
    void writeRefusesAnExistingConfig();
    void failedWriteLeavesNothing();

private:
    CounterDraft publicKeyDraft() const;
    CounterDraft certificateDraft() const;

    alipay::PrivateKey m_appKey;
    alipay::PrivateKey m_gatewayKey;
    alipay::PrivateKey m_otherKey;
    sandbox::CertificateAuthority::Issued m_issued;
    sandbox::CertificateAuthority::Issued m_otherIssued; // another CA altogether
};

void TestCounterDraft::initTestCase()
{
    auto app = alipay::PrivateKey::generate();
    auto gateway = alipay::PrivateKey::generate();
    auto other = alipay::PrivateKey::generate();
    QVERIFY(app && gateway && other);
    m_appKey = *app;
    m_gatewayKey = *gateway;
    m_otherKey = *other;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto issued = sandbox::CertificateAuthority::issue(m_appKey, m_gatewayKey, QStringLiteral("2021000000000001"),
                                                       QStringLiteral("2088000000000001"), now);
    VERIFY_OK(issued);
    m_issued = *issued;
    auto otherIssued = sandbox::CertificateAuthority::issue(
        m_otherKey, m_gatewayKey, QStringLiteral("2021000000000002"), QStringLiteral("2088000000000002"), now);
    QVERIFY(otherIssued);
    m_otherIssued = *otherIssued;
}

CounterDraft TestCounterDraft::publicKeyDraft() const
{
    CounterDraft draft;
    draft.gatewayUrl = QUrl(QStringLiteral("https://openapi.alipay.com/gateway.do"));
    draft.appId = QStringLiteral("2021000000000001");
    draft.appPrivateKeyPem = m_appKey.toPkcs8Pem();
    draft.alipayPublicKeyText = m_gatewayKey.publicKey().toBase64Line(); // as Alipay's console shows it
    draft.storeTitle = QStringLiteral("Corner Shop 街角小店");
    draft.terminalId = QStringLiteral("T7");
    draft.managerName = QStringLiteral("Wang");
    draft.managerPin = QStringLiteral("583920");
    return draft;
}

CounterDraft TestCounterDraft::certificateDraft() const
{
    CounterDraft draft = publicKeyDraft();
    draft.signMode = config::GatewayConfig::SignMode::Certificate;
    draft.alipayPublicKeyText.clear();
    draft.appCertPem = m_issued.appCertPem;
    draft.alipayCertPem = m_issued.alipayCertPem;
    draft.alipayRootCertPem = m_issued.rootBundlePem;
    return draft;
}

void TestCounterDraft::goodDrafts_data()
{
    QTest::addColumn<CounterDraft>("draft");
    QTest::newRow("public key, Alipay's key as base64") << publicKeyDraft();
    CounterDraft pem = publicKeyDraft();
    pem.alipayPublicKeyText = m_gatewayKey.publicKey().toPem();
    pem.appPrivateKeyPem = QByteArray(m_appKey.toPkcs8Pem())
                               .replace("-----BEGIN PRIVATE KEY-----\n", "")
                               .replace("-----END PRIVATE KEY-----\n", ""); // the bare base64 Alipay's key tool writes
    QTest::newRow("public key PEM, private key bare base64") << pem;
    CounterDraft loopback = publicKeyDraft();
    loopback.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:8470/gateway.do"));
    QTest::newRow("plain http to this machine") << loopback;
    QTest::newRow("certificate mode") << certificateDraft();
}

void TestCounterDraft::goodDrafts()
{
    QFETCH(CounterDraft, draft);
    auto config = draft.check();
    VERIFY_OK(config);
    QCOMPARE(config->appId, draft.appId);
    QVERIFY(config->alipayPublicKey == m_gatewayKey.publicKey());
    QVERIFY(config->appPrivateKey.publicKey() == m_appKey.publicKey());
    QVERIFY(!draft.firstProblem());
    if (draft.signMode == config::GatewayConfig::SignMode::Certificate) {
        QVERIFY(!config->appCertSn.isEmpty());
        QVERIFY(!config->alipayRootCertSn.isEmpty());
    }
}

void TestCounterDraft::mixUps_data()
{
    QTest::addColumn<CounterDraft>("draft");
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("words"); // what the person is told, in part

    CounterDraft draft = publicKeyDraft();
    draft.appPrivateKeyPem = "not a key at all";
    QTest::newRow("private key unreadable") << draft << int(Field::AppPrivateKey) << QStringLiteral("expected PEM");
    draft = publicKeyDraft();
    draft.appPrivateKeyPem = m_appKey.toPkcs8Pem().left(600) + "\n-----END PRIVATE KEY-----\n";
    QTest::newRow("private key cut short") << draft << int(Field::AppPrivateKey)
                                           << QStringLiteral("expected PEM \"-----BEGIN PRIVATE KEY-----\" (PKCS#8)");
    draft = publicKeyDraft();
    draft.appPrivateKeyPem = m_appKey.publicKey().toPem();
    QTest::newRow("public key as the private key")
        << draft << int(Field::AppPrivateKey) << QStringLiteral("the app's private key belongs here");
    // The commonest field failure.
    draft = publicKeyDraft();
    draft.alipayPublicKeyText = m_appKey.publicKey().toBase64Line();
    QTest::newRow("app's own key as Alipay's")
        << draft << int(Field::AlipayPublicKey) << QStringLiteral("this is the app's own public key");
    draft = publicKeyDraft();
    draft.alipayPublicKeyText.clear();
    QTest::newRow("no Alipay key") << draft << int(Field::AlipayPublicKey) << QStringLiteral("missing");
    draft = publicKeyDraft();
    draft.alipayPublicKeyText = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
    QTest::newRow("truncated Alipay key")
        << draft << int(Field::AlipayPublicKey) << QStringLiteral("the whole single line of base64");

    draft = certificateDraft();
    draft.appCertPem = m_otherIssued.appCertPem;
    QTest::newRow("app certificate of another key")
        << draft << int(Field::AppCert) << QStringLiteral("does not belong to the app private key");
    draft = certificateDraft();
    draft.alipayCertPem = m_otherIssued.alipayCertPem;
    QTest::newRow("Alipay certificate from another CA") << draft << int(Field::AlipayCert) << QString();
    draft = certificateDraft();
    draft.alipayCertPem = m_appKey.publicKey().toPem();
    QTest::newRow("Alipay certificate is a bare key") << draft << int(Field::AlipayCert) << QString();

    draft = publicKeyDraft();
    draft.appId = QStringLiteral("2021-0000-0001");
    QTest::newRow("app id with dashes") << draft << int(Field::AppId) << QStringLiteral("only digits");
    draft = publicKeyDraft();
    draft.appId.clear();
    QTest::newRow("no app id") << draft << int(Field::AppId) << QStringLiteral("required");
    draft = publicKeyDraft();
    draft.appId = QStringLiteral("2021\nsign_mode=certificate");
    QTest::newRow("app id smuggling a setting") << draft << int(Field::AppId) << QStringLiteral("one line");

    draft = publicKeyDraft();
    draft.gatewayUrl = QUrl(QStringLiteral("http://openapi.alipay.com/gateway.do"));
    QTest::newRow("plain http to Alipay") << draft << int(Field::GatewayUrl) << QStringLiteral("plain http");
    draft = publicKeyDraft();
    draft.gatewayUrl = QUrl(QStringLiteral("http://localhost:8470/gateway.do"));
    QTest::newRow("plain http to a name") << draft << int(Field::GatewayUrl) << QStringLiteral("127.0.0.1");
    draft = publicKeyDraft();
    draft.gatewayUrl = QUrl(QStringLiteral("ftp://openapi.alipay.com/gateway.do"));
    QTest::newRow("not http") << draft << int(Field::GatewayUrl) << QStringLiteral("not an http(s) URL");

    draft = publicKeyDraft();
    draft.terminalId = QStringLiteral("T-1");
    QTest::newRow("terminal id with a dash") << draft << int(Field::TerminalId) << QStringLiteral("letters, digits");
    draft = publicKeyDraft();
    draft.terminalId = QString(33, u'T');
    QTest::newRow("terminal id too long") << draft << int(Field::TerminalId) << QStringLiteral("1 to 32");
    draft = publicKeyDraft();
    draft.storeTitle = QStringLiteral("Shop ; Cafe");
    QTest::newRow("store title with a comment") << draft << int(Field::StoreTitle) << QStringLiteral(" ;");

    draft = publicKeyDraft();
    draft.managerName.clear();
    QTest::newRow("no manager") << draft << int(Field::ManagerName) << QStringLiteral("name");
    draft = publicKeyDraft();
    draft.managerPin = QStringLiteral("12");
    QTest::newRow("short PIN") << draft << int(Field::ManagerPin) << QString();
    draft = publicKeyDraft();
    draft.managerPin = QStringLiteral("12ab");
    QTest::newRow("PIN with letters") << draft << int(Field::ManagerPin) << QString();
}

void TestCounterDraft::mixUps()
{
    QFETCH(CounterDraft, draft);
    QFETCH(int, field);
    QFETCH(QString, words);

    const auto problem = draft.firstProblem();
    QVERIFY(problem);
    const QString message = problem->error.message();
    qInfo().noquote() << message;
    QVERIFY2(int(problem->field) == field, qPrintable(message));
    // Said about the field, never about the check's temporary files.
    QVERIFY2(message.startsWith(CounterDraft::fieldLabel(Field(field)) + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(!message.contains(QDir::tempPath()), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("counterpay.ini [")), qPrintable(message));
    QVERIFY2(message.contains(words), qPrintable(message));
    // A key that reads is in a right form: the app's own key as Alipay's is not told which forms a key may take.
    if (words.contains(QStringLiteral("app's own public key")))
        QVERIFY2(!message.contains(QStringLiteral("(expected PEM")), qPrintable(message));

    auto checked = draft.check();
    QVERIFY(!checked);
    QCOMPARE(checked.error().message(), message);
}

void TestCounterDraft::expiredAlipayCertificate()
{
    const CounterDraft draft = certificateDraft();
    const ManualClock later(QDateTime::currentDateTimeUtc().addYears(40));
    const auto problem = draft.firstProblem(later);
    QVERIFY(problem);
    QCOMPARE(problem->field, Field::AlipayCert);
    QVERIFY2(problem->error.message().contains(QStringLiteral("expired")), qPrintable(problem->error.message()));
}

void TestCounterDraft::writeMakesACounter()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("shop/counter"));
    const CounterDraft draft = publicKeyDraft();
    auto ini = draft.write(folder);
    VERIFY_OK(ini);
    QCOMPARE(*ini, QDir(folder).filePath(QStringLiteral("counterpay.ini")));

    // A file a person can read, which the app loads as it is.
    const QByteArray text = test::readFile(*ini);
    QVERIFY(text.contains("; Alipay's public key (支付宝公钥), not the app's own"));
    QVERIFY(text.contains("app_id=2021000000000001\n"));
    auto config = config::GatewayConfig::load(*ini);
    VERIFY_OK(config);
    // The private key is the owner's alone (a key kept plain may be warned about, an exposed one must not be).
    for (const QString& warning : std::as_const(config->warnings))
        QVERIFY2(!warning.contains(QStringLiteral("other users")), qPrintable(warning));
    QCOMPARE(config->gatewayUrl, draft.gatewayUrl);
    QVERIFY(config->alipayPublicKey == m_gatewayKey.publicKey());
    auto counter = config::CounterSettings::load(*ini, *config);
    VERIFY_OK(counter);
    QCOMPARE(counter->payment.terminalId, QStringLiteral("T7"));
    QCOMPARE(counter->subject, QStringLiteral("Corner Shop 街角小店"));
    QCOMPARE(counter->databasePath, QDir(folder).filePath(QStringLiteral("orders.sqlite")));

    const QString keyPath = QDir(folder).filePath(QStringLiteral("app_private_key.pem"));
    QCOMPARE(QFileInfo(keyPath).permissions() &
                 (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    // openssl, not only our own reader, opens the key.
    QCOMPARE(test::run(QStringLiteral("openssl"),
                       {QStringLiteral("pkey"), QStringLiteral("-in"), keyPath, QStringLiteral("-noout")})
                 .exitCode,
             0);

    {
        auto book = store::OrderStore::open(counter->databasePath);
        VERIFY_OK(book);
        people::PeopleStore people((*book)->connection(), Clock::system());
        auto manager = people.find(QStringLiteral("Wang"));
        QVERIFY(manager && manager->has_value());
        QCOMPARE((*manager)->role, people::Person::Role::Manager);
        QVERIFY(people.authoriseManager(QStringLiteral("Wang"), u"583920"));
    }

    // The PIN's digits are in no file of the counter.
    QDirIterator files(folder, QDir::Files | QDir::Hidden);
    int seen = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        ++seen;
        QVERIFY2(!test::readFile(path).contains("583920"), qPrintable(path));
    }
    QVERIFY(seen >= 3);
}

void TestCounterDraft::writeRefusesAnExistingConfig()
{
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(ini, "[gateway]\n; someone's own\n");
    auto written = publicKeyDraft().write(dir.path());
    QVERIFY(!written);
    QVERIFY2(written.error().message().contains(QStringLiteral("exists already")),
             qPrintable(written.error().message()));
    QCOMPARE(test::readFile(ini), QByteArray("[gateway]\n; someone's own\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("counterpay.ini")});

    // Certificate mode writes its three certificates and no Alipay key file.
    QTemporaryDir other;
    auto cert = certificateDraft().write(other.path());
    VERIFY_OK(cert);
    QStringList expected{QStringLiteral("alipay_cert.crt"), QStringLiteral("alipay_root_cert.crt"),
                         QStringLiteral("app_cert.crt"),    QStringLiteral("app_private_key.pem"),
                         QStringLiteral("counterpay.ini"),  QStringLiteral("orders.sqlite")};
    QStringList present = QDir(other.path()).entryList(QDir::Files, QDir::Name);
    present.removeIf([](const QString& name) { return name.startsWith(QStringLiteral("orders.sqlite-")); });
    QCOMPARE(present, expected);
    QVERIFY(config::GatewayConfig::load(*cert));
}

void TestCounterDraft::failedWriteLeavesNothing()
{
    // The order book cannot be made (a folder stands where its journal goes): the keys already written go too.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("orders.sqlite-wal")));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("orders.sqlite-journal")));
    auto written = publicKeyDraft().write(dir.path());
    QVERIFY(!written);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());

    // A draft that fails its check makes not even the folder.
    QTemporaryDir parent;
    const QString fresh = parent.filePath(QStringLiteral("fresh"));
    CounterDraft bad = publicKeyDraft();
    bad.managerPin = QStringLiteral("1");
    QVERIFY(!bad.write(fresh));
    QVERIFY(!QFileInfo::exists(fresh));
}

QTEST_GUILESS_MAIN(TestCounterDraft)
#include "TestCounterDraft.moc"
