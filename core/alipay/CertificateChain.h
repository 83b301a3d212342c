#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace counterpay::alipay {

// Certificate mode (公钥证书模式) believes Alipay's public key only from a certificate that chains to a
// root of Alipay's root bundle and is valid now: a certificate from anywhere else, or an expired one,
// would have the app trust a key that is not (or no longer) Alipay's.
class CertificateChain
{
    Q_DECLARE_TR_FUNCTIONS(CertificateChain)

public:
    // `certificatePem`: the certificate first, then any CA certificates that issued it (Alipay's
    // alipayCertPublicKey_RSA2.crt carries its issuing CA). `rootBundlePem`: the trusted roots
    // (alipayRootCert.crt). `now` is checked against every validity period in the chain.
    // Failures are Config errors that name `certificateOrigin` and say what to do.
    static Result<void> verify(const QByteArray& certificatePem, const QString& certificateOrigin,
                               const QByteArray& rootBundlePem, const QString& rootOrigin, const QDateTime& now);
};

} // namespace counterpay::alipay
