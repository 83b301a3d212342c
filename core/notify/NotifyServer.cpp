#include "notify/NotifyServer.h"

#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

namespace counterpay::notify {

Q_LOGGING_CATEGORY(lcNotify, "counterpay.notify")

NotifyServer::NotifyServer(NotifyVerifier verifier, Handler handler, QObject* parent)
    : QObject(parent)
    , m_verifier(std::move(verifier))
    , m_handler(std::move(handler))
    , m_server(std::make_unique<QHttpServer>())
{}

NotifyServer::~NotifyServer() = default;

Result<quint16> NotifyServer::listen(const QHostAddress& address, quint16 port, const QString& path)
{
    if (!path.startsWith(u'/'))
        return Error::config(QCoreApplication::translate("NotifyServer", "the notification path must start with /"));
    m_server->route(path, QHttpServerRequest::Method::Post,
                    [this](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                        if (request.body().size() > kMaxBodyBytes) {
                            qCWarning(lcNotify) << "notification refused: body of" << request.body().size() << "bytes";
                            emit rejected(QStringLiteral("body over %1 bytes").arg(kMaxBodyBytes));
                            responder.write(QByteArrayLiteral("failure"), QByteArrayLiteral("text/plain"),
                                            QHttpServerResponder::StatusCode::PayloadTooLarge);
                            return;
                        }
                        FollowUp followUp;
                        const QByteArray answer = handle(request.body(), followUp);
                        responder.write(answer, QByteArrayLiteral("text/plain"));
                        // Out of Qt's buffer and into the kernel's now: the follow-up may end the program.
                        if (QTcpSocket* socket = responder.socket())
                            socket->flush();
                        if (followUp)
                            QTimer::singleShot(0, this, std::move(followUp));
                    });
    const quint16 bound = m_server->listen(address, port);
    if (bound == 0)
        return Error::config(QCoreApplication::translate("NotifyServer", "cannot listen for notifications on %1:%2")
                                 .arg(address.toString())
                                 .arg(port));
    qCInfo(lcNotify) << "listening for notifications on" << address.toString() << bound << path;
    return bound;
}

QByteArray NotifyServer::handle(const QByteArray& body, FollowUp& followUp)
{
    static const QByteArray kSuccess = QByteArrayLiteral("success");
    static const QByteArray kFailure = QByteArrayLiteral("failure");
    auto notification = m_verifier.verify(body);
    if (!notification) {
        qCWarning(lcNotify) << "notification refused:" << notification.error().toString();
        emit rejected(notification.error().toString());
        return kFailure;
    }
    auto handled = m_handler(*notification);
    if (!handled) {
        qCWarning(lcNotify) << "notification for" << notification->outTradeNo
                            << "not applied:" << handled.error().toString();
        emit rejected(handled.error().toString());
        return kFailure;
    }
    followUp = std::move(*handled);
    emit accepted(*notification);
    return kSuccess;
}

} // namespace counterpay::notify
