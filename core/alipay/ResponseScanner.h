#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace counterpay::alipay {

// The parts of a gateway reply that verification needs, cut from the bytes as received.
struct ScannedReply
{
    enum class NodeKind
    {
        Object, // a plain reply: {"code":"10000",...}
        String, // an AES-encrypted reply (encrypt_type=AES): "base64 cipher text"
    };

    QByteArray member;            // the member found: the one asked for, or "error_response"
    bool isErrorResponse = false; // the member asked for was absent and "error_response" was used
    NodeKind nodeKind = NodeKind::Object;
    QByteArray rawNode;            // the member's value exactly as received; a string keeps its quotes
    qsizetype nodeOffset = -1;     // where rawNode starts in the body
    std::optional<QString> sign;   // the top-level "sign", unescaped
    std::optional<QString> certSn; // the top-level "alipay_cert_sn", unescaped
};

// A strict, quote- and escape-aware scanner of a gateway reply: one JSON object whose members are
// named once each (compared after unescaping). It never re-serialises anything: Alipay signs the raw
// bytes of the response member's value, and re-serialising breaks escaped slashes and \uXXXX.
class ResponseScanner
{
    Q_DECLARE_TR_FUNCTIONS(ResponseScanner)

public:
    static constexpr int kMaxDepth = 128;

    // Finds `responseMember` ("alipay_trade_query_response"), or else "error_response". A body that is
    // not exactly one JSON object, or lacks both members, is a Gateway error; a member present twice is
    // a Security error (a known forgery puts a second response member after the signed one).
    static Result<ScannedReply> scan(QByteArrayView body, QByteArrayView responseMember);

    // The text of one JSON string token (quotes included), with its escapes resolved, as UTF-8 bytes.
    static Result<QByteArray> unquote(QByteArrayView jsonString);
};

} // namespace counterpay::alipay
