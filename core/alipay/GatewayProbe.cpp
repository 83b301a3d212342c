#include "alipay/GatewayProbe.h"

#include <QTimer>

namespace counterpay::alipay {

GatewayProbe::GatewayProbe(QObject* parent)
    : QObject(parent)
{}

void GatewayProbe::probe(const QUrl& gateway, int timeoutMs)
{
    if (m_socket)
        m_socket->deleteLater();
    auto* socket = new QTcpSocket(this);
    m_socket = socket;
    const auto done = [this, socket](bool reachable, const QString& detail) {
        if (m_socket != socket)
            return; // replaced by a newer probe
        m_socket = nullptr;
        socket->abort();
        socket->deleteLater();
        emit finished(reachable, detail);
    };
    connect(socket, &QTcpSocket::connected, this, [done] { done(true, QString()); });
    connect(socket, &QTcpSocket::errorOccurred, this, [socket, done] { done(false, socket->errorString()); });
    QTimer::singleShot(timeoutMs, socket, [done] { done(false, tr("no answer")); });
    const int port = gateway.port(gateway.scheme() == u"https" ? 443 : 80);
    socket->connectToHost(gateway.host(), static_cast<quint16>(port));
}

} // namespace counterpay::alipay
