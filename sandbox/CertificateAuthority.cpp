#include "CertificateAuthority.h"

#include <QCoreApplication>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <utility>
#include <vector>

namespace counterpay::sandbox {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("CertificateAuthority", text);
}

struct Free
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(X509_NAME* p) const { X509_NAME_free(p); }
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(BIO* p) const { BIO_free_all(p); }
    void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Name = std::unique_ptr<X509_NAME, Free>;
using BigNum = std::unique_ptr<BIGNUM, Free>;
using Bio = std::unique_ptr<BIO, Free>;
using Extension = std::unique_ptr<X509_EXTENSION, Free>;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return {};
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

Error failure(const QString& what)
{
    return Error::config(tr("cannot issue the sandbox certificates: %1").arg(what), opensslError());
}

// core's PrivateKey keeps its OpenSSL handle to itself; its PEM text is the way in.
PKey toOpenSsl(const alipay::PrivateKey& key)
{
    const QByteArray pem = key.toPkcs8Pem();
    Bio bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    return PKey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

PKey generateEc()
{
    return PKey(EVP_EC_gen("P-256"));
}

PKey generateRsa()
{
    return PKey(EVP_RSA_gen(2048));
}

struct NameEntry
{
    const char* field;
    QString value;
};

Name makeName(const std::vector<NameEntry>& entries)
{
    Name name(X509_NAME_new());
    for (const NameEntry& entry : entries) {
        const QByteArray value = entry.value.toUtf8();
        if (!X509_NAME_add_entry_by_txt(name.get(), entry.field, MBSTRING_UTF8,
                                        reinterpret_cast<const unsigned char*>(value.constData()),
                                        static_cast<int>(value.size()), -1, 0))
            return nullptr;
    }
    return name;
}

Name caName(const char* commonName)
{
    return makeName({{"C", QStringLiteral("CN")},
                     {"O", QStringLiteral("CounterPay Sandbox")},
                     {"OU", QStringLiteral("Certification Authority")},
                     {"CN", QString::fromLatin1(commonName)}});
}

bool addExtension(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    Extension extension(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

struct Request
{
    const X509_NAME* subject = nullptr;
    EVP_PKEY* subjectKey = nullptr;
    X509* issuer = nullptr; // null: self-signed
    const X509_NAME* issuerName = nullptr;
    EVP_PKEY* issuerKey = nullptr;
    bool isCa = false;
    int serialBits = 127; // Alipay's serials exceed 64 bits; SN code must cope with them
    int validDays = 3650;
};

Cert makeCertificate(const Request& request, const QDateTime& now)
{
    Cert cert(X509_new());
    BigNum serial(BN_new());
    if (!cert || !serial || !X509_set_version(cert.get(), X509_VERSION_3) ||
        !BN_rand(serial.get(), request.serialBits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
        return nullptr;
    time_t start = static_cast<time_t>(now.toSecsSinceEpoch()) - time_t{24} * 3600;
    if (!X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &start) ||
        !X509_time_adj_ex(X509_getm_notAfter(cert.get()), request.validDays, 0, &start))
        return nullptr;
    if (!X509_set_subject_name(cert.get(), request.subject) ||
        !X509_set_issuer_name(cert.get(), request.issuerName ? request.issuerName : request.subject) ||
        !X509_set_pubkey(cert.get(), request.subjectKey))
        return nullptr;
    X509* issuer = request.issuer ? request.issuer : cert.get();
    const bool extensionsOk = request.isCa
                                  ? addExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:TRUE") &&
                                        addExtension(cert.get(), issuer, NID_key_usage, "critical,keyCertSign,cRLSign")
                                  : addExtension(cert.get(), issuer, NID_basic_constraints, "critical,CA:FALSE") &&
                                        addExtension(cert.get(), issuer, NID_key_usage, "critical,digitalSignature");
    if (!extensionsOk || !addExtension(cert.get(), issuer, NID_subject_key_identifier, "hash"))
        return nullptr;
    if (request.issuer && !addExtension(cert.get(), issuer, NID_authority_key_identifier, "keyid:always"))
        return nullptr;
    if (!X509_sign(cert.get(), request.issuerKey, EVP_sha256()))
        return nullptr;
    return cert;
}

QByteArray toPem(X509* cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_X509(bio.get(), cert))
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

} // namespace

Result<CertificateAuthority::Issued> CertificateAuthority::issue(const alipay::PrivateKey& appKey,
                                                                 const alipay::PrivateKey& gatewayKey,
                                                                 const QString& appId, const QString& sellerId,
                                                                 const QDateTime& now)
{
    const PKey app = toOpenSsl(appKey);
    const PKey gateway = toOpenSsl(gatewayKey);
    if (!app || !gateway)
        return failure(tr("the app or gateway key cannot be read"));

    // Roots: an ECDSA one first (not RSA-signed: it must not count in alipay_root_cert_sn), then two RSA.
    const PKey rootEcKey = generateEc();
    const PKey rootKey = generateRsa();
    const PKey root2Key = generateRsa();
    const PKey class1Key = generateRsa();
    const PKey class2Key = generateRsa();
    if (!rootEcKey || !rootKey || !root2Key || !class1Key || !class2Key)
        return failure(tr("key generation failed"));

    const Name rootEcName = caName("CounterPay Sandbox Root E1");
    const Name rootName = caName("CounterPay Sandbox Root R1");
    const Name root2Name = caName("CounterPay Sandbox Root R2");
    const Name class1Name = caName("CounterPay Sandbox Class 1 R1");
    const Name class2Name = caName("CounterPay Sandbox Class 2 R1");
    const Name appName = makeName({{"C", QStringLiteral("CN")},
                                   {"O", QStringLiteral("CounterPay 沙箱商户")},
                                   {"OU", QStringLiteral("Alipay")},
                                   {"CN", sellerId + u'-' + appId}});
    const Name alipayName = makeName({{"C", QStringLiteral("CN")},
                                      {"O", QStringLiteral("CounterPay 沙箱网关")},
                                      {"OU", QStringLiteral("Alipay")},
                                      {"CN", QStringLiteral("支付宝沙箱(CounterPay)-") + sellerId}});
    if (!rootEcName || !rootName || !root2Name || !class1Name || !class2Name || !appName || !alipayName)
        return failure(tr("a certificate name cannot be built"));

    const auto selfSigned = [&](const Name& name, const PKey& key) {
        Request request;
        request.subject = name.get();
        request.subjectKey = key.get();
        request.issuerKey = key.get();
        request.isCa = true;
        request.validDays = 7300;
        return makeCertificate(request, now);
    };
    const Cert rootEc = selfSigned(rootEcName, rootEcKey);
    const Cert root = selfSigned(rootName, rootKey);
    const Cert root2 = selfSigned(root2Name, root2Key);
    if (!rootEc || !root || !root2)
        return failure(tr("a root certificate cannot be made"));

    const auto issued = [&](const Name& subject, EVP_PKEY* subjectKey, X509* issuer, const Name& issuerName,
                            const PKey& issuerKey, bool isCa) {
        Request request;
        request.subject = subject.get();
        request.subjectKey = subjectKey;
        request.issuer = issuer;
        request.issuerName = issuerName.get();
        request.issuerKey = issuerKey.get();
        request.isCa = isCa;
        request.validDays = isCa ? 5475 : 1825;
        return makeCertificate(request, now);
    };
    const Cert class1 = issued(class1Name, class1Key.get(), root.get(), rootName, rootKey, true);
    const Cert class2 = issued(class2Name, class2Key.get(), root.get(), rootName, rootKey, true);
    if (!class1 || !class2)
        return failure(tr("an intermediate certificate cannot be made"));
    const Cert appCert = issued(appName, app.get(), class1.get(), class1Name, class1Key, false);
    const Cert alipayCert = issued(alipayName, gateway.get(), class2.get(), class2Name, class2Key, false);
    if (!appCert || !alipayCert)
        return failure(tr("a leaf certificate cannot be made"));

    Issued result;
    result.appCertPem = toPem(appCert.get());
    // As Alipay's alipayCertPublicKey_RSA2.crt: the certificate, then the CA that issued it, so that it
    // chains to the root bundle.
    result.alipayCertPem = toPem(alipayCert.get()) + toPem(class2.get());
    result.rootBundlePem = toPem(rootEc.get()) + toPem(root.get()) + toPem(root2.get());
    if (result.appCertPem.isEmpty() || result.alipayCertPem.isEmpty() || result.rootBundlePem.isEmpty())
        return failure(tr("a certificate cannot be written"));
    return result;
}

} // namespace counterpay::sandbox
