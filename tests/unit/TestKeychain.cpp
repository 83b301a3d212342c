// The system keychain through QtKeychain: a real GNOME Keyring in a D-Bus session of the test's own
// (run-with-keyring.sh), and the words for a missing entry, a locked keychain and none at all.
#include "TestSupport.h"
#include "alipay/PrivateKey.h"
#include "config/GatewayConfig.h"
#include "vault/KeyProtection.h"
#include "vault/Keychain.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::vault;

namespace {

bool inKeyringSession()
{
    return qEnvironmentVariableIsSet("COUNTERPAY_KEYRING_SESSION");
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private slots:
    void storeReadRemove();
    void missingEntry();
    void keyProtectionMovesBothKeys();
    void lockedKeychain(); // last: the keyring stays locked
    void noKeychain();
};

// A test function returns when it skips: the macro keeps that in the function itself.
#define NEED_KEYRING()                                                                                                 \
    do {                                                                                                               \
        if (!inKeyringSession())                                                                                       \
            QSKIP("needs run-with-keyring.sh (ctest runs it so: test_keychain_session)");                              \
    } while (false)

void TestKeychain::storeReadRemove()
{
    NEED_KEYRING();
    QVERIFY(Keychain::isAvailable());
    const QString account = QStringLiteral("test/store-read-remove");
    const QByteArray secret("-----BEGIN PRIVATE KEY-----\n\x01\x02 binary \xff too\n");
    QVERIFY(Keychain::store(account, secret).ok());
    auto read = Keychain::read(account);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
    QCOMPARE(*read, secret);

    QVERIFY(Keychain::store(account, "replaced").ok());
    QCOMPARE(Keychain::read(account).value(), QByteArray("replaced"));

    QVERIFY(Keychain::remove(account).ok());
    auto gone = Keychain::read(account);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().message(), Keychain::missingEntryMessage(account));
    QVERIFY(Keychain::remove(account).ok()); // removing what is not there is fine
}

void TestKeychain::missingEntry()
{
    NEED_KEYRING();
    auto missing = Keychain::read(QStringLiteral("2021000000000009/app_private_key"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().category(), Error::Category::Config);
    QCOMPARE(missing.error().message(),
             Keychain::missingEntryMessage(QStringLiteral("2021000000000009/app_private_key")));
    QVERIFY(missing.error().message().contains(QStringLiteral("2021000000000009/app_private_key")));
}

void TestKeychain::keyProtectionMovesBothKeys()
{
    NEED_KEYRING();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::makeKeyPair(dir.path(), QStringLiteral("app"));
    test::makeKeyPair(dir.path(), QStringLiteral("alipay"));
    const QString plainKey = dir.filePath(QStringLiteral("app_private_key.pem"));
    const QString plainAes = dir.filePath(QStringLiteral("aes.key"));
    test::writeFile(plainAes, "MTIzNDU2Nzg5MDEyMzQ1Ng==\n");
    QVERIFY(QFile::setPermissions(plainKey, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(QFile::setPermissions(plainAes, QFile::ReadOwner | QFile::WriteOwner));
    const QString config = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(config, "[gateway]\nurl=https://openapi.alipay.com/gateway.do\napp_id=2021000000000002\n"
                            "app_private_key=app_private_key.pem   ; the app's key\n"
                            "alipay_public_key=alipay_public_key.pem\naes_key_file=aes.key\n");
    const QByteArray content = "app_id=2021000000000002&method=alipay.trade.pay";
    const QByteArray signature = alipay::PrivateKey::fromFile(plainKey)->signSha256(content).value();

    auto moved = KeyProtection::protect(config, KeyProtection::Method::Keychain);
    QVERIFY2(moved.ok(), qPrintable(moved.ok() ? QString() : moved.error().toString()));
    QCOMPARE(moved->kind, KeyLocation::Kind::Keychain);
    QCOMPARE(moved->account, QStringLiteral("2021000000000002/app_private_key"));
    QVERIFY(!QFile::exists(plainKey));
    QVERIFY(!QFile::exists(plainAes));
    const QByteArray text = test::readFile(config);
    QVERIFY2(text.contains("app_private_key=keychain:2021000000000002/app_private_key   ; the app's key\n"),
             text.constData());
    QVERIFY2(text.contains("aes_key_file=keychain:2021000000000002/aes_key\n"), text.constData());

    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
    auto loaded = config::GatewayConfig::load(config);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(loaded->appPrivateKey.signSha256(content).value(), signature);
    QVERIFY(loaded->contentCipher.has_value());
    QCOMPARE(loaded->contentCipher->keyBits(), 128);
    QVERIFY(loaded->warnings.isEmpty());

    // The entry gone: the config says where the key should be, and the message says so.
    QVERIFY(Keychain::remove(moved->account).ok());
    auto missing = config::GatewayConfig::load(config);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message().contains(Keychain::missingEntryMessage(moved->account)),
             qPrintable(missing.error().message()));
}

void TestKeychain::lockedKeychain()
{
    NEED_KEYRING();
    const QString account = QStringLiteral("test/locked");
    QVERIFY(Keychain::store(account, "before the lock").ok());
    const auto locked = test::run(QStringLiteral("gdbus"),
                                  {QStringLiteral("call"), QStringLiteral("--session"), QStringLiteral("--dest"),
                                   QStringLiteral("org.freedesktop.secrets"), QStringLiteral("--object-path"),
                                   QStringLiteral("/org/freedesktop/secrets"), QStringLiteral("--method"),
                                   QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                                   QStringLiteral("['/org/freedesktop/secrets/collection/login']")});
    if (locked.exitCode != 0)
        QSKIP(qPrintable(QStringLiteral("gdbus could not lock the keyring: ") + QString::fromUtf8(locked.err)));

    auto read = Keychain::read(account);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().message(), Keychain::lockedMessage());
    auto stored = Keychain::store(QStringLiteral("test/while-locked"), "x");
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().message(), Keychain::lockedMessage());
    QVERIFY(Keychain::isAvailable()); // locked is not absent: it can be unlocked
}

void TestKeychain::noKeychain()
{
    if (inKeyringSession())
        QSKIP("a keychain is running here; ctest runs this one without (test_keychain)");
    QVERIFY(!Keychain::isAvailable());
    auto read = Keychain::read(QStringLiteral("2021000000000003/app_private_key"));
    QVERIFY(!read.ok());
    QCOMPARE(read.error().category(), Error::Category::Config);
    QCOMPARE(read.error().message(), Keychain::unavailableMessage());
    auto stored = Keychain::store(QStringLiteral("2021000000000003/app_private_key"), "x");
    QVERIFY(!stored.ok());
    QCOMPARE(stored.error().message(), Keychain::unavailableMessage());
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "TestKeychain.moc"
