// `counterpay-cli charge` against a real counterpay-sandbox process: whole payments, QR and barcode,
// every outcome the cashier can meet, checked against the sandbox's own record of its trades.
#include "SandboxHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay::test;

class TestChargeEndToEnd : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void barcode_data();
    void barcode();
    void qrPaidByTheCustomer();
    void qrNotScannedIsCancelled();
    void notificationSettlesBeforeAnyPoll();
    void orderBookAndRecovery();
    void recoverLeavesALiveChargeAlone();
    void recoverLeavesAnotherAppsOrdersAlone();
    void refundsGoThroughTheOrderBook();

private:
    QString notifyConfig(const QString& name, quint16* port);
    ProcessResult charge(const QStringList& arguments, const QString& config = {});
    QJsonObject runQrWithCustomer(const QString& config, const std::function<void(const QString&)>& customer);
    QString findNewTrade(const QStringList& known);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
};

void TestChargeEndToEnd::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}), qPrintable(m_sandbox.error()));
    m_config = m_sandbox.configPath();
    // Fast polls; `init` already gave the sandbox its own order book.
    QFile ini(m_config);
    QVERIFY(ini.open(QIODevice::Append));
    ini.write("\n[counter]\nterminal_id=E2E\n"
              "[payment]\npoll=first=300,300@20000,final=500\nbarcode_wait_s=8\n");
}

void TestChargeEndToEnd::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

ProcessResult TestChargeEndToEnd::charge(const QStringList& arguments, const QString& config)
{
    return run(cliProgram(),
               QStringList{QStringLiteral("--config"), config.isEmpty() ? m_config : config, QStringLiteral("charge")} +
                   arguments);
}

void TestChargeEndToEnd::barcode_data()
{
    QTest::addColumn<QString>("authCode");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("alipayState");
    QTest::newRow("paid at once") << QStringLiteral("280000000000000001") << 0 << QStringLiteral("paid")
                                  << QStringLiteral("TRADE_SUCCESS");
    QTest::newRow("password, then paid") << QStringLiteral("281001000000000001") << 0 << QStringLiteral("paid")
                                         << QStringLiteral("TRADE_SUCCESS");
    QTest::newRow("balance too low") << QStringLiteral("282000000000000001") << 4 << QStringLiteral("failed")
                                     << QString();
    QTest::newRow("20000 but paid behind it")
        << QStringLiteral("283100000000000001") << 0 << QStringLiteral("paid") << QStringLiteral("TRADE_SUCCESS");
    QTest::newRow("20000, nothing happened")
        << QStringLiteral("283000000000000001") << 4 << QStringLiteral("closed") << QString();
    QTest::newRow("buyer gives up") << QStringLiteral("281201000000000001") << 4 << QStringLiteral("closed")
                                    << QStringLiteral("TRADE_CLOSED");
}

void TestChargeEndToEnd::barcode()
{
    QFETCH(QString, authCode);
    QFETCH(int, exitCode);
    QFETCH(QString, state);
    QFETCH(QString, alipayState);
    const auto result = charge({QStringLiteral("--amount"), QStringLiteral("3.50"), QStringLiteral("--auth-code"),
                                authCode, QStringLiteral("--subject"), QStringLiteral("豆浆")});
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    const QJsonObject order = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(order.value(u"state").toString(), state);
    QCOMPARE(order.value(u"total_amount").toString(), QStringLiteral("3.50"));
    const QJsonObject trade = m_sandbox.trade(order.value(u"out_trade_no").toString());
    if (!alipayState.isEmpty())
        QCOMPARE(trade.value(u"state").toString(), alipayState);
    if (state == u"paid")
        QCOMPARE(order.value(u"trade_no").toString(), trade.value(u"trade_no").toString());
}

QString TestChargeEndToEnd::findNewTrade(const QStringList& known)
{
    for (const QJsonValue& value :
         httpGet(m_sandbox.url(QStringLiteral("/sandbox/trades"))).json().value(u"trades").toArray()) {
        const QString number = value.toObject().value(u"out_trade_no").toString();
        if (!known.contains(number))
            return number;
    }
    return {};
}

QJsonObject TestChargeEndToEnd::runQrWithCustomer(const QString& config,
                                                  const std::function<void(const QString&)>& customer)
{
    QStringList known;
    for (const QJsonValue& value :
         httpGet(m_sandbox.url(QStringLiteral("/sandbox/trades"))).json().value(u"trades").toArray())
        known << value.toObject().value(u"out_trade_no").toString();
    QProcess process;
    process.start(cliProgram(),
                  {QStringLiteral("--config"), config, QStringLiteral("charge"), QStringLiteral("--amount"),
                   QStringLiteral("12.34"), QStringLiteral("--timeout"), QStringLiteral("8")});
    QString number;
    if (QTest::qWaitFor([&] { return !(number = findNewTrade(known)).isEmpty(); }, 10000))
        customer(number);
    if (!process.waitForFinished(30000))
        process.kill();
    QJsonObject order = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    order.insert(QStringLiteral("exit_code"), process.exitCode());
    order.insert(QStringLiteral("stderr"), QString::fromUtf8(process.readAllStandardError()));
    return order;
}

void TestChargeEndToEnd::qrPaidByTheCustomer()
{
    const QJsonObject order = runQrWithCustomer(m_config, [&](const QString& number) {
        QVERIFY(m_sandbox.customer(QStringLiteral("scan"), number).status == 200);
        QTest::qWait(500);
        QVERIFY(m_sandbox.customer(QStringLiteral("pay"), number).status == 200);
    });
    QVERIFY2(order.value(u"exit_code").toInt() == 0, qPrintable(order.value(u"stderr").toString()));
    QCOMPARE(order.value(u"state").toString(), QStringLiteral("paid"));
    QVERIFY(order.value(u"stderr").toString().contains(QStringLiteral("scan this QR code")));
    QCOMPARE(m_sandbox.trade(order.value(u"out_trade_no").toString()).value(u"state").toString(),
             QStringLiteral("TRADE_SUCCESS"));
}

void TestChargeEndToEnd::qrNotScannedIsCancelled()
{
    const QJsonObject order = runQrWithCustomer(m_config, [](const QString&) {});
    QCOMPARE(order.value(u"exit_code").toInt(), 4);
    QCOMPARE(order.value(u"state").toString(), QStringLiteral("closed"));
    // Nothing can be paid afterwards: the sandbox closed the trade.
    const QString number = order.value(u"out_trade_no").toString();
    m_sandbox.customer(QStringLiteral("scan"), number);
    m_sandbox.customer(QStringLiteral("pay"), number);
    QVERIFY(m_sandbox.trade(number).value(u"state").toString() != QStringLiteral("TRADE_SUCCESS"));
}

QString TestChargeEndToEnd::notifyConfig(const QString& name, quint16* port)
{
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return {};
        *port = probe.serverPort();
    }
    // Polls start only after a minute, so only the notification can settle the order in time.
    QByteArray text = readFile(m_config);
    text.replace("poll=first=300,300@20000,final=500", "poll=first=60000,final=60000");
    text.replace("notify_url=",
                 QByteArray("notify_url=http://127.0.0.1:" + QByteArray::number(*port) + "/alipay/notify"));
    text += "[notify]\nenabled=true\nport=" + QByteArray::number(*port) + "\n";
    const QString config = m_dir.filePath(name);
    writeFile(config, text);
    return config;
}

void TestChargeEndToEnd::notificationSettlesBeforeAnyPoll()
{
    quint16 port = 0;
    const QString config = notifyConfig(QStringLiteral("notify.ini"), &port);
    QVERIFY(!config.isEmpty());
    QElapsedTimer timer;
    timer.start();
    QString number;
    const QJsonObject order = runQrWithCustomer(config, [&](const QString& outTradeNo) {
        number = outTradeNo;
        m_sandbox.customer(QStringLiteral("scan"), number);
        m_sandbox.customer(QStringLiteral("pay"), number);
    });
    QVERIFY2(order.value(u"exit_code").toInt() == 0, qPrintable(order.value(u"stderr").toString()));
    QCOMPARE(order.value(u"state").toString(), QStringLiteral("paid"));
    QVERIFY(timer.elapsed() < 8000);
    // The notification ended the program, and Alipay still read `success` at the first attempt: it
    // does not keep sending (issue 7, race 4: the program used to exit before answering).
    QJsonObject sent;
    const QJsonArray all =
        httpGet(m_sandbox.url(QStringLiteral("/sandbox/notifications"))).json().value(u"notifications").toArray();
    for (const QJsonValue& value : all) {
        if (value.toObject().value(u"out_trade_no").toString() == number)
            sent = value.toObject();
    }
    QCOMPARE(sent.value(u"state").toString(), QStringLiteral("delivered"));
    QCOMPARE(sent.value(u"attempts").toInt(), 1);
    QCOMPARE(sent.value(u"last_result").toString(), QStringLiteral("HTTP 200: success"));
}

void TestChargeEndToEnd::orderBookAndRecovery()
{
    const auto listed = run(cliProgram(), {QStringLiteral("--config"), m_config, QStringLiteral("orders")});
    QCOMPARE(listed.exitCode, 0);
    const QJsonArray orders = QJsonDocument::fromJson(listed.out).array();
    QVERIFY(orders.size() >= 8);
    for (const QJsonValue& value : orders) {
        const QJsonObject order = value.toObject();
        const QJsonObject trade = m_sandbox.trade(order.value(u"out_trade_no").toString());
        const bool paidAtAlipay = trade.value(u"state").toString() == u"TRADE_SUCCESS";
        QCOMPARE(order.value(u"state").toString() == u"paid", paidAtAlipay);
    }
    const auto csv = run(cliProgram(), {QStringLiteral("--config"), m_config, QStringLiteral("orders"),
                                        QStringLiteral("--format"), QStringLiteral("csv")});
    QCOMPARE(csv.exitCode, 0);
    QCOMPARE(csv.out.count('\n'), orders.size() + 1);

    const auto recovered = run(cliProgram(), {QStringLiteral("--config"), m_config, QStringLiteral("recover")});
    QCOMPARE(recovered.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(recovered.out).object().value(u"unresolved").toInt(), 0);
}

void TestChargeEndToEnd::recoverLeavesALiveChargeAlone()
{
    // Issue 7, race 2b: `recover` run while a charge shows its QR used to cancel that live QR, so the
    // customer's payment was refused. The charge's lease keeps recovery off it.
    QStringList known;
    for (const QJsonValue& value :
         httpGet(m_sandbox.url(QStringLiteral("/sandbox/trades"))).json().value(u"trades").toArray())
        known << value.toObject().value(u"out_trade_no").toString();
    QProcess process;
    process.start(cliProgram(),
                  {QStringLiteral("--config"), m_config, QStringLiteral("charge"), QStringLiteral("--amount"),
                   QStringLiteral("6.60"), QStringLiteral("--timeout"), QStringLiteral("30")});
    QString number;
    QVERIFY(QTest::qWaitFor([&] { return !(number = findNewTrade(known)).isEmpty(); }, 10000));
    const auto recovered = run(cliProgram(), {QStringLiteral("--config"), m_config, QStringLiteral("recover")});
    QCOMPARE(recovered.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(recovered.out).object();
    QCOMPARE(report.value(u"busy").toInt(), 1);
    QVERIFY2(recovered.err.contains(number.toUtf8()), recovered.err.constData());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), number).status, 200);
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QJsonDocument::fromJson(process.readAllStandardOutput()).object().value(u"state").toString(),
             QStringLiteral("paid"));
    QCOMPARE(m_sandbox.trade(number).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));
}

void TestChargeEndToEnd::recoverLeavesAnotherAppsOrdersAlone()
{
    // Issue 7, race 2a: two apps (two gateways here) share one order book. A charge of app A is killed
    // after its customer paid; `recover` with app B's config used to ask B about it, hear "no such
    // trade" and record it closed, while A had the money. Now B lists it and A settles it.
    QTemporaryDir otherDir;
    initSandbox(otherDir.path());
    SandboxProcess other;
    QVERIFY2(other.start(otherDir.path(), {QStringLiteral("--quiet")}), qPrintable(other.error()));
    // Both configs name the same order book file.
    const QString bookPath = m_dir.filePath(QStringLiteral("shared-orders.sqlite"));
    const auto withBook = [&](const QString& source, const QString& name) {
        QByteArray text = readFile(source);
        text.replace("database=orders.sqlite", QByteArray("database=" + bookPath.toUtf8()));
        // A new book numbers from 1 again: its own terminal id keeps its order numbers new at Alipay.
        if (text.contains("poll=first=300,300@20000,final=500")) { // this suite's config has the sections
            text.replace("poll=first=300,300@20000,final=500", "poll=first=60000,final=60000");
            text.replace("terminal_id=E2E", "terminal_id=SHARE");
        } else {
            text += "\n[payment]\npoll=first=60000,final=60000\n";
        }
        const QString path = m_dir.filePath(name);
        writeFile(path, text);
        return path;
    };
    const QString configA = withBook(m_config, QStringLiteral("app-a.ini"));
    const QString configB = withBook(other.configPath(), QStringLiteral("app-b.ini"));
    const QString appA =
        QString::fromUtf8(readFile(configA)).section(QStringLiteral("app_id="), 1).section(u'\n', 0, 0);
    QVERIFY(!appA.isEmpty());

    QStringList known;
    for (const QJsonValue& value :
         httpGet(m_sandbox.url(QStringLiteral("/sandbox/trades"))).json().value(u"trades").toArray())
        known << value.toObject().value(u"out_trade_no").toString();
    QProcess charge;
    charge.start(cliProgram(), {QStringLiteral("--config"), configA, QStringLiteral("charge"),
                                QStringLiteral("--amount"), QStringLiteral("7.70")});
    QString number;
    QVERIFY2(QTest::qWaitFor([&] { return !(number = findNewTrade(known)).isEmpty(); }, 10000),
             charge.readAllStandardError().constData());
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), number).status, 200);
    charge.kill(); // a crash before it learnt of the payment
    QVERIFY(charge.waitForFinished(5000));

    const auto wrongApp = run(cliProgram(), {QStringLiteral("--config"), configB, QStringLiteral("recover")});
    QCOMPARE(wrongApp.exitCode, 0);
    const QJsonObject reportB = QJsonDocument::fromJson(wrongApp.out).object();
    QCOMPARE(reportB.value(u"other_app").toInt(), 1);
    QCOMPARE(reportB.value(u"examined").toInt(), 0);
    QVERIFY2(wrongApp.err.contains(QString(QStringLiteral("belongs to app ") + appA).toUtf8()),
             wrongApp.err.constData());
    QVERIFY(other.trade(number).isEmpty()); // B's gateway was never asked

    const auto rightApp = run(cliProgram(), {QStringLiteral("--config"), configA, QStringLiteral("recover")});
    QCOMPARE(rightApp.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(rightApp.out).object().value(u"paid").toInt(), 1);
    const auto listed = run(cliProgram(), {QStringLiteral("--config"), configA, QStringLiteral("orders")});
    const QJsonArray orders = QJsonDocument::fromJson(listed.out).array();
    QCOMPARE(orders.size(), 1);
    QCOMPARE(orders.first().toObject().value(u"state").toString(), QStringLiteral("paid"));
    QCOMPARE(other.stop(), 0);
}

void TestChargeEndToEnd::refundsGoThroughTheOrderBook()
{
    const auto paid = charge({QStringLiteral("--amount"), QStringLiteral("10.00"), QStringLiteral("--auth-code"),
                              QStringLiteral("280000000000000001")});
    QCOMPARE(paid.exitCode, 0);
    const QString number = QJsonDocument::fromJson(paid.out).object().value(u"out_trade_no").toString();
    const auto refund = [&](const QString& amount) {
        return run(cliProgram(),
                   {QStringLiteral("--config"), m_config, QStringLiteral("refund"), QStringLiteral("--out-trade-no"),
                    number, QStringLiteral("--amount"), amount, QStringLiteral("--by"), QStringLiteral("manager-1")});
    };

    const auto partial = refund(QStringLiteral("3.00"));
    QVERIFY2(partial.exitCode == 0, partial.err.constData());
    QJsonObject order = QJsonDocument::fromJson(partial.out).object();
    QCOMPARE(order.value(u"state").toString(), QStringLiteral("partially_refunded"));
    QCOMPARE(order.value(u"refund_amount").toString(), QStringLiteral("3.00"));
    QCOMPARE(m_sandbox.trade(number).value(u"refunded_amount").toString(), QStringLiteral("3.00"));

    // More than is left: refused here, before Alipay hears of it.
    const auto over = refund(QStringLiteral("7.01"));
    QCOMPARE(over.exitCode, 2);
    QVERIFY(over.out.isEmpty());
    QCOMPARE(m_sandbox.trade(number).value(u"refunded_amount").toString(), QStringLiteral("3.00"));

    // The rest, with its answers lost three times: resent unchanged, then confirmed by a refund query.
    QVERIFY(m_sandbox.setFaults(
        QJsonObject{{QStringLiteral("faults"),
                     QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("lost_reply")},
                                            {QStringLiteral("method"), QStringLiteral("alipay.trade.refund")},
                                            {QStringLiteral("ms"), 300},
                                            {QStringLiteral("count"), 3}}}}}));
    const auto rest = refund(QStringLiteral("7.00"));
    QVERIFY(httpDelete(m_sandbox.url(QStringLiteral("/sandbox/faults"))).status == 200);
    QVERIFY2(rest.exitCode == 0, rest.err.constData());
    order = QJsonDocument::fromJson(rest.out).object();
    QCOMPARE(order.value(u"state").toString(), QStringLiteral("refunded"));
    QCOMPARE(order.value(u"refund_amount").toString(), QStringLiteral("10.00"));
    const QJsonObject trade = m_sandbox.trade(number);
    QCOMPARE(trade.value(u"refunded_amount").toString(), QStringLiteral("10.00"));
    QCOMPARE(trade.value(u"state").toString(), QStringLiteral("TRADE_CLOSED"));
}

QTEST_GUILESS_MAIN(TestChargeEndToEnd)
#include "TestChargeEndToEnd.moc"
