#include "cli/CommandLine.h"
#include "cli/Commands.h"
#include "cli/Console.h"
#include "cli/ExitCode.h"
#include "cli/PassphraseReader.h"

#include "alipay/CertSn.h"
#include "alipay/FormCodec.h"
#include "alipay/Params.h"
#include "alipay/PrivateKey.h"
#include "alipay/ResponseVerifier.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "common/IniFile.h"
#include "common/Utf8.h"
#include "notify/NotifyVerifier.h"
#include "vault/KeyLocation.h"
#include "vault/KeyProtection.h"
#include "vault/KeySource.h"
#include "vault/Keychain.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSaveFile>

namespace counterpay::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("KeyCommands", text);
}

Result<void> writeNewFile(const QString& path, const QByteArray& contents, QFile::Permissions permissions)
{
    if (QFile::exists(path))
        return Error::input(tr("%1 already exists; keygen never overwrites a key").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(tr("cannot write %1").arg(path), file.errorString());
    // Restrict before the secret is written, not after.
    if (!file.setPermissions(permissions))
        return Error::config(tr("cannot restrict the permissions of %1").arg(path), file.errorString());
    file.write(contents);
    if (!file.commit())
        return Error::config(tr("cannot write %1").arg(path), file.errorString());
    return {};
}

} // namespace

int keygen(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("keygen"), invocation.arguments);
    line.option(QStringLiteral("out"), QStringLiteral("DIR"), tr("folder for the new key files"));
    line.option(QStringLiteral("bits"), QStringLiteral("N"), tr("RSA key size (default 2048)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto out = line.required(QStringLiteral("out"));
    if (!out)
        return report(out.error());
    int bits = 2048;
    if (line.isSet(QStringLiteral("bits"))) {
        bool ok = false;
        bits = line.value(QStringLiteral("bits")).toInt(&ok);
        if (!ok || bits < 2048 || bits > 8192)
            return report(Error::input(tr("--bits must be from 2048 to 8192")));
    }

    QDir dir(*out);
    if (!dir.exists() && !QDir().mkpath(*out))
        return report(Error::config(tr("cannot create the folder %1").arg(*out)));
    const QString privatePath = dir.absoluteFilePath(QStringLiteral("app_private_key.pem"));
    const QString publicPath = dir.absoluteFilePath(QStringLiteral("app_public_key.pem"));
    if (QFile::exists(privatePath) || QFile::exists(publicPath))
        return report(Error::input(tr("%1 already holds a key pair; keygen never overwrites a key").arg(dir.path())));

    auto key = alipay::PrivateKey::generate(bits);
    if (!key)
        return report(key.error());
    const alipay::PublicKey publicKey = key->publicKey();
    if (auto written = writeNewFile(privatePath, key->toPkcs8Pem(), QFile::ReadOwner | QFile::WriteOwner); !written)
        return report(written.error());
    if (auto written = writeNewFile(publicPath, publicKey.toPem(),
                                    QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        !written)
        return report(written.error());

    const QString line64 = QString::fromLatin1(publicKey.toBase64Line());
    Console::printJson(QJsonDocument(QJsonObject{
        {QStringLiteral("private_key_file"), privatePath},
        {QStringLiteral("public_key_file"), publicPath},
        {QStringLiteral("public_key"), line64},
        {QStringLiteral("bits"), bits},
    }));
    Console::message(tr("Private key written to %1 (readable by you only; keep it secret).").arg(privatePath));
    Console::message(tr("Paste this app public key (应用公钥) into Alipay's console:\n%1").arg(line64));
    return Ok;
}

int sign(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("sign"), invocation.arguments);
    line.option(QStringLiteral("private-key"), QStringLiteral("FILE"), tr("the app private key"));
    line.flag(QStringLiteral("content"), tr("print the exact string that is signed instead of the signature"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto keyPath = line.required(QStringLiteral("private-key"));
    if (!keyPath)
        return report(keyPath.error());

    QJsonParseError parseError;
    // A parameter may begin with U+FEFF: it is signed as it is.
    const QJsonDocument input = Utf8::parseJson(Console::readStdin(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !input.isObject())
        return report(
            Error::input(tr("stdin must hold one JSON object of string parameters"), parseError.errorString()));
    alipay::Params params;
    const QJsonObject object = input.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return report(Error::input(
                tr("parameter \"%1\" is not a string (biz_content must be JSON text inside a string)").arg(it.key())));
        params.set(it.key(), it.value().toString());
    }

    const QByteArray content = alipay::SignContent::forRequest(params);
    if (line.isSet(QStringLiteral("content"))) {
        Console::printLine(content);
        return Ok;
    }
    // A passphrase-protected key too (the global --passphrase-file, else the terminal).
    auto key = vault::KeySource::privateKey(vault::KeyLocation::parse(*keyPath, QDir::current()),
                                            PassphraseReader(invocation.passphraseFile).prompt());
    if (!key)
        return report(key.error());
    auto signature = alipay::Rsa2::sign(*key, content);
    if (!signature)
        return report(signature.error());
    Console::printLine(signature->toLatin1());
    return Ok;
}

int verifyResponse(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("verify-response"), invocation.arguments);
    line.option(QStringLiteral("alipay-public-key"), QStringLiteral("FILE"), tr("Alipay's public key or certificate"));
    line.option(QStringLiteral("method"), QStringLiteral("METHOD"), tr("the API method, e.g. alipay.trade.query"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto keyPath = line.required(QStringLiteral("alipay-public-key"));
    if (!keyPath)
        return report(keyPath.error());
    auto method = line.required(QStringLiteral("method"));
    if (!method)
        return report(method.error());
    auto key = alipay::PublicKey::fromFile(*keyPath);
    if (!key)
        return report(key.error());

    auto verified = alipay::ResponseVerifier(*key).verify(Console::readStdin(), *method);
    if (!verified)
        return report(verified.error());
    Console::printLine(verified->signedBytes);
    if (!verified->signatureVerified) {
        Console::message(
            tr("unsigned error reply (%1 %2): accepted only as an error").arg(verified->code(), verified->subCode()));
        return BusinessRefusal;
    }
    return Ok;
}

int verifyNotify(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("verify-notify"), invocation.arguments);
    line.option(QStringLiteral("alipay-public-key"), QStringLiteral("FILE"), tr("Alipay's public key or certificate"));
    line.option(QStringLiteral("app-id"), QStringLiteral("ID"), tr("our app id; the notification must name it"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto keyPath = line.required(QStringLiteral("alipay-public-key"));
    if (!keyPath)
        return report(keyPath.error());
    auto key = alipay::PublicKey::fromFile(*keyPath);
    if (!key)
        return report(key.error());

    const QByteArray body = Console::readStdin();
    QString appId = line.value(QStringLiteral("app-id"));
    if (appId.isEmpty()) {
        // Without --app-id only the signature is checked; the app id is taken from the body.
        auto params = alipay::FormCodec::decode(body);
        if (params)
            appId = params->value(QStringLiteral("app_id"));
        Console::message(tr("note: no --app-id given; checking the signature only"));
    }
    auto notification = notify::NotifyVerifier(*key, appId).verify(body);
    if (!notification)
        return report(notification.error());
    QJsonObject object;
    for (const auto& [name, value] : notification->params)
        object.insert(name, value);
    Console::printJson(QJsonDocument(object));
    return Ok;
}

int certSn(const Invocation& invocation)
{
    CommandLine line(QStringLiteral("cert-sn"), invocation.arguments);
    line.option(QStringLiteral("cert"), QStringLiteral("FILE"), tr("a PEM certificate (or root bundle with --root)"));
    line.flag(QStringLiteral("root"), tr("the file is Alipay's root bundle: print alipay_root_cert_sn"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    auto path = line.required(QStringLiteral("cert"));
    if (!path)
        return report(path.error());
    auto sn = line.isSet(QStringLiteral("root")) ? alipay::CertSn::ofRootBundleFile(*path)
                                                 : alipay::CertSn::ofCertificateFile(*path);
    if (!sn)
        return report(sn.error());
    Console::printLine(sn->toLatin1());
    return Ok;
}

namespace {

QString kindName(vault::KeyLocation::Kind kind)
{
    switch (kind) {
    case vault::KeyLocation::Kind::PlainFile:
        return QStringLiteral("plain_file");
    case vault::KeyLocation::Kind::EncryptedFile:
        return QStringLiteral("encrypted_file");
    case vault::KeyLocation::Kind::Keychain:
        return QStringLiteral("keychain");
    }
    return {};
}

int protect(const Invocation& invocation, const QStringList& arguments)
{
    CommandLine line(QStringLiteral("key protect"), arguments);
    line.option(QStringLiteral("config"), QStringLiteral("FILE"),
                tr("the counter's configuration (else the global --config)"));
    line.flag(QStringLiteral("keychain"),
              tr("keep the key in the system keychain instead of a passphrase-protected file"));
    line.option(QStringLiteral("passphrase-file"), QStringLiteral("FILE"),
                tr("the new passphrase: the file's first line (else the terminal asks twice)"));
    if (auto parsed = line.parse(); !parsed)
        return report(parsed.error());
    const QString configPath =
        line.isSet(QStringLiteral("config")) ? line.value(QStringLiteral("config")) : invocation.configPath;
    if (configPath.isEmpty())
        return report(Error::input(tr("give --config FILE: the configuration whose key is protected")));
    auto ini = IniFile::load(configPath);
    if (!ini)
        return report(ini.error());
    const QDir configDir = QFileInfo(configPath).absoluteDir();
    const QString keyValue = ini->value(QStringLiteral("gateway"), QStringLiteral("app_private_key"));
    const vault::KeyLocation plain = vault::KeyLocation::parse(keyValue, configDir);

    const bool keychain = line.isSet(QStringLiteral("keychain"));
    QByteArray passphrase;
    if (keychain) {
        // Said before anything moves, and in the words of a missing keychain rather than a failed write.
        if (!vault::Keychain::isAvailable())
            return report(Error::config(vault::Keychain::unavailableMessage()));
    } else if (!plain.isProtected() && !keyValue.isEmpty()) {
        const QString passphraseFile = line.isSet(QStringLiteral("passphrase-file"))
                                           ? line.value(QStringLiteral("passphrase-file"))
                                           : invocation.passphraseFile;
        auto typed = PassphraseReader(passphraseFile).readNew(vault::KeyProtection::encryptedPathFor(plain.path));
        if (!typed)
            return report(typed.error());
        passphrase = *typed;
    }
    auto moved = vault::KeyProtection::protect(
        configPath, keychain ? vault::KeyProtection::Method::Keychain : vault::KeyProtection::Method::EncryptedFile,
        passphrase);
    passphrase.fill('\0');
    if (!moved)
        return report(moved.error());

    QJsonObject result{
        {QStringLiteral("app_private_key"), moved->configValue(configDir)},
        {QStringLiteral("kind"), kindName(moved->kind)},
        {QStringLiteral("removed"), plain.path},
    };
    Console::printJson(QJsonDocument(result));
    Console::message(keychain ? tr("The app private key is in the keychain now (entry \"%1\" of CounterPay); %2 was "
                                   "overwritten and removed.")
                                    .arg(moved->account, plain.path)
                              : tr("The app private key is in %1 now, encrypted with your passphrase; %2 was "
                                   "overwritten and removed. Keep the passphrase safe: without it the key is lost.")
                                    .arg(moved->path, plain.path));
    const QString aesValue = ini->value(QStringLiteral("gateway"), QStringLiteral("aes_key_file"));
    if (!aesValue.isEmpty() && !vault::KeyLocation::parse(aesValue, configDir).isProtected()) {
        auto after = IniFile::load(configPath);
        if (after)
            Console::message(tr("The AES key moved too: aes_key_file=%1")
                                 .arg(after->value(QStringLiteral("gateway"), QStringLiteral("aes_key_file"))));
    }
    return Ok;
}

} // namespace

int key(const Invocation& invocation)
{
    const QString action = invocation.arguments.value(1);
    QStringList arguments = invocation.arguments.mid(2);
    arguments.prepend(QStringLiteral("key ") + action);
    if (action == u"protect")
        return protect(invocation, arguments);
    const QString usage = tr("usage: counterpay-cli key protect --config FILE [--keychain] [--passphrase-file FILE]");
    if (action == u"--help" || action == u"-h") {
        Console::printLine(usage.toUtf8());
        return Ok;
    }
    Console::message(action.isEmpty() ? usage : tr("key: unknown action \"%1\"; %2").arg(action, usage));
    return Usage;
}

} // namespace counterpay::cli
