#include "common/Utf8.h"

#include <QStringDecoder>

namespace counterpay {

namespace {

constexpr QByteArrayView kBom("\xEF\xBB\xBF");

QStringDecoder keepingDecoder()
{
    return QStringDecoder(QStringDecoder::Utf8,
                          QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
}

} // namespace

QString Utf8::decode(QByteArrayView bytes)
{
    QStringDecoder utf8 = keepingDecoder();
    return utf8(bytes);
}

std::optional<QString> Utf8::decodeStrict(QByteArrayView bytes)
{
    QStringDecoder utf8 = keepingDecoder();
    QString text = utf8(bytes);
    if (utf8.hasError())
        return std::nullopt;
    return text;
}

QJsonDocument Utf8::parseJson(const QByteArray& json, QJsonParseError* error)
{
    const qsizetype start = json.startsWith(kBom) ? kBom.size() : 0;
    if (json.indexOf(kBom, start) < 0)
        return QJsonDocument::fromJson(json, error);
    // In valid UTF-8 these three bytes can only be U+FEFF; inside a string the escape means the same
    // character and survives the parser (anywhere else both are a syntax error).
    QByteArray escaped = json.sliced(start);
    escaped.replace(kBom, QByteArrayView("\\ufeff"));
    return QJsonDocument::fromJson(escaped, error);
}

} // namespace counterpay
