#include "alipay/OpenSslHandles.h"

#include <QCoreApplication>

#include <openssl/err.h>
#include <openssl/pem.h>

namespace counterpay::alipay::ossl {

namespace {

// The messages were CertSn's first; they keep its translation context (CertSn::tr's).
Error certError(const QString& origin, const QString& message, const QString& detail = {})
{
    return Error::config(message, detail).withContext(origin);
}

struct PemFree
{
    void operator()(char* p) const { OPENSSL_free(p); }
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

} // namespace

QString lastError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("no OpenSSL error reported");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

int noPassphrase(char*, int, int, void*)
{
    return 0;
}

Result<std::vector<X509Ptr>> readCertificates(const QByteArray& pem, const QString& origin)
{
    std::vector<X509Ptr> certificates;
    const auto bio = memoryBio(pem);
    for (;;) {
        char* rawName = nullptr;
        char* rawHeader = nullptr;
        unsigned char* rawData = nullptr;
        long length = 0;
        ERR_clear_error();
        const int read = PEM_read_bio(bio.get(), &rawName, &rawHeader, &rawData, &length);
        const std::unique_ptr<char, PemFree> name(rawName);
        const std::unique_ptr<char, PemFree> header(rawHeader);
        const std::unique_ptr<unsigned char, PemFree> data(rawData);
        if (read != 1) {
            const unsigned long code = ERR_peek_last_error();
            if (ERR_GET_LIB(code) == ERR_LIB_PEM && ERR_GET_REASON(code) == PEM_R_NO_START_LINE) {
                ERR_clear_error();
                break;
            }
            return certError(
                origin, QCoreApplication::translate("CertSn", "the certificate file is damaged (broken PEM block)"),
                lastError());
        }
        const QByteArray label(name.get());
        if (label != PEM_STRING_X509 && label != PEM_STRING_X509_OLD)
            return certError(
                origin, QCoreApplication::translate("CertSn", "unexpected PEM block \"%1\" where certificates belong")
                            .arg(QString::fromLatin1(label)));
        const unsigned char* p = data.get();
        X509Ptr certificate(d2i_X509(nullptr, &p, length));
        if (!certificate || p != data.get() + length)
            return certError(origin,
                             QCoreApplication::translate("CertSn", "certificate %1 in the file cannot be read")
                                 .arg(certificates.size() + 1),
                             lastError());
        certificates.push_back(std::move(certificate));
    }
    if (certificates.empty())
        return certError(origin, QCoreApplication::translate("CertSn", "the file holds no PEM certificate"));
    return certificates;
}

} // namespace counterpay::alipay::ossl
