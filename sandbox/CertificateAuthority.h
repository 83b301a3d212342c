#pragma once

#include "alipay/PrivateKey.h"
#include "common/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace counterpay::sandbox {

// The sandbox's own test PKI for certificate mode (公钥证书模式), shaped like Alipay's: a root bundle
// that mixes an ECDSA root (which alipay_root_cert_sn must skip) with two RSA roots, one with a
// serial wider than 64 bits; intermediate CAs; an app certificate for the app's key and an "Alipay"
// certificate for the gateway's key. None of it is trusted by anything outside the sandbox.
class CertificateAuthority
{
public:
    struct Issued
    {
        QByteArray appCertPem;    // app_cert.crt: the app's public key, issued to "<pid>-<app id>"
        QByteArray alipayCertPem; // alipay_cert.crt: the gateway's public key, then its issuing CA
        QByteArray rootBundlePem; // alipay_root_cert.crt: the roots, in file order
    };

    static Result<Issued> issue(const alipay::PrivateKey& appKey, const alipay::PrivateKey& gatewayKey,
                                const QString& appId, const QString& sellerId, const QDateTime& now);
};

} // namespace counterpay::sandbox
