#include "alipay/FormCodec.h"

#include "common/Utf8.h"

#include <QCoreApplication>
#include <QUrl>

namespace counterpay::alipay {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Result<QString> decodeComponent(QByteArrayView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            bytes += ' ';
        } else if (c == '%') {
            const int high = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
            const int low = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                return Error::input(QCoreApplication::translate("FormCodec", "broken %-escape in form data"));
            bytes += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            bytes += c;
        }
    }
    // A value may begin with U+FEFF; it was signed with it.
    std::optional<QString> decoded = Utf8::decodeStrict(bytes);
    if (!decoded)
        return Error::input(QCoreApplication::translate("FormCodec", "form data is not valid UTF-8"));
    return *decoded;
}

} // namespace

Result<Params> FormCodec::decode(QByteArrayView body)
{
    Params params;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        auto key = decodeComponent(eq < 0 ? pair : pair.first(eq));
        if (!key)
            return key.error();
        auto value = decodeComponent(eq < 0 ? QByteArrayView() : pair.sliced(eq + 1));
        if (!value)
            return value.error();
        if (key->isEmpty())
            return Error::input(QCoreApplication::translate("FormCodec", "form data has a value without a name"));
        if (!params.add(*key, *value))
            return Error::input(
                QCoreApplication::translate("FormCodec", "form data repeats the parameter \"%1\"").arg(*key));
    }
    return params;
}

QByteArray FormCodec::encode(const Params& params)
{
    QByteArray body;
    for (const auto& [key, value] : params) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key);
        body += '=';
        body += QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace counterpay::alipay
