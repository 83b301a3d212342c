// Keys at rest (issue 10), end to end: `counterpay-cli key protect` on the config `counterpay-sandbox init`
// wrote, then payments against the sandbox with --passphrase-file; a wrong passphrase stops before any order
// is written; and afterwards no byte of the plain key is left in any file of the counter's folder, HOME or
// XDG folders, nor in anything the CLI printed.
#include "SandboxHarness.h"
#include "common/IniFile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

class TestKeysAtRestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void protectMovesTheKeyUnderAPassphrase();
    void paymentsOpenTheKeyWithThePassphraseFile();
    void wrongPassphraseStopsBeforeAnyOrder();
    void passphraseIsNeverAnArgument();
    void contentKeyMovesUnderTheSamePassphrase();
    void noKeyMaterialIsLeftOnDisk();
    void keychainHoldsTheKey(); // under run-with-keyring.sh only (test_keys_at_rest_cli_keychain)

private:
    struct Outcome
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    };
    Outcome cli(const QStringList& arguments);
    int orderCount();

    QTemporaryDir m_root;
    QString m_counter; // the config's folder
    QString m_config;
    QString m_passphraseFile;
    QString m_wrongPassphraseFile;
    QByteArrayList m_keyLines;      // the plain key's PEM lines, header and footer included, and the AES key
    QByteArrayList m_sharedSecrets; // of those, what Alipay's side holds too (the AES key)
    QByteArray m_printed;           // everything the CLI wrote to stdout and stderr
    SandboxProcess m_sandbox;
};

TestKeysAtRestCli::Outcome TestKeysAtRestCli::cli(const QStringList& arguments)
{
    const ProcessResult result = run(cliProgram(), QStringList{QStringLiteral("--config"), m_config} + arguments);
    m_printed += result.out + result.err;
    return {result.exitCode, result.out, result.err};
}

int TestKeysAtRestCli::orderCount()
{
    const Outcome listed = cli({QStringLiteral("--passphrase-file"), m_passphraseFile, QStringLiteral("orders")});
    if (listed.exitCode != 0)
        return -1;
    return int(listed.json().array().size());
}

void TestKeysAtRestCli::initTestCase()
{
    QVERIFY(m_root.isValid());
    // Every folder the CLI and the sandbox might write to lies inside the test's own, to be searched after.
    for (const char* name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}) {
        const QString folder = m_root.filePath(QString::fromLatin1(name).toLower());
        QVERIFY(QDir().mkpath(folder));
        qputenv(name, folder.toUtf8());
    }
    // Never the keychain of whoever runs the tests: none at all, or the throwaway one of run-with-keyring.sh.
    if (!qEnvironmentVariableIsSet("COUNTERPAY_KEYRING_SESSION"))
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");

    m_counter = m_root.filePath(QStringLiteral("counter"));
    QCOMPARE(initSandbox(m_counter).exitCode, 0);
    m_config = QDir(m_counter).filePath(QStringLiteral("counterpay.ini"));
    QVERIFY2(m_sandbox.start(m_counter), qPrintable(m_sandbox.error()));
    QCOMPARE(m_sandbox.configPath(), m_config);

    const QByteArray plain = readFile(QDir(m_counter).filePath(QStringLiteral("app_private_key.pem")));
    for (const QByteArray& line : plain.split('\n')) {
        if (!line.trimmed().isEmpty())
            m_keyLines.append(line.trimmed());
    }
    QVERIFY(m_keyLines.size() > 20);
    QVERIFY(m_keyLines.first().startsWith("-----BEGIN"));

    m_passphraseFile = m_root.filePath(QStringLiteral("passphrase"));
    writeFile(m_passphraseFile, "counter passphrase 收银\n");
    QVERIFY(QFile::setPermissions(m_passphraseFile, QFile::ReadOwner | QFile::WriteOwner));
    m_wrongPassphraseFile = m_root.filePath(QStringLiteral("wrong-passphrase"));
    writeFile(m_wrongPassphraseFile, "counter passphrase\n");
    QVERIFY(QFile::setPermissions(m_wrongPassphraseFile, QFile::ReadOwner | QFile::WriteOwner));
}

void TestKeysAtRestCli::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestKeysAtRestCli::protectMovesTheKeyUnderAPassphrase()
{
    // Before: the plain key works, and the CLI says it is plain on purpose only at --verbose.
    QCOMPARE(cli({QStringLiteral("orders")}).exitCode, 0);

    const Outcome moved = cli({QStringLiteral("key"), QStringLiteral("protect"), QStringLiteral("--config"), m_config,
                               QStringLiteral("--passphrase-file"), m_passphraseFile});
    QVERIFY2(moved.exitCode == 0, moved.err.constData());
    const QJsonObject result = moved.json().object();
    QCOMPARE(result.value(u"kind").toString(), QStringLiteral("encrypted_file"));
    QCOMPARE(result.value(u"app_private_key").toString(), QStringLiteral("app_private_key.encrypted.pem"));
    QVERIFY(!QFile::exists(QDir(m_counter).filePath(QStringLiteral("app_private_key.pem"))));
    QVERIFY(readFile(m_config).contains("\napp_private_key=app_private_key.encrypted.pem\n"));
    // The independent check: openssl opens it with the same passphrase.
    const ProcessResult opened =
        run(QStringLiteral("openssl"),
            {QStringLiteral("pkey"), QStringLiteral("-in"),
             QDir(m_counter).filePath(QStringLiteral("app_private_key.encrypted.pem")), QStringLiteral("-passin"),
             QStringLiteral("file:") + m_passphraseFile, QStringLiteral("-noout")});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());

    // Twice is refused, and says why.
    const Outcome again =
        cli({QStringLiteral("key"), QStringLiteral("protect"), QStringLiteral("--passphrase-file"), m_passphraseFile});
    QCOMPARE(again.exitCode, 7);
    QVERIFY2(again.err.contains("already protected"), again.err.constData());
}

void TestKeysAtRestCli::paymentsOpenTheKeyWithThePassphraseFile()
{
    const QString no = uniqueTradeNo(QStringLiteral("VAULT"));
    const Outcome created =
        cli({QStringLiteral("--passphrase-file"), m_passphraseFile, QStringLiteral("precreate"),
             QStringLiteral("--amount"), QStringLiteral("1.00"), QStringLiteral("--out-trade-no"), no});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(created.json().object().value(u"code").toString(), QStringLiteral("10000"));

    const Outcome charged = cli({QStringLiteral("--passphrase-file"), m_passphraseFile, QStringLiteral("charge"),
                                 QStringLiteral("--amount"), QStringLiteral("2.00"), QStringLiteral("--auth-code"),
                                 QStringLiteral("280000000000000001")});
    QVERIFY2(charged.exitCode == 0, charged.err.constData());
    QCOMPARE(charged.json().object().value(u"state").toString(), QStringLiteral("paid"));

    // The paid order, as Alipay's side has it (a QR not yet scanned is no trade there yet).
    const QString paidNo = charged.json().object().value(u"out_trade_no").toString();
    QVERIFY(!paidNo.isEmpty());
    const Outcome queried = cli({QStringLiteral("--passphrase-file"), m_passphraseFile, QStringLiteral("query"),
                                 QStringLiteral("--out-trade-no"), paidNo});
    QVERIFY2(queried.exitCode == 0, queried.err.constData());
    QCOMPARE(queried.json().object().value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(orderCount(), 1);

    // Without the passphrase and without a terminal: the key needs it, said plainly (ctest has no terminal;
    // `setsid` makes sure of it).
    const ProcessResult blind =
        run(QStringLiteral("setsid"), {QStringLiteral("-w"), cliProgram(), QStringLiteral("--config"), m_config,
                                       QStringLiteral("query"), QStringLiteral("--out-trade-no"), paidNo});
    m_printed += blind.out + blind.err;
    QCOMPARE(blind.exitCode, 7);
    QVERIFY2(blind.err.contains("--passphrase-file"), blind.err.constData());

    // The order book alone needs no key: listing orders asks for no passphrase.
    const ProcessResult listed =
        run(QStringLiteral("setsid"),
            {QStringLiteral("-w"), cliProgram(), QStringLiteral("--config"), m_config, QStringLiteral("orders")});
    m_printed += listed.out + listed.err;
    QVERIFY2(listed.exitCode == 0, listed.err.constData());
    QVERIFY(listed.out.contains(paidNo.toUtf8()));
}

void TestKeysAtRestCli::wrongPassphraseStopsBeforeAnyOrder()
{
    const int before = orderCount();
    QVERIFY(before >= 1);
    const Outcome refused = cli({QStringLiteral("--passphrase-file"), m_wrongPassphraseFile, QStringLiteral("charge"),
                                 QStringLiteral("--amount"), QStringLiteral("3.00"), QStringLiteral("--auth-code"),
                                 QStringLiteral("280000000000000001")});
    QCOMPARE(refused.exitCode, 7);
    QVERIFY2(refused.err.contains("passphrase is wrong"), refused.err.constData());
    QVERIFY(refused.out.isEmpty());
    QCOMPARE(orderCount(), before);

    const Outcome precreate = cli({QStringLiteral("--passphrase-file"), m_wrongPassphraseFile,
                                   QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("3.00")});
    QCOMPARE(precreate.exitCode, 7);
    QCOMPARE(orderCount(), before);
}

void TestKeysAtRestCli::passphraseIsNeverAnArgument()
{
    const Outcome refused = cli({QStringLiteral("--passphrase=counter passphrase 收银"), QStringLiteral("orders")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("--passphrase-file"), refused.err.constData());
}

// Certificate mode with Alipay's content encryption: the AES key goes in a CMS envelope beside the private key,
// under the one passphrase, and encrypted calls still work.
void TestKeysAtRestCli::contentKeyMovesUnderTheSamePassphrase()
{
    const QString counter = m_root.filePath(QStringLiteral("aes-counter"));
    QCOMPARE(initSandbox(counter, {QStringLiteral("--cert-mode"), QStringLiteral("--aes")}).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(counter), qPrintable(sandbox.error()));
    const QString config = sandbox.configPath();
    QVERIFY(readFile(config).contains("\naes_key_file=") && !readFile(config).contains("\naes_key_file=\n"));

    // This counter's plain secrets join the search for leftovers: its key's lines and the AES key.
    auto ini = IniFile::load(config);
    QVERIFY(ini.ok());
    const QDir folder(counter);
    const QByteArray aesKey =
        readFile(folder.filePath(ini->value(QStringLiteral("gateway"), QStringLiteral("aes_key_file")))).trimmed();
    QVERIFY(aesKey.size() >= 24);
    m_keyLines.append(aesKey);
    m_sharedSecrets.append(aesKey);
    const QByteArray plainKey =
        readFile(folder.filePath(ini->value(QStringLiteral("gateway"), QStringLiteral("app_private_key"))));
    for (const QByteArray& line : plainKey.split('\n')) {
        if (line.size() == 64)
            m_keyLines.append(line);
    }

    const ProcessResult moved =
        run(cliProgram(), {QStringLiteral("key"), QStringLiteral("protect"), QStringLiteral("--config"), config,
                           QStringLiteral("--passphrase-file"), m_passphraseFile});
    m_printed += moved.out + moved.err;
    QVERIFY2(moved.exitCode == 0, moved.err.constData());
    QVERIFY2(readFile(config).contains(".encrypted.pem\n"), readFile(config).constData());
    for (const QString& name : QDir(counter).entryList({QStringLiteral("*.encrypted.pem")}, QDir::Files))
        QVERIFY(readFile(QDir(counter).filePath(name)).startsWith("-----BEGIN "));
    QCOMPARE(QDir(counter).entryList({QStringLiteral("*.encrypted.pem")}, QDir::Files).size(), 2);

    const QString no = uniqueTradeNo(QStringLiteral("VAULTAES"));
    const ProcessResult created =
        run(cliProgram(), {QStringLiteral("--config"), config, QStringLiteral("--passphrase-file"), m_passphraseFile,
                           QStringLiteral("precreate"), QStringLiteral("--amount"), QStringLiteral("3.00"),
                           QStringLiteral("--out-trade-no"), no});
    m_printed += created.out + created.err;
    QVERIFY2(created.exitCode == 0, created.err.constData());
    QCOMPARE(sandbox.customer(QStringLiteral("pay"), no).status, 200);
    const ProcessResult paid =
        run(cliProgram(), {QStringLiteral("--config"), config, QStringLiteral("--passphrase-file"), m_passphraseFile,
                           QStringLiteral("query"), QStringLiteral("--out-trade-no"), no});
    m_printed += paid.out + paid.err;
    QVERIFY2(paid.exitCode == 0, paid.err.constData());
    QCOMPARE(QJsonDocument::fromJson(paid.out).object().value(u"trade_status").toString(),
             QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(sandbox.stop(), 0);
}

void TestKeysAtRestCli::noKeyMaterialIsLeftOnDisk()
{
    QVERIFY(orderCount() >= 1); // the book was written: there is something to search
    const QString encrypted = QDir(m_counter).filePath(QStringLiteral("app_private_key.encrypted.pem"));
    // The gateways' own keys (Alipay's side, in each sandbox's folder) are PEM private keys too: their header is
    // no sign of ours, our body lines would be. The AES key is shared with Alipay: its copy is the gateway's.
    const auto isGatewayFile = [this](const QString& file) {
        return QDir(m_root.path()).relativeFilePath(file).contains(QStringLiteral("/sandbox/"));
    };
    int searched = 0;
    QDirIterator files(m_root.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString file = files.next();
        if (file == encrypted || file == m_passphraseFile || file == m_wrongPassphraseFile)
            continue;
        const QByteArray contents = readFile(file);
        ++searched;
        for (const QByteArray& line : std::as_const(m_keyLines)) {
            const bool notOnlyOurs = line.startsWith("-----") || m_sharedSecrets.contains(line);
            if (notOnlyOurs && isGatewayFile(file))
                continue;
            QVERIFY2(!contents.contains(line),
                     qPrintable(file + QStringLiteral(" holds ") + QString::fromLatin1(line)));
        }
    }
    QVERIFY(searched >= 5);
    for (const QByteArray& line : std::as_const(m_keyLines))
        QVERIFY2(!m_printed.contains(line), qPrintable(QStringLiteral("printed: ") + QString::fromLatin1(line)));
    QVERIFY(!m_printed.contains("收银"));
}

void TestKeysAtRestCli::keychainHoldsTheKey()
{
    if (!qEnvironmentVariableIsSet("COUNTERPAY_KEYRING_SESSION"))
        QSKIP("needs run-with-keyring.sh (ctest runs it so: test_keys_at_rest_cli_keychain)");
    // Run alone (with noKeyMaterialIsLeftOnDisk after it): the counter's key is still plain here.
    const Outcome moved = cli({QStringLiteral("key"), QStringLiteral("protect"), QStringLiteral("--keychain")});
    QVERIFY2(moved.exitCode == 0, moved.err.constData());
    QCOMPARE(moved.json().object().value(u"kind").toString(), QStringLiteral("keychain"));
    QVERIFY(!QFile::exists(QDir(m_counter).filePath(QStringLiteral("app_private_key.pem"))));
    QVERIFY(readFile(m_config).contains("\napp_private_key=keychain:"));

    // No passphrase is asked: the keychain opens the key.
    const Outcome charged = cli({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("2.00"),
                                 QStringLiteral("--auth-code"), QStringLiteral("280000000000000001")});
    QVERIFY2(charged.exitCode == 0, charged.err.constData());
    QCOMPARE(charged.json().object().value(u"state").toString(), QStringLiteral("paid"));
    QCOMPARE(orderCount(), 1);
}

QTEST_GUILESS_MAIN(TestKeysAtRestCli)
#include "TestKeysAtRestCli.moc"
