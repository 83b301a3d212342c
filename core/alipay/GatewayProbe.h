#pragma once

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrl>

namespace counterpay::alipay {

// Whether the gateway's host answers at all: a TCP connection to it, nothing signed and nothing sent,
// so a counter can show "gateway reachable" while idle without calling Alipay's API.
class GatewayProbe : public QObject
{
    Q_OBJECT

public:
    explicit GatewayProbe(QObject* parent = nullptr);

    // Ends with finished(); a probe still running is replaced.
    void probe(const QUrl& gateway, int timeoutMs);

signals:
    void finished(bool reachable, const QString& detail);

private:
    QPointer<QTcpSocket> m_socket;
};

} // namespace counterpay::alipay
