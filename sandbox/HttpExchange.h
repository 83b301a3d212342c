#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QString>

#include <utility>

namespace counterpay::sandbox {

// One HTTP request as the sandbox's routes see it, independent of the server that read it.
struct HttpRequest
{
    QByteArray method; // "GET", "POST", ...
    QString path;
    QByteArray rawQuery; // percent-encoded, as sent
    QByteArray body;
    QByteArray contentType;
    QByteArray host; // the Host header: links in replies point back where the client came from
};

// What to send back, and how: at once, later, never (the connection is dropped), or not before the
// client gives up (held open).
struct HttpReply
{
    enum class Delivery
    {
        Normal,
        Drop,
        Hold,
    };

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0;
    int holdMs = 0; // Hold: 0 = until the client disconnects

    static HttpReply json(const QJsonDocument& document, int status = 200)
    {
        return HttpReply{status,
                         QByteArrayLiteral("application/json; charset=utf-8"),
                         document.toJson(QJsonDocument::Indented),
                         {},
                         Delivery::Normal,
                         0,
                         0};
    }
    static HttpReply text(const QByteArray& text, int status = 200)
    {
        return HttpReply{status, QByteArrayLiteral("text/plain; charset=utf-8"), text, {}, Delivery::Normal, 0, 0};
    }
    static HttpReply html(const QByteArray& html, int status = 200)
    {
        return HttpReply{status, QByteArrayLiteral("text/html; charset=utf-8"), html, {}, Delivery::Normal, 0, 0};
    }
};

} // namespace counterpay::sandbox
