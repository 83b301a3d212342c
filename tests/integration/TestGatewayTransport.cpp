// GatewayClient against a scripted HTTP peer on loopback: every way a connection can fail must end
// as the right Error category, and only a reply that verifies is handed on.
#include "alipay/FormCodec.h"
#include "alipay/GatewayClient.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "alipay/api/TradeQuery.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <optional>

using namespace counterpay;
using namespace counterpay::alipay;

namespace {

// Answers each request with what `respond` returns: raw HTTP bytes, or nothing (then `close`
// decides whether the connection is dropped or left hanging).
class ScriptedPeer : public QObject
{
public:
    std::function<std::optional<QByteArray>(const QByteArray& body)> respond;
    bool closeWithoutReply = false;
    bool closeAfterReply = false; // ends a reply that has no Content-Length
    QByteArray lastBody;
    int requests = 0;

    ScriptedPeer()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void read(QTcpSocket* socket)
    {
        m_buffer[socket] += socket->readAll();
        QByteArray& data = m_buffer[socket];
        const qsizetype headerEnd = data.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const qsizetype lengthAt = data.toLower().indexOf("content-length:");
        const int length =
            lengthAt < 0 ? 0
                         : data.mid(lengthAt + 15, data.indexOf("\r\n", lengthAt) - lengthAt - 15).trimmed().toInt();
        if (data.size() < headerEnd + 4 + length)
            return;
        lastBody = data.mid(headerEnd + 4, length);
        data.clear();
        ++requests;
        const auto reply = respond ? respond(lastBody) : std::nullopt;
        if (reply) {
            socket->write(*reply);
            socket->flush();
            if (closeAfterReply)
                socket->disconnectFromHost();
        } else if (closeWithoutReply) {
            socket->abort();
        }
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffer;
};

QByteArray http(int status, const QByteArray& body)
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " X\r\nContent-Type: text/html;charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class TestGatewayTransport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void verifiedAnswer();
    void badSignatureIsSecurity();
    void notJsonIsGateway();
    void httpErrors_data();
    void httpErrors();
    void connectionRefusedIsNetwork();
    void noAnswerIsUnknown();
    void droppedAfterSendingIsUnknown();
    void oversizedReplyIsRefused_data();
    void oversizedReplyIsRefused();

private:
    Result<VerifiedResponse> send(quint16 port, int timeoutMs = 3000);
    QByteArray signedReply(const QByteArray& node, const PrivateKey& key) const;
    QByteArray paddedReply(qint64 size) const;

    PrivateKey m_appKey;
    PrivateKey m_alipayKey;
    QNetworkAccessManager m_network;
};

void TestGatewayTransport::initTestCase()
{
    m_appKey = *PrivateKey::generate();
    m_alipayKey = *PrivateKey::generate();
}

QByteArray TestGatewayTransport::signedReply(const QByteArray& node, const PrivateKey& key) const
{
    const QString sign = *Rsa2::sign(key, node);
    return "{\"alipay_trade_query_response\":" + node + ",\"sign\":\"" + sign.toLatin1() + "\"}";
}

Result<VerifiedResponse> TestGatewayTransport::send(quint16 port, int timeoutMs)
{
    RequestBuilder::Identity identity;
    identity.appId = QStringLiteral("9021000000000001");
    identity.privateKey = m_appKey;
    GatewayClient client({QUrl(QStringLiteral("http://127.0.0.1:%1/gateway.do").arg(port)), 2000, timeoutMs},
                         RequestBuilder(identity, Clock::system()), ResponseVerifier(m_alipayKey.publicKey()),
                         &m_network);
    std::optional<Result<VerifiedResponse>> result;
    client.send(TradeQuery{QStringLiteral("T1")}.request(), [&](Result<VerifiedResponse> r) { result.emplace(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs + 5000))
        return Error::unknown(QStringLiteral("test: no callback"));
    return *result;
}

void TestGatewayTransport::verifiedAnswer()
{
    ScriptedPeer peer;
    const QByteArray node = R"({"code":"10000","msg":"Success","out_trade_no":"T1","trade_status":"WAIT_BUYER_PAY",)"
                            R"("total_amount":"1.00","buyer_logon_id":"159****5620","note":"a\/b \u4e2d"})";
    peer.respond = [&](const QByteArray&) { return http(200, signedReply(node, m_alipayKey)); };
    auto result = send(peer.port());
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QVERIFY(result->signatureVerified);
    QCOMPARE(result->signedBytes, node);
    QCOMPARE(result->node.value(u"trade_status").toString(), QStringLiteral("WAIT_BUYER_PAY"));

    // What went over the wire is a form whose signature holds with the app's public key.
    auto params = FormCodec::decode(peer.lastBody);
    QVERIFY(params.ok());
    QVERIFY(
        Rsa2::verify(m_appKey.publicKey(), SignContent::forRequest(*params), params->value(QStringLiteral("sign"))));
    QCOMPARE(params->value(QStringLiteral("method")), QStringLiteral("alipay.trade.query"));
}

void TestGatewayTransport::badSignatureIsSecurity()
{
    ScriptedPeer peer;
    const QByteArray node =
        R"({"code":"10000","out_trade_no":"T1","trade_status":"TRADE_SUCCESS","total_amount":"1.00"})";
    PrivateKey impostor = *PrivateKey::generate();
    peer.respond = [&](const QByteArray&) { return http(200, signedReply(node, impostor)); };
    auto result = send(peer.port());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Security);
}

void TestGatewayTransport::notJsonIsGateway()
{
    ScriptedPeer peer;
    peer.respond = [](const QByteArray&) { return http(200, "<html>maintenance</html>"); };
    auto result = send(peer.port());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Gateway);
}

void TestGatewayTransport::httpErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("category");
    QTest::newRow("502") << 502 << int(Error::Category::Gateway);
    QTest::newRow("503") << 503 << int(Error::Category::Gateway);
    QTest::newRow("504") << 504 << int(Error::Category::Unknown);
    QTest::newRow("302 redirect") << 302 << int(Error::Category::Gateway);
}

void TestGatewayTransport::httpErrors()
{
    QFETCH(int, status);
    QFETCH(int, category);
    ScriptedPeer peer;
    peer.respond = [status](const QByteArray&) { return http(status, "Bad Gateway"); };
    auto result = send(peer.port());
    QVERIFY(!result.ok());
    QCOMPARE(int(result.error().category()), category);
    QVERIFY(result.error().detail().contains(QString::number(status)));
}

void TestGatewayTransport::connectionRefusedIsNetwork()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    auto result = send(port);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Network);
}

void TestGatewayTransport::noAnswerIsUnknown()
{
    ScriptedPeer peer; // reads the request and says nothing
    QElapsedTimer timer;
    timer.start();
    auto result = send(peer.port(), 400);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Unknown);
    QVERIFY(timer.elapsed() >= 380); // coarse timers may fire up to 5% early
    QCOMPARE(peer.requests, 1);
}

void TestGatewayTransport::droppedAfterSendingIsUnknown()
{
    ScriptedPeer peer;
    peer.closeWithoutReply = true;
    auto result = send(peer.port());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Unknown);
    QVERIFY(peer.requests >= 1);
}

// A correctly signed success of about `size` bytes.
QByteArray TestGatewayTransport::paddedReply(qint64 size) const
{
    const QByteArray head = R"({"code":"10000","msg":"Success","out_trade_no":"T1","trade_status":"TRADE_SUCCESS",)"
                            R"("total_amount":"1.00","note":")";
    const QByteArray node = head + QByteArray(size - head.size() - 400, 'x') + "\"}";
    return signedReply(node, m_alipayKey);
}

void TestGatewayTransport::oversizedReplyIsRefused_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<bool>("announced"); // Content-Length, else the body runs until the peer closes
    QTest::addColumn<bool>("accepted");
    const qint64 limit = GatewayClient::kMaxReplyBytes;
    QTest::newRow("just within, announced") << limit - 100 << true << true;
    QTest::newRow("just within, streamed") << limit - 100 << false << true;
    QTest::newRow("over, announced") << limit + 1000 << true << false;
    QTest::newRow("over, streamed") << limit + 1000 << false << false;
    QTest::newRow("64 MiB, streamed") << 64 * limit << false << false;
}

void TestGatewayTransport::oversizedReplyIsRefused()
{
    QFETCH(qint64, size);
    QFETCH(bool, announced);
    QFETCH(bool, accepted);
    ScriptedPeer peer;
    const QByteArray body = paddedReply(size);
    QVERIFY(accepted ? body.size() <= GatewayClient::kMaxReplyBytes : body.size() > GatewayClient::kMaxReplyBytes);
    peer.closeAfterReply = !announced;
    peer.respond = [&](const QByteArray&) -> std::optional<QByteArray> {
        if (announced)
            return http(200, body);
        // No length: the reply ends when the peer closes the connection.
        return "HTTP/1.1 200 X\r\nContent-Type: text/html;charset=utf-8\r\nConnection: close\r\n\r\n" + body;
    };
    QElapsedTimer timer;
    timer.start();
    auto result = send(peer.port(), 8000);
    if (accepted) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        QCOMPARE(result->node.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().category(), Error::Category::Gateway);
    QVERIFY2(result.error().detail().contains(QStringLiteral("over 1048576 bytes")),
             qPrintable(result.error().detail()));
    QVERIFY2(timer.elapsed() < 5000, "refused as soon as it showed, not at the timeout");
}

QTEST_GUILESS_MAIN(TestGatewayTransport)
#include "TestGatewayTransport.moc"
