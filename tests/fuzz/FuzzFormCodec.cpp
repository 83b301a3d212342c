// libFuzzer target: a notification body as the network delivers it, through FormCodec, SignContent
// and NotifyVerifier. Beyond "no crash, no sanitizer report", it checks that encoding what was
// decoded and decoding it again gives the same parameters.
#include "alipay/FormCodec.h"
#include "alipay/PrivateKey.h"
#include "alipay/SignContent.h"
#include "notify/NotifyVerifier.h"

#include <cstdint>
#include <cstdlib>

using namespace counterpay;

namespace {

const notify::NotifyVerifier& verifier()
{
    static const notify::NotifyVerifier instance = [] {
        auto key = alipay::PrivateKey::generate(2048);
        if (!key)
            std::abort();
        return notify::NotifyVerifier(key->publicKey(), QStringLiteral("2021000000000001"));
    }();
    return instance;
}

void require(bool condition)
{
    if (!condition)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArrayView body(data, static_cast<qsizetype>(size));
    const auto params = alipay::FormCodec::decode(body);
    if (params) {
        const auto again = alipay::FormCodec::decode(alipay::FormCodec::encode(*params));
        require(again.ok() && again->entries() == params->entries());
        const QByteArray content = alipay::SignContent::forNotification(*params);
        require(content.isEmpty() == (params->size() == params->contains(QStringLiteral("sign")) +
                                                            params->contains(QStringLiteral("sign_type"))));
    }
    // Nothing here is signed by the generated key, so nothing may verify.
    require(!verifier().verify(body).ok());
    return 0;
}
