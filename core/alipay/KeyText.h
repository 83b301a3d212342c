#pragma once

#include <QByteArray>

namespace counterpay::alipay {

// What a piece of key text looks like, before OpenSSL is asked to read it. Integrators paste keys in
// three forms: PEM with a header, the bare base64 body Alipay's console shows (with or without line
// breaks), or a certificate.
struct KeyText
{
    enum class Form
    {
        Pem,
        Base64Der,
        Unreadable,
    };

    Form form = Form::Unreadable;
    QByteArray pemLabel; // "PRIVATE KEY", "RSA PUBLIC KEY", "CERTIFICATE", ...
    QByteArray bytes;    // PEM text as given, or the decoded DER

    static KeyText classify(const QByteArray& text);
};

} // namespace counterpay::alipay
