// counterpay-sandbox as a program: init and serve, the config it writes, signals, restarts, bad
// arguments, and certificate mode end to end.
#include "SandboxHarness.h"
#include "alipay/CertSn.h"
#include "alipay/Rsa2.h"
#include "alipay/SignContent.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace counterpay;
using namespace counterpay::test;

namespace {

const QString kPrecreate = QStringLiteral("alipay.trade.precreate");
const QString kPay = QStringLiteral("alipay.trade.pay");
const QString kQuery = QStringLiteral("alipay.trade.query");
const QString kRefund = QStringLiteral("alipay.trade.refund");

QJsonObject precreateBiz(const QString& outTradeNo)
{
    return {{QStringLiteral("out_trade_no"), outTradeNo},
            {QStringLiteral("total_amount"), QStringLiteral("9.90")},
            {QStringLiteral("subject"), QStringLiteral("Lifecycle")}};
}

QMap<QString, QByteArray> snapshot(const QString& dir)
{
    QMap<QString, QByteArray> files;
    for (const QString& name :
         {QStringLiteral("app_private_key.pem"), QStringLiteral("app_public_key.pem"),
          QStringLiteral("alipay_public_key.pem"), QStringLiteral("sandbox/gateway_private_key.pem"),
          QStringLiteral("sandbox/registered_app_public_key.pem")})
        files.insert(name, readFile(QDir(dir).filePath(name)));
    return files;
}

} // namespace

class TestSandboxLifecycle : public QObject
{
    Q_OBJECT

private slots:
    void helpListsCodesFaultsAndEndpoints();
    void initCreatesOnceAndNeverOverwrites();
    void serveAnnouncesAndRecordsTheUrl();
    void serveKeepsTheUsersConfigLines();
    void signalsStopCleanly_data();
    void signalsStopCleanly();
    void restartKeepsTrades();
    void badArguments();
    void bindsWhereToldAndWritesAReachableUrl();
    void certificateMode();
    void certificateModeOnAnExistingDirectory();
};

void TestSandboxLifecycle::helpListsCodesFaultsAndEndpoints()
{
    const ProcessResult help = run(sandboxProgram(), {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char* text : {"init DIR",
                             "serve --data-dir DIR",
                             "280000000000000001",
                             "281003000000000001",
                             "281100000000000001",
                             "281203000000000001",
                             "282000000000000001",
                             "282100000000000001",
                             "283000000000000001",
                             "283100000000000001",
                             "latency",
                             "drop",
                             "http_502",
                             "http_504",
                             "code_20000",
                             "bad_signature",
                             "lost_reply",
                             "notify_duplicate",
                             "notify_out_of_order",
                             "/gateway.do",
                             "/sandbox/trades",
                             "/sandbox/faults",
                             "/sandbox/scan"})
        QVERIFY2(help.out.contains(text), text);
    QCOMPARE(run(sandboxProgram(), {}).exitCode, 2);
    QCOMPARE(run(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--help")}).exitCode, 0);
}

void TestSandboxLifecycle::initCreatesOnceAndNeverOverwrites()
{
    QTemporaryDir dir;
    const ProcessResult first = initSandbox(dir.path());
    QCOMPARE(first.exitCode, 0);
    QVERIFY(first.out.contains("created:"));
    const QMap<QString, QByteArray> before = snapshot(dir.path());
    QVERIFY(before.value(QStringLiteral("app_private_key.pem")).contains("BEGIN PRIVATE KEY"));
    QVERIFY(before.value(QStringLiteral("app_public_key.pem")) !=
            before.value(QStringLiteral("alipay_public_key.pem")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("alipay_private_key.pem"))));
    for (const QString& secret :
         {QStringLiteral("app_private_key.pem"), QStringLiteral("sandbox/gateway_private_key.pem")})
        QCOMPARE(QFile::permissions(dir.filePath(secret)) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    const QString config = QString::fromUtf8(readFile(dir.filePath(QStringLiteral("counterpay.ini"))));
    const QRegularExpressionMatch appId = QRegularExpression(QStringLiteral("\\napp_id=(\\d{16})\\n")).match(config);
    QVERIFY2(appId.hasMatch(), qPrintable(config));
    for (const char* line : {"sign_mode=public_key", "app_private_key=app_private_key.pem",
                             "alipay_public_key=alipay_public_key.pem", "connect_timeout_ms=5000", "timeout_ms=15000"})
        QVERIFY2(config.contains(QLatin1String(line)), line);

    const ProcessResult second = initSandbox(dir.path());
    QCOMPARE(second.exitCode, 0);
    QVERIFY(second.out.contains("kept:"));
    QVERIFY(!second.out.contains("created:"));
    QCOMPARE(snapshot(dir.path()), before);
    QVERIFY(QString::fromUtf8(readFile(dir.filePath(QStringLiteral("counterpay.ini")))).contains(appId.captured(0)));
}

void TestSandboxLifecycle::serveAnnouncesAndRecordsTheUrl()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    QProcess serve;
    serve.start(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(serve.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine(), 20000);
    const QString line = QString::fromUtf8(serve.readLine());
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)\\n$")).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    QVERIFY(readFile(dir.filePath(QStringLiteral("counterpay.ini")))
                .contains(QByteArray("\nurl=http://127.0.0.1:" + match.captured(1).toUtf8() + "/gateway.do\n")));
    // The log goes to stderr; stdout has nothing but that line.
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
    QCOMPARE(serve.readAllStandardOutput(), QByteArray());
}

void TestSandboxLifecycle::serveKeepsTheUsersConfigLines()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    QByteArray edited = readFile(path);
    edited.replace("timeout_ms=15000", "; my own note\ntimeout_ms=9000");
    edited += "\n[printer]\n; the receipt printer\nname=EPSON TM-T20\n";
    writeFile(path, edited);

    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    const QByteArray after = readFile(path);
    QByteArray expected = edited;
    expected.replace(
        QRegularExpression(QStringLiteral("\nurl=[^\n]*\n")).match(QString::fromUtf8(edited)).captured(0).toUtf8(),
        QByteArray("\nurl=" + sandbox.gatewayUrl().toString().toUtf8() + "\n"));
    QCOMPARE(after, expected);
    QCOMPARE(sandbox.stop(), 0);
}

void TestSandboxLifecycle::signalsStopCleanly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestSandboxLifecycle::signalsStopCleanly()
{
    QFETCH(int, signalNumber);
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    QProcess serve;
    serve.start(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path()});
    QVERIFY(serve.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(serve.canReadLine(), 20000);
    QCOMPARE(::kill(static_cast<pid_t>(serve.processId()), signalNumber), 0);
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    QVERIFY(serve.readAllStandardError().contains("stopping"));
}

void TestSandboxLifecycle::restartKeepsTrades()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    SandboxClient client(sandbox.configPath());
    QVERIFY(client.isValid());

    const QString paid = uniqueTradeNo(QStringLiteral("KEEP-PAID"));
    const QString waiting = uniqueTradeNo(QStringLiteral("KEEP-QR"));
    const QString later = uniqueTradeNo(QStringLiteral("KEEP-LATER"));
    const QString qr = client.call(kPrecreate, precreateBiz(waiting))->node.value(u"qr_code").toString();
    QVERIFY(client.call(kPrecreate, precreateBiz(paid))->isSuccess());
    QCOMPARE(sandbox.customer(QStringLiteral("pay"), paid).status, 200);
    QVERIFY(client
                .call(kRefund, {{QStringLiteral("out_trade_no"), paid},
                                {QStringLiteral("refund_amount"), QStringLiteral("1.90")},
                                {QStringLiteral("out_request_no"), QStringLiteral("R1")}})
                ->isSuccess());
    const QString firstTradeNo =
        client.call(kQuery, {{QStringLiteral("out_trade_no"), paid}})->node.value(u"trade_no").toString();
    // Paid 3 s from now: the decision is in the database, not in a timer.
    QCOMPARE(client
                 .call(kPay, {{QStringLiteral("out_trade_no"), later},
                              {QStringLiteral("scene"), QStringLiteral("bar_code")},
                              {QStringLiteral("auth_code"), QStringLiteral("281003000000000001")},
                              {QStringLiteral("total_amount"), QStringLiteral("1.00")},
                              {QStringLiteral("subject"), QStringLiteral("Later")}})
                 ->code(),
             QStringLiteral("10003"));
    QCOMPARE(sandbox.stop(), 0);

    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    SandboxClient again(sandbox.configPath());
    auto queried = again.call(kQuery, {{QStringLiteral("out_trade_no"), paid}});
    QVERIFY(queried.ok());
    QCOMPARE(queried->node.value(u"trade_status").toString(), QStringLiteral("TRADE_SUCCESS"));
    QCOMPARE(queried->node.value(u"trade_no").toString(), firstTradeNo);
    QCOMPARE(sandbox.trade(paid).value(u"refunded_amount").toString(), QStringLiteral("1.90"));
    QCOMPARE(again
                 .call(kRefund, {{QStringLiteral("out_trade_no"), paid},
                                 {QStringLiteral("refund_amount"), QStringLiteral("1.90")},
                                 {QStringLiteral("out_request_no"), QStringLiteral("R1")}})
                 ->node.value(u"fund_change")
                 .toString(),
             QStringLiteral("N"));
    QCOMPARE(sandbox.trade(waiting).value(u"state").toString(), QStringLiteral("PRECREATED"));
    // The QR of before the restart still opens (on the new port) and can be paid.
    QUrl oldQr(qr);
    oldQr.setPort(sandbox.baseUrl().port());
    QCOMPARE(httpGet(oldQr).status, 200);
    QCOMPARE(sandbox.customer(QStringLiteral("pay"), waiting).status, 200);
    const QString secondTradeNo =
        again.call(kQuery, {{QStringLiteral("out_trade_no"), waiting}})->node.value(u"trade_no").toString();
    QVERIFY2(secondTradeNo.right(13).toLongLong() > firstTradeNo.right(13).toLongLong(), qPrintable(secondTradeNo));
    QTRY_COMPARE_WITH_TIMEOUT(sandbox.trade(later).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"), 8000);
    QCOMPARE(sandbox.stop(), 0);
}

void TestSandboxLifecycle::badArguments()
{
    QTemporaryDir dir;
    const ProcessResult notInitialised =
        run(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path()});
    QCOMPARE(notInitialised.exitCode, 7);
    QVERIFY(notInitialised.err.contains("counterpay-sandbox init"));
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);

    const QList<QStringList> usage{
        {QStringLiteral("frobnicate")},
        {QStringLiteral("init")},
        {QStringLiteral("init"), dir.path(), QStringLiteral("--bogus")},
        {QStringLiteral("serve")},
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--port"),
         QStringLiteral("x")},
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--port"),
         QStringLiteral("70000")},
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--host"),
         QStringLiteral("my laptop")},
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--seed"),
         QStringLiteral("-1")},
        {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--notify-attempts"),
         QStringLiteral("0")},
    };
    for (const QStringList& arguments : usage) {
        const ProcessResult result = run(sandboxProgram(), arguments);
        QVERIFY2(result.exitCode == 2,
                 qPrintable(arguments.join(u' ') + QStringLiteral(": ") + QString::number(result.exitCode)));
        QVERIFY(result.out.isEmpty());
    }

    // A port in use: a network problem, said plainly.
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const ProcessResult busy = run(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(),
                                                      QStringLiteral("--port"), QString::number(taken.serverPort())});
    QCOMPARE(busy.exitCode, 5);
    QVERIFY(busy.err.contains("cannot listen"));
}

void TestSandboxLifecycle::bindsWhereToldAndWritesAReachableUrl()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path(), {QStringLiteral("--host"), QStringLiteral("0.0.0.0")}),
             qPrintable(sandbox.error()));
    QCOMPARE(sandbox.baseUrl().host(), QStringLiteral("0.0.0.0"));
    SandboxClient client(sandbox.configPath());
    QVERIFY(client.isValid());
    QCOMPARE(client.config().gatewayUrl.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(client.config().gatewayUrl.port(), sandbox.baseUrl().port());
    // QR links follow the address the client used.
    const QString qr =
        client.call(kPrecreate, precreateBiz(uniqueTradeNo(QStringLiteral("HOST"))))->node.value(u"qr_code").toString();
    QVERIFY2(qr.startsWith(QStringLiteral("http://127.0.0.1:%1/qr/").arg(sandbox.baseUrl().port())), qPrintable(qr));
    QCOMPARE(sandbox.stop(), 0);

    // --public-url: links a phone on the LAN can open, whatever address the cashier used.
    QVERIFY2(sandbox.start(dir.path(), {QStringLiteral("--public-url"), QStringLiteral("http://192.0.2.10:8470")}),
             qPrintable(sandbox.error()));
    SandboxClient lan(sandbox.configPath());
    const QString lanQr =
        lan.call(kPrecreate, precreateBiz(uniqueTradeNo(QStringLiteral("LAN"))))->node.value(u"qr_code").toString();
    QVERIFY2(lanQr.startsWith(QStringLiteral("http://192.0.2.10:8470/qr/bax")), qPrintable(lanQr));
    QCOMPARE(sandbox.stop(), 0);
    QCOMPARE(run(sandboxProgram(), {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(),
                                    QStringLiteral("--public-url"), QStringLiteral("ftp://x")})
                 .exitCode,
             2);
}

void TestSandboxLifecycle::certificateMode()
{
    QTemporaryDir dir;
    const ProcessResult init = initSandbox(dir.path(), {QStringLiteral("--cert-mode")});
    QCOMPARE(init.exitCode, 0);
    QVERIFY(init.out.contains("sign mode:  certificate"));
    for (const char* file : {"app_cert.crt", "alipay_cert.crt", "alipay_root_cert.crt"})
        QVERIFY2(QFile::exists(dir.filePath(QLatin1String(file))), file);
    const QByteArray bundle = readFile(dir.filePath(QStringLiteral("alipay_root_cert.crt")));
    QCOMPARE(bundle.count("BEGIN CERTIFICATE"), 3);

    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    SandboxClient client(sandbox.configPath());
    QVERIFY2(client.isValid(), qPrintable(client.error()));
    const config::GatewayConfig& config = client.config();
    QCOMPARE(config.signMode, config::GatewayConfig::SignMode::Certificate);
    // The ECDSA root is skipped: two RSA roots, joined with '_'.
    QVERIFY2(
        QRegularExpression(QStringLiteral("^[0-9a-f]{32}_[0-9a-f]{32}$")).match(config.alipayRootCertSn).hasMatch(),
        qPrintable(config.alipayRootCertSn));

    const QString no = uniqueTradeNo(QStringLiteral("CERT"));
    const HttpResult reply = client.post(client.sign(kPrecreate, precreateBiz(no)));
    QVERIFY2(
        reply.body.contains(QByteArray(",\"alipay_cert_sn\":\"" + config.alipayCertSn.toLatin1() + "\",\"sign\":\"")),
        reply.body.constData());
    auto verified = client.verify(reply, kPrecreate);
    QVERIFY2(verified.ok(), qPrintable(verified ? QString() : verified.error().toString()));
    QCOMPARE(verified->certSn, config.alipayCertSn);
    QCOMPARE(verified->code(), QStringLiteral("10000"));

    const auto refusedWith = [&](const QString& key, const QString& value) {
        alipay::Params params = client.sign(kQuery, {{QStringLiteral("out_trade_no"), no}});
        if (value.isEmpty())
            params.remove(key);
        else
            params.set(key, value);
        params.remove(QStringLiteral("sign"));
        params.set(QStringLiteral("sign"),
                   *alipay::Rsa2::sign(config.appPrivateKey, alipay::SignContent::forRequest(params)));
        auto answer = client.verify(client.post(params), kQuery);
        return answer ? answer->code() + u' ' + answer->subCode() : answer.error().toString();
    };
    QCOMPARE(refusedWith(QStringLiteral("app_cert_sn"), QStringLiteral("0123456789abcdef0123456789abcdef")),
             QStringLiteral("40002 isv.invalid-app-cert-sn"));
    QCOMPARE(refusedWith(QStringLiteral("alipay_root_cert_sn"), config.alipayRootCertSn.left(32)),
             QStringLiteral("40002 isv.invalid-alipay-root-cert-sn"));
    QCOMPARE(refusedWith(QStringLiteral("app_cert_sn"), QString()), QStringLiteral("40001 isv.missing-app-cert-sn"));
    QCOMPARE(refusedWith(QStringLiteral("alipay_root_cert_sn"), QString()),
             QStringLiteral("40001 isv.missing-alipay-root-cert-sn"));
    QCOMPARE(refusedWith(QStringLiteral("charset"), QStringLiteral("utf-8")),
             QStringLiteral("40004 ACQ.TRADE_NOT_EXIST"));
    QCOMPARE(sandbox.stop(), 0);
}

void TestSandboxLifecycle::certificateModeOnAnExistingDirectory()
{
    QTemporaryDir dir;
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    const QMap<QString, QByteArray> before = snapshot(dir.path());
    QCOMPARE(initSandbox(dir.path(), {QStringLiteral("--cert-mode")}).exitCode, 0);
    QCOMPARE(snapshot(dir.path()), before);
    QVERIFY(readFile(dir.filePath(QStringLiteral("counterpay.ini"))).contains("\nsign_mode=certificate\n"));
    // Run again without the flag: still certificate mode, same certificates.
    const QByteArray appCert = readFile(dir.filePath(QStringLiteral("app_cert.crt")));
    QCOMPARE(initSandbox(dir.path()).exitCode, 0);
    QCOMPARE(readFile(dir.filePath(QStringLiteral("app_cert.crt"))), appCert);
    SandboxProcess sandbox;
    QVERIFY2(sandbox.start(dir.path()), qPrintable(sandbox.error()));
    SandboxClient client(sandbox.configPath());
    QVERIFY2(client.isValid(), qPrintable(client.error()));
    QVERIFY(client.call(kQuery, {{QStringLiteral("out_trade_no"), QStringLiteral("X")}}).ok());
    QCOMPARE(sandbox.stop(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxLifecycle)
#include "TestSandboxLifecycle.moc"
