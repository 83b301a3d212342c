#include "config/GatewayConfig.h"

#include "alipay/CertSn.h"
#include "alipay/CertificateChain.h"
#include "alipay/Rsa2.h"
#include "common/IniFile.h"
#include "vault/KeyLocation.h"
#include "vault/KeySource.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>
#include <QScopeGuard>

namespace counterpay::config {

Q_LOGGING_CATEGORY(lcConfig, "counterpay.config")

namespace {

const QString kSection = QStringLiteral("gateway");

// 127.0.0.0/8 or ::1, written as an address. A name, `localhost` included, is whatever name resolution
// (a hosts file, a DNS search domain) makes of it, so it never qualifies for plain HTTP.
bool isLoopbackAddress(const QString& host)
{
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// Reads a required or optional path setting, resolved against the INI file's folder.
class Reader
{
public:
    Reader(const IniFile& ini, const QString& path)
        : m_ini(ini)
        , m_path(path)
        , m_dir(QFileInfo(path).absoluteDir())
    {}

    Error error(const QString& key, const QString& message) const
    {
        return Error::config(message).withContext(m_path + QStringLiteral(" [gateway] ") + key);
    }

    QString text(const QString& key) const { return m_ini.value(kSection, key); }

    Result<QString> required(const QString& key) const
    {
        const QString value = text(key);
        if (value.isEmpty())
            return error(key, GatewayConfig::tr("missing; it is required"));
        return value;
    }

    QString filePath(const QString& value) const { return QDir::cleanPath(m_dir.absoluteFilePath(value)); }

    Result<int> milliseconds(const QString& key, int fallback) const
    {
        const QString value = text(key);
        if (value.isEmpty())
            return fallback;
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (!ok || ms < 100 || ms > 600000)
            return error(key, GatewayConfig::tr("must be a number of milliseconds from 100 to 600000"));
        return ms;
    }

private:
    const IniFile& m_ini;
    QString m_path;
    QDir m_dir;
};

// A path in a command to paste: one with spaces or quotes goes in single quotes.
QString shellArgument(const QString& path)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./+:@%,-]+$"));
    if (plain.match(path).hasMatch())
        return path;
    return u'\'' + QString(path).replace(QStringLiteral("'"), QStringLiteral("'\\''")) + u'\'';
}

// A secret (the app private key, the AES key) that group or others may read: not refused, since the app
// works, but said plainly with the fix.
std::optional<QString> exposedSecretWarning(const QString& path, const QString& what)
{
    const QFileDevice::Permissions exposed = QFileDevice::ReadGroup | QFileDevice::ReadOther;
    if (!(QFileInfo(path).permissions() & exposed))
        return std::nullopt;
    return GatewayConfig::tr(
               "%1 holds %2 and other users of this computer can read it; make it yours only: chmod 600 %3")
        .arg(path, what, shellArgument(path));
}

// A secret kept in plain text (DESIGN.md §7: none should be, once a store is set up), with the command that
// fixes it.
QString plainSecretWarning(const QString& path, const QString& what, const QString& configPath)
{
    const QString command = QStringLiteral("counterpay-cli key protect --config ") +
                            shellArgument(QFileInfo(configPath).absoluteFilePath());
    return GatewayConfig::tr("%1 holds %2 in plain text; keep it in the keychain or under a passphrase: %3")
        .arg(path, what, command);
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(GatewayConfig::tr("cannot open the file"), file.errorString()).withContext(path);
    return file.readAll();
}

// Where and as whom: the gateway, the app id and the signing mode.
Result<void> readAccount(const Reader& reader, GatewayConfig& config)
{
    auto url = reader.required(QStringLiteral("url"));
    if (!url)
        return url.error();
    config.gatewayUrl = QUrl(*url, QUrl::StrictMode);
    const QString scheme = config.gatewayUrl.scheme();
    if (!config.gatewayUrl.isValid() || config.gatewayUrl.host().isEmpty() || (scheme != u"https" && scheme != u"http"))
        return reader.error(QStringLiteral("url"), GatewayConfig::tr("\"%1\" is not an http(s) URL").arg(*url));
    // Plain HTTP would carry payment requests readable by anyone on the way.
    if (scheme == u"http" && !isLoopbackAddress(config.gatewayUrl.host()))
        return reader.error(
            QStringLiteral("url"),
            GatewayConfig::tr("plain http is only allowed for a gateway on this machine, given by its address "
                              "(127.0.0.1 or [::1], not a name such as localhost); use "
                              "https://openapi.alipay.com/gateway.do"));

    auto appId = reader.required(QStringLiteral("app_id"));
    if (!appId)
        return appId.error();
    for (QChar c : *appId) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return reader.error(QStringLiteral("app_id"), GatewayConfig::tr("an Alipay app id has only digits"));
    }
    config.appId = *appId;

    const QString mode = reader.text(QStringLiteral("sign_mode"));
    if (mode.isEmpty() || mode == u"public_key")
        config.signMode = GatewayConfig::SignMode::PublicKey;
    else if (mode == u"certificate")
        config.signMode = GatewayConfig::SignMode::Certificate;
    else
        return reader.error(QStringLiteral("sign_mode"), GatewayConfig::tr("must be public_key or certificate"));
    return {};
}

// Where notifications go and how long calls may take.
Result<void> readTransport(const Reader& reader, GatewayConfig& config)
{
    config.notifyUrl = reader.text(QStringLiteral("notify_url"));
    if (!config.notifyUrl.isEmpty()) {
        const QUrl notify(config.notifyUrl, QUrl::StrictMode);
        if (!notify.isValid() || notify.host().isEmpty() || (notify.scheme() != u"https" && notify.scheme() != u"http"))
            return reader.error(QStringLiteral("notify_url"),
                                GatewayConfig::tr("\"%1\" is not an http(s) URL").arg(config.notifyUrl));
    }

    auto connectTimeout =
        reader.milliseconds(QStringLiteral("connect_timeout_ms"), GatewayConfig::kDefaultConnectTimeoutMs);
    if (!connectTimeout)
        return connectTimeout.error();
    auto timeout = reader.milliseconds(QStringLiteral("timeout_ms"), GatewayConfig::kDefaultTimeoutMs);
    if (!timeout)
        return timeout.error();
    config.connectTimeoutMs = *connectTimeout;
    config.timeoutMs = *timeout;
    return {};
}

} // namespace

Result<GatewayConfig> GatewayConfig::loadWithoutKeys(const QString& path)
{
    auto ini = IniFile::load(path);
    if (!ini)
        return ini.error();
    const Reader reader(*ini, path);
    GatewayConfig config;
    config.sourcePath = path;
    if (auto read = readAccount(reader, config); !read)
        return read.error();
    if (auto read = readTransport(reader, config); !read)
        return read.error();
    return config;
}

Result<GatewayConfig> GatewayConfig::load(const QString& path, const Clock& clock,
                                          const vault::PassphrasePrompt& prompt)
{
    auto ini = IniFile::load(path);
    if (!ini)
        return ini.error();
    const Reader reader(*ini, path);

    GatewayConfig config;
    config.sourcePath = path;

    if (auto read = readAccount(reader, config); !read)
        return read.error();

    auto privatePath = reader.required(QStringLiteral("app_private_key"));
    if (!privatePath)
        return privatePath.error();
    const QDir configDir = QFileInfo(path).absoluteDir();
    // `key protect` puts the private key and the AES key under one passphrase: asked once, for the first, and
    // kept only while this file loads.
    QByteArray given;
    const vault::PassphrasePrompt askOnce = [&given, &prompt](const QString& keyFile) -> Result<QByteArray> {
        if (!given.isEmpty())
            return given;
        if (!prompt)
            return Error::config(vault::KeySource::passphraseNeededMessage()).withContext(keyFile);
        auto passphrase = prompt(keyFile);
        if (passphrase)
            given = *passphrase;
        return passphrase;
    };
    const auto forget = qScopeGuard([&given] { given.fill('\0'); });
    const vault::KeyLocation privateLocation = vault::KeyLocation::parse(*privatePath, configDir);
    auto privateKey = vault::KeySource::privateKey(privateLocation, askOnce);
    if (!privateKey)
        return privateKey.error();
    config.appPrivateKey = *privateKey;
    QStringList plainSecrets; // warned about last, after what is wrong with them
    if (privateLocation.kind == vault::KeyLocation::Kind::PlainFile) {
        if (auto warning = exposedSecretWarning(privateLocation.path, tr("the app private key")))
            config.warnings.append(*warning);
        plainSecrets.append(plainSecretWarning(privateLocation.path, tr("the app private key"), path));
    }

    if (config.signMode == SignMode::PublicKey) {
        auto publicPath = reader.required(QStringLiteral("alipay_public_key"));
        if (!publicPath)
            return publicPath.error();
        auto publicKey = alipay::PublicKey::fromFile(reader.filePath(*publicPath));
        if (!publicKey)
            return publicKey.error();
        config.alipayPublicKey = *publicKey;
    } else {
        auto appCert = reader.required(QStringLiteral("app_cert"));
        if (!appCert)
            return appCert.error();
        auto alipayCert = reader.required(QStringLiteral("alipay_cert"));
        if (!alipayCert)
            return alipayCert.error();
        auto rootCert = reader.required(QStringLiteral("alipay_root_cert"));
        if (!rootCert)
            return rootCert.error();

        auto appCertSn = alipay::CertSn::ofCertificateFile(reader.filePath(*appCert));
        if (!appCertSn)
            return appCertSn.error();
        auto alipayCertSn = alipay::CertSn::ofCertificateFile(reader.filePath(*alipayCert));
        if (!alipayCertSn)
            return alipayCertSn.error();
        auto rootSn = alipay::CertSn::ofRootBundleFile(reader.filePath(*rootCert));
        if (!rootSn)
            return rootSn.error();
        auto alipayCertText = readFile(reader.filePath(*alipayCert));
        if (!alipayCertText)
            return alipayCertText.error();
        auto rootCertText = readFile(reader.filePath(*rootCert));
        if (!rootCertText)
            return rootCertText.error();
        if (auto trusted = alipay::CertificateChain::verify(*alipayCertText, reader.filePath(*alipayCert),
                                                            *rootCertText, reader.filePath(*rootCert), clock.now());
            !trusted)
            return trusted.error();
        auto alipayKey = alipay::PublicKey::fromText(*alipayCertText, reader.filePath(*alipayCert));
        if (!alipayKey)
            return alipayKey.error();
        auto appCertText = readFile(reader.filePath(*appCert));
        if (!appCertText)
            return appCertText.error();
        auto appCertKey = alipay::PublicKey::fromText(*appCertText, reader.filePath(*appCert));
        if (!appCertKey)
            return appCertKey.error();
        if (!(*appCertKey == config.appPrivateKey.publicKey()))
            return reader.error(QStringLiteral("app_cert"),
                                tr("this app certificate does not belong to the app private key"));
        config.appCertSn = *appCertSn;
        config.alipayCertSn = *alipayCertSn;
        config.alipayRootCertSn = *rootSn;
        config.alipayPublicKey = *alipayKey;
    }

    // The commonest field failure: the app's own public key pasted where Alipay's belongs.
    if (config.alipayPublicKey == config.appPrivateKey.publicKey())
        return reader.error(config.signMode == SignMode::PublicKey ? QStringLiteral("alipay_public_key")
                                                                   : QStringLiteral("alipay_cert"),
                            tr("this is the app's own public key; Alipay's public key (支付宝公钥) belongs here"));

    const QString aesKeyFile = reader.text(QStringLiteral("aes_key_file"));
    if (!aesKeyFile.isEmpty()) {
        const vault::KeyLocation aesLocation = vault::KeyLocation::parse(aesKeyFile, configDir);
        const QString origin = aesLocation.kind == vault::KeyLocation::Kind::Keychain ? aesKeyFile : aesLocation.path;
        auto keyText = vault::KeySource::secretText(aesLocation, askOnce);
        if (!keyText)
            return keyText.error();
        auto cipher = alipay::ContentCipher::fromBase64Key(keyText->trimmed(), origin);
        keyText->fill('\0');
        if (!cipher)
            return cipher.error();
        config.contentCipher = *cipher;
        if (aesLocation.kind == vault::KeyLocation::Kind::PlainFile) {
            if (auto warning = exposedSecretWarning(aesLocation.path, tr("the content encryption (AES) key")))
                config.warnings.append(*warning);
            plainSecrets.append(plainSecretWarning(aesLocation.path, tr("the content encryption (AES) key"), path));
        }
    }

    if (auto read = readTransport(reader, config); !read)
        return read.error();
    for (const QString& warning : std::as_const(config.warnings))
        qCWarning(lcConfig).noquote() << warning;
    if (!plainSecrets.isEmpty()) {
        if (isLoopbackAddress(config.gatewayUrl.host())) {
            // The local sandbox (the demo, the tests) makes its own keys: they sign for nothing real.
            const QString note = tr("the keys of this local sandbox gateway lie in plain files on purpose: it is "
                                    "the demo (or a test), and its keys never move money");
            config.warnings.append(note);
            qCInfo(lcConfig).noquote() << note;
        } else {
            for (const QString& warning : std::as_const(plainSecrets))
                qCWarning(lcConfig).noquote() << warning;
            config.warnings.append(plainSecrets);
        }
    }
    return config;
}

bool GatewayConfig::isSandbox() const
{
    const QString host = gatewayUrl.host();
    return isLoopbackAddress(host) || host == u"localhost" || host.endsWith(QStringLiteral(".alipaydev.com"));
}

std::unique_ptr<alipay::GatewayClient> GatewayConfig::makeClient(QNetworkAccessManager* network, const Clock& clock,
                                                                 QObject* parent) const
{
    return std::make_unique<alipay::GatewayClient>(clientOptions(), requestBuilder(clock), responseVerifier(), network,
                                                   parent);
}

alipay::RequestBuilder GatewayConfig::requestBuilder(const Clock& clock) const
{
    alipay::RequestBuilder::Identity identity;
    identity.appId = appId;
    identity.privateKey = appPrivateKey;
    identity.appCertSn = appCertSn;
    identity.alipayRootCertSn = alipayRootCertSn;
    identity.contentCipher = contentCipher;
    return alipay::RequestBuilder(std::move(identity), clock);
}

alipay::ResponseVerifier GatewayConfig::responseVerifier() const
{
    alipay::ResponseVerifier verifier(alipayPublicKey);
    if (!alipayCertSn.isEmpty())
        verifier.setExpectedCertSn(alipayCertSn);
    verifier.setContentCipher(contentCipher);
    return verifier;
}

alipay::GatewayClient::Options GatewayConfig::clientOptions() const
{
    return alipay::GatewayClient::Options{gatewayUrl, connectTimeoutMs, timeoutMs};
}

} // namespace counterpay::config
