#pragma once

#include "HttpExchange.h"
#include "common/Result.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace counterpay::sandbox {

// The HTTP side of the sandbox on Qt 6.4's QAbstractHttpServer. It hands every request to one route
// function and carries out the reply's delivery. It writes responses on the socket itself rather than
// through QHttpServerResponder: a delayed reply outlives handleRequest() (6.4's responder refers to
// the request it was made for), and the faults need what no responder offers: closing the connection
// with no answer, or holding it open until the client gives up.
class GatewayServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Route = std::function<HttpReply(const HttpRequest&)>;

    static constexpr int kMaxHoldMs = 600'000;

    explicit GatewayServer(Route route, QObject* parent = nullptr);

    // Binds `address`:`port` (0: a free port). Returns http://address:port.
    Result<QUrl> listenOn(const QHostAddress& address, quint16 port);
    void close();

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    void deliver(const QPointer<QTcpSocket>& socket, const HttpReply& reply, bool closeAfter);
    static void write(QTcpSocket* socket, const HttpReply& reply, bool closeAfter);

    Route m_route;
    QTcpServer* m_listener = nullptr;
};

} // namespace counterpay::sandbox
