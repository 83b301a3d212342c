#pragma once

#include "alipay/ContentCipher.h"
#include "alipay/GatewayClient.h"
#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "alipay/RequestBuilder.h"
#include "alipay/ResponseVerifier.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "vault/PassphrasePrompt.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace counterpay::config {

Q_DECLARE_LOGGING_CATEGORY(lcConfig)

// Everything needed to talk to one Alipay gateway as one app, read from the [gateway] section of an
// INI file (the file `counterpay-sandbox init` writes, or one an integrator writes by hand). Paths in
// the file are relative to the file's folder. Loading checks keys for the classic mix-ups.
struct GatewayConfig
{
    enum class SignMode
    {
        PublicKey,   // 公钥模式
        Certificate, // 公钥证书模式
    };

    static constexpr int kDefaultConnectTimeoutMs = 5000;
    static constexpr int kDefaultTimeoutMs = 15000;

    QString sourcePath;
    QUrl gatewayUrl;
    QString appId;
    SignMode signMode = SignMode::PublicKey;
    alipay::PrivateKey appPrivateKey;
    alipay::PublicKey alipayPublicKey;
    QString appCertSn;        // certificate mode
    QString alipayRootCertSn; // certificate mode
    QString alipayCertSn;     // certificate mode: replies must carry this alipay_cert_sn
    std::optional<alipay::ContentCipher> contentCipher;
    QString notifyUrl;
    int connectTimeoutMs = kDefaultConnectTimeoutMs;
    int timeoutMs = kDefaultTimeoutMs;
    // What a person should fix although it does not stop the app (a private key that other users of
    // the computer can read, a key kept in plain text). Each is also logged when the file is loaded: as a
    // warning, or as information for the local sandbox's keys, which are plain on purpose.
    QStringList warnings;

    // Certificate mode checks Alipay's certificate against the root bundle at `clock`'s time. The app
    // private key may be a plain file, an encrypted PKCS#8 file (then `prompt` is asked for its passphrase;
    // without one that is a Config error saying so) or a keychain entry (vault::KeyLocation).
    static Result<GatewayConfig> load(const QString& path, const Clock& clock = Clock::system(),
                                      const vault::PassphrasePrompt& prompt = {});

    // Alipay's own sandbox or a gateway on this machine: never real money.
    bool isSandbox() const;

    // The client that talks to this gateway as this app, and what it is made of: the signer, the
    // verifier (benchmarks time those two alone) and the transport settings.
    std::unique_ptr<alipay::GatewayClient>
    makeClient(QNetworkAccessManager* network, const Clock& clock = Clock::system(), QObject* parent = nullptr) const;
    alipay::RequestBuilder requestBuilder(const Clock& clock) const;
    alipay::ResponseVerifier responseVerifier() const;
    alipay::GatewayClient::Options clientOptions() const;

    Q_DECLARE_TR_FUNCTIONS(GatewayConfig)
};

} // namespace counterpay::config
