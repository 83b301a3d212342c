// The races of issue 7, reproduced against a real counterpay-sandbox process with its latency faults:
// a till in this process, the sandbox's customer and notifications over loopback HTTP, and the order
// book compared with the sandbox's own record of the trade.
#include "SandboxHarness.h"
#include "payment/Till.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;
using store::OrderState;

// The sandbox helpers wait for their HTTP answers in a nested event loop, so the till may emit while
// the test is inside one: signals are checked with QTRY_*, which also sees what arrived before.
class TestTillRaces : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void notificationWhileTheCancelIsInFlight();
    void paidAnswerAfterAnotherWriterClosedTheOrder();
    void paidWhileTheOrderBookIsLocked();

private:
    // Starts a QR payment and waits for its QR; the order number.
    QString startQr(qint64 fen);
    bool waitForState(const QString& outTradeNo, OrderState state, int timeoutMs = 15000);
    OrderState stateOf(const QString& outTradeNo);
    QJsonArray notificationsFor(const QString& outTradeNo);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
    quint16 m_notifyPort = 0;
    std::unique_ptr<payment::Till> m_till;
};

void TestTillRaces::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(),
                             {QStringLiteral("--quiet"), QStringLiteral("--notify-retry-ms"), QStringLiteral("500")}),
             qPrintable(m_sandbox.error()));
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_notifyPort = probe.serverPort();
    }
    QByteArray text = readFile(m_sandbox.configPath());
    text.replace("notify_url=",
                 QByteArray("notify_url=http://127.0.0.1:" + QByteArray::number(m_notifyPort) + "/alipay/notify"));
    text += "\n[counter]\nterminal_id=RACE\n[payment]\npoll=first=500,500@60000,final=1000\n"
            "[notify]\nenabled=true\nport=" +
            QByteArray::number(m_notifyPort) + "\n";
    m_config = m_dir.filePath(QStringLiteral("race.ini"));
    writeFile(m_config, text);
}

void TestTillRaces::init()
{
    QVERIFY(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status == 200);
    m_till = std::make_unique<payment::Till>();
    auto loaded = m_till->load(m_config);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    auto port = m_till->listenForNotifications();
    QVERIFY(port.ok() && *port == m_notifyPort);
}

void TestTillRaces::cleanup()
{
    m_till.reset();
}

void TestTillRaces::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

QString TestTillRaces::startQr(qint64 fen)
{
    QSignalSpy qr(m_till.get(), &payment::Till::qrReady);
    auto started = m_till->startPayment({Money::fromFen(fen), {}, {}, std::optional<qint64>(120'000)});
    if (!started)
        return {};
    if (qr.isEmpty() && !qr.wait(10000))
        return {};
    return started->outTradeNo;
}

OrderState TestTillRaces::stateOf(const QString& outTradeNo)
{
    auto order = m_till->order(outTradeNo);
    return order && order->has_value() ? order->value().state : OrderState::Created;
}

bool TestTillRaces::waitForState(const QString& outTradeNo, OrderState state, int timeoutMs)
{
    return QTest::qWaitFor([&] { return stateOf(outTradeNo) == state; }, timeoutMs);
}

QJsonArray TestTillRaces::notificationsFor(const QString& outTradeNo)
{
    QJsonArray mine;
    const QJsonArray all =
        httpGet(m_sandbox.url(QStringLiteral("/sandbox/notifications"))).json().value(u"notifications").toArray();
    for (const QJsonValue& value : all) {
        if (value.toObject().value(u"out_trade_no").toString() == outTradeNo)
            mine.append(value);
    }
    return mine;
}

void TestTillRaces::notificationWhileTheCancelIsInFlight()
{
    // Queries answered 2.5 s late, the cancel 5 s late; the customer pays just after the final query
    // was answered "waiting" at the gateway, and the notification of that payment is held 4 s, so it
    // reaches the till while the cancel is on its way. The cancel refunds the payment: the order must
    // end Refunded, and the cashier must never hear "paid".
    QVERIFY(m_sandbox.setFaults(QJsonObject{
        {QStringLiteral("faults"),
         QJsonArray{
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")},
                         {QStringLiteral("method"), QStringLiteral("alipay.trade.query")},
                         {QStringLiteral("ms"), 2500}},
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")},
                         {QStringLiteral("method"), QStringLiteral("alipay.trade.cancel")},
                         {QStringLiteral("ms"), 5000}},
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("notify_out_of_order")}, {QStringLiteral("ms"), 4000}},
         }},
    }));
    QSignalSpy paid(m_till.get(), &payment::Till::paid);
    QSignalSpy refunded(m_till.get(), &payment::Till::refundedOnCancel);
    QSignalSpy finished(m_till.get(), &payment::Till::paymentFinished);
    const QString no = startQr(888);
    QVERIFY(!no.isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    m_till->stopPayment();
    // The final query leaves as the order becomes Cancelling; the gateway answers it at once (late).
    QVERIFY(waitForState(no, OrderState::Cancelling));
    QTest::qWait(300);
    const HttpResult payment = m_sandbox.customer(QStringLiteral("pay"), no);
    QCOMPARE(payment.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 20000);
    QCOMPARE(paid.size(), 0);
    QCOMPARE(refunded.size(), 1);
    QCOMPARE(stateOf(no), OrderState::Refunded);

    const QJsonObject trade = m_sandbox.trade(no);
    QCOMPARE(trade.value(u"state").toString(), QStringLiteral("TRADE_CLOSED"));
    QCOMPARE(trade.value(u"refunded_amount").toString(), QStringLiteral("8.88"));
    // The notification did arrive while the cancel was out, and was kept as information.
    bool noted = false;
    const auto events = m_till->events(no);
    QVERIFY(events.ok());
    for (const store::OrderEvent& event : *events)
        noted = noted || (event.source == store::EventSource::Notify && event.to == OrderState::Cancelling);
    QVERIFY2(noted, "the notification should have reached the till while the cancel was in flight");
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QJsonArray sent = notificationsFor(no);
            return !sent.isEmpty() && std::all_of(sent.begin(), sent.end(), [](const QJsonValue& v) {
                return v.toObject().value(u"state").toString() == u"delivered";
            });
        },
        10000));
}

void TestTillRaces::paidAnswerAfterAnotherWriterClosedTheOrder()
{
    // Another program writes the order Closed behind the till's back (one that ignores leases, say an
    // old version). When Alipay then says paid, the book cannot take it: the cashier hears the order
    // is unresolved, not "paid".
    QSignalSpy paid(m_till.get(), &payment::Till::paid);
    QSignalSpy unresolved(m_till.get(), &payment::Till::unresolved);
    QSignalSpy finished(m_till.get(), &payment::Till::paymentFinished);
    const QString no = startQr(1234);
    QVERIFY(!no.isEmpty());
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("writer"));
        other.setDatabaseName(m_till->databasePath());
        QVERIFY(other.open());
        QSqlQuery update(other);
        QVERIFY(update.prepare(QStringLiteral("UPDATE orders SET state = 'closed' WHERE out_trade_no = ?")));
        update.addBindValue(no);
        QVERIFY(update.exec());
        QCOMPARE(update.numRowsAffected(), 1);
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("writer"));
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QCOMPARE(paid.size(), 0);
    QCOMPARE(unresolved.size(), 1);
    QVERIFY2(unresolved.first().first().toString().contains(QStringLiteral("refused")),
             qPrintable(unresolved.first().first().toString()));
}

void TestTillRaces::paidWhileTheOrderBookIsLocked()
{
    // The disk (here: another program's write lock) refuses the Paid write: the money did arrive, so
    // the cashier hears it, and the book records it once the lock is gone.
    QSignalSpy paid(m_till.get(), &payment::Till::paid);
    QSignalSpy trouble(m_till.get(), &payment::Till::recordingTrouble);
    QSignalSpy finished(m_till.get(), &payment::Till::paymentFinished);
    const QString no = startQr(4321);
    QVERIFY(!no.isEmpty());
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        other.setDatabaseName(m_till->databasePath());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(!paid.isEmpty(), 15000);
        QCOMPARE(trouble.size(), 1);
        QCOMPARE(finished.size(), 0);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QCOMPARE(stateOf(no), OrderState::Paid);
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));
}

QTEST_GUILESS_MAIN(TestTillRaces)
#include "TestTillRaces.moc"
