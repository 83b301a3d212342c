#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "config/GatewayConfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QUrl>

#include <optional>

namespace counterpay::setup {

// What the person setting a counter up has given, before anything is saved.
struct CounterDraft
{
    QUrl gatewayUrl; // production, Alipay's sandbox, or a custom URL
    QString appId;
    config::GatewayConfig::SignMode signMode = config::GatewayConfig::SignMode::PublicKey;
    QByteArray appPrivateKeyPem;    // generated in the app or imported (PEM or bare base64)
    QByteArray alipayPublicKeyText; // public-key mode: PEM or the bare base64 from Alipay's console
    QByteArray appCertPem, alipayCertPem, alipayRootCertPem; // certificate mode
    QString storeTitle;                                      // [counter] subject
    QString terminalId;                                      // [counter] terminal_id
    QString managerName;
    QString managerPin; // the first manager (PeopleStore), never written in clear

    // The file names write() gives what it writes, beside each other in one folder.
    static constexpr auto kConfigFile = "counterpay.ini";
    static constexpr auto kOrderBookFile = "orders.sqlite";
    static constexpr auto kAppPrivateKeyFile = "app_private_key.pem";
    static constexpr auto kAlipayPublicKeyFile = "alipay_public_key.pem";
    static constexpr auto kAppCertFile = "app_cert.crt";
    static constexpr auto kAlipayCertFile = "alipay_cert.crt";
    static constexpr auto kAlipayRootCertFile = "alipay_root_cert.crt";

    // The part of the draft a problem belongs to, for a form that marks it.
    enum class Field
    {
        GatewayUrl,
        AppId,
        AppPrivateKey,
        AlipayPublicKey,
        AppCert,
        AlipayCert,
        AlipayRootCert,
        StoreTitle,
        TerminalId,
        ManagerName,
        ManagerPin,
    };
    struct Problem
    {
        Field field;
        Error error; // its message starts with the field's label and says what to do
    };

    // The DESIGN.md §3 mix-ups (a key pair that signs and verifies, Alipay's key is not the app's own, the app
    // certificate belongs to the key, Alipay's certificate chains to the root and is valid now): nothing written.
    Result<config::GatewayConfig> check(const Clock& clock = Clock::system()) const;
    // check()'s first problem with the field it belongs to; nullopt when the draft is good.
    std::optional<Problem> firstProblem(const Clock& clock = Clock::system()) const;

    // Writes `folder`/counterpay.ini and the key and certificate files beside it (the private key 0600), and
    // creates the order book with the first manager. Refuses when counterpay.ini exists. Returns the ini's path.
    Result<QString> write(const QString& folder) const;
    // The same, checking certificates and stamping the manager at `clock`'s time.
    Result<QString> write(const QString& folder, const Clock& clock) const;

    // The field's name as the person sees it ("App private key (应用私钥)").
    static QString fieldLabel(Field field);

    Q_DECLARE_TR_FUNCTIONS(CounterDraft)
};

} // namespace counterpay::setup
