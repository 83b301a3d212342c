#include "people/PinHash.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <QList>

#include <memory>

namespace counterpay::people {

namespace {

struct KdfFree
{
    void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
    void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};

constexpr quint64 kMaxN = quint64(1) << 17;
constexpr quint32 kMaxR = 32;
constexpr quint32 kMaxP = 16;
// scrypt's working memory is 128 * r * N bytes (plus 128 * r * p); 64 MiB is 4 times ours.
constexpr quint64 kMaxMemory = quint64(64) << 20;

const QString kScheme = QStringLiteral("scrypt");

QString openSslError()
{
    const unsigned long code = ERR_get_error();
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return QString::fromLatin1(text);
}

bool isPowerOfTwo(quint64 n)
{
    return n >= 2 && (n & (n - 1)) == 0;
}

} // namespace

bool PinHash::withinCaps(const Params& params)
{
    return isPowerOfTwo(params.n) && params.n <= kMaxN && params.r >= 1 && params.r <= kMaxR && params.p >= 1 &&
           params.p <= kMaxP && 128 * quint64(params.r) * params.n <= kMaxMemory && params.keyBytes >= 16 &&
           params.keyBytes <= 64;
}

Result<QByteArray> PinHash::scrypt(const QByteArray& password, const QByteArray& salt, const Params& params)
{
    if (!withinCaps(params))
        return Error::input(tr("The PIN hash asks for scrypt costs beyond what this program allows."));
    std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
    if (!kdf)
        return Error::config(tr("This OpenSSL has no scrypt."), openSslError());
    std::unique_ptr<EVP_KDF_CTX, KdfFree> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return Error::config(tr("scrypt could not be set up."), openSslError());
    uint64_t n = params.n;
    uint32_t r = params.r;
    uint32_t p = params.p;
    // OpenSSL's default ceiling (32 MiB) is below our cap; ours was checked above.
    uint64_t maxMemory = kMaxMemory + 128 * quint64(r) * p + (1 << 20);
    // OSSL_PARAM takes non-const pointers; OpenSSL only reads the password and salt.
    const OSSL_PARAM settings[] = {
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(password.constData()),
                                          size_t(password.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.constData()),
                                          size_t(salt.size())),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxMemory),
        OSSL_PARAM_construct_end(),
    };
    QByteArray key(params.keyBytes, '\0');
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(key.data()), size_t(key.size()), settings) != 1)
        return Error::config(tr("scrypt failed."), openSslError());
    return key;
}

Result<QString> PinHash::hash(QStringView pin)
{
    QByteArray salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1)
        return Error::config(tr("No random bytes for the PIN's salt."), openSslError());
    return hashWithSalt(pin, salt);
}

Result<QString> PinHash::hashWithSalt(QStringView pin, const QByteArray& salt)
{
    const Params params;
    auto key = scrypt(pin.toUtf8(), salt, params);
    if (!key)
        return key.error();
    return QStringLiteral("%1$%2$%3$%4$%5$%6")
        .arg(kScheme)
        .arg(params.n)
        .arg(params.r)
        .arg(params.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key->toBase64()));
}

bool PinHash::matches(QStringView pin, const QString& stored)
{
    const QList<QStringView> parts = QStringView(stored).split(u'$');
    if (parts.size() != 6 || parts[0] != kScheme)
        return false;
    bool okN = false;
    bool okR = false;
    bool okP = false;
    Params params;
    params.n = parts[1].toULongLong(&okN);
    params.r = parts[2].toUInt(&okR);
    params.p = parts[3].toUInt(&okP);
    if (!okN || !okR || !okP)
        return false;
    const auto salt = QByteArray::fromBase64Encoding(parts[4].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto expected = QByteArray::fromBase64Encoding(parts[5].toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !expected || salt.decoded.isEmpty() || expected.decoded.size() > 64)
        return false;
    params.keyBytes = int(expected.decoded.size());
    if (!withinCaps(params))
        return false;
    auto key = scrypt(pin.toUtf8(), salt.decoded, params);
    if (!key || key->size() != expected.decoded.size())
        return false;
    // Constant time: how much of a guess was right must not show in how long the answer takes.
    return CRYPTO_memcmp(key->constData(), expected.decoded.constData(), size_t(key->size())) == 0;
}

std::optional<QString> PinHash::pinProblem(QStringView pin)
{
    if (pin.isEmpty())
        return tr("The PIN is empty; it needs 4 to 8 digits.");
    for (QChar c : pin) {
        if (c < u'0' || c > u'9')
            return tr("A PIN is made of the digits 0 to 9 only.");
    }
    if (pin.size() < 4)
        return tr("The PIN is too short; it needs 4 to 8 digits.");
    if (pin.size() > 8)
        return tr("The PIN is too long; it needs 4 to 8 digits.");
    return std::nullopt;
}

} // namespace counterpay::people
