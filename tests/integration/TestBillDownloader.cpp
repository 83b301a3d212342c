// BillDownloader against a scripted HTTP peer on loopback: the bill link's rules (https, or http to
// this machine only; redirects kept to the same), its size cap, and an expired link's answer.
#include "reconcile/BillDownloader.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <optional>

using namespace counterpay;
using namespace counterpay::reconcile;

namespace {

// Answers GET <path> with the raw HTTP bytes scripted for it, then closes the connection.
class ScriptedPeer : public QObject
{
public:
    QHash<QByteArray, QByteArray> answers;

    ScriptedPeer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        });
    }
    QUrl url(const char* path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(QLatin1String(path)));
    }

private:
    void read(QTcpSocket* socket)
    {
        QByteArray& data = m_buffer[socket];
        data += socket->readAll();
        if (!data.contains("\r\n\r\n"))
            return;
        const QByteArray target = data.split(' ').value(1);
        const QByteArray path = target.contains('?') ? target.left(target.indexOf('?')) : target;
        const QByteArray answer = answers.value(path, "HTTP/1.1 500 Nothing scripted\r\nContent-Length: 0\r\n\r\n");
        data.clear();
        socket->write(answer);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffer;
};

QByteArray ok(const QByteArray& body, bool withLength = true)
{
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n";
    if (withLength)
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return head + "\r\n" + body;
}

QByteArray redirect(const QByteArray& location)
{
    return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

} // namespace

class TestBillDownloader : public QObject
{
    Q_OBJECT

private slots:
    void whichLinksAreFetched_data();
    void whichLinksAreFetched();
    void downloads();
    void expiredLink();
    void sizeCap();
    void redirects();
    void nobodyListening();

private:
    Result<QByteArray> fetch(const QUrl& url, qint64 maxBytes = 64 * 1024 * 1024);

    QNetworkAccessManager m_network;
};

Result<QByteArray> TestBillDownloader::fetch(const QUrl& url, qint64 maxBytes)
{
    BillDownloader::Options options;
    options.maxBytes = maxBytes;
    options.timeoutMs = 10000;
    BillDownloader downloader(&m_network, options);
    std::optional<Result<QByteArray>> outcome;
    downloader.download(url, [&](Result<QByteArray> result) { outcome.emplace(std::move(result)); });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 15000))
        return Error::unknown(QStringLiteral("no outcome"));
    return *outcome;
}

void TestBillDownloader::whichLinksAreFetched_data()
{
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("fetched"); // empty: refused
    QTest::newRow("https") << QStringLiteral("https://dwbillcenter.alipay.com/downloadBillFile.resource?a=1")
                           << QStringLiteral("https://dwbillcenter.alipay.com/downloadBillFile.resource?a=1");
    QTest::newRow("http to this machine") << QStringLiteral("http://127.0.0.1:8470/downloadBillFile.resource")
                                          << QStringLiteral("http://127.0.0.1:8470/downloadBillFile.resource");
    QTest::newRow("http to ::1") << QStringLiteral("http://[::1]:8470/d") << QStringLiteral("http://[::1]:8470/d");
    QTest::newRow("http elsewhere goes as https")
        << QStringLiteral("http://dwbillcenter.alipay.com:80/downloadBillFile.resource?t=2")
        << QStringLiteral("https://dwbillcenter.alipay.com/downloadBillFile.resource?t=2");
    QTest::newRow("a name is not an address")
        << QStringLiteral("http://localhost:8470/d") << QStringLiteral("https://localhost:8470/d");
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/bill.zip") << QString();
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << QString();
    QTest::newRow("empty") << QString() << QString();
}

void TestBillDownloader::whichLinksAreFetched()
{
    QFETCH(QString, link);
    QFETCH(QString, fetched);
    auto url = BillDownloader::fetchableUrl(QUrl(link));
    if (fetched.isEmpty()) {
        QVERIFY(!url.ok());
        QCOMPARE(url.error().category(), Error::Category::Security);
    } else {
        QVERIFY(url.ok());
        QCOMPARE(url->toString(), fetched);
    }
}

void TestBillDownloader::downloads()
{
    ScriptedPeer peer;
    const QByteArray zip = QByteArray("PK\x03\x04", 4) + QByteArray(5000, 'z');
    peer.answers.insert("/downloadBillFile.resource", ok(zip));
    auto bytes = fetch(peer.url("/downloadBillFile.resource?token=abc"));
    QVERIFY2(bytes.ok(), qPrintable(bytes.ok() ? QString() : bytes.error().toString()));
    QCOMPARE(*bytes, zip);
}

void TestBillDownloader::expiredLink()
{
    ScriptedPeer peer;
    peer.answers.insert("/downloadBillFile.resource",
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\nConnection: close\r\n\r\ngone\n");
    auto bytes = fetch(peer.url("/downloadBillFile.resource?token=old"));
    QVERIFY(!bytes.ok());
    QCOMPARE(bytes.error().category(), Error::Category::Gateway);
    QVERIFY(bytes.error().message().contains(QStringLiteral("expired")));
}

void TestBillDownloader::sizeCap()
{
    ScriptedPeer peer;
    const QByteArray big(300 * 1024, 'x');
    peer.answers.insert("/announced", ok(big));
    peer.answers.insert("/streamed", ok(big, false));
    for (const char* path : {"/announced", "/streamed"}) {
        auto bytes = fetch(peer.url(path), 100 * 1024);
        QVERIFY2(!bytes.ok(), path);
        QCOMPARE(bytes.error().category(), Error::Category::Gateway);
        QVERIFY(bytes.error().message().contains(QStringLiteral("larger than")));
    }
    QVERIFY(fetch(peer.url("/announced"), 400 * 1024).ok());
}

void TestBillDownloader::redirects()
{
    ScriptedPeer peer;
    peer.answers.insert("/final", ok("PK"));
    peer.answers.insert("/here", redirect(peer.url("/final").toEncoded()));
    peer.answers.insert("/away", redirect("http://example.com/bill.zip"));
    auto followed = fetch(peer.url("/here"));
    QVERIFY2(followed.ok(), qPrintable(followed.ok() ? QString() : followed.error().toString()));
    QCOMPARE(*followed, QByteArray("PK"));
    auto refused = fetch(peer.url("/away"));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Security);
}

void TestBillDownloader::nobodyListening()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    auto bytes = fetch(QUrl(QStringLiteral("http://127.0.0.1:%1/downloadBillFile.resource").arg(port)));
    QVERIFY(!bytes.ok());
    QCOMPARE(bytes.error().category(), Error::Category::Network);
}

QTEST_GUILESS_MAIN(TestBillDownloader)
#include "TestBillDownloader.moc"
