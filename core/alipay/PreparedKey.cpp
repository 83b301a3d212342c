#include "alipay/PreparedKey.h"

#include <openssl/rsa.h>

namespace counterpay::alipay::ossl {

namespace {

EVP_PKEY_CTX* newContext(EVP_PKEY* key, KeyUse use)
{
    PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    const bool initialised =
        ctx && (use == KeyUse::Sign ? EVP_PKEY_sign_init(ctx.get()) : EVP_PKEY_verify_init(ctx.get())) == 1;
    if (!initialised || !sha256() || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), sha256()) != 1) {
        lastError();
        return nullptr;
    }
    return ctx.release();
}

struct KeyOwner
{
    mutable std::shared_ptr<EVP_PKEY_CTX> prepared;

    void operator()(EVP_PKEY* key) const
    {
        prepared.reset(); // it holds a reference to the key
        EVP_PKEY_free(key);
    }
};

} // namespace

const EVP_MD* sha256()
{
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

std::shared_ptr<EVP_PKEY> ownPrepared(EVP_PKEY* key, KeyUse use)
{
    return std::shared_ptr<EVP_PKEY>(
        key, KeyOwner{std::shared_ptr<EVP_PKEY_CTX>(key ? newContext(key, use) : nullptr, EVP_PKEY_CTX_free)});
}

PKeyCtx operationContext(const std::shared_ptr<EVP_PKEY>& key, KeyUse use)
{
    const KeyOwner* owner = std::get_deleter<KeyOwner>(key);
    const EVP_PKEY_CTX* prepared = owner ? owner->prepared.get() : nullptr;
    return PKeyCtx(prepared ? EVP_PKEY_CTX_dup(prepared) : newContext(key.get(), use));
}

} // namespace counterpay::alipay::ossl
