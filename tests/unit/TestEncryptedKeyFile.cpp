// Keys at rest (issue 10): the encrypted key file is standard PKCS#8, checked against the openssl command line
// both ways, and a config value says where a key lives.
#include "TestSupport.h"
#include "alipay/PrivateKey.h"
#include "vault/EncryptedKeyFile.h"
#include "vault/EncryptedSecretFile.h"
#include "vault/KeyLocation.h"
#include "vault/KeySource.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::vault;

class TestEncryptedKeyFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip();
    void opensslOpensIt();
    void asn1SaysPbes2ScryptAes256Cbc();
    void wrongPassphrase();
    void readsWhatOpensslEncrypted_data();
    void readsWhatOpensslEncrypted();
    void plainFileIsNotAnEncryptedKey();
    void emptyPassphraseIsRefused();
    void locationOfAConfigValue();
    void aesKeyEnvelopeOpensWithOpensslCms();
    void readsAnEnvelopeOpensslMade();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    alipay::PrivateKey m_key;
    const QByteArray m_passphrase = QByteArrayLiteral("correct horse 电池 staple");
};

void TestEncryptedKeyFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto key = alipay::PrivateKey::generate();
    QVERIFY(key.ok());
    m_key = *key;
    QVERIFY(EncryptedKeyFile::write(m_key, m_passphrase, path(QStringLiteral("key.encrypted.pem"))).ok());
}

void TestEncryptedKeyFile::roundTrip()
{
    const QString file = path(QStringLiteral("key.encrypted.pem"));
    QCOMPARE(QFile::permissions(file) & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);
    const QByteArray text = test::readFile(file);
    QVERIFY(text.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    QVERIFY(!text.contains("BEGIN PRIVATE KEY"));

    auto read = EncryptedKeyFile::read(file, m_passphrase);
    QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
    QVERIFY(read->publicKey() == m_key.publicKey());
    // The same key signs the same (PKCS#1 v1.5 is deterministic).
    QCOMPARE(read->signSha256("app_id=1&method=alipay.trade.query").value(),
             m_key.signSha256("app_id=1&method=alipay.trade.query").value());
}

void TestEncryptedKeyFile::opensslOpensIt()
{
    const QString file = path(QStringLiteral("key.encrypted.pem"));
    const QString passFile = path(QStringLiteral("pass.txt"));
    test::writeFile(passFile, m_passphrase);
    const auto opened = test::run(QStringLiteral("openssl"),
                                  {QStringLiteral("pkey"), QStringLiteral("-in"), file, QStringLiteral("-passin"),
                                   QStringLiteral("file:") + passFile, QStringLiteral("-pubout")});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());
    QCOMPARE(opened.out, m_key.publicKey().toPem());

    // The brief's very command line, with an ASCII passphrase.
    const QString ascii = path(QStringLiteral("ascii.encrypted.pem"));
    QVERIFY(EncryptedKeyFile::write(m_key, "s3cret-pass", ascii).ok());
    const auto plain =
        test::run(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), ascii,
                                              QStringLiteral("-passin"), QStringLiteral("pass:s3cret-pass")});
    QVERIFY2(plain.exitCode == 0, plain.err.constData());
    QVERIFY(plain.out.startsWith("-----BEGIN PRIVATE KEY-----"));
    auto again = alipay::PrivateKey::fromText(plain.out, QStringLiteral("openssl"));
    QVERIFY(again.ok());
    QVERIFY(again->publicKey() == m_key.publicKey());

    const auto wrong = test::run(QStringLiteral("openssl"), {QStringLiteral("pkey"), QStringLiteral("-in"), ascii,
                                                             QStringLiteral("-passin"), QStringLiteral("pass:nope")});
    QVERIFY(wrong.exitCode != 0);
}

void TestEncryptedKeyFile::asn1SaysPbes2ScryptAes256Cbc()
{
    const auto parsed = test::run(QStringLiteral("openssl"), {QStringLiteral("asn1parse"), QStringLiteral("-in"),
                                                              path(QStringLiteral("key.encrypted.pem"))});
    QVERIFY2(parsed.exitCode == 0, parsed.err.constData());
    QVERIFY2(parsed.out.contains(":PBES2"), parsed.out.constData());
    QVERIFY2(parsed.out.contains("prim: OBJECT            :scrypt\n"), parsed.out.constData());
    // N = 2^14 (hex 4000), r = 8, p = 1: OpenSSL's own `pkcs8 -scrypt` parameters.
    QVERIFY2(parsed.out.contains("prim: INTEGER           :4000\n"), parsed.out.constData());
    QVERIFY2(parsed.out.contains(":aes-256-cbc"), parsed.out.constData());
    QVERIFY(!parsed.out.contains("PBKDF2"));
}

void TestEncryptedKeyFile::wrongPassphrase()
{
    const QString file = path(QStringLiteral("key.encrypted.pem"));
    for (const QByteArray& wrong : {QByteArray("correct horse"), QByteArray("x"), QByteArray()}) {
        auto read = EncryptedKeyFile::read(file, wrong);
        QVERIFY(!read.ok());
        QCOMPARE(read.error().category(), Error::Category::Config);
        QVERIFY(EncryptedKeyFile::isWrongPassphrase(read.error()));
        QVERIFY2(read.error().message().contains(EncryptedKeyFile::wrongPassphraseMessage()),
                 qPrintable(read.error().message()));
        QVERIFY(read.error().message().contains(file));
    }
}

void TestEncryptedKeyFile::readsWhatOpensslEncrypted_data()
{
    QTest::addColumn<QStringList>("pbe");
    QTest::newRow("scrypt") << QStringList{QStringLiteral("-v2"), QStringLiteral("aes-256-cbc"),
                                           QStringLiteral("-scrypt")};
    QTest::newRow("pbkdf2") << QStringList{QStringLiteral("-v2"), QStringLiteral("aes-256-cbc")};
}

void TestEncryptedKeyFile::readsWhatOpensslEncrypted()
{
    QFETCH(QStringList, pbe);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    test::makeKeyPair(dir.path(), QStringLiteral("app"));
    const QString plain = dir.filePath(QStringLiteral("app_private_key.pem"));
    const QString encrypted = dir.filePath(QStringLiteral("openssl.encrypted.pem"));
    const auto made = test::run(QStringLiteral("openssl"),
                                QStringList{QStringLiteral("pkcs8"), QStringLiteral("-topk8")} + pbe +
                                    QStringList{QStringLiteral("-in"), plain, QStringLiteral("-out"), encrypted,
                                                QStringLiteral("-passout"), QStringLiteral("pass:from openssl")});
    QVERIFY2(made.exitCode == 0, made.err.constData());

    auto ours = EncryptedKeyFile::read(encrypted, "from openssl");
    QVERIFY2(ours.ok(), qPrintable(ours.ok() ? QString() : ours.error().toString()));
    auto original = alipay::PrivateKey::fromFile(plain);
    QVERIFY(original.ok());
    QVERIFY(ours->publicKey() == original->publicKey());
    QVERIFY(EncryptedKeyFile::isWrongPassphrase(EncryptedKeyFile::read(encrypted, "from OpenSSL").error()));
}

void TestEncryptedKeyFile::plainFileIsNotAnEncryptedKey()
{
    const QString plain = path(QStringLiteral("plain.pem"));
    test::writeFile(plain, m_key.toPkcs8Pem());
    auto read = EncryptedKeyFile::read(plain, m_passphrase);
    QVERIFY(!read.ok());
    QCOMPARE(read.error().category(), Error::Category::Config);
    QVERIFY(!EncryptedKeyFile::isWrongPassphrase(read.error()));
    auto missing = EncryptedKeyFile::read(path(QStringLiteral("nothing.pem")), m_passphrase);
    QVERIFY(!missing.ok());
    QVERIFY(!EncryptedKeyFile::isWrongPassphrase(missing.error()));
}

void TestEncryptedKeyFile::emptyPassphraseIsRefused()
{
    const QString file = path(QStringLiteral("empty.encrypted.pem"));
    auto written = EncryptedKeyFile::write(m_key, {}, file);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().category(), Error::Category::Input);
    QVERIFY(!QFile::exists(file));
}

void TestEncryptedKeyFile::locationOfAConfigValue()
{
    const QDir dir(m_dir.path());
    test::writeFile(path(QStringLiteral("plain.pem")), m_key.toPkcs8Pem());

    const KeyLocation plain = KeyLocation::parse(QStringLiteral("plain.pem"), dir);
    QCOMPARE(plain.kind, KeyLocation::Kind::PlainFile);
    QCOMPARE(plain.path, path(QStringLiteral("plain.pem")));
    QVERIFY(!plain.isProtected());
    QCOMPARE(plain.configValue(dir), QStringLiteral("plain.pem"));

    const KeyLocation encrypted = KeyLocation::parse(QStringLiteral("./key.encrypted.pem"), dir);
    QCOMPARE(encrypted.kind, KeyLocation::Kind::EncryptedFile);
    QCOMPARE(encrypted.configValue(dir), QStringLiteral("key.encrypted.pem"));

    const KeyLocation keychain = KeyLocation::parse(QStringLiteral("keychain:2021000000000000/app_private_key"), dir);
    QCOMPARE(keychain.kind, KeyLocation::Kind::Keychain);
    QCOMPARE(keychain.account, QStringLiteral("2021000000000000/app_private_key"));
    QCOMPARE(keychain.configValue(dir), QStringLiteral("keychain:2021000000000000/app_private_key"));

    // Outside the config's folder: the absolute path.
    const KeyLocation elsewhere = KeyLocation::parse(QStringLiteral("/etc/counterpay/key.pem"), dir);
    QCOMPARE(elsewhere.kind, KeyLocation::Kind::PlainFile);
    QCOMPARE(elsewhere.configValue(dir), QStringLiteral("/etc/counterpay/key.pem"));
}

// The AES key is no private key: it goes in a CMS envelope with a password recipient, which openssl cms opens.
void TestEncryptedKeyFile::aesKeyEnvelopeOpensWithOpensslCms()
{
    const QByteArray aesKey = "MTIzNDU2Nzg5MDEyMzQ1Ng==";
    const QString file = path(QStringLiteral("aes.encrypted.pem"));
    QVERIFY(EncryptedSecretFile::write(aesKey, "s3cret-pass", file).ok());
    QCOMPARE(QFile::permissions(file) & ~(QFile::ReadUser | QFile::WriteUser), QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(test::readFile(file).startsWith("-----BEGIN CMS-----\n"));
    QVERIFY(!test::readFile(file).contains(aesKey));
    QCOMPARE(KeyLocation::parse(file, QDir(m_dir.path())).kind, KeyLocation::Kind::EncryptedFile);

    const auto opened =
        test::run(QStringLiteral("openssl"),
                  {QStringLiteral("cms"), QStringLiteral("-decrypt"), QStringLiteral("-inform"), QStringLiteral("PEM"),
                   QStringLiteral("-in"), file, QStringLiteral("-pwri_password"), QStringLiteral("s3cret-pass")});
    QVERIFY2(opened.exitCode == 0, opened.err.constData());
    QCOMPARE(opened.out, aesKey);
    const auto parsed =
        test::run(QStringLiteral("openssl"), {QStringLiteral("asn1parse"), QStringLiteral("-in"), file});
    QVERIFY2(parsed.out.contains(":pkcs7-envelopedData"), parsed.out.constData());
    QVERIFY2(parsed.out.contains(":id-alg-PWRI-KEK"), parsed.out.constData());
    QVERIFY2(parsed.out.contains(":PBKDF2"), parsed.out.constData());
    QVERIFY2(parsed.out.contains("prim: INTEGER           :13D620\n"), parsed.out.constData()); // 1300000 rounds
    QVERIFY2(parsed.out.contains(":aes-256-cbc"), parsed.out.constData());

    auto ours = EncryptedSecretFile::read(file, "s3cret-pass");
    QVERIFY2(ours.ok(), qPrintable(ours.ok() ? QString() : ours.error().toString()));
    QCOMPARE(*ours, aesKey);
    auto wrong = EncryptedSecretFile::read(file, "s3cret-Pass");
    QVERIFY(!wrong.ok());
    QVERIFY(EncryptedKeyFile::isWrongPassphrase(wrong.error()));
    // What a prompt checks, for either kind of file.
    QVERIFY(KeySource::tryPassphrase(file, "s3cret-pass").ok());
    QVERIFY(EncryptedKeyFile::isWrongPassphrase(KeySource::tryPassphrase(file, "nope").error()));
    QVERIFY(KeySource::tryPassphrase(path(QStringLiteral("key.encrypted.pem")), m_passphrase).ok());
}

void TestEncryptedKeyFile::readsAnEnvelopeOpensslMade()
{
    const QString plain = path(QStringLiteral("aes-plain.key"));
    const QString file = path(QStringLiteral("openssl-aes.pem"));
    test::writeFile(plain, "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=");
    const auto made = test::run(QStringLiteral("openssl"),
                                {QStringLiteral("cms"), QStringLiteral("-encrypt"), QStringLiteral("-aes256"),
                                 QStringLiteral("-binary"), QStringLiteral("-pwri_password"),
                                 QStringLiteral("from openssl"), QStringLiteral("-in"), plain,
                                 QStringLiteral("-outform"), QStringLiteral("PEM"), QStringLiteral("-out"), file});
    QVERIFY2(made.exitCode == 0, made.err.constData());
    auto ours = EncryptedSecretFile::read(file, "from openssl");
    QVERIFY2(ours.ok(), qPrintable(ours.ok() ? QString() : ours.error().toString()));
    QCOMPARE(*ours, test::readFile(plain));
}

QTEST_GUILESS_MAIN(TestEncryptedKeyFile)
#include "TestEncryptedKeyFile.moc"
