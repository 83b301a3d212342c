// `key protect` in the core: the plain key moves under a passphrase, the config says where, the plain file
// is gone, and the counter signs exactly as before.
#include "TestSupport.h"
#include "alipay/ContentCipher.h"
#include "alipay/PrivateKey.h"
#include "config/GatewayConfig.h"
#include "vault/EncryptedKeyFile.h"
#include "vault/KeyProtection.h"
#include "vault/KeySource.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::vault;

namespace {

const QByteArray kConfig = "; the shop's counter\n"
                           "[gateway]\n"
                           "url=https://openapi.alipay.com/gateway.do   ; production\n"
                           "app_id=2021000000000001\n"
                           "app_private_key=app_private_key.pem         ; PKCS#8\n"
                           "alipay_public_key=alipay_public_key.pem\n"
                           "# kept as written\n"
                           "aes_key_file=aes.key\n"
                           "[counter]\n"
                           "terminal_id=T1\n";
const QByteArray kContent = "app_id=2021000000000001&method=alipay.trade.query&timestamp=2026-11-30 12:00:00";

PassphrasePrompt answering(const QByteArray& passphrase, int* asked = nullptr)
{
    return [passphrase, asked](const QString&) -> Result<QByteArray> {
        if (asked)
            ++*asked;
        return passphrase;
    };
}

} // namespace

class TestKeyProtection : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void encryptedFileReplacesThePlainKey();
    void anEncryptedKeyNeedsItsPassphrase();
    void alreadyProtectedIsLeftAlone();
    void plainKeyIsWarnedAboutWithTheFix();

private:
    QString path(const QString& name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_config;
    QByteArray m_signature; // by the original plain key
};

void TestKeyProtection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    test::makeKeyPair(m_dir->path(), QStringLiteral("app"));
    test::makeKeyPair(m_dir->path(), QStringLiteral("alipay"));
    test::writeFile(path(QStringLiteral("aes.key")), "MTIzNDU2Nzg5MDEyMzQ1Ng==\n");
    QVERIFY(QFile::setPermissions(path(QStringLiteral("app_private_key.pem")), QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(QFile::setPermissions(path(QStringLiteral("aes.key")), QFile::ReadOwner | QFile::WriteOwner));
    m_config = path(QStringLiteral("counterpay.ini"));
    test::writeFile(m_config, kConfig);
    auto original = alipay::PrivateKey::fromFile(path(QStringLiteral("app_private_key.pem")));
    QVERIFY(original.ok());
    m_signature = original->signSha256(kContent).value();
}

void TestKeyProtection::encryptedFileReplacesThePlainKey()
{
    auto moved = KeyProtection::protect(m_config, KeyProtection::Method::EncryptedFile, "shop passphrase");
    QVERIFY2(moved.ok(), qPrintable(moved.ok() ? QString() : moved.error().toString()));
    QCOMPARE(moved->kind, KeyLocation::Kind::EncryptedFile);
    QCOMPARE(moved->path, path(QStringLiteral("app_private_key.encrypted.pem")));

    QVERIFY(!QFile::exists(path(QStringLiteral("app_private_key.pem"))));
    QVERIFY(test::readFile(moved->path).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // Only the two values changed: comments, order and the other keys stay as written.
    QByteArray expected = kConfig;
    expected.replace("app_private_key=app_private_key.pem", "app_private_key=app_private_key.encrypted.pem");
    expected.replace("aes_key_file=aes.key", "aes_key_file=aes.encrypted.pem");
    QCOMPARE(QString::fromUtf8(test::readFile(m_config)), QString::fromUtf8(expected));
    // The AES key went under the same passphrase, in a CMS envelope.
    QVERIFY(!QFile::exists(path(QStringLiteral("aes.key"))));
    QVERIFY(test::readFile(path(QStringLiteral("aes.encrypted.pem"))).startsWith("-----BEGIN CMS-----"));

    int asked = 0;
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    auto loaded = config::GatewayConfig::load(m_config, Clock::system(), answering("shop passphrase", &asked));
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(asked, 1); // one passphrase opens both
    QCOMPARE(loaded->appPrivateKey.signSha256(kContent).value(), m_signature);
    QVERIFY(loaded->contentCipher.has_value());
    QCOMPARE(loaded->contentCipher->encrypt("{}").value(),
             alipay::ContentCipher::fromBase64Key("MTIzNDU2Nzg5MDEyMzQ1Ng==", {})->encrypt("{}").value());
    QVERIFY(loaded->warnings.isEmpty());
}

void TestKeyProtection::anEncryptedKeyNeedsItsPassphrase()
{
    QVERIFY(KeyProtection::protect(m_config, KeyProtection::Method::EncryptedFile, "shop passphrase").ok());

    auto without = config::GatewayConfig::load(m_config);
    QVERIFY(!without.ok());
    QCOMPARE(without.error().category(), Error::Category::Config);
    QVERIFY2(without.error().message().contains(KeySource::passphraseNeededMessage()),
             qPrintable(without.error().message()));

    auto wrong = config::GatewayConfig::load(m_config, Clock::system(), answering("shop passphrasE"));
    QVERIFY(!wrong.ok());
    QVERIFY(EncryptedKeyFile::isWrongPassphrase(wrong.error()));

    auto cancelled = config::GatewayConfig::load(m_config, Clock::system(), [](const QString&) -> Result<QByteArray> {
        return Error::config(QStringLiteral("cancelled"));
    });
    QVERIFY(!cancelled.ok());
    QCOMPARE(cancelled.error().message(), QStringLiteral("cancelled"));
}

void TestKeyProtection::alreadyProtectedIsLeftAlone()
{
    QVERIFY(KeyProtection::protect(m_config, KeyProtection::Method::EncryptedFile, "first").ok());
    const QByteArray config = test::readFile(m_config);
    const QByteArray key = test::readFile(path(QStringLiteral("app_private_key.encrypted.pem")));

    auto again = KeyProtection::protect(m_config, KeyProtection::Method::EncryptedFile, "second");
    QVERIFY(!again.ok());
    QVERIFY2(again.error().message().contains(QStringLiteral("already protected")),
             qPrintable(again.error().message()));
    QCOMPARE(test::readFile(m_config), config);
    QCOMPARE(test::readFile(path(QStringLiteral("app_private_key.encrypted.pem"))), key);

    // No passphrase: nothing happens either.
    test::writeFile(m_config, kConfig);
    test::makeKeyPair(m_dir->path(), QStringLiteral("app"));
    auto empty = KeyProtection::protect(m_config, KeyProtection::Method::EncryptedFile, {});
    QVERIFY(!empty.ok());
    QVERIFY(QFile::exists(path(QStringLiteral("app_private_key.pem"))));
}

void TestKeyProtection::plainKeyIsWarnedAboutWithTheFix()
{
    const QString fix = QStringLiteral("counterpay-cli key protect --config ") + m_config;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QRegularExpression::escape(fix) + QStringLiteral("$")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("AES.*plain text.*") +
                                                          QRegularExpression::escape(fix) + QStringLiteral("$")));
    auto loaded = config::GatewayConfig::load(m_config);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->warnings.size(), 2);
    QVERIFY(loaded->warnings.at(0).startsWith(path(QStringLiteral("app_private_key.pem"))));
    QVERIFY(loaded->warnings.at(0).endsWith(fix));

    // The local sandbox (the demo): plain on purpose, said once, and not as a warning.
    QByteArray local = kConfig;
    local.replace("https://openapi.alipay.com/gateway.do", "http://127.0.0.1:9/gateway.do");
    test::writeFile(m_config, local);
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    auto demo = config::GatewayConfig::load(m_config);
    QVERIFY(demo.ok());
    QCOMPARE(demo->warnings.size(), 1);
    QVERIFY2(demo->warnings.first().contains(QStringLiteral("on purpose")), qPrintable(demo->warnings.first()));
}

QTEST_GUILESS_MAIN(TestKeyProtection)
#include "TestKeyProtection.moc"
