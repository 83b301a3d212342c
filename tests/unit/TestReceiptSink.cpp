#include "TestSupport.h"

#include "receipt/ReceiptSink.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace counterpay;
using counterpay::receipt::ReceiptSink;
using counterpay::receipt::SinkTarget;

Q_DECLARE_METATYPE(SinkTarget)
Q_DECLARE_METATYPE(counterpay::Error::Category)

namespace {

// What a sink said, once.
struct Outcome
{
    int written = 0;
    int failed = 0;
    Error error;

    void watch(ReceiptSink& sink)
    {
        QObject::connect(&sink, &ReceiptSink::written, &sink, [this] { ++written; });
        QObject::connect(&sink, &ReceiptSink::failed, &sink, [this](const Error& e) {
            ++failed;
            error = e;
        });
    }
    int count() const { return written + failed; }
};

QByteArray someBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char& c : bytes)
        c = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// A printer that takes connections and never reads from them: the kernel's buffers fill and stay full.
class DeafPrinter : public QTcpServer
{
public:
    ~DeafPrinter() override
    {
        for (qintptr fd : m_held)
            ::close(int(fd));
    }

protected:
    void incomingConnection(qintptr fd) override { m_held.append(fd); }

private:
    QList<qintptr> m_held;
};

} // namespace

class TestReceiptSink : public QObject
{
    Q_OBJECT

private slots:
    void networkPrinterReceivesTheExactBytes();
    void networkPrinterRefuses();
    void networkPrinterTooSlow();
    void fileGetsTheExactBytes();
    void unwritablePaths_data();
    void unwritablePaths();
    void deviceThatStopsTakingTimesOut();
    void deviceGetsTheExactBytes();
    void targetFromSettings();
};

void TestReceiptSink::networkPrinterReceivesTheExactBytes()
{
    QTcpServer printer;
    QVERIFY(printer.listen(QHostAddress::LocalHost));
    QByteArray received;
    bool closed = false;
    connect(&printer, &QTcpServer::newConnection, this, [&] {
        QTcpSocket* socket = printer.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, this, [&received, socket] { received += socket->readAll(); });
        connect(socket, &QTcpSocket::disconnected, this, [&closed] { closed = true; });
    });

    // Larger than any socket buffer, so it goes out in many writes.
    const QByteArray bytes = "\x1b@" + someBytes(3 * 1024 * 1024);
    ReceiptSink sink(SinkTarget::network(QStringLiteral("127.0.0.1"), printer.serverPort()), 10'000);
    Outcome outcome;
    outcome.watch(sink);
    sink.send(bytes);
    QCOMPARE(outcome.count(), 0); // never from inside send()
    QTRY_COMPARE_WITH_TIMEOUT(outcome.count(), 1, 10'000);
    QVERIFY2(outcome.written == 1, qPrintable(outcome.error.toString()));
    QTRY_VERIFY(closed);
    QCOMPARE(received.size(), bytes.size());
    QVERIFY(received == bytes);
    QTest::qWait(50);
    QCOMPARE(outcome.count(), 1);
}

void TestReceiptSink::networkPrinterRefuses()
{
    quint16 port = 0;
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        port = closed.serverPort();
    }
    ReceiptSink sink(SinkTarget::network(QStringLiteral("127.0.0.1"), port), 5'000);
    Outcome outcome;
    outcome.watch(sink);
    sink.send("receipt");
    QCOMPARE(outcome.count(), 0);
    QTRY_COMPARE(outcome.failed, 1);
    QCOMPARE(outcome.error.category(), Error::Category::Network);
    const QString name = QStringLiteral("127.0.0.1:%1").arg(port);
    QVERIFY2(outcome.error.message().startsWith(QStringLiteral("The printer ") + name +
                                                QStringLiteral(" cannot be reached")),
             qPrintable(outcome.error.message()));
}

void TestReceiptSink::networkPrinterTooSlow()
{
    DeafPrinter printer;
    QVERIFY(printer.listen(QHostAddress::LocalHost));
    ReceiptSink sink(SinkTarget::network(QStringLiteral("127.0.0.1"), printer.serverPort()), 300);
    Outcome outcome;
    outcome.watch(sink);
    QElapsedTimer clock;
    clock.start();
    sink.send(QByteArray(48 * 1024 * 1024, 'x')); // far more than loopback buffers hold
    QTRY_COMPARE_WITH_TIMEOUT(outcome.count(), 1, 5'000);
    QCOMPARE(outcome.failed, 1);
    QVERIFY(clock.elapsed() < 3'000);
    QVERIFY2(outcome.error.message().contains(QStringLiteral("did not take the receipt within 1 s")),
             qPrintable(outcome.error.message()));
}

void TestReceiptSink::fileGetsTheExactBytes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("receipt.bin"));
    for (const QByteArray& bytes : {someBytes(100'000), QByteArray("\x1b@second")}) {
        ReceiptSink sink(SinkTarget::file(path), 5'000);
        Outcome outcome;
        outcome.watch(sink);
        sink.send(bytes);
        QCOMPARE(outcome.count(), 0);
        QTRY_COMPARE(outcome.count(), 1);
        QVERIFY2(outcome.written == 1, qPrintable(outcome.error.toString()));
        QCOMPARE(test::readFile(path), bytes); // the second job replaces the first
    }
}

void TestReceiptSink::unwritablePaths_data()
{
    QTest::addColumn<SinkTarget>("target");
    QTest::addColumn<QString>("message");
    QTest::addColumn<Error::Category>("category");
    QTest::newRow("no such device")
        << SinkTarget::device(QStringLiteral("/nonexistent/usb/lp0"))
        << QStringLiteral("The printer /nonexistent/usb/lp0 cannot be reached: No such file or directory")
        << Error::Category::Network;
    QTest::newRow("a folder") << SinkTarget::device(QStringLiteral("/"))
                              << QStringLiteral("The printer / cannot be reached: Is a directory")
                              << Error::Category::Network;
    QTest::newRow("file in no folder")
        << SinkTarget::file(QStringLiteral("/nonexistent/receipt.bin"))
        << QStringLiteral("The receipt file /nonexistent/receipt.bin cannot be written: No such file or directory")
        << Error::Category::Storage;
}

void TestReceiptSink::unwritablePaths()
{
    QFETCH(SinkTarget, target);
    QFETCH(QString, message);
    QFETCH(Error::Category, category);
    ReceiptSink sink(target, 5'000);
    Outcome outcome;
    outcome.watch(sink);
    sink.send("receipt");
    QCOMPARE(outcome.count(), 0);
    QTRY_COMPARE(outcome.failed, 1);
    QCOMPARE(outcome.written, 0);
    QCOMPARE(outcome.error.message(), message);
    QCOMPARE(outcome.error.category(), category);
}

void TestReceiptSink::deviceThatStopsTakingTimesOut()
{
    // A FIFO whose reader never reads behaves like a printer out of paper: write() would block.
    QTemporaryDir dir;
    const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("lp0")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);
    ReceiptSink sink(SinkTarget::device(QString::fromLocal8Bit(fifo)), 300);
    Outcome outcome;
    outcome.watch(sink);
    QElapsedTimer clock;
    clock.start();
    sink.send(QByteArray(4 * 1024 * 1024, 'x'));
    QTRY_COMPARE_WITH_TIMEOUT(outcome.count(), 1, 5'000);
    QVERIFY(clock.elapsed() < 3'000);
    QCOMPARE(outcome.failed, 1);
    QVERIFY2(outcome.error.message().contains(QStringLiteral("did not take the receipt within 1 s")),
             qPrintable(outcome.error.message()));
    // The worker comes back by itself too: a direct write ends at its deadline.
    clock.restart();
    auto direct = ReceiptSink::writeToPath(SinkTarget::device(QString::fromLocal8Bit(fifo)),
                                           QByteArray(4 * 1024 * 1024, 'x'), 200);
    QVERIFY(!direct.ok());
    QVERIFY(clock.elapsed() < 2'000);
    ::close(reader);

    // No reader at all: the printer is not there.
    auto nobody = ReceiptSink::writeToPath(SinkTarget::device(QString::fromLocal8Bit(fifo)), "x", 200);
    QVERIFY(!nobody.ok());
    QVERIFY2(nobody.error().message().contains(QStringLiteral("cannot be reached")),
             qPrintable(nobody.error().message()));
}

void TestReceiptSink::deviceGetsTheExactBytes()
{
    QTemporaryDir dir;
    const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("lp0")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK);
    QVERIFY(reader >= 0);
    const QByteArray bytes = someBytes(1024 * 1024); // more than a pipe holds: the reader must keep up
    ReceiptSink sink(SinkTarget::device(QString::fromLocal8Bit(fifo)), 10'000);
    Outcome outcome;
    outcome.watch(sink);
    sink.send(bytes);
    QByteArray received;
    QElapsedTimer clock;
    clock.start();
    while (outcome.count() == 0 && clock.elapsed() < 10'000) {
        char buffer[65536];
        const ssize_t count = ::read(reader, buffer, sizeof buffer);
        if (count > 0)
            received.append(buffer, count);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    for (ssize_t count = 1; count > 0;) {
        char buffer[65536];
        count = ::read(reader, buffer, sizeof buffer);
        if (count > 0)
            received.append(buffer, count);
    }
    ::close(reader);
    QVERIFY2(outcome.written == 1, qPrintable(outcome.error.toString()));
    QVERIFY(received == bytes);
}

void TestReceiptSink::targetFromSettings()
{
    config::ReceiptSettings settings;
    settings.target = config::ReceiptSettings::EscPosTarget::Network;
    settings.host = QStringLiteral("fe80::1");
    settings.port = 9101;
    const SinkTarget network = SinkTarget::fromSettings(settings);
    QCOMPARE(network.kind, SinkTarget::Kind::Network);
    QCOMPARE(network.name(), QStringLiteral("[fe80::1]:9101"));
    settings.target = config::ReceiptSettings::EscPosTarget::Device;
    settings.device = QStringLiteral("/dev/usb/lp0");
    QCOMPARE(SinkTarget::fromSettings(settings).path, QStringLiteral("/dev/usb/lp0"));
    QCOMPARE(SinkTarget::fromSettings(settings).name(), QStringLiteral("/dev/usb/lp0"));
}

QTEST_GUILESS_MAIN(TestReceiptSink)
#include "TestReceiptSink.moc"
