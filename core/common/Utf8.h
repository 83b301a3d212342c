#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

#include <optional>

struct QJsonParseError;

namespace counterpay {

// UTF-8 decoding that keeps every character. Qt 6.4 drops a U+FEFF (byte-order mark) at the start of
// what it decodes: QString::fromUtf8, QStringDecoder without ConvertInitialBom, QUrl's
// fromPercentEncoding, and QJsonDocument::fromJson for each string value. In signed data a leading
// U+FEFF is part of the value: dropping it changes what is verified, so a correctly signed message is
// refused. Decode signed bytes (form values, JSON parameters, certificate names) only through here.
class Utf8
{
public:
    // Invalid sequences become U+FFFD.
    static QString decode(QByteArrayView bytes);
    // nullopt when the bytes are not valid UTF-8.
    static std::optional<QString> decodeStrict(QByteArrayView bytes);
    // QJsonDocument::fromJson, keeping a U+FEFF that starts a string. A byte-order mark before the
    // document itself is skipped, as JSON parsers may.
    static QJsonDocument parseJson(const QByteArray& json, QJsonParseError* error = nullptr);
};

} // namespace counterpay
