#include "alipay/CertSn.h"

#include "alipay/OpenSslHandles.h"
#include "common/Utf8.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QStringDecoder>
#include <QStringList>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace counterpay::alipay {

namespace {

Error certError(const QString& origin, const QString& message, const QString& detail = {})
{
    return Error::config(message, detail).withContext(origin);
}

struct OsslFree
{
    void operator()(BIGNUM* p) const { BN_free(p); }
    void operator()(ASN1_TYPE* p) const { ASN1_TYPE_free(p); }
    void operator()(char* p) const { OPENSSL_free(p); }
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

// The attribute types Java writes by keyword in RFC 2253 form (sun.security.x509.AVAKeyword with
// rfc2253Compliant set). Every other type is written as its dotted OID, e.g. emailAddress.
const char* rfc2253Keyword(int nid)
{
    switch (nid) {
    case NID_commonName:
        return "CN";
    case NID_countryName:
        return "C";
    case NID_localityName:
        return "L";
    case NID_stateOrProvinceName:
        return "ST";
    case NID_organizationName:
        return "O";
    case NID_organizationalUnitName:
        return "OU";
    case NID_streetAddress:
        return "STREET";
    case NID_domainComponent:
        return "DC";
    case NID_userId:
        return "UID";
    default:
        return nullptr;
    }
}

// The string types Java decodes to text (AVA.isDerString, non-canonical) with the charset it uses
// (AVA.getCharset); any other type is written as '#' + hex of its DER encoding.
std::optional<QString> javaStringValue(const ASN1_STRING* value)
{
    const auto* data = reinterpret_cast<const char*>(ASN1_STRING_get0_data(value));
    const qsizetype size = ASN1_STRING_length(value);
    switch (ASN1_STRING_type(value)) {
    case V_ASN1_UTF8STRING:
        return Utf8::decode(QByteArrayView(data, size));
    case V_ASN1_BMPSTRING: {
        QStringDecoder utf16(QStringDecoder::Utf16BE, QStringDecoder::Flag::Stateless);
        return QString(utf16(QByteArrayView(data, size)));
    }
    case V_ASN1_PRINTABLESTRING:
    case V_ASN1_T61STRING:
    case V_ASN1_IA5STRING:
    case V_ASN1_GENERALSTRING:
        return QString::fromLatin1(data, size);
    default:
        return std::nullopt;
    }
}

// AVA.toRFC2253String: these characters get a backslash anywhere in the value (Java adds '=' and
// '#' to RFC 2253's list), NUL becomes \00, and leading or trailing spaces and CRs get a backslash.
// Non-ASCII text stays as it is (OpenSSL's RFC 2253 printer would write \E6\9D... instead).
QString escapeValue(const QString& value)
{
    static constexpr QStringView escapees = u",=+<>#;\"\\";
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        if (escapees.contains(c)) {
            escaped += u'\\';
            escaped += c;
        } else if (c.unicode() == 0) {
            escaped += QStringLiteral("\\00");
        } else {
            escaped += c;
        }
    }
    const auto isBlank = [](QChar c) { return c == u' ' || c == u'\r'; };
    qsizetype lead = 0;
    while (lead < escaped.size() && isBlank(escaped[lead]))
        ++lead;
    qsizetype trail = escaped.size() - 1;
    while (trail >= 0 && isBlank(escaped[trail]))
        --trail;
    QString result;
    result.reserve(escaped.size() + 2);
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        if (i < lead || i > trail)
            result += u'\\';
        result += escaped[i];
    }
    return result;
}

QString oidText(const ASN1_OBJECT* object)
{
    const int length = OBJ_obj2txt(nullptr, 0, object, 1);
    if (length <= 0)
        return {};
    QByteArray text(length + 1, Qt::Uninitialized);
    OBJ_obj2txt(text.data(), length + 1, object, 1);
    text.resize(length);
    return QString::fromLatin1(text);
}

QString derHex(const ASN1_STRING* value)
{
    std::unique_ptr<ASN1_TYPE, OsslFree> type(ASN1_TYPE_new());
    if (!type || ASN1_TYPE_set1(type.get(), ASN1_STRING_type(value), value) != 1)
        return {};
    unsigned char* der = nullptr;
    const int size = i2d_ASN1_TYPE(type.get(), &der);
    if (size <= 0)
        return {};
    const std::unique_ptr<unsigned char, OsslFree> owner(der);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(der), size).toHex());
}

QString attributeText(const X509_NAME_ENTRY* entry)
{
    const ASN1_OBJECT* object = X509_NAME_ENTRY_get_object(entry);
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(entry);
    const char* keyword = rfc2253Keyword(OBJ_obj2nid(object));
    QString text = keyword ? QString::fromLatin1(keyword) : oidText(object);
    text += u'=';
    // Java writes the value of a type without a keyword as hex, even when it is a string.
    const std::optional<QString> string = keyword ? javaStringValue(value) : std::nullopt;
    if (string)
        text += escapeValue(*string);
    else
        text += u'#' + derHex(value);
    return text;
}

// X500Principal.getName(): RDNs from last to first joined by ',', the attributes of a multi-valued
// RDN in their encoded order joined by '+'.
QString issuerName(const X509* cert)
{
    const X509_NAME* name = X509_get_issuer_name(cert);
    QStringList rdns;
    int currentSet = -1;
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        const int set = X509_NAME_ENTRY_set(entry);
        if (rdns.isEmpty() || set != currentSet)
            rdns.append(attributeText(entry));
        else
            rdns.last() += u'+' + attributeText(entry);
        currentSet = set;
    }
    std::reverse(rdns.begin(), rdns.end());
    return rdns.join(u',');
}

// BigInteger.toString(): decimal with arbitrary precision; Alipay's serials exceed 64 bits.
QString decimalSerial(const X509* cert)
{
    const std::unique_ptr<BIGNUM, OsslFree> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
    if (!serial)
        return {};
    const std::unique_ptr<char, OsslFree> text(BN_bn2dec(serial.get()));
    return text ? QString::fromLatin1(text.get()) : QString();
}

QString hashInputOf(const X509* cert)
{
    return issuerName(cert) + decimalSerial(cert);
}

QString snOf(const X509* cert)
{
    return QString::fromLatin1(QCryptographicHash::hash(hashInputOf(cert).toUtf8(), QCryptographicHash::Md5).toHex());
}

QString signatureAlgorithmOid(const X509* cert)
{
    const X509_ALGOR* algorithm = nullptr;
    X509_get0_signature(nullptr, &algorithm, cert);
    const ASN1_OBJECT* object = nullptr;
    X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
    return object ? oidText(object) : QString();
}

Result<QByteArray> readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return certError(path, CertSn::tr("cannot open the certificate file"), file.errorString());
    return file.readAll();
}

} // namespace

Result<QString> CertSn::ofCertificate(const QByteArray& pem, const QString& origin)
{
    auto certificates = ossl::readCertificates(pem, origin);
    if (!certificates)
        return certificates.error();
    return snOf(certificates->front().get());
}

Result<QString> CertSn::ofRootBundle(const QByteArray& pem, const QString& origin)
{
    auto certificates = ossl::readCertificates(pem, origin);
    if (!certificates)
        return certificates.error();
    QStringList sns;
    for (const auto& certificate : *certificates) {
        // PKCS#1 signature algorithms: sha256WithRSAEncryption, sha1WithRSAEncryption, RSASSA-PSS, ...
        if (signatureAlgorithmOid(certificate.get()).startsWith(u"1.2.840.113549.1.1."))
            sns.append(snOf(certificate.get()));
    }
    if (sns.isEmpty())
        return certError(origin, tr("the root certificate bundle holds no RSA-signed certificate"));
    return sns.join(u'_');
}

Result<QString> CertSn::ofCertificateFile(const QString& path)
{
    const auto pem = readFile(path);
    if (!pem)
        return pem.error();
    return ofCertificate(*pem, path);
}

Result<QString> CertSn::ofRootBundleFile(const QString& path)
{
    const auto pem = readFile(path);
    if (!pem)
        return pem.error();
    return ofRootBundle(*pem, path);
}

Result<QString> CertSn::hashedText(const QByteArray& pem, const QString& origin)
{
    auto certificates = ossl::readCertificates(pem, origin);
    if (!certificates)
        return certificates.error();
    return hashInputOf(certificates->front().get());
}

} // namespace counterpay::alipay
