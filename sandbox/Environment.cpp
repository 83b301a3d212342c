#include "Environment.h"

#include "CertificateAuthority.h"
#include "alipay/CertSn.h"
#include "common/IniFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSettings>

namespace counterpay::sandbox {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Environment", text);
}

const QString kSandboxDir = QStringLiteral("sandbox");
const QString kSandboxIni = QStringLiteral("sandbox/sandbox.ini");
const QString kDatabase = QStringLiteral("sandbox/sandbox.db");
const QString kGatewayKey = QStringLiteral("sandbox/gateway_private_key.pem");
const QString kRegisteredAppKey = QStringLiteral("sandbox/registered_app_public_key.pem");
const QString kRegisteredAppCert = QStringLiteral("sandbox/registered_app_cert.crt");
const QString kGatewayCert = QStringLiteral("sandbox/gateway_cert.crt");
const QString kRootBundle = QStringLiteral("sandbox/root_cert_bundle.crt");
const QString kAppPrivateKey = QStringLiteral("app_private_key.pem");
const QString kAppPublicKey = QStringLiteral("app_public_key.pem");
const QString kAlipayPublicKey = QStringLiteral("alipay_public_key.pem");
const QString kAppCert = QStringLiteral("app_cert.crt");
const QString kAlipayCert = QStringLiteral("alipay_cert.crt");
const QString kAlipayRootCert = QStringLiteral("alipay_root_cert.crt");
const QString kAesKey = QStringLiteral("aes_key.txt");
const QString kGatewaySection = QStringLiteral("gateway");

QString digits(int count)
{
    QString text;
    for (int i = 0; i < count; ++i)
        text += QChar(u'0' + static_cast<char16_t>(QRandomGenerator::system()->bounded(10)));
    return text;
}

// The first lines of a fresh counterpay.ini. Comments stand on lines of their own: inline
// comments would become part of the value.
QByteArray freshConfig(const QString& appId)
{
    const QString text = QStringLiteral("; CounterPay configuration written by `counterpay-sandbox init`.\n"
                                        "; It points at the local sandbox gateway: nothing here moves real money.\n"
                                        "; `counterpay-sandbox serve` writes the gateway's actual address into url=.\n"
                                        "; Paths are relative to this file's folder.\n"
                                        "[gateway]\n"
                                        "url=http://127.0.0.1/gateway.do\n"
                                        "app_id=%1\n"
                                        "; public_key (公钥模式) or certificate (公钥证书模式)\n"
                                        "sign_mode=public_key\n"
                                        "app_private_key=app_private_key.pem\n"
                                        "alipay_public_key=alipay_public_key.pem\n"
                                        "; certificate mode: app_cert.crt, alipay_cert.crt, alipay_root_cert.crt\n"
                                        "app_cert=\n"
                                        "alipay_cert=\n"
                                        "alipay_root_cert=\n"
                                        "; optional: a file holding the base64 AES key (接口内容加密)\n"
                                        "aes_key_file=\n"
                                        "notify_url=\n"
                                        "connect_timeout_ms=5000\n"
                                        "timeout_ms=15000\n"
                                        "[counter]\n"
                                        "; sandbox orders get their own order book, never mixed with real ones\n"
                                        "database=orders.sqlite\n");
    return text.arg(appId).toUtf8();
}

class Writer
{
public:
    Writer(const QDir& dir, Environment::InitReport& report)
        : m_dir(dir)
        , m_report(report)
    {}

    QString path(const QString& name) const { return m_dir.filePath(name); }
    bool exists(const QString& name) const { return QFileInfo::exists(path(name)); }

    Result<void> write(const QString& name, const QByteArray& bytes, bool secret = false)
    {
        QSaveFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            return Error::config(tr("cannot write the file"), file.errorString()).withContext(path(name));
        if (secret)
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(bytes);
        if (!file.commit())
            return Error::config(tr("cannot write the file"), file.errorString()).withContext(path(name));
        m_report.created.append(name);
        return {};
    }

    void kept(const QString& name) { m_report.kept.append(name); }

private:
    QDir m_dir;
    Environment::InitReport& m_report;
};

Result<alipay::PrivateKey> loadOrCreateKey(Writer& writer, const QString& name)
{
    if (writer.exists(name)) {
        writer.kept(name);
        return alipay::PrivateKey::fromFile(writer.path(name));
    }
    auto key = alipay::PrivateKey::generate();
    if (!key)
        return key.error();
    if (auto written = writer.write(name, key->toPkcs8Pem(), true); !written)
        return written.error();
    return key;
}

Result<void> writeIfMissing(Writer& writer, const QString& name, const QByteArray& bytes, bool secret = false)
{
    if (writer.exists(name)) {
        writer.kept(name);
        return {};
    }
    return writer.write(name, bytes, secret);
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(tr("cannot read the file"), file.errorString()).withContext(path);
    return file.readAll();
}

Result<void> issueCertificates(Writer& writer, const alipay::PrivateKey& appKey, const alipay::PrivateKey& gatewayKey,
                               const QString& appId, const QString& sellerId, const Clock& clock)
{
    const QStringList files{kAppCert, kAlipayCert, kAlipayRootCert, kRegisteredAppCert, kGatewayCert, kRootBundle};
    int present = 0;
    for (const QString& name : files)
        present += writer.exists(name) ? 1 : 0;
    if (present == files.size()) {
        for (const QString& name : files)
            writer.kept(name);
        return {};
    }
    if (present > 0)
        return Error::config(tr("the certificate set in %1 is incomplete; remove the remaining *.crt files (and "
                                "sandbox/*.crt) to issue a new set")
                                 .arg(QDir::toNativeSeparators(writer.path(QString()))));
    auto issued = CertificateAuthority::issue(appKey, gatewayKey, appId, sellerId, clock.now());
    if (!issued)
        return issued.error();
    // The app's copies and "Alipay's" copies start identical; replacing one side simulates a mix-up.
    for (const auto& [name, bytes] :
         {std::pair{kAppCert, issued->appCertPem}, std::pair{kAlipayCert, issued->alipayCertPem},
          std::pair{kAlipayRootCert, issued->rootBundlePem}, std::pair{kRegisteredAppCert, issued->appCertPem},
          std::pair{kGatewayCert, issued->alipayCertPem}, std::pair{kRootBundle, issued->rootBundlePem}}) {
        if (auto written = writer.write(name, bytes); !written)
            return written;
    }
    return {};
}

QString appGroup(const QString& appId)
{
    return QStringLiteral("app_") + appId;
}

} // namespace

Result<Environment::InitReport> Environment::init(const QString& dirPath, const InitOptions& options,
                                                  const Clock& clock)
{
    InitReport report;
    QDir dir(dirPath);
    if (!dir.mkpath(kSandboxDir))
        return Error::config(tr("cannot create the directory %1").arg(dir.filePath(kSandboxDir)));
    Writer writer(dir, report);
    report.configPath = dir.filePath(QString::fromLatin1(kConfigFile));

    // Identity: an existing config keeps its app id, an existing sandbox keeps its seller id.
    std::optional<IniFile> existingConfig;
    if (QFileInfo::exists(report.configPath)) {
        auto ini = IniFile::load(report.configPath);
        if (!ini)
            return ini.error();
        existingConfig = *ini;
    }
    QSettings sandboxIni(dir.filePath(kSandboxIni), QSettings::IniFormat);
    report.appId = existingConfig ? existingConfig->value(kGatewaySection, QStringLiteral("app_id")) : QString();
    if (report.appId.isEmpty())
        report.appId = QStringLiteral("9021000") + digits(9); // the shape of Alipay's sandbox app ids
    QString sellerId = sandboxIni.value(QStringLiteral("sandbox/seller_id")).toString();
    if (sellerId.isEmpty())
        sellerId = QStringLiteral("2088") + digits(12);

    auto appKey = loadOrCreateKey(writer, kAppPrivateKey);
    if (!appKey)
        return appKey.error();
    auto gatewayKey = loadOrCreateKey(writer, kGatewayKey);
    if (!gatewayKey)
        return gatewayKey.error();
    if (appKey->publicKey() == gatewayKey->publicKey())
        return Error::config(tr("the app key and the gateway key are the same key; remove one of them"));
    for (const auto& [name, bytes] : {std::pair{kAppPublicKey, appKey->publicKey().toPem()},
                                      std::pair{kAlipayPublicKey, gatewayKey->publicKey().toPem()},
                                      std::pair{kRegisteredAppKey, appKey->publicKey().toPem()}}) {
        if (auto written = writeIfMissing(writer, name, bytes); !written)
            return written.error();
    }

    const bool certificateMode =
        options.certificateMode ||
        (existingConfig && existingConfig->value(kGatewaySection, QStringLiteral("sign_mode")) == u"certificate");
    if (certificateMode) {
        if (auto issued = issueCertificates(writer, *appKey, *gatewayKey, report.appId, sellerId, clock); !issued)
            return issued.error();
    }

    QString aesKey = sandboxIni.value(appGroup(report.appId) + QStringLiteral("/aes_key")).toString();
    if (options.aes && aesKey.isEmpty()) {
        if (writer.exists(kAesKey)) {
            auto text = readFile(writer.path(kAesKey));
            if (!text)
                return text.error();
            aesKey = QString::fromLatin1(text->trimmed());
            writer.kept(kAesKey);
        } else {
            QByteArray key(16, Qt::Uninitialized);
            QRandomGenerator::system()->generate(key.begin(), key.end());
            aesKey = QString::fromLatin1(key.toBase64());
            if (auto written = writer.write(kAesKey, aesKey.toLatin1() + '\n', true); !written)
                return written.error();
        }
        auto cipher = alipay::ContentCipher::fromBase64Key(aesKey.toLatin1(), writer.path(kAesKey));
        if (!cipher)
            return cipher.error();
    }

    // The app's config: a fresh file, or the user's file with only the settings init owns changed.
    IniFile ini;
    if (existingConfig) {
        ini = *existingConfig;
        report.kept.append(QString::fromLatin1(kConfigFile));
    } else {
        auto fresh = IniFile::parse(freshConfig(report.appId), report.configPath);
        if (!fresh)
            return fresh.error();
        ini = *fresh;
        report.created.append(QString::fromLatin1(kConfigFile));
    }
    if (ini.value(kGatewaySection, QStringLiteral("app_id")).isEmpty())
        ini.setValue(kGatewaySection, QStringLiteral("app_id"), report.appId);
    if (certificateMode) {
        ini.setValue(kGatewaySection, QStringLiteral("sign_mode"), QStringLiteral("certificate"));
        ini.setValue(kGatewaySection, QStringLiteral("app_cert"), kAppCert);
        ini.setValue(kGatewaySection, QStringLiteral("alipay_cert"), kAlipayCert);
        ini.setValue(kGatewaySection, QStringLiteral("alipay_root_cert"), kAlipayRootCert);
    }
    if (options.aes)
        ini.setValue(kGatewaySection, QStringLiteral("aes_key_file"), kAesKey);
    if (auto saved = ini.save(report.configPath); !saved)
        return saved.error();

    sandboxIni.setValue(QStringLiteral("sandbox/seller_id"), sellerId);
    sandboxIni.setValue(QStringLiteral("sandbox/gateway_private_key"), QFileInfo(kGatewayKey).fileName());
    if (certificateMode) {
        sandboxIni.setValue(QStringLiteral("sandbox/gateway_cert"), QFileInfo(kGatewayCert).fileName());
        sandboxIni.setValue(QStringLiteral("sandbox/root_cert_bundle"), QFileInfo(kRootBundle).fileName());
    }
    const QString group = appGroup(report.appId) + u'/';
    sandboxIni.setValue(group + QStringLiteral("sign_mode"),
                        certificateMode ? QStringLiteral("certificate") : QStringLiteral("public_key"));
    sandboxIni.setValue(group + QStringLiteral("public_key"), QFileInfo(kRegisteredAppKey).fileName());
    if (certificateMode)
        sandboxIni.setValue(group + QStringLiteral("app_cert"), QFileInfo(kRegisteredAppCert).fileName());
    if (!aesKey.isEmpty())
        sandboxIni.setValue(group + QStringLiteral("aes_key"), aesKey);
    sandboxIni.sync();
    if (sandboxIni.status() != QSettings::NoError)
        return Error::config(tr("cannot write %1").arg(dir.filePath(kSandboxIni)));
    return report;
}

Result<Environment> Environment::load(const QString& dirPath)
{
    QDir dir(dirPath);
    const QString iniPath = dir.filePath(kSandboxIni);
    if (!QFileInfo::exists(iniPath))
        return Error::config(tr("%1 is not a sandbox data directory (no %2); run `counterpay-sandbox init %1` first")
                                 .arg(QDir::toNativeSeparators(dirPath), kSandboxIni));
    QSettings ini(iniPath, QSettings::IniFormat);
    const QDir sandboxDir(dir.filePath(kSandboxDir));
    const auto sandboxFile = [&](const QString& key) { return sandboxDir.filePath(ini.value(key).toString()); };

    Environment env;
    env.m_dir = dir.absolutePath();
    env.m_gateway.sellerId = ini.value(QStringLiteral("sandbox/seller_id")).toString();
    if (env.m_gateway.sellerId.isEmpty())
        return Error::config(tr("%1 has no seller_id").arg(iniPath));
    auto gatewayKey = alipay::PrivateKey::fromFile(sandboxFile(QStringLiteral("sandbox/gateway_private_key")));
    if (!gatewayKey)
        return gatewayKey.error();
    env.m_gateway.privateKey = *gatewayKey;
    if (ini.contains(QStringLiteral("sandbox/gateway_cert"))) {
        auto certSn = alipay::CertSn::ofCertificateFile(sandboxFile(QStringLiteral("sandbox/gateway_cert")));
        if (!certSn)
            return certSn.error();
        auto rootSn = alipay::CertSn::ofRootBundleFile(sandboxFile(QStringLiteral("sandbox/root_cert_bundle")));
        if (!rootSn)
            return rootSn.error();
        env.m_gateway.alipayCertSn = *certSn;
        env.m_gateway.rootCertSn = *rootSn;
    }

    for (const QString& group : ini.childGroups()) {
        if (!group.startsWith(u"app_"))
            continue;
        ini.beginGroup(group);
        SandboxApp app;
        app.appId = group.mid(4);
        const bool certificateMode = ini.value(QStringLiteral("sign_mode")).toString() == u"certificate";
        app.signMode = certificateMode ? SandboxApp::SignMode::Certificate : SandboxApp::SignMode::PublicKey;
        const QString keyFile = sandboxDir.filePath(
            ini.value(certificateMode ? QStringLiteral("app_cert") : QStringLiteral("public_key")).toString());
        const QString aesKey = ini.value(QStringLiteral("aes_key")).toString();
        ini.endGroup();

        auto keyText = readFile(keyFile);
        if (!keyText)
            return keyText.error();
        auto publicKey = alipay::PublicKey::fromText(*keyText, keyFile);
        if (!publicKey)
            return publicKey.error();
        app.publicKey = *publicKey;
        if (certificateMode) {
            auto sn = alipay::CertSn::ofCertificate(*keyText, keyFile);
            if (!sn)
                return sn.error();
            app.appCertSn = *sn;
            if (env.m_gateway.alipayCertSn.isEmpty())
                return Error::config(tr("app %1 uses certificate mode but the sandbox has no certificates; run "
                                        "`counterpay-sandbox init %2 --cert-mode`")
                                         .arg(app.appId, QDir::toNativeSeparators(dirPath)));
        }
        if (!aesKey.isEmpty()) {
            auto cipher = alipay::ContentCipher::fromBase64Key(aesKey.toLatin1(), iniPath);
            if (!cipher)
                return cipher.error();
            app.cipher = *cipher;
        }
        env.m_apps.append(app);
    }
    if (env.m_apps.isEmpty())
        return Error::config(tr("%1 registers no app").arg(iniPath));
    return env;
}

QString Environment::configPath() const
{
    return QDir(m_dir).filePath(QString::fromLatin1(kConfigFile));
}

QString Environment::databasePath() const
{
    return QDir(m_dir).filePath(kDatabase);
}

const SandboxApp* Environment::app(const QString& appId) const
{
    for (const SandboxApp& app : m_apps) {
        if (app.appId == appId)
            return &app;
    }
    return nullptr;
}

Result<void> Environment::recordGatewayUrl(const QUrl& url) const
{
    auto ini = IniFile::load(configPath());
    if (!ini)
        return ini.error();
    ini->setValue(kGatewaySection, QStringLiteral("url"), url.toString());
    return ini->save(configPath());
}

} // namespace counterpay::sandbox
