#pragma once

#include "alipay/ContentCipher.h"
#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "common/Clock.h"
#include "common/Result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace counterpay::sandbox {

// An app registered at the sandbox's Alipay: what Alipay's console would hold for it.
struct SandboxApp
{
    enum class SignMode
    {
        PublicKey,
        Certificate,
    };

    QString appId;
    SignMode signMode = SignMode::PublicKey;
    alipay::PublicKey publicKey;                 // the uploaded app public key, or the key in the app certificate
    QString appCertSn;                           // certificate mode: what app_cert_sn must say
    std::optional<alipay::ContentCipher> cipher; // encrypt_type=AES, when the app has a key
};

// The sandbox's own "Alipay" side.
struct GatewayIdentity
{
    alipay::PrivateKey privateKey; // signs replies and notifications; never the app's
    QString sellerId;              // the merchant's Alipay user id (pid, 2088...)
    QString alipayCertSn;          // certificate mode: alipay_cert_sn on replies
    QString rootCertSn;            // certificate mode: what alipay_root_cert_sn must say
};

// The data directory `counterpay-sandbox init DIR` creates and `serve --data-dir DIR` reads:
//
//   DIR/counterpay.ini             the app's config ([gateway]); counterpay-cli --config reads it as is
//   DIR/app_private_key.pem        the app's key pair (what a merchant generates)
//   DIR/app_public_key.pem
//   DIR/alipay_public_key.pem      the gateway's public key ("支付宝公钥")
//   DIR/app_cert.crt, alipay_cert.crt, alipay_root_cert.crt      certificate mode
//   DIR/aes_key.txt                with --aes: the content encryption key
//   DIR/sandbox/sandbox.ini        the gateway's settings and its registered apps
//   DIR/sandbox/gateway_private_key.pem      the gateway's own key: never give it to the app
//   DIR/sandbox/registered_app_public_key.pem  (and registered_*.crt): what "Alipay" holds
//   DIR/sandbox/sandbox.db         trades, refunds, notifications
class Environment
{
public:
    struct InitOptions
    {
        bool certificateMode = false;
        bool aes = false;
    };

    struct InitReport
    {
        QString appId;
        QString configPath;
        QStringList created;
        QStringList kept;
    };

    static constexpr auto kConfigFile = "counterpay.ini";

    // Creates what is missing; never overwrites an existing key or certificate.
    static Result<InitReport> init(const QString& dir, const InitOptions& options, const Clock& clock);
    static Result<Environment> load(const QString& dir);

    const QString& dataDir() const { return m_dir; }
    QString configPath() const;
    QString databasePath() const;
    const GatewayIdentity& gateway() const { return m_gateway; }
    const QList<SandboxApp>& apps() const { return m_apps; }
    const SandboxApp* app(const QString& appId) const;

    // Writes url=<url> into counterpay.ini's [gateway], keeping every other line as it is.
    Result<void> recordGatewayUrl(const QUrl& url) const;

private:
    QString m_dir;
    GatewayIdentity m_gateway;
    QList<SandboxApp> m_apps;
};

} // namespace counterpay::sandbox
