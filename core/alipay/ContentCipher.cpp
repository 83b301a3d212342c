#include "alipay/ContentCipher.h"

#include "alipay/OpenSslHandles.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cctype>

namespace counterpay::alipay {

namespace {

constexpr int kBlockSize = 16;

const EVP_CIPHER* cipherFor(qsizetype keySize)
{
    switch (keySize) {
    case 16:
        return EVP_aes_128_cbc();
    case 24:
        return EVP_aes_192_cbc();
    case 32:
        return EVP_aes_256_cbc();
    default:
        return nullptr;
    }
}

enum class Direction
{
    Decrypt = 0,
    Encrypt = 1,
};

// Alipay's IV is sixteen zero bytes (AlipayEncrypt.initIv in the Java SDK).
Result<QByteArray> run(const QByteArray& key, Direction direction, QByteArrayView input)
{
    static constexpr std::array<unsigned char, kBlockSize> kZeroIv{};
    const auto cryptoError = [&]() {
        return Error::unknown(ContentCipher::tr("AES failed inside OpenSSL"), ossl::lastError());
    };
    ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!ctx || EVP_CipherInit_ex(ctx.get(), cipherFor(key.size()), nullptr,
                                  reinterpret_cast<const unsigned char*>(key.constData()), kZeroIv.data(),
                                  static_cast<int>(direction)) != 1)
        return cryptoError();

    QByteArray output(input.size() + kBlockSize, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(output.data());
    int written = 0;
    if (EVP_CipherUpdate(ctx.get(), out, &written, reinterpret_cast<const unsigned char*>(input.data()),
                         static_cast<int>(input.size())) != 1)
        return cryptoError();
    int last = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out + written, &last) != 1) {
        if (direction == Direction::Decrypt)
            return Error::config(ContentCipher::tr("the encrypted content does not decrypt with the configured AES key "
                                                   "(is it the key shown in Alipay's console for this app?)"),
                                 ossl::lastError());
        return cryptoError();
    }
    output.truncate(written + last);
    return output;
}

} // namespace

Result<ContentCipher> ContentCipher::fromBase64Key(const QByteArray& text, const QString& origin)
{
    const QByteArray trimmed = text.trimmed();
    // 32 hex digits are also valid base64 (of 24 bytes): a hex key pasted by mistake would silently
    // become an AES-192 key that never decrypts. A real base64 key is all hex with odds of 1 in 10^19.
    const bool hexOnly = std::all_of(trimmed.begin(), trimmed.end(),
                                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (hexOnly && (trimmed.size() == 32 || trimmed.size() == 48 || trimmed.size() == 64))
        return Error::config(
                   tr("the AES key looks like hex digits; enter it as the base64 text Alipay's console shows"))
            .withContext(origin);
    const auto decoded = QByteArray::fromBase64Encoding(trimmed, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || trimmed.isEmpty())
        return Error::config(tr("the AES key is not base64 text (copy the key from Alipay's console)"))
            .withContext(origin);
    if (!cipherFor(decoded.decoded.size()))
        return Error::config(
                   tr("the AES key has %1 bytes; Alipay's AES keys have 16 (or 24 or 32)").arg(decoded.decoded.size()))
            .withContext(origin);
    return ContentCipher(decoded.decoded);
}

Result<QByteArray> ContentCipher::encrypt(QByteArrayView plaintext) const
{
    auto cipherText = run(m_key, Direction::Encrypt, plaintext);
    if (!cipherText)
        return cipherText.error();
    return cipherText->toBase64();
}

Result<QByteArray> ContentCipher::decrypt(QByteArrayView base64) const
{
    const auto decoded = QByteArray::fromBase64Encoding(base64.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return Error::input(tr("the encrypted content is not base64 text"));
    if (decoded.decoded.isEmpty() || decoded.decoded.size() % kBlockSize != 0)
        return Error::input(tr("the encrypted content is not whole AES blocks"),
                            QStringLiteral("%1 bytes").arg(decoded.decoded.size()));
    return run(m_key, Direction::Decrypt, decoded.decoded);
}

} // namespace counterpay::alipay
