// `counterpay-cli doctor` end to end (issue 10): a counter the setup wrote, checked against the sandbox,
// and two counters with the wrong key or app id, each with its lines and its exit code (DESIGN.md §6).

#include "SandboxHarness.h"
#include "alipay/PrivateKey.h"
#include "config/GatewayConfig.h"
#include "setup/CounterDraft.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

class TestDoctorCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void counterFromTheSetupIsHealthy();
    void wrongAlipayKeyIsASecurityFailure();
    void unknownAppIdIsAConfigProblem();
    void brokenConfigStopsAtTheFirstLine();
    void closedPortIsANetworkFailure();
    void exposedKeyIsAWarning();
    void certificateModeHasACertificatesLine();
    void protectedKeyOpensWithThePassphraseFile();

private:
    // The sandbox's counterpay.ini copied into a folder of its own, with `edit` applied to its text.
    QString copyOfConfig(const QString& name, const std::function<void(QByteArray&)>& edit);
    static QStringList lines(const ProcessResult& result);
    // The line of one check ("live check"), whatever its status; empty when there is none. Checks are found
    // by name, not place: the config may add warnings (a key kept in plain text) before them.
    static QString lineOf(const QStringList& out, const QString& check);
    static ProcessResult doctor(const QString& config);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
};

void TestDoctorCli::initTestCase()
{
    QCOMPARE(initSandbox(m_dir.filePath(QStringLiteral("sandbox"))).exitCode, 0);
    QVERIFY2(m_sandbox.start(m_dir.filePath(QStringLiteral("sandbox"))), qPrintable(m_sandbox.error()));
}

ProcessResult TestDoctorCli::doctor(const QString& config)
{
    return run(cliProgram(), {QStringLiteral("doctor"), QStringLiteral("--config"), config});
}

QStringList TestDoctorCli::lines(const ProcessResult& result)
{
    return QString::fromUtf8(result.out).split(u'\n', Qt::SkipEmptyParts);
}

QString TestDoctorCli::lineOf(const QStringList& out, const QString& check)
{
    for (const QString& line : out) {
        if (line.mid(9).startsWith(check))
            return line;
    }
    return {};
}

QString TestDoctorCli::copyOfConfig(const QString& name, const std::function<void(QByteArray&)>& edit)
{
    const QDir source(m_sandbox.dataDir());
    const QDir target(m_dir.filePath(name));
    target.mkpath(QStringLiteral("."));
    for (const char* file : {"app_private_key.pem", "alipay_public_key.pem"})
        QFile::copy(source.filePath(QLatin1String(file)), target.filePath(QLatin1String(file)));
    QFile::setPermissions(target.filePath(QStringLiteral("app_private_key.pem")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QByteArray text = readFile(m_sandbox.configPath());
    edit(text);
    writeFile(target.filePath(QStringLiteral("counterpay.ini")), text);
    return target.filePath(QStringLiteral("counterpay.ini"));
}

void TestDoctorCli::counterFromTheSetupIsHealthy()
{
    auto sandboxConfig = config::GatewayConfig::load(m_sandbox.configPath());
    QVERIFY(sandboxConfig);
    setup::CounterDraft draft;
    draft.gatewayUrl = sandboxConfig->gatewayUrl;
    draft.appId = sandboxConfig->appId;
    draft.appPrivateKeyPem = readFile(QDir(m_sandbox.dataDir()).filePath(QStringLiteral("app_private_key.pem")));
    draft.alipayPublicKeyText = sandboxConfig->alipayPublicKey.toBase64Line();
    draft.terminalId = QStringLiteral("FRONT");
    draft.managerName = QStringLiteral("Li");
    draft.managerPin = QStringLiteral("4711");
    auto ini = draft.write(m_dir.filePath(QStringLiteral("from-setup")));
    QVERIFY(ini);

    const ProcessResult result = doctor(*ini);
    QCOMPARE(result.exitCode, 0);
    const QStringList out = lines(result);
    const QString loads = lineOf(out, QStringLiteral("config file loads"));
    QVERIFY2(loads.startsWith(QStringLiteral("ok       config file loads: ") + *ini), qPrintable(loads));
    QCOMPARE(lineOf(out, QStringLiteral("key pair")),
             QStringLiteral("ok       key pair signs and verifies: RSA 2048 bits"));
    QCOMPARE(lineOf(out, QStringLiteral("Alipay's public key")),
             QStringLiteral("ok       Alipay's public key is not the app's own"));
    QCOMPARE(lineOf(out, QStringLiteral("order book")),
             QStringLiteral("ok       order book opens: ") +
                 QDir(m_dir.filePath(QStringLiteral("from-setup"))).filePath(QStringLiteral("orders.sqlite")));
    QVERIFY(
        lineOf(out, QStringLiteral("gateway reachable")).startsWith(QStringLiteral("ok       gateway reachable: ")));
    const QString live = lineOf(out, QStringLiteral("live check"));
    QVERIFY2(live.startsWith(QStringLiteral("ok       live check: keys and app id accepted")), qPrintable(live));
    QVERIFY(out.filter(QStringLiteral("FAILED")).isEmpty());
    QVERIFY2(out.last() == live, "the live check comes last");
    // Nothing secret on the way: not the PIN, not the private key.
    QVERIFY(!result.out.contains("4711") && !result.err.contains("4711"));
    QVERIFY(!result.out.contains("PRIVATE KEY") && !result.err.contains("PRIVATE KEY"));
}

void TestDoctorCli::wrongAlipayKeyIsASecurityFailure()
{
    const QString ini = copyOfConfig(QStringLiteral("wrong-key"), [](QByteArray&) {});
    auto otherKey = alipay::PrivateKey::generate();
    QVERIFY(otherKey);
    writeFile(QFileInfo(ini).dir().filePath(QStringLiteral("alipay_public_key.pem")), otherKey->publicKey().toPem());

    const ProcessResult result = doctor(ini);
    QCOMPARE(result.exitCode, 3);
    const QStringList out = lines(result);
    QVERIFY2(lineOf(out, QStringLiteral("order book")).startsWith(QStringLiteral("warning  order book opens: ")),
             qPrintable(out.join(u'\n')));
    QVERIFY(lineOf(out, QStringLiteral("gateway reachable")).startsWith(QStringLiteral("ok ")));
    const QString live = lineOf(out, QStringLiteral("live check"));
    QVERIFY2(live.startsWith(QStringLiteral("FAILED   live check: the Alipay public key here is not the one that "
                                            "signed the reply")),
             qPrintable(live));
    QCOMPARE(out.filter(QStringLiteral("FAILED")).size(), 1);
}

void TestDoctorCli::unknownAppIdIsAConfigProblem()
{
    const QString ini = copyOfConfig(QStringLiteral("unknown-app"), [](QByteArray& text) {
        const qsizetype at = text.indexOf("\napp_id=") + 1;
        text.replace(at, text.indexOf('\n', at) - at, "app_id=2021000000000999");
    });
    const ProcessResult result = doctor(ini);
    QCOMPARE(result.exitCode, 7);
    const QStringList out = lines(result);
    const QString live = lineOf(out, QStringLiteral("live check"));
    QVERIFY2(live.startsWith(QStringLiteral("FAILED   live check: ")), qPrintable(live));
    QVERIFY2(live.contains(QStringLiteral("does not know the app id 2021000000000999")), qPrintable(live));
    QCOMPARE(out.filter(QStringLiteral("FAILED")).size(), 1);
}

void TestDoctorCli::brokenConfigStopsAtTheFirstLine()
{
    // The app's own public key where Alipay's belongs: loading refuses it, nothing is sent.
    const QString ini = copyOfConfig(QStringLiteral("own-key"), [](QByteArray& text) {
        text.replace("alipay_public_key=alipay_public_key.pem", "alipay_public_key=own_public_key.pem");
    });
    auto appKey = alipay::PrivateKey::fromFile(QFileInfo(ini).dir().filePath(QStringLiteral("app_private_key.pem")));
    QVERIFY(appKey);
    writeFile(QFileInfo(ini).dir().filePath(QStringLiteral("own_public_key.pem")), appKey->publicKey().toPem());
    const ProcessResult result = doctor(ini);
    QCOMPARE(result.exitCode, 7);
    const QStringList out = lines(result);
    QCOMPARE(out.size(), 1);
    QVERIFY2(out[0].startsWith(QStringLiteral("FAILED   config file loads: ")), qPrintable(out[0]));
    QVERIFY2(out[0].contains(QStringLiteral("this is the app's own public key")), qPrintable(out[0]));
}

void TestDoctorCli::closedPortIsANetworkFailure()
{
    const QString ini = copyOfConfig(QStringLiteral("closed-port"), [](QByteArray& text) {
        const qsizetype at = text.indexOf("\nurl=") + 1; // not the comment that names url=
        text.replace(at, text.indexOf('\n', at) - at, "url=http://127.0.0.1:9/gateway.do");
    });
    const ProcessResult result = doctor(ini);
    QCOMPARE(result.exitCode, 5);
    const QStringList out = lines(result);
    QVERIFY(
        lineOf(out, QStringLiteral("gateway reachable")).startsWith(QStringLiteral("FAILED   gateway reachable: ")));
    const QString live = lineOf(out, QStringLiteral("live check"));
    QVERIFY2(live.startsWith(QStringLiteral("FAILED   live check: cannot reach Alipay's gateway")), qPrintable(live));
}

void TestDoctorCli::exposedKeyIsAWarning()
{
    // A private key others may read works, so it warns and does not fail.
    const QString ini = copyOfConfig(QStringLiteral("exposed"), [](QByteArray&) {});
    QVERIFY(QFile::setPermissions(QFileInfo(ini).dir().filePath(QStringLiteral("app_private_key.pem")),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                      QFileDevice::ReadOther));
    const ProcessResult result = doctor(ini);
    QCOMPARE(result.exitCode, 0);
    const QStringList out = lines(result);
    const QStringList warnings = out.filter(QStringLiteral("warning  config file: "));
    QVERIFY2(!warnings.filter(QStringLiteral("chmod 600")).isEmpty(), qPrintable(out.join(u'\n')));
    QVERIFY(lineOf(out, QStringLiteral("live check")).startsWith(QStringLiteral("ok       live check")));
    QVERIFY(out.filter(QStringLiteral("FAILED")).isEmpty());
}

void TestDoctorCli::certificateModeHasACertificatesLine()
{
    const QString dir = m_dir.filePath(QStringLiteral("cert-sandbox"));
    QCOMPARE(initSandbox(dir, {QStringLiteral("--cert-mode")}).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir), qPrintable(sandbox.error()));
    const ProcessResult result = doctor(sandbox.configPath());
    QCOMPARE(result.exitCode, 0);
    const QStringList out = lines(result);
    QVERIFY(lineOf(out, QStringLiteral("config file loads")).endsWith(QStringLiteral("certificate mode)")));
    const QString certificates = lineOf(out, QStringLiteral("certificates"));
    QVERIFY2(certificates.startsWith(QStringLiteral("ok       certificates: the app certificate belongs to the app "
                                                    "private key; Alipay's certificate chains to the root bundle")),
             qPrintable(certificates));
    QVERIFY(lineOf(out, QStringLiteral("live check"))
                .contains(QStringLiteral("verified with the Alipay certificate here")));
    QVERIFY(out.filter(QStringLiteral("FAILED")).isEmpty());
}

void TestDoctorCli::protectedKeyOpensWithThePassphraseFile()
{
    const QString ini = copyOfConfig(QStringLiteral("protected"), [](QByteArray&) {});
    const QString passphraseFile = m_dir.filePath(QStringLiteral("passphrase.txt"));
    writeFile(passphraseFile, "correct horse battery staple\n");
    QVERIFY(QFile::setPermissions(passphraseFile, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const ProcessResult moved =
        run(cliProgram(), {QStringLiteral("key"), QStringLiteral("protect"), QStringLiteral("--config"), ini,
                           QStringLiteral("--passphrase-file"), passphraseFile});
    QVERIFY2(moved.exitCode == 0, moved.err.constData());

    const ProcessResult opened = run(cliProgram(), {QStringLiteral("--passphrase-file"), passphraseFile,
                                                    QStringLiteral("doctor"), QStringLiteral("--config"), ini});
    QVERIFY2(opened.exitCode == 0, opened.out.constData());
    QVERIFY(lineOf(lines(opened), QStringLiteral("live check")).startsWith(QStringLiteral("ok       live check")));
    QVERIFY(!opened.out.contains("correct horse") && !opened.err.contains("correct horse"));

    // No passphrase and no terminal to ask on: the first check fails, and nothing is sent.
    const ProcessResult locked = doctor(ini);
    QCOMPARE(locked.exitCode, 7);
    const QStringList out = lines(locked);
    QCOMPARE(out.size(), 1);
    QVERIFY2(out[0].startsWith(QStringLiteral("FAILED   config file loads: ")), qPrintable(out[0]));
}

QTEST_GUILESS_MAIN(TestDoctorCli)
#include "TestDoctorCli.moc"
