#include "TestSupport.h"

#include "common/IniFile.h"
#include "config/CounterSettings.h"
#include "config/GatewayConfig.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using counterpay::IniFile;
using counterpay::config::GatewayConfig;

class TestGatewayConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void iniRejects_data();
    void iniRejects();
    void iniKeepsCommentsWhenWriting();
    void iniTrailingComments_data();
    void iniTrailingComments();
    void readmeExampleLoads();
    void loadsSandboxConfig();
    void lockAfterMinutes();
    void configErrors_data();
    void configErrors();
    void refusesOwnPublicKeyAsAlipays();
    void productionNeedsHttps();
    void ownerOnlyKeysAreQuiet();
    void readablePrivateKeyWarnsWhenShared_data();
    void readablePrivateKeyWarnsWhenShared();

private:
    QString writeConfig(const QString& gatewayLines);

    QTemporaryDir m_dir;
};

void TestGatewayConfig::initTestCase()
{
    QVERIFY(m_dir.isValid());
    test::makeKeyPair(m_dir.path(), QStringLiteral("app"));
    test::makeKeyPair(m_dir.path(), QStringLiteral("alipay"));
}

QString TestGatewayConfig::writeConfig(const QString& gatewayLines)
{
    static int counter = 0;
    const QString path = m_dir.filePath(QStringLiteral("config-%1.ini").arg(++counter));
    test::writeFile(path, (QStringLiteral("; written by the test\n[gateway]\n") + gatewayLines).toUtf8());
    return path;
}

void TestGatewayConfig::iniRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::newRow("key before section") << QByteArray("url=x\n") << QStringLiteral(":1");
    QTest::newRow("no equals") << QByteArray("[gateway]\nurl\n") << QStringLiteral(":2");
    QTest::newRow("broken section") << QByteArray("[gateway\nurl=x\n") << QStringLiteral(":1");
    QTest::newRow("duplicate key") << QByteArray("[gateway]\napp_id=1\n\napp_id=2\n") << QStringLiteral(":4");
    QTest::newRow("not utf-8") << QByteArray("[gateway]\nurl=\xff\xfe\n") << QString();
}

void TestGatewayConfig::iniRejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    auto ini = IniFile::parse(text, QStringLiteral("store.ini"));
    QVERIFY(!ini.ok());
    QCOMPARE(ini.error().category(), Error::Category::Config);
    QVERIFY2(ini.error().message().startsWith(QStringLiteral("store.ini") + where), qPrintable(ini.error().message()));
}

void TestGatewayConfig::iniKeepsCommentsWhenWriting()
{
    auto ini =
        IniFile::parse("; top comment\n[gateway]\n# keep me\nurl=http://127.0.0.1:1/gateway.do\n\n[other]\nx=1\n",
                       QStringLiteral("t.ini"));
    QVERIFY(ini.ok());
    ini->setValue(QStringLiteral("gateway"), QStringLiteral("url"), QStringLiteral("http://127.0.0.1:2/gateway.do"));
    ini->setValue(QStringLiteral("gateway"), QStringLiteral("timeout_ms"), QStringLiteral("900"));
    ini->setValue(QStringLiteral("new"), QStringLiteral("k"), QStringLiteral("v"));
    QCOMPARE(ini->toText(), QByteArray("; top comment\n[gateway]\n# keep me\nurl=http://127.0.0.1:2/gateway.do\n"
                                       "timeout_ms=900\n\n[other]\nx=1\n[new]\nk=v\n"));
    // Values keep commas and semicolons verbatim (QSettings would split them into lists).
    auto commas = IniFile::parse("[a]\nnotify_url=https://shop.example/n?a=1,2;3\n", QStringLiteral("c.ini"));
    QVERIFY(commas.ok());
    QCOMPARE(commas->value(QStringLiteral("a"), QStringLiteral("notify_url")),
             QStringLiteral("https://shop.example/n?a=1,2;3"));
}

void TestGatewayConfig::iniTrailingComments_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("comment"); // what stays after the value when it is replaced
    QTest::newRow("after spaces") << QByteArray("k=T1              ; out_trade_no prefix") << QStringLiteral("T1")
                                  << QByteArray("              ; out_trade_no prefix");
    QTest::newRow("after a tab") << QByteArray("k=T1\t; comment") << QStringLiteral("T1") << QByteArray("\t; comment");
    QTest::newRow("empty value") << QByteArray("k=                 ; sent as operator_id") << QString()
                                 << QByteArray("                 ; sent as operator_id");
    QTest::newRow("no space: value") << QByteArray("k=https://shop.example/n?a=1;2")
                                     << QStringLiteral("https://shop.example/n?a=1;2") << QByteArray();
    QTest::newRow("leading ; is value") << QByteArray("k=;x") << QStringLiteral(";x") << QByteArray();
    QTest::newRow("hash is value") << QByteArray("k=Shop #2") << QStringLiteral("Shop #2") << QByteArray();
    QTest::newRow("second ; in comment") << QByteArray("k=a b ; one ; two") << QStringLiteral("a b")
                                         << QByteArray(" ; one ; two");
    QTest::newRow("utf-8") << QByteArray("k=门店消费   ; 顾客看到的标题") << QStringLiteral("门店消费")
                           << QByteArray("   ; 顾客看到的标题");
}

void TestGatewayConfig::iniTrailingComments()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, value);
    QFETCH(QByteArray, comment);
    auto ini = IniFile::parse("[s]\n" + line + "\n", QStringLiteral("t.ini"));
    QVERIFY(ini.ok());
    QCOMPARE(ini->value(QStringLiteral("s"), QStringLiteral("k")), value);
    QCOMPARE(ini->toText(), "[s]\n" + line + "\n");
    ini->setValue(QStringLiteral("s"), QStringLiteral("k"), QStringLiteral("new"));
    QCOMPARE(ini->toText(), "[s]\nk=new" + comment + "\n");
}

// The README's configuration example, as written there, must load: an integrator copies it.
void TestGatewayConfig::readmeExampleLoads()
{
    QFile readme(QStringLiteral(COUNTERPAY_SOURCE_DIR "/README.md"));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(readme.readAll());
    const qsizetype from = text.indexOf(QStringLiteral("\n## Configuration\n"));
    QVERIFY(from >= 0);
    const qsizetype to = text.indexOf(QStringLiteral("\n## "), from + 1);
    const QString section = text.mid(from, to < 0 ? -1 : to - from);
    static const QRegularExpression block(QStringLiteral("```ini\n(.*?)```"),
                                          QRegularExpression::DotMatchesEverythingOption);
    QString ini;
    for (const QRegularExpressionMatch& match : block.globalMatch(section))
        ini += match.captured(1);
    QVERIFY(ini.contains(QStringLiteral("[gateway]")));
    QVERIFY(ini.contains(QStringLiteral("[counter]")));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString keys = QStringLiteral(COUNTERPAY_TEST_DATA "/keys/");
    QVERIFY(QFile::copy(keys + QStringLiteral("app_private_pkcs8.pem"),
                        dir.filePath(QStringLiteral("app_private_key.pem"))));
    QVERIFY(
        QFile::copy(keys + QStringLiteral("other_public.pem"), dir.filePath(QStringLiteral("alipay_public_key.pem"))));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("app_private_key.pem")),
                                  QFile::ReadOwner | QFile::WriteOwner));
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(path, ini.toUtf8());

    auto gateway = GatewayConfig::load(path);
    QVERIFY2(gateway.ok(), qPrintable(gateway.ok() ? QString() : gateway.error().toString()));
    QCOMPARE(gateway->gatewayUrl, QUrl(QStringLiteral("https://openapi.alipay.com/gateway.do")));
    QCOMPARE(gateway->appId, QStringLiteral("2021000000000000"));
    QCOMPARE(gateway->signMode, GatewayConfig::SignMode::PublicKey);
    QVERIFY(gateway->notifyUrl.isEmpty());
    QVERIFY(!gateway->isSandbox());

    auto counter = config::CounterSettings::load(path, *gateway);
    QVERIFY2(counter.ok(), qPrintable(counter.ok() ? QString() : counter.error().toString()));
    QCOMPARE(counter->subject, QStringLiteral("门店消费"));
    QCOMPARE(counter->payment.terminalId, QStringLiteral("T1"));
    QCOMPARE(counter->payment.cashierId, QString());
    QCOMPARE(counter->payment.storeId, QString());
    QCOMPARE(counter->databasePath, QString());
    QCOMPARE(counter->payment.qrLifetimeMs, 300 * 1000);
    QCOMPARE(counter->payment.barcodeWaitMs, 60 * 1000);
    QCOMPARE(counter->notifyEnabled, false);
    QCOMPARE(counter->notifyListen, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(counter->notifyPort, quint16(8089));
    QCOMPARE(counter->notifyPath, QStringLiteral("/alipay/notify"));
    QCOMPARE(counter->lockAfterMinutes, 5);
}

void TestGatewayConfig::lockAfterMinutes()
{
    const QString gateway =
        QStringLiteral("url=http://127.0.0.1:1/gateway.do\napp_id=9021000000000001\n"
                       "app_private_key=app_private_key.pem\nalipay_public_key=alipay_public_key.pem\n");
    const auto load = [&](const QString& value) {
        const QString path = writeConfig(gateway + QStringLiteral("[display]\nlock_after_min=") + value + u'\n');
        auto config = GatewayConfig::load(path);
        return config::CounterSettings::load(path, *config);
    };
    QCOMPARE(load(QStringLiteral("0"))->lockAfterMinutes, 0);
    QCOMPARE(load(QStringLiteral("15"))->lockAfterMinutes, 15);
    for (const char* bad : {"-1", "241", "five", "1.5"}) {
        auto refused = load(QLatin1String(bad));
        QVERIFY2(!refused.ok(), bad);
        QVERIFY(refused.error().message().contains(QStringLiteral("lock_after_min")));
    }
}

void TestGatewayConfig::loadsSandboxConfig()
{
    const QString path = writeConfig(QStringLiteral("url=http://127.0.0.1:18080/gateway.do\n"
                                                    "app_id=9021000000000001\n"
                                                    "app_private_key=app_private_key.pem\n"
                                                    "alipay_public_key=alipay_public_key.pem\n"
                                                    "timeout_ms=2500\n"));
    auto config = GatewayConfig::load(path);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
    QCOMPARE(config->appId, QStringLiteral("9021000000000001"));
    QCOMPARE(config->gatewayUrl, QUrl(QStringLiteral("http://127.0.0.1:18080/gateway.do")));
    QCOMPARE(config->signMode, GatewayConfig::SignMode::PublicKey);
    QCOMPARE(config->timeoutMs, 2500);
    QCOMPARE(config->connectTimeoutMs, GatewayConfig::kDefaultConnectTimeoutMs);
    QVERIFY(config->isSandbox());
    QVERIFY(!config->contentCipher.has_value());
    QCOMPARE(config->appPrivateKey.bits(), 2048);
}

void TestGatewayConfig::configErrors_data()
{
    QTest::addColumn<QString>("lines");
    QTest::addColumn<QString>("mentions");
    const QString keys =
        QStringLiteral("app_private_key=app_private_key.pem\nalipay_public_key=alipay_public_key.pem\n");
    const QString url = QStringLiteral("url=http://127.0.0.1:1/gateway.do\n");
    const QString appId = QStringLiteral("app_id=9021000000000001\n");
    QTest::newRow("no url") << appId + keys << QStringLiteral("url");
    QTest::newRow("url not http") << QStringLiteral("url=ftp://127.0.0.1/x\n") + appId + keys << QStringLiteral("url");
    QTest::newRow("url garbage") << QStringLiteral("url=::::\n") + appId + keys << QStringLiteral("url");
    QTest::newRow("no app id") << url + keys << QStringLiteral("app_id");
    QTest::newRow("app id letters") << url + QStringLiteral("app_id=20210x\n") + keys << QStringLiteral("app_id");
    QTest::newRow("sign mode") << url + appId + keys + QStringLiteral("sign_mode=rsa\n") << QStringLiteral("sign_mode");
    QTest::newRow("missing private key file")
        << url + appId + QStringLiteral("app_private_key=nope.pem\nalipay_public_key=alipay_public_key.pem\n")
        << QStringLiteral("nope.pem");
    QTest::newRow("public key as private")
        << url + appId + QStringLiteral("app_private_key=app_public_key.pem\nalipay_public_key=alipay_public_key.pem\n")
        << QStringLiteral("app_public_key.pem");
    QTest::newRow("private key as Alipay's")
        << url + appId +
               QStringLiteral("app_private_key=app_private_key.pem\nalipay_public_key=alipay_private_key.pem\n")
        << QStringLiteral("alipay_private_key.pem");
    QTest::newRow("timeout not a number")
        << url + appId + keys + QStringLiteral("timeout_ms=soon\n") << QStringLiteral("timeout_ms");
    QTest::newRow("timeout too small") << url + appId + keys + QStringLiteral("connect_timeout_ms=5\n")
                                       << QStringLiteral("connect_timeout_ms");
    QTest::newRow("notify url") << url + appId + keys + QStringLiteral("notify_url=not a url\n")
                                << QStringLiteral("notify_url");
    QTest::newRow("aes key file missing")
        << url + appId + keys + QStringLiteral("aes_key_file=aes.key\n") << QStringLiteral("aes.key");
    QTest::newRow("certificate mode without certs")
        << url + appId + keys + QStringLiteral("sign_mode=certificate\n") << QStringLiteral("app_cert");
}

void TestGatewayConfig::configErrors()
{
    QFETCH(QString, lines);
    QFETCH(QString, mentions);
    auto config = GatewayConfig::load(writeConfig(lines));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().category(), Error::Category::Config);
    QVERIFY2(config.error().message().contains(mentions), qPrintable(config.error().message()));
}

void TestGatewayConfig::refusesOwnPublicKeyAsAlipays()
{
    auto config = GatewayConfig::load(writeConfig(QStringLiteral("url=http://127.0.0.1:1/gateway.do\n"
                                                                 "app_id=9021000000000001\n"
                                                                 "app_private_key=app_private_key.pem\n"
                                                                 "alipay_public_key=app_public_key.pem\n")));
    QVERIFY(!config.ok());
    QVERIFY2(config.error().message().contains(QStringLiteral("app's own public key")),
             qPrintable(config.error().message()));
}

void TestGatewayConfig::productionNeedsHttps()
{
    auto plain = GatewayConfig::load(writeConfig(QStringLiteral("url=http://openapi.alipay.com/gateway.do\n"
                                                                "app_id=2021000000000001\n"
                                                                "app_private_key=app_private_key.pem\n"
                                                                "alipay_public_key=alipay_public_key.pem\n")));
    QVERIFY(!plain.ok());
    QVERIFY(plain.error().message().contains(QStringLiteral("https")));

    // Plain HTTP only to an address of this machine, never to a name that resolution could redirect.
    const QString keys = QStringLiteral("app_id=2021000000000001\n"
                                        "app_private_key=app_private_key.pem\n"
                                        "alipay_public_key=alipay_public_key.pem\n");
    for (const char* url :
         {"http://127.0.0.1:8470/gateway.do", "http://127.8.9.10/gateway.do", "http://[::1]:1/gateway.do"}) {
        auto local = GatewayConfig::load(writeConfig(QStringLiteral("url=") + QLatin1String(url) + u'\n' + keys));
        QVERIFY2(local.ok(), url);
        QVERIFY(local->isSandbox());
    }
    for (const char* url :
         {"http://localhost:8470/gateway.do", "http://LOCALHOST/gateway.do", "http://localhost./gateway.do",
          "http://127.0.0.1.example.com/gateway.do", "http://10.0.0.1/gateway.do", "http://[::2]/gateway.do"}) {
        auto named = GatewayConfig::load(writeConfig(QStringLiteral("url=") + QLatin1String(url) + u'\n' + keys));
        QVERIFY2(!named.ok(), url);
        QCOMPARE(named.error().category(), Error::Category::Config);
        QVERIFY2(named.error().message().contains(QStringLiteral("127.0.0.1")), qPrintable(named.error().message()));
    }
    auto httpsLocal =
        GatewayConfig::load(writeConfig(QStringLiteral("url=https://localhost:8443/gateway.do\n") + keys));
    QVERIFY(httpsLocal.ok());
    QVERIFY(httpsLocal->isSandbox());

    auto production = GatewayConfig::load(writeConfig(QStringLiteral("url=https://openapi.alipay.com/gateway.do\n"
                                                                     "app_id=2021000000000001\n"
                                                                     "app_private_key=app_private_key.pem\n"
                                                                     "alipay_public_key=alipay_public_key.pem\n")));
    QVERIFY(production.ok());
    QVERIFY(!production->isSandbox());
}

void TestGatewayConfig::ownerOnlyKeysAreQuiet()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::makeKeyPair(dir.path(), QStringLiteral("app"));
    test::makeKeyPair(dir.path(), QStringLiteral("alipay"));
    test::writeFile(dir.filePath(QStringLiteral("aes.key")), "MTIzNDU2Nzg5MDEyMzQ1Ng==\n");
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(path, "[gateway]\nurl=http://127.0.0.1:1/gateway.do\napp_id=9021000000000001\n"
                          "app_private_key=app_private_key.pem\nalipay_public_key=alipay_public_key.pem\n"
                          "aes_key_file=aes.key\n");
    const QString key = dir.filePath(QStringLiteral("app_private_key.pem"));
    const QString aes = dir.filePath(QStringLiteral("aes.key"));
    const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;

    QVERIFY(QFile::setPermissions(key, ownerOnly));
    QVERIFY(QFile::setPermissions(aes, ownerOnly));
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    auto quiet = GatewayConfig::load(path);
    QVERIFY2(quiet.ok(), qPrintable(quiet.ok() ? QString() : quiet.error().toString()));
    // Only the local sandbox's note that its keys are plain on purpose (information, not a warning).
    QCOMPARE(quiet->warnings.size(), 1);
    QVERIFY(quiet->warnings.first().contains(QStringLiteral("on purpose")));
}

// A private key others can read still works, but the person hears of it, with the fix.
void TestGatewayConfig::readablePrivateKeyWarnsWhenShared_data()
{
    QTest::addColumn<int>("extra");
    QTest::newRow("group") << int(QFile::ReadGroup);
    QTest::newRow("others") << int(QFile::ReadOther);
    QTest::newRow("both") << int(QFile::ReadGroup | QFile::ReadOther);
}

void TestGatewayConfig::readablePrivateKeyWarnsWhenShared()
{
    QFETCH(int, extra);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::makeKeyPair(dir.path(), QStringLiteral("app"));
    test::makeKeyPair(dir.path(), QStringLiteral("alipay"));
    test::writeFile(dir.filePath(QStringLiteral("aes.key")), "MTIzNDU2Nzg5MDEyMzQ1Ng==\n");
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(path, "[gateway]\nurl=http://127.0.0.1:1/gateway.do\napp_id=9021000000000001\n"
                          "app_private_key=app_private_key.pem\nalipay_public_key=alipay_public_key.pem\n"
                          "aes_key_file=aes.key\n");
    const QString key = dir.filePath(QStringLiteral("app_private_key.pem"));
    const QString aes = dir.filePath(QStringLiteral("aes.key"));
    const QFile::Permissions shared = QFile::ReadOwner | QFile::WriteOwner | QFile::Permissions(extra);
    QVERIFY(QFile::setPermissions(key, shared));
    QVERIFY(QFile::setPermissions(aes, QFile::ReadOwner | QFile::WriteOwner));

    const QString fix = QStringLiteral("chmod 600 ") + key;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(fix)));
    auto loaded = GatewayConfig::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->warnings.size(), 2); // and the local sandbox's note on its plain keys, last
    QVERIFY2(loaded->warnings.first().startsWith(key) && loaded->warnings.first().endsWith(fix),
             qPrintable(loaded->warnings.first()));

    // The AES key is as secret.
    QVERIFY(QFile::setPermissions(aes, shared));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(fix)));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QRegularExpression::escape(QStringLiteral("chmod 600 ") + aes)));
    auto both = GatewayConfig::load(path);
    QVERIFY(both.ok());
    QCOMPARE(both->warnings.size(), 3);
}

QTEST_GUILESS_MAIN(TestGatewayConfig)
#include "TestGatewayConfig.moc"
