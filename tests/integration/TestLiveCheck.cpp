// LiveCheck (issue 10) against counterpay-sandbox over loopback: one verdict per way a real counter's keys,
// app id, clock or network can be wrong, and Accepted in both signing modes.

#include "SandboxHarness.h"
#include "alipay/PrivateKey.h"
#include "config/GatewayConfig.h"
#include "setup/LiveCheck.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace counterpay;
using namespace counterpay::test;
using setup::LiveCheck;
using Verdict = LiveCheck::Verdict;

class TestLiveCheck : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void acceptedPublicKeyMode();
    void acceptedCertificateMode();
    void appKeyMismatch();
    void unknownAppId();
    void clockOffIsRefusedTimestamp();
    void clockOffByTheGatewaysDate();
    void noNetwork();
    void wrongAlipayKey();
    void wrongAlipayCertificateKey();
    void gatewayFaults_data();
    void gatewayFaults();

private:
    static std::optional<LiveCheck::Outcome> run(const config::GatewayConfig& config,
                                                 const Clock& clock = Clock::system());
    config::GatewayConfig publicKeyConfig() const;

    QTemporaryDir m_publicKeyDir;
    QTemporaryDir m_certificateDir;
    SandboxProcess m_publicKeySandbox;
    SandboxProcess m_certificateSandbox;
};

std::optional<LiveCheck::Outcome> TestLiveCheck::run(const config::GatewayConfig& config, const Clock& clock)
{
    LiveCheck check(config, clock);
    std::optional<LiveCheck::Outcome> outcome;
    int finishedCount = 0;
    QEventLoop loop;
    connect(&check, &LiveCheck::finished, &loop, [&](const LiveCheck::Outcome& result) {
        outcome = result;
        ++finishedCount;
        loop.quit();
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    check.start();
    check.start(); // a second start changes nothing
    loop.exec();
    QTest::qWait(50); // a second finished() would show here
    if (finishedCount > 1)
        return std::nullopt;
    if (outcome)
        qInfo().noquote() << LiveCheck::verdictName(outcome->verdict) << outcome->message << "|" << outcome->detail;
    return outcome;
}

config::GatewayConfig TestLiveCheck::publicKeyConfig() const
{
    auto config = config::GatewayConfig::load(m_publicKeySandbox.configPath());
    if (!config)
        qFatal("%s", qPrintable(config.error().toString()));
    return *config;
}

void TestLiveCheck::initTestCase()
{
    QCOMPARE(initSandbox(m_publicKeyDir.path()).exitCode, 0);
    QVERIFY2(m_publicKeySandbox.start(m_publicKeyDir.path()), qPrintable(m_publicKeySandbox.error()));
    QCOMPARE(initSandbox(m_certificateDir.path(), {QStringLiteral("--cert-mode")}).exitCode, 0);
    QVERIFY2(m_certificateSandbox.start(m_certificateDir.path()), qPrintable(m_certificateSandbox.error()));
}

void TestLiveCheck::acceptedPublicKeyMode()
{
    const auto outcome = run(publicKeyConfig());
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::Accepted);
    QVERIFY2(outcome->message.startsWith(QStringLiteral("keys and app id accepted")), qPrintable(outcome->message));
    QVERIFY2(outcome->detail.contains(QStringLiteral("ACQ.TRADE_NOT_EXIST")), qPrintable(outcome->detail));
}

void TestLiveCheck::acceptedCertificateMode()
{
    auto config = config::GatewayConfig::load(m_certificateSandbox.configPath());
    QVERIFY(config);
    QCOMPARE(config->signMode, config::GatewayConfig::SignMode::Certificate);
    const auto outcome = run(*config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::Accepted);
    QVERIFY2(outcome->message.contains(QStringLiteral("certificate")), qPrintable(outcome->message));
}

void TestLiveCheck::appKeyMismatch()
{
    // A private key other than the one whose public key the sandbox ("Alipay's console") holds.
    config::GatewayConfig config = publicKeyConfig();
    auto otherKey = alipay::PrivateKey::generate();
    QVERIFY(otherKey);
    config.appPrivateKey = *otherKey;
    const auto outcome = run(config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::AppKeyMismatch);
    // What to upload, ready to paste: this key's public half.
    QVERIFY2(outcome->message.contains(QString::fromLatin1(otherKey->publicKey().toBase64Line())),
             qPrintable(outcome->message));
    QVERIFY2(outcome->detail.contains(QStringLiteral("isv.invalid-signature")), qPrintable(outcome->detail));
}

void TestLiveCheck::unknownAppId()
{
    config::GatewayConfig config = publicKeyConfig();
    config.appId = QStringLiteral("2021000000000999");
    const auto outcome = run(config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::UnknownAppId);
    QVERIFY2(outcome->message.contains(QStringLiteral("2021000000000999")), qPrintable(outcome->message));
}

void TestLiveCheck::clockOffIsRefusedTimestamp()
{
    // Two hours ahead: the sandbox refuses the timestamp as Alipay does, and its Date says by how much.
    const ManualClock ahead(QDateTime::currentDateTimeUtc().addSecs(2 * 3600));
    const auto outcome = run(publicKeyConfig(), ahead);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::ClockOff);
    QVERIFY2(outcome->message.contains(QStringLiteral("120 minutes off (ahead")), qPrintable(outcome->message));
    QVERIFY2(outcome->detail.contains(QStringLiteral("isv.invalid-timestamp")), qPrintable(outcome->detail));
}

void TestLiveCheck::clockOffByTheGatewaysDate()
{
    // Ten minutes behind: within the gateway's window, so the keys are accepted, but the clock is still wrong.
    const ManualClock behind(QDateTime::currentDateTimeUtc().addSecs(-10 * 60));
    const auto outcome = run(publicKeyConfig(), behind);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::ClockOff);
    QVERIFY2(outcome->message.contains(QStringLiteral("10 minutes off (behind")), qPrintable(outcome->message));
    QVERIFY2(outcome->detail.contains(QStringLiteral("ACQ.TRADE_NOT_EXIST")), qPrintable(outcome->detail));

    // A minute off is within what a counter tolerates.
    const ManualClock close(QDateTime::currentDateTimeUtc().addSecs(60));
    const auto fine = run(publicKeyConfig(), close);
    QVERIFY(fine);
    QCOMPARE(fine->verdict, Verdict::Accepted);
}

void TestLiveCheck::noNetwork()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 port = server.serverPort();
    server.close(); // nothing listens there now: connection refused
    config::GatewayConfig config = publicKeyConfig();
    config.gatewayUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/gateway.do").arg(port));
    const auto outcome = run(config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::NoNetwork);
    QVERIFY2(outcome->message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(outcome->message));
}

void TestLiveCheck::wrongAlipayKey()
{
    // Alipay's key here is not the gateway's: its signed answer does not verify.
    config::GatewayConfig config = publicKeyConfig();
    auto otherKey = alipay::PrivateKey::generate();
    QVERIFY(otherKey);
    config.alipayPublicKey = otherKey->publicKey();
    const auto outcome = run(config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::WrongAlipayKey);
    QVERIFY2(outcome->message.startsWith(QStringLiteral("the Alipay public key here is not the one that signed")),
             qPrintable(outcome->message));
}

void TestLiveCheck::wrongAlipayCertificateKey()
{
    auto config = config::GatewayConfig::load(m_certificateSandbox.configPath());
    QVERIFY(config);
    auto otherKey = alipay::PrivateKey::generate();
    QVERIFY(otherKey);
    config->alipayPublicKey = otherKey->publicKey();
    const auto outcome = run(*config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, Verdict::WrongAlipayKey);
    QVERIFY2(outcome->message.contains(QStringLiteral("Alipay certificate")), qPrintable(outcome->message));
}

void TestLiveCheck::gatewayFaults_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<QString>("words");
    QTest::newRow("HTTP 502") << QStringLiteral("http_502") << Verdict::GatewayProblem << QStringLiteral("(HTTP 502)");
    QTest::newRow("20000") << QStringLiteral("code_20000") << Verdict::GatewayProblem
                           << QStringLiteral("busy (20000 isp.unknow-error)");
    QTest::newRow("bad signature") << QStringLiteral("bad_signature") << Verdict::WrongAlipayKey
                                   << QStringLiteral("not the one that signed");
    QTest::newRow("dropped") << QStringLiteral("drop") << Verdict::NoNetwork << QStringLiteral("cannot reach");
    QTest::newRow("no answer") << QStringLiteral("lost_reply") << Verdict::NoNetwork << QStringLiteral("cannot reach");
}

void TestLiveCheck::gatewayFaults()
{
    QFETCH(QString, fault);
    QFETCH(Verdict, verdict);
    QFETCH(QString, words);
    QVERIFY(m_publicKeySandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), fault},
                                            {QStringLiteral("method"), QStringLiteral("alipay.trade.query")},
                                            {QStringLiteral("count"), 1}}}}}));
    config::GatewayConfig config = publicKeyConfig();
    config.timeoutMs = 1500;
    const auto outcome = run(config);
    QVERIFY(outcome);
    QCOMPARE(outcome->verdict, verdict);
    QVERIFY2(outcome->message.contains(words), qPrintable(outcome->message));
    // The fault is spent: the same check now passes.
    const auto again = run(publicKeyConfig());
    QVERIFY(again);
    QCOMPARE(again->verdict, Verdict::Accepted);
}

QTEST_GUILESS_MAIN(TestLiveCheck)
#include "TestLiveCheck.moc"
