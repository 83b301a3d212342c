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
// address; polling stays the source of truth). Each POST is verified, then the handler decides
// whether it is ours. The answer is the plain text `success` once handled (also for a resend) and
// `failure` otherwise, which makes Alipay send it again later. The answer is on the wire before the
// handler's follow-up runs, so a follow-up that ends the program never swallows it (DESIGN.md §5).
class NotifyServer : public QObject
{
    Q_OBJECT

public:
    // What to do once `success` has been sent; may be empty.
    using FollowUp = std::function<void()>;
    // Ok (with its follow-up) when the notification is ours and recorded; an error when it is not
    // (unknown order, other amount, other seller) or cannot be recorded now.
    using Handler = std::function<Result<FollowUp>(const Notification&)>;

    // Alipay's notifications are a few hundred bytes; anything near this is not one.
    static constexpr qsizetype kMaxBodyBytes = qsizetype{64} * 1024;

    NotifyServer(NotifyVerifier verifier, Handler handler, QObject* parent = nullptr);
    ~NotifyServer() override;

    // Binds to `address`:`port` (0: any free port) and serves `path`; returns the port.
    Result<quint16> listen(const QHostAddress& address, quint16 port, const QString& path);

signals:
    void accepted(const counterpay::notify::Notification& notification);
    void rejected(const QString& reason);

private:
    // The answer for `body`, and what to run after it is sent.
    QByteArray handle(const QByteArray& body, FollowUp& followUp);

    NotifyVerifier m_verifier;
    Handler m_handler;
    std::unique_ptr<QHttpServer> m_server;
};

} // namespace counterpay::notify
