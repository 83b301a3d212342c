#pragma once

#include "Environment.h"
#include "ResponseNode.h"

#include <QByteArray>
#include <QString>

namespace counterpay::sandbox {

// Writes a gateway reply the way Alipay's gateway does:
//   {"<method>_response":<node>,"alipay_cert_sn":"...","sign":"..."}
// The node's bytes are produced once, signed, and spliced into the body unchanged, so the bytes
// signed are the bytes sent. With encrypt_type=AES the member is the base64 cipher text of the node
// as a JSON string, and the signature covers that string token, quotes included (as Alipay's SDKs
// verify it). For charset=GBK the whole reply, and what is signed, is GBK.
class ReplySigner
{
public:
    struct Options
    {
        bool sign = true;              // false: an unsigned error reply (unknown app: nothing to sign for)
        bool corruptSignature = false; // the bad_signature fault
        bool gbk = false;
        const alipay::ContentCipher* cipher = nullptr;
    };

    explicit ReplySigner(const GatewayIdentity& identity);

    // "alipay.trade.query" -> "alipay_trade_query_response"; errors before a method is known use
    // "error_response".
    static QString memberFor(const QString& method);

    QByteArray body(const QString& member, const ResponseNode& node, const Options& options) const;

    // The gateway's RSA2 signature over `content` (notifications use it too).
    QString sign(QByteArrayView content) const;

private:
    const GatewayIdentity& m_identity;
};

} // namespace counterpay::sandbox
