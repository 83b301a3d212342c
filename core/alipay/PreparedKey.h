#pragma once

// Shared by PrivateKey and PublicKey only: an OpenSSL key held together with a context prepared once
// for signing or verifying. Preparing fetches algorithms and costs a fifth of an RSA-2048 verify;
// each operation works on a cheap duplicate, so copies of a key sign or verify on any thread while
// the prepared context is only ever read.
#include "alipay/OpenSslHandles.h"

#include <memory>

namespace counterpay::alipay::ossl {

enum class KeyUse
{
    Sign,
    Verify,
};

// SHA-256, fetched once; fetched EVP_MD objects are immutable and shared between threads.
const EVP_MD* sha256();

// Takes ownership of `key` (may be null) and prepares its context for `use`.
std::shared_ptr<EVP_PKEY> ownPrepared(EVP_PKEY* key, KeyUse use);

// A context for one operation: RSA, PKCS#1 v1.5, SHA-256 DigestInfo. Null on failure.
PKeyCtx operationContext(const std::shared_ptr<EVP_PKEY>& key, KeyUse use);

} // namespace counterpay::alipay::ossl
