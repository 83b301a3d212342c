#include "receipt/ReceiptSink.h"

#include "receipt/Receipt.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QPromise>
#include <QTcpSocket>
#include <QThreadPool>

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace counterpay::receipt {

namespace {

QString systemError(int error)
{
    return qt_error_string(error); // strerror_r: printing runs on a pool thread
}

Error unreachable(const SinkTarget& target, const QString& why)
{
    return Error::network(ReceiptSink::tr("The printer %1 cannot be reached: %2").arg(target.name(), why));
}

Error tooSlow(const SinkTarget& target, qint64 timeoutMs)
{
    return Error::network(ReceiptSink::tr("The printer %1 did not take the receipt within %2 s")
                              .arg(target.name())
                              .arg((timeoutMs + 999) / 1000));
}

} // namespace

SinkTarget SinkTarget::fromSettings(const config::ReceiptSettings& settings)
{
    switch (settings.target) {
    case Kind::Device:
        return device(settings.device);
    case Kind::Network:
        return network(settings.host, settings.port);
    case Kind::File:
        return file(settings.file);
    }
    return {};
}

QString SinkTarget::name() const
{
    if (kind != Kind::Network)
        return path;
    // An IPv6 address needs brackets before its port.
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

ReceiptSink::ReceiptSink(SinkTarget target, qint64 timeoutMs, QObject* parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_timeoutMs(timeoutMs)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { finish(tooSlow(m_target, m_timeoutMs)); });
    connect(&m_worker, &QFutureWatcher<Result<void>>::finished, this, [this] {
        if (m_worker.future().resultCount() > 0)
            finish(m_worker.result());
    });
}

ReceiptSink::~ReceiptSink()
{
    if (m_socket)
        m_socket->abort();
}

void ReceiptSink::send(QByteArray bytes)
{
    if (m_started) {
        qCWarning(lcReceipt) << "a print job was sent twice; the second send is ignored";
        return;
    }
    m_started = true;
    m_bytes = std::move(bytes);
    m_deadline.start(std::chrono::milliseconds(m_timeoutMs));
    if (m_target.kind == SinkTarget::Kind::Network) {
        sendToNetwork();
        return;
    }
    auto promise = std::make_shared<QPromise<Result<void>>>();
    m_worker.setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, target = m_target, bytes = m_bytes, timeoutMs = m_timeoutMs] {
        promise->addResult(writeToPath(target, bytes, timeoutMs));
        promise->finish();
    });
}

void ReceiptSink::sendToNetwork()
{
    m_socket = new QTcpSocket(this);
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        m_socket->write(m_bytes);
        // Closing waits for the bytes to be written; disconnected() then says they all left.
        m_socket->disconnectFromHost();
    });
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this](qint64 count) { m_acknowledged += count; });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        if (m_acknowledged >= m_bytes.size())
            finish({});
        else
            finish(unreachable(m_target, tr("the connection closed before the whole receipt was sent")));
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // A printer may hang up as soon as it has everything.
        if (error == QAbstractSocket::RemoteHostClosedError && m_acknowledged >= m_bytes.size())
            finish({});
        else
            finish(unreachable(m_target, m_socket->errorString()));
    });
    qCDebug(lcReceipt).noquote() << "sending" << m_bytes.size() << "bytes to" << m_target.name();
    m_socket->connectToHost(m_target.host, m_target.port);
}

void ReceiptSink::finish(const Result<void>& result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline.stop();
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->abort();
    if (result) {
        qCDebug(lcReceipt).noquote() << "receipt sent to" << m_target.name();
        emit written();
    } else {
        qCWarning(lcReceipt).noquote() << "receipt not printed:" << result.error().toString();
        emit failed(result.error());
    }
}

Result<void> ReceiptSink::writeToPath(const SinkTarget& target, const QByteArray& bytes, qint64 timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    const bool isFile = target.kind == SinkTarget::Kind::File;
    // Non-blocking: a printer that is off or out of paper makes write() wait forever otherwise.
    int flags = O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    if (isFile)
        flags |= O_CREAT | O_TRUNC;
    const int fd = ::open(QFile::encodeName(target.path).constData(), flags, 0666);
    if (fd < 0) {
        const int error = errno;
        if (isFile)
            return Error::storage(
                ReceiptSink::tr("The receipt file %1 cannot be written: %2").arg(target.path, systemError(error)));
        return unreachable(target, systemError(error));
    }
    struct Closer
    {
        int fd;
        ~Closer()
        {
            if (fd >= 0)
                ::close(fd);
        }
    } closer{fd};

    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t count = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (count > 0) {
            done += count;
            continue;
        }
        const int error = count < 0 ? errno : EIO;
        if (error == EINTR)
            continue;
        if (error != EAGAIN && error != EWOULDBLOCK)
            return Error::network(
                ReceiptSink::tr("The receipt could not be written to %1: %2").arg(target.name(), systemError(error)));
        const qint64 left = deadline.remainingTime();
        if (left == 0)
            return tooSlow(target, timeoutMs);
        pollfd ready{fd, POLLOUT, 0};
        if (::poll(&ready, 1, int(std::min<qint64>(left, 100))) > 0)
            // Some printer drivers (parallel lp) have no poll() and always say ready: pause anyway.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // A file's last bytes may only fail to land at close() (a full disk, a network share).
    closer.fd = -1;
    if (::close(fd) != 0 && errno != EINTR)
        return Error::storage(
            ReceiptSink::tr("The receipt could not be written to %1: %2").arg(target.name(), systemError(errno)));
    return {};
}

} // namespace counterpay::receipt
