#pragma once

#include "common/Result.h"
#include "notify/NotifyVerifier.h"

#include <QHostAddress>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;

namespace counterpay::notify {

// Receives Alipay's asynchronous notifications (off by default: a counter rarely has a public
// address; polling stays the source of truth). Each POST is verified; the handler decides whether
// the notification is ours and applies it. The reply is the plain text `success` once handled —
// also for a duplicate — and `failure` otherwise, which makes Alipay send it again later.
class NotifyServer : public QObject
{
    Q_OBJECT

public:
    // Ok when applied or already known; an error when it is not ours (unknown order, other amount).
    using Handler = std::function<Result<void>(const Notification&)>;

    NotifyServer(NotifyVerifier verifier, Handler handler, QObject* parent = nullptr);
    ~NotifyServer() override;

    // Binds to `address`:`port` (0: any free port) and serves `path`; returns the port.
    Result<quint16> listen(const QHostAddress& address, quint16 port, const QString& path);

signals:
    void accepted(const counterpay::notify::Notification& notification);
    void rejected(const QString& reason);

private:
    QByteArray handle(const QByteArray& body);

    NotifyVerifier m_verifier;
    Handler m_handler;
    std::unique_ptr<QHttpServer> m_server;
};

} // namespace counterpay::notify
