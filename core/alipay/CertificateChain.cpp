#include "alipay/CertificateChain.h"

#include "alipay/OpenSslHandles.h"

#include <QCoreApplication>

#include <openssl/asn1.h>

#include <ctime>

namespace counterpay::alipay {

namespace {

QString utcText(const ASN1_TIME* time)
{
    std::tm tm{};
    if (!time || ASN1_TIME_to_tm(time, &tm) != 1)
        return QStringLiteral("?");
    const QDateTime utc(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec),
                        Qt::UTC);
    return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

QString commonName(const X509* cert)
{
    const X509_NAME* name = cert ? X509_get_subject_name(cert) : nullptr;
    const int index = name ? X509_NAME_get_index_by_NID(name, NID_commonName, -1) : -1;
    if (index < 0)
        return QStringLiteral("?");
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char* utf8 = nullptr;
    const int size = ASN1_STRING_to_UTF8(&utf8, value);
    if (size < 0)
        return QStringLiteral("?");
    QString text = QString::fromUtf8(reinterpret_cast<const char*>(utf8), size);
    OPENSSL_free(utf8);
    return text;
}

} // namespace

Result<void> CertificateChain::verify(const QByteArray& certificatePem, const QString& certificateOrigin,
                                      const QByteArray& rootBundlePem, const QString& rootOrigin, const QDateTime& now)
{
    auto certificates = ossl::readCertificates(certificatePem, certificateOrigin);
    if (!certificates)
        return certificates.error();
    auto roots = ossl::readCertificates(rootBundlePem, rootOrigin);
    if (!roots)
        return roots.error();

    const auto failure = [&](const QString& message, const QString& detail = {}) -> Result<void> {
        return Error::config(message, detail).withContext(certificateOrigin);
    };
    ossl::X509Store store(X509_STORE_new());
    ossl::X509StoreCtx context(X509_STORE_CTX_new());
    ossl::X509Stack untrusted(sk_X509_new_null());
    if (!store || !context || !untrusted)
        return failure(tr("the certificate cannot be checked (out of memory)"), ossl::lastError());
    for (const ossl::X509Ptr& root : *roots) {
        if (X509_STORE_add_cert(store.get(), root.get()) != 1)
            return failure(tr("the root bundle %1 cannot be used").arg(rootOrigin), ossl::lastError());
    }
    // What follows the certificate in its file may help build the chain; only the bundle is trusted.
    for (std::size_t i = 1; i < certificates->size(); ++i) {
        if (sk_X509_push(untrusted.get(), (*certificates)[i].get()) <= 0)
            return failure(tr("the certificate cannot be checked (out of memory)"), ossl::lastError());
    }
    X509* certificate = certificates->front().get();
    if (X509_STORE_CTX_init(context.get(), store.get(), certificate, untrusted.get()) != 1)
        return failure(tr("the certificate cannot be checked"), ossl::lastError());
    // The validity periods are judged at the app's clock, not OpenSSL's own reading of the time.
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(context.get()), static_cast<time_t>(now.toSecsSinceEpoch()));
    if (X509_verify_cert(context.get()) == 1)
        return {};

    const int code = X509_STORE_CTX_get_error(context.get());
    const X509* failing = X509_STORE_CTX_get_current_cert(context.get());
    const bool itself = !failing || X509_cmp(failing, certificate) == 0;
    const QString detail = QStringLiteral("X509_verify_cert: %1 (depth %2)")
                               .arg(QString::fromLatin1(X509_verify_cert_error_string(code)))
                               .arg(X509_STORE_CTX_get_error_depth(context.get()));
    switch (code) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return itself ? failure(tr("Alipay's certificate expired on %1; download the current one (支付宝公钥证书) "
                                   "from Alipay's console")
                                    .arg(utcText(X509_get0_notAfter(failing ? failing : certificate))),
                                detail)
                      : failure(tr("the CA certificate \"%1\" that issued Alipay's certificate expired on %2; download "
                                   "Alipay's current certificates from its console")
                                    .arg(commonName(failing), utcText(X509_get0_notAfter(failing))),
                                detail);
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return failure(
            tr("%1 is not valid before %2; is this computer's date and time right?")
                .arg(itself ? tr("Alipay's certificate") : tr("the CA certificate \"%1\"").arg(commonName(failing)),
                     utcText(X509_get0_notBefore(failing ? failing : certificate))),
            detail);
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_UNTRUSTED:
        return failure(tr("this certificate does not chain to a root of %1; alipay_cert must be Alipay's certificate "
                          "(alipayCertPublicKey_RSA2.crt) and alipay_root_cert Alipay's root bundle "
                          "(alipayRootCert.crt), both downloaded together")
                           .arg(rootOrigin),
                       detail);
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return failure(tr("a signature in this certificate's chain does not hold; the file is damaged or forged"),
                       detail);
    default:
        return failure(tr("this certificate cannot be verified against %1").arg(rootOrigin), detail);
    }
}

} // namespace counterpay::alipay
