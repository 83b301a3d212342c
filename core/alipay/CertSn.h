#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace counterpay::alipay {

// Certificate serial numbers as Alipay's certificate mode sends them (`app_cert_sn`,
// `alipay_root_cert_sn`) and answers them (`alipay_cert_sn`), DESIGN.md §3:
// lowercase hex MD5 of (issuer DN + serial in decimal). The issuer DN is written exactly as Java's
// X500Principal.getName() writes it, because that is what Alipay's Java SDK hashes
// (AntCertificationUtil.getCertSN): RFC 2253, last RDN first, ',' between RDNs, '+' inside a
// multi-valued RDN, no spaces.
class CertSn
{
    Q_DECLARE_TR_FUNCTIONS(CertSn)

public:
    // The SN of the first certificate in a PEM file (the SDKs read the first one too).
    static Result<QString> ofCertificate(const QByteArray& pem, const QString& origin);
    // The SNs of the bundle's RSA-signed certificates (signature algorithm 1.2.840.113549.1.1.*),
    // joined with '_' in file order; the others (SM2, ECDSA) are skipped.
    static Result<QString> ofRootBundle(const QByteArray& pem, const QString& origin);

    static Result<QString> ofCertificateFile(const QString& path);
    static Result<QString> ofRootBundleFile(const QString& path);

    // The text that is hashed for the first certificate: issuer DN followed by the decimal serial.
    // For diagnostics and tests; it holds nothing secret.
    static Result<QString> hashedText(const QByteArray& pem, const QString& origin);
};

} // namespace counterpay::alipay
