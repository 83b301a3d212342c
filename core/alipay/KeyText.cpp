#include "alipay/KeyText.h"

namespace counterpay::alipay {

KeyText KeyText::classify(const QByteArray& text)
{
    KeyText result;
    const QByteArray trimmed = text.trimmed();
    static const QByteArray begin = QByteArrayLiteral("-----BEGIN ");
    const qsizetype at = trimmed.indexOf(begin);
    if (at >= 0) {
        const qsizetype labelStart = at + begin.size();
        const qsizetype labelEnd = trimmed.indexOf("-----", labelStart);
        if (labelEnd < 0)
            return result;
        result.form = Form::Pem;
        result.pemLabel = trimmed.mid(labelStart, labelEnd - labelStart);
        result.bytes = trimmed;
        return result;
    }

    // Bare base64: only the base64 alphabet and white space; decoded strictly.
    QByteArray compact;
    compact.reserve(trimmed.size());
    for (char c : trimmed) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        compact += c;
    }
    if (compact.isEmpty())
        return result;
    const auto decoded = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return result;
    result.form = Form::Base64Der;
    result.bytes = decoded.decoded;
    return result;
}

} // namespace counterpay::alipay
