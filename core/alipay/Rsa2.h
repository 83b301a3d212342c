#pragma once

#include "alipay/PrivateKey.h"
#include "alipay/PublicKey.h"
#include "common/Result.h"

#include <QByteArrayView>
#include <QString>

namespace counterpay::alipay {

// RSA2 as Alipay defines it: SHA256withRSA, PKCS#1 v1.5, standard base64 with padding, one line.
class Rsa2
{
public:
    static Result<QString> sign(const PrivateKey& key, QByteArrayView content);
    // Strict: a signature that is not clean base64 does not verify.
    static bool verify(const PublicKey& key, QByteArrayView content, QStringView signatureBase64);
};

} // namespace counterpay::alipay
