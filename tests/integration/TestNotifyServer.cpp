// The notification receiver over real loopback HTTP: Alipay keeps resending until it reads exactly
// `success`, so the answer must be `success` for a handled (or duplicate) notification and nothing
// else for a forged, foreign or unknown one.
#include "alipay/FormCodec.h"
#include "alipay/PrivateKey.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"
#include "notify/NotifyServer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

using namespace counterpay;

class TestNotifyServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void answersSuccessOnlyWhenHandled();
    void answerIsSentBeforeTheFollowUp();
    void oversizedBodyIsRefused();

private:
    QByteArray body(const QString& amount, const alipay::PrivateKey& key) const;
    QByteArray post(const QByteArray& body, const QString& path = QStringLiteral("/alipay/notify"));

    alipay::PrivateKey m_alipayKey;
    quint16 m_port = 0;
    QNetworkAccessManager m_network;
};

void TestNotifyServer::initTestCase()
{
    m_alipayKey = *alipay::PrivateKey::generate();
}

QByteArray TestNotifyServer::body(const QString& amount, const alipay::PrivateKey& key) const
{
    alipay::Params params{
        {QStringLiteral("notify_time"), QStringLiteral("2026-11-26 12:00:06")},
        {QStringLiteral("notify_type"), QStringLiteral("trade_status_sync")},
        {QStringLiteral("notify_id"), QStringLiteral("2026112600222120005000000001")},
        {QStringLiteral("app_id"), QStringLiteral("9021000000000001")},
        {QStringLiteral("charset"), QStringLiteral("utf-8")},
        {QStringLiteral("version"), QStringLiteral("1.0")},
        {QStringLiteral("trade_no"), QStringLiteral("2026112622001400000000000001")},
        {QStringLiteral("out_trade_no"), QStringLiteral("T1-20261126-000001")},
        {QStringLiteral("trade_status"), QStringLiteral("TRADE_SUCCESS")},
        {QStringLiteral("total_amount"), amount},
        {QStringLiteral("subject"), QStringLiteral("咖啡 & 茶")},
    };
    const QString sign = *alipay::Rsa2::sign(key, alipay::SignContent::forNotification(params));
    params.set(QStringLiteral("sign_type"), QStringLiteral("RSA2"));
    params.set(QStringLiteral("sign"), sign);
    return alipay::FormCodec::encode(params);
}

QByteArray TestNotifyServer::post(const QByteArray& payload, const QString& path)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply* reply = m_network.post(request, payload);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 5000))
        return "(timeout)";
    reply->deleteLater();
    return reply->readAll();
}

void TestNotifyServer::answersSuccessOnlyWhenHandled()
{
    QStringList handled;
    notify::NotifyServer server(
        notify::NotifyVerifier(m_alipayKey.publicKey(), QStringLiteral("9021000000000001")),
        [&](const notify::Notification& notification) -> Result<notify::NotifyServer::FollowUp> {
            if (notification.totalAmount != Money::fromFen(1234))
                return Error::security(QStringLiteral("not our amount"));
            handled << notification.outTradeNo;
            return notify::NotifyServer::FollowUp();
        });
    auto port = server.listen(QHostAddress::LocalHost, 0, QStringLiteral("/alipay/notify"));
    QVERIFY(port.ok());
    m_port = *port;

    const QByteArray good = body(QStringLiteral("12.34"), m_alipayKey);
    QCOMPARE(post(good), QByteArray("success"));
    QCOMPARE(post(good), QByteArray("success")); // a duplicate is answered the same way
    QCOMPARE(handled.size(), 2);

    QByteArray tampered = good;
    tampered.replace("total_amount=12.34", "total_amount=99.99");
    QCOMPARE(post(tampered), QByteArray("failure"));

    const alipay::PrivateKey impostor = *alipay::PrivateKey::generate();
    QCOMPARE(post(body(QStringLiteral("12.34"), impostor)), QByteArray("failure"));
    QCOMPARE(post(body(QStringLiteral("1.00"), m_alipayKey)), QByteArray("failure")); // handler says no
    QCOMPARE(post("garbage%zz"), QByteArray("failure"));
    QCOMPARE(handled.size(), 2);
}

void TestNotifyServer::answerIsSentBeforeTheFollowUp()
{
    // The follow-up may end the program (a charge that a notification finishes): here it destroys the
    // server, sockets and all. Alipay must still read `success`, or it resends for a day.
    notify::NotifyServer* server = nullptr;
    server =
        new notify::NotifyServer(notify::NotifyVerifier(m_alipayKey.publicKey(), QStringLiteral("9021000000000001")),
                                 [&](const notify::Notification&) -> Result<notify::NotifyServer::FollowUp> {
                                     return notify::NotifyServer::FollowUp([&server] {
                                         delete server;
                                         server = nullptr;
                                     });
                                 });
    auto port = server->listen(QHostAddress::LocalHost, 0, QStringLiteral("/alipay/notify"));
    QVERIFY(port.ok());
    m_port = *port;
    QCOMPARE(post(body(QStringLiteral("12.34"), m_alipayKey)), QByteArray("success"));
    QCOMPARE(server, nullptr);
}

void TestNotifyServer::oversizedBodyIsRefused()
{
    int calls = 0;
    notify::NotifyServer server(notify::NotifyVerifier(m_alipayKey.publicKey(), QStringLiteral("9021000000000001")),
                                [&](const notify::Notification&) -> Result<notify::NotifyServer::FollowUp> {
                                    ++calls;
                                    return notify::NotifyServer::FollowUp();
                                });
    auto port = server.listen(QHostAddress::LocalHost, 0, QStringLiteral("/alipay/notify"));
    QVERIFY(port.ok());
    m_port = *port;
    // A signed notification with a long extra field: valid in every other way.
    QByteArray padded = body(QStringLiteral("12.34"), m_alipayKey);
    QCOMPARE(post(padded), QByteArray("success"));
    padded += "&x=" + QByteArray(notify::NotifyServer::kMaxBodyBytes, 'a');
    QCOMPARE(post(padded), QByteArray("failure"));
    QCOMPARE(calls, 1);
}

QTEST_GUILESS_MAIN(TestNotifyServer)
#include "TestNotifyServer.moc"
