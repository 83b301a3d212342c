// libFuzzer target: a gateway reply as the network delivers it, through ResponseScanner and
// ResponseVerifier. Beyond "no crash, no sanitizer report", it checks that the node the scanner
// returns is the received bytes themselves.
#include "alipay/PrivateKey.h"
#include "alipay/ResponseScanner.h"
#include "alipay/ResponseVerifier.h"

#include <cstdint>
#include <cstdlib>

using namespace counterpay::alipay;

namespace {

const ResponseVerifier& verifier()
{
    static const ResponseVerifier instance = [] {
        auto key = PrivateKey::generate(2048);
        if (!key)
            std::abort();
        ResponseVerifier v(key->publicKey());
        auto cipher = ContentCipher::fromBase64Key("aYA0GP8JEW+D7/UFaskCWA==", QStringLiteral("fuzz"));
        if (!cipher)
            std::abort();
        v.setContentCipher(*cipher);
        return v;
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
    const auto scanned = ResponseScanner::scan(body, "alipay_trade_query_response");
    if (scanned) {
        require(scanned->nodeOffset >= 0 && scanned->nodeOffset + scanned->rawNode.size() <= body.size());
        require(body.sliced(scanned->nodeOffset, scanned->rawNode.size()) == scanned->rawNode);
        if (scanned->nodeKind == ScannedReply::NodeKind::String)
            require(ResponseScanner::unquote(scanned->rawNode).ok());
        else
            require(scanned->rawNode.startsWith('{') && scanned->rawNode.endsWith('}'));
        // The scanner accepted it, so every prefix cut inside the object must be refused.
        require(!ResponseScanner::scan(body.first(scanned->nodeOffset + scanned->rawNode.size() - 1),
                                       "alipay_trade_query_response")
                     .ok());
    }

    const auto verified = verifier().verify(body, u"alipay.trade.query");
    // Nothing here is signed by the generated key, so nothing may verify as a success.
    if (verified)
        require(!verified->signatureVerified && !verified->isSuccess());
    return 0;
}
