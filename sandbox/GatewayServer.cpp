#include "GatewayServer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHttpServerRequest>
#include <QLocale>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace counterpay::sandbox {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 303:
        return "See Other";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    default:
        return "OTHER";
    }
}

QByteArray header(const QHttpServerRequest& request, const QByteArray& name)
{
    for (const auto& [key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

GatewayServer::GatewayServer(Route route, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_route(std::move(route))
{}

Result<QUrl> GatewayServer::listenOn(const QHostAddress& address, quint16 port)
{
    auto* listener = new QTcpServer(this);
    if (!listener->listen(address, port)) {
        const QString detail = listener->errorString();
        delete listener;
        return Error::network(tr("cannot listen on %1:%2").arg(address.toString()).arg(port), detail);
    }
    bind(listener);
    m_listener = listener;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address.toString());
    url.setPort(listener->serverPort());
    return url;
}

void GatewayServer::close()
{
    if (m_listener)
        m_listener->close();
}

bool GatewayServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    HttpRequest exchange;
    exchange.method = methodName(request.method());
    exchange.path = request.url().path();
    exchange.rawQuery = request.url().query(QUrl::FullyEncoded).toUtf8();
    exchange.body = request.body();
    exchange.contentType = header(request, "content-type");
    exchange.host = header(request, "host");
    const bool closeAfter = header(request, "connection").compare("close", Qt::CaseInsensitive) == 0;
    deliver(QPointer<QTcpSocket>(socket), m_route(exchange), closeAfter);
    return true;
}

void GatewayServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Q_UNUSED(request);
    write(socket, HttpReply::text("not found\n", 404), false);
}

void GatewayServer::deliver(const QPointer<QTcpSocket>& socket, const HttpReply& reply, bool closeAfter)
{
    if (reply.delayMs > 0) {
        HttpReply now = reply;
        now.delayMs = 0;
        QTimer::singleShot(reply.delayMs, this, [this, socket, now, closeAfter] { deliver(socket, now, closeAfter); });
        return;
    }
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client has gone: nothing to deliver to
    switch (reply.delivery) {
    case HttpReply::Delivery::Drop:
        socket->abort();
        return;
    case HttpReply::Delivery::Hold: {
        // Nothing is written; the client's own timeout decides. Then the connection is dropped.
        const int holdMs = reply.holdMs > 0 ? reply.holdMs : kMaxHoldMs;
        QTimer::singleShot(holdMs, this, [socket] {
            if (socket)
                socket->abort();
        });
        return;
    }
    case HttpReply::Delivery::Normal:
        write(socket, reply, closeAfter);
        return;
    }
}

void GatewayServer::write(QTcpSocket* socket, const HttpReply& reply, bool closeAfter)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    head += "Server: counterpay-sandbox\r\n";
    // As every HTTP server with a clock (RFC 9110 §6.6.1), Alipay's included: clients compare it with theirs.
    head += "Date: " +
            QLocale::c()
                .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                .toLatin1() +
            "\r\n";
    if (!reply.contentType.isEmpty())
        head += "Content-Type: " + reply.contentType + "\r\n";
    head += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    for (const auto& [name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    head += closeAfter ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    head += "\r\n";
    socket->write(head);
    socket->write(reply.body);
    if (closeAfter)
        socket->disconnectFromHost();
}

} // namespace counterpay::sandbox
