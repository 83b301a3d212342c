#pragma once

#include "common/Error.h"
#include "config/ReceiptSettings.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace counterpay::receipt {

// Where ESC/POS bytes go: a printer's device file, a network printer's raw port (9100), or a file.
struct SinkTarget
{
    using Kind = config::ReceiptSettings::EscPosTarget;

    Kind kind = Kind::File;
    QString path; // Device, File
    QString host; // Network
    quint16 port = 9100;

    static SinkTarget device(QString path) { return {Kind::Device, std::move(path), {}, 0}; }
    static SinkTarget network(QString host, quint16 port) { return {Kind::Network, {}, std::move(host), port}; }
    static SinkTarget file(QString path) { return {Kind::File, std::move(path), {}, 0}; }
    static SinkTarget fromSettings(const config::ReceiptSettings& settings);

    // "192.168.1.50:9100" or the path, for messages.
    QString name() const;
};

// One print job: sends bytes to a target and says how it went, without ever blocking the thread it
// lives on. A network printer is spoken to with Qt's asynchronous socket; a device or a file is
// written on a worker thread (a device file of an offline printer can block in write()), non-blocking
// against a deadline so that thread comes back too.
//
// send() once; exactly one of written() and failed() follows, at least one event-loop turn later
// (never from inside send()). The whole job, connecting included, must finish within `timeoutMs`.
class ReceiptSink : public QObject
{
    Q_OBJECT

public:
    ReceiptSink(SinkTarget target, qint64 timeoutMs, QObject* parent = nullptr);
    ~ReceiptSink() override;

    void send(QByteArray bytes);
    const SinkTarget& target() const { return m_target; }

    // Writes `bytes` to a device or file path, returning within about `timeoutMs`. Blocking: call it
    // on a worker thread (send() does).
    static Result<void> writeToPath(const SinkTarget& target, const QByteArray& bytes, qint64 timeoutMs);

signals:
    void written();
    void failed(const counterpay::Error& error);

private:
    void sendToNetwork();
    void finish(const Result<void>& result);

    SinkTarget m_target;
    qint64 m_timeoutMs;
    QByteArray m_bytes;
    qint64 m_acknowledged = 0; // bytes the socket handed to the system
    bool m_started = false;
    bool m_finished = false;
    QTimer m_deadline;
    QPointer<QTcpSocket> m_socket;
    QFutureWatcher<Result<void>> m_worker;
};

} // namespace counterpay::receipt
