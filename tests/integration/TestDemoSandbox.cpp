// Demo mode's sandbox (issue 8): counterpay-sandbox as the app's child process, its config wired to a
// till's notifications, the simulated customer, phone mode, and no process left behind, also when
// the app is killed. The killed app is this test binary run again with --demo-child DIR.
#include "TestSupport.h"
#include "common/IniFile.h"
#include "demo/DemoConfig.h"
#include "demo/DemoSandbox.h"
#include "demo/SandboxProcesses.h"
#include "payment/Till.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <memory>

using namespace counterpay;
using demo::DemoSandbox;
namespace processes = demo::processes;

namespace {

const QString kSandbox = QStringLiteral(COUNTERPAY_SANDBOX);

struct Answer
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
};

Answer httpGet(const QUrl& url)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    QNetworkReply* reply = network.get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(15000);
    Answer answer{reply->error(), reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    delete reply;
    return answer;
}

// The customer's answer, waited for in the event loop.
Result<QJsonObject> customer(DemoSandbox& sandbox, DemoSandbox::Action action, const QString& outTradeNo)
{
    std::optional<Result<QJsonObject>> answer;
    sandbox.customer(action, outTradeNo, [&](const Result<QJsonObject>& result) { answer = result; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 15000))
        return Error::network(QStringLiteral("no answer from customer()"));
    return *answer;
}

QString describe(const Error& error)
{
    return error.toString();
}

} // namespace

class TestDemoSandbox : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void programIsFoundNextToTheAppInTheBuildTree();
    void missingProgramIsAClearError();
    void wiringKeepsWhatThePersonWrote();
    void startPayAndStop();
    void customerErrorsAreValues();
    void crashIsSignalled();
    void killedAppTakesTheSandboxAlong();
    void sandboxLeftBehindIsStopped();
    void anotherLiveSandboxIsRefused();
    void phoneModeAndBack();
    void phoneModeWithoutANetworkAddress();
    void phoneModeMovesWhenThePortIsTaken();

private:
    // A copy of one `init`ed environment: `init` makes two RSA keys, which takes a second.
    bool copyEnvironment(const QString& to) const;
    // Loads the till from the demo's config and starts a QR payment; the order number and its QR.
    static std::pair<QString, QString> startQr(payment::Till& till, qint64 fen);

    QTemporaryDir m_template;
};

void TestDemoSandbox::initTestCase()
{
    QVERIFY(m_template.isValid());
    QCOMPARE(test::run(kSandbox, {QStringLiteral("init"), m_template.path()}).exitCode, 0);
}

bool TestDemoSandbox::copyEnvironment(const QString& to) const
{
    for (const QString& name : QDir(m_template.path()).entryList(QDir::Files))
        if (!QFile::copy(QDir(m_template.path()).filePath(name), QDir(to).filePath(name)))
            return false;
    const QString sandbox = QStringLiteral("sandbox");
    if (!QDir(to).mkdir(sandbox))
        return false;
    for (const QString& name : QDir(m_template.filePath(sandbox)).entryList(QDir::Files))
        if (!QFile::copy(QDir(m_template.filePath(sandbox)).filePath(name), QDir(to).filePath(sandbox + u'/' + name)))
            return false;
    return true;
}

std::pair<QString, QString> TestDemoSandbox::startQr(payment::Till& till, qint64 fen)
{
    QSignalSpy qr(&till, &payment::Till::qrReady);
    auto started = till.startPayment({Money::fromFen(fen), {}, {}, std::optional<qint64>(120'000)});
    if (!started) {
        qWarning("startPayment: %s", qPrintable(started.error().toString()));
        return {};
    }
    if (qr.isEmpty() && !qr.wait(10000))
        return {};
    return {started->outTradeNo, qr.first().first().toString()};
}

void TestDemoSandbox::programIsFoundNextToTheAppInTheBuildTree()
{
    // build/app/counterpay -> build/sandbox/counterpay-sandbox
    const QString appDir = QStringLiteral(COUNTERPAY_BINARY_DIR "/app");
    const QStringList candidates = DemoSandbox::programCandidates(appDir);
    QVERIFY(candidates.contains(QFileInfo(kSandbox).absoluteFilePath()));
    QVERIFY(candidates.contains(appDir + QStringLiteral("/counterpay-sandbox")));
}

void TestDemoSandbox::missingProgramIsAClearError()
{
    QTemporaryDir dir;
    DemoSandbox sandbox;
    sandbox.setProgram(dir.filePath(QStringLiteral("counterpay-sandbox")));
    auto started = sandbox.start(dir.filePath(QStringLiteral("demo")));
    QVERIFY(!started);
    QVERIFY2(started.error().message().contains(QStringLiteral("The demo needs counterpay-sandbox")),
             qPrintable(describe(started.error())));
    QVERIFY(!sandbox.isRunning());

    // From this test's folder it is not next to the program; unless installed, the error names it.
    auto found = DemoSandbox::findProgram();
    if (!found)
        QVERIFY2(found.error().message().contains(QStringLiteral("The demo needs counterpay-sandbox")),
                 qPrintable(describe(found.error())));
    else
        QVERIFY(QFileInfo(*found).isExecutable());
}

void TestDemoSandbox::wiringKeepsWhatThePersonWrote()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("counterpay.ini"));
    test::writeFile(path, "; top comment\n[gateway]\nurl=http://127.0.0.1:1/gateway.do\napp_id=2021\nnotify_url=\n"
                          "[notify]\n; mine\nport=9999   ; a port I like\nseller_id=2088000000000001\n");
    demo::PortProbe busy{[](quint16) { return false; }, [] { return quint16(45678); }};
    auto wired = demo::wireNotifications(path, busy);
    QVERIFY2(wired, qPrintable(wired ? QString() : describe(wired.error())));
    QCOMPARE(wired->appId, QStringLiteral("2021"));
    QCOMPARE(wired->notifyPort, quint16(45678)); // 9999 was taken
    QCOMPARE(wired->notifyUrl, QStringLiteral("http://127.0.0.1:45678/alipay/notify"));
    QVERIFY(wired->written);
    const QByteArray text = test::readFile(path);
    QVERIFY(text.contains("; top comment\n"));
    QVERIFY(text.contains("; mine\n"));
    QVERIFY(text.contains("port=45678   ; a port I like\n"));
    QVERIFY(text.contains("seller_id=2088000000000001\n"));
    QVERIFY(text.contains("enabled=true\n"));
    QVERIFY(text.contains("notify_url=http://127.0.0.1:45678/alipay/notify\n"));

    // The next start keeps the port while it is free, and leaves the file alone.
    demo::PortProbe free{[](quint16) { return true; }, [] { return quint16(1); }};
    auto again = demo::wireNotifications(path, free);
    QVERIFY(again);
    QCOMPARE(again->notifyPort, quint16(45678));
    QVERIFY(!again->written);
    QCOMPARE(test::readFile(path), text);
}

void TestDemoSandbox::startPayAndStop()
{
    QTemporaryDir dir;
    const QString dataDir = dir.filePath(QStringLiteral("demo"));
    qint64 pid = 0;
    {
        DemoSandbox sandbox;
        sandbox.setProgram(kSandbox);
        auto started = sandbox.start(dataDir);
        QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
        qInfo("first start (init + serve): %lld ms", started->elapsedMs);
        QVERIFY(started->initialised);
        QCOMPARE(started->configPath, QDir(dataDir).filePath(QStringLiteral("counterpay.ini")));
        QCOMPARE(started->baseUrl.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(started->notifyPort > 0);
        pid = sandbox.processId();
        QVERIFY(processes::isAlive(pid));
        QVERIFY(QFile::exists(QDir(dataDir).filePath(QStringLiteral("demo-sandbox.pid"))));

        auto ini = IniFile::load(started->configPath);
        QVERIFY(ini);
        QCOMPARE(ini->value(QStringLiteral("notify"), QStringLiteral("enabled")), QStringLiteral("true"));
        QCOMPARE(ini->value(QStringLiteral("notify"), QStringLiteral("port")), QString::number(started->notifyPort));
        QCOMPARE(ini->value(QStringLiteral("gateway"), QStringLiteral("notify_url")),
                 QStringLiteral("http://127.0.0.1:%1/alipay/notify").arg(started->notifyPort));
        QCOMPARE(ini->value(QStringLiteral("gateway"), QStringLiteral("url")),
                 started->baseUrl.toString() + QStringLiteral("/gateway.do"));

        payment::Till till;
        auto loaded = till.load(started->configPath);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : describe(loaded.error())));
        QVERIFY(till.isSandbox());
        auto port = till.listenForNotifications();
        QVERIFY(port && *port == started->notifyPort);

        const auto [outTradeNo, qr] = startQr(till, 1234);
        QVERIFY(!outTradeNo.isEmpty());
        QCOMPARE(QUrl(qr).host(), QStringLiteral("127.0.0.1"));
        QSignalSpy paid(&till, &payment::Till::paid);
        QElapsedTimer timer;
        timer.start();
        auto trade = customer(sandbox, DemoSandbox::Action::Pay, outTradeNo);
        QVERIFY2(trade, qPrintable(trade ? QString() : describe(trade.error())));
        QCOMPARE(trade->value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));
        // The notification tells the till before its first query would (1.5 s).
        QTRY_COMPARE_WITH_TIMEOUT(paid.size(), 1, 10000);
        qInfo("customer pays -> till paid: %lld ms", timer.elapsed());
        const QByteArray notifications =
            httpGet(QUrl(started->baseUrl.toString() + QStringLiteral("/sandbox/notifications"))).body;
        QVERIFY2(notifications.contains("\"delivered\""), notifications.constData());

        QVERIFY(sandbox.stop());
        QVERIFY(!sandbox.isRunning());
        QVERIFY(!processes::isAlive(pid));
        QVERIFY(!QFile::exists(QDir(dataDir).filePath(QStringLiteral("demo-sandbox.pid"))));
    }

    // The next launch: no init, and what a person added to the config stays.
    {
        QFile file(QDir(dataDir).filePath(QStringLiteral("counterpay.ini")));
        QVERIFY(file.open(QIODevice::Append));
        file.write("; my own note\n[payment]\nqr_lifetime_s=600\n");
    }
    auto sandbox = std::make_unique<DemoSandbox>();
    sandbox->setProgram(kSandbox);
    auto again = sandbox->start(dataDir);
    QVERIFY2(again, qPrintable(again ? QString() : describe(again.error())));
    qInfo("next start (serve only): %lld ms", again->elapsedMs);
    QVERIFY(!again->initialised);
    QVERIFY(again->notes.isEmpty());
    QVERIFY2(again->elapsedMs < 1500, qPrintable(QString::number(again->elapsedMs)));
    const QByteArray text = test::readFile(again->configPath);
    QVERIFY(text.contains("; my own note\n[payment]\nqr_lifetime_s=600\n"));
    pid = sandbox->processId();
    QVERIFY(processes::isAlive(pid));
    // The destructor stops it.
    sandbox.reset();
    QVERIFY(!processes::isAlive(pid));
}

void TestDemoSandbox::customerErrorsAreValues()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);

    // Not running: an error, and later (never inside the call).
    bool called = false;
    sandbox.customer(DemoSandbox::Action::Pay, QStringLiteral("X"), [&](const Result<QJsonObject>&) { called = true; });
    QVERIFY(!called);
    QTRY_VERIFY(called);

    auto started = sandbox.start(dir.path());
    QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
    auto unknown = customer(sandbox, DemoSandbox::Action::Pay, QStringLiteral("NO-SUCH-ORDER"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().category(), Error::Category::Business);
    QVERIFY(!unknown.error().subCode().isEmpty());

    // A destroyed context: the callback is not run.
    auto* context = new QObject;
    called = false;
    sandbox.customer(
        DemoSandbox::Action::Scan, QStringLiteral("NO-SUCH-ORDER"), [&](const Result<QJsonObject>&) { called = true; },
        context);
    delete context;
    QTest::qWait(300);
    QVERIFY(!called);
}

void TestDemoSandbox::crashIsSignalled()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(dir.path());
    QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
    QSignalSpy stopped(&sandbox, &DemoSandbox::stoppedUnexpectedly);
    ::kill(static_cast<pid_t>(sandbox.processId()), SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 1, 5000);
    QVERIFY(stopped.first().first().toString().contains(QStringLiteral("stopped unexpectedly")));
    QVERIFY(!sandbox.isRunning());
    QVERIFY(!QFile::exists(QDir(dir.path()).filePath(QStringLiteral("demo-sandbox.pid"))));
    // Started again, on the same port: the till's config still holds.
    QSignalSpy moved(&sandbox, &DemoSandbox::gatewayMoved);
    auto again = sandbox.start(dir.path());
    QVERIFY2(again, qPrintable(again ? QString() : describe(again.error())));
    QCOMPARE(again->baseUrl, started->baseUrl);
    QCOMPARE(moved.size(), 0);

    // Unless the port was taken meanwhile: then the till is told.
    const quint16 port = static_cast<quint16>(started->baseUrl.port());
    ::kill(static_cast<pid_t>(sandbox.processId()), SIGKILL);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.size(), 2, 5000);
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port));
    auto moving = sandbox.start(dir.path());
    QVERIFY2(moving, qPrintable(moving ? QString() : describe(moving.error())));
    QVERIFY(moving->baseUrl.port() != port);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().first().toString(), moving->configPath);
}

void TestDemoSandbox::killedAppTakesTheSandboxAlong()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    QProcess app;
    app.start(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo-child"), dir.path()});
    QVERIFY(app.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (!app.canReadLine() && app.state() == QProcess::Running && timer.elapsed() < 20000)
        app.waitForReadyRead(200);
    const QByteArray line = app.readLine().trimmed();
    QVERIFY2(line.startsWith("ready "), QByteArray(line + app.readAllStandardError()).constData());
    const qint64 sandboxPid = line.mid(6).toLongLong();
    QVERIFY(processes::isAlive(sandboxPid));
    QCOMPARE(processes::servingSandboxes(dir.path()).size(), 1);

    ::kill(static_cast<pid_t>(app.processId()), SIGKILL);
    QVERIFY(app.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!processes::isAlive(sandboxPid), 2000);
    QVERIFY(processes::servingSandboxes(dir.path()).isEmpty());
}

void TestDemoSandbox::sandboxLeftBehindIsStopped()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    // A sandbox of an earlier run whose app is gone: not our child, recorded in the pid file.
    qint64 stale = 0;
    QProcess detached;
    detached.setProgram(kSandbox);
    detached.setArguments({QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--port"),
                           QStringLiteral("0"), QStringLiteral("--quiet")});
    detached.setStandardOutputFile(QProcess::nullDevice());
    detached.setStandardErrorFile(QProcess::nullDevice());
    QVERIFY(detached.startDetached(&stale));
    QTRY_COMPARE(processes::servingSandboxes(dir.path()).size(), 1);
    test::writeFile(QDir(dir.path()).filePath(QStringLiteral("demo-sandbox.pid")),
                    QByteArray::number(stale) + ' ' + QByteArray::number(QCoreApplication::applicationPid()) + '\n');

    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(dir.path());
    QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
    QCOMPARE(started->notes.size(), 1);
    QVERIFY2(started->notes.first().contains(QString::number(stale)), qPrintable(started->notes.first()));
    QVERIFY(!processes::isAlive(stale));
    const auto serving = processes::servingSandboxes(dir.path());
    QCOMPARE(serving.size(), 1);
    QCOMPARE(serving.first().pid, sandbox.processId());
}

void TestDemoSandbox::anotherLiveSandboxIsRefused()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    // Two sandboxes on one folder would both deliver its pending notifications and settle its
    // scheduled payments, and each rewrites url=: a live one that is not ours is left alone.
    QProcess other;
    other.start(kSandbox, {QStringLiteral("serve"), QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--port"),
                           QStringLiteral("0"), QStringLiteral("--quiet")});
    QVERIFY(other.waitForReadyRead(10000));

    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(dir.path());
    QVERIFY(!started);
    QVERIFY2(started.error().message().contains(QStringLiteral("already serving")),
             qPrintable(describe(started.error())));
    QVERIFY(started.error().message().contains(QString::number(other.processId())));
    QCOMPARE(other.state(), QProcess::Running);
    other.terminate();
    QVERIFY(other.waitForFinished(5000));
}

void TestDemoSandbox::phoneModeAndBack()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(dir.path());
    QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
    const int port = started->baseUrl.port();
    const QByteArray config = test::readFile(started->configPath);
    payment::Till till;
    QVERIFY(till.load(started->configPath));
    QVERIFY(till.listenForNotifications());
    QSignalSpy moved(&sandbox, &DemoSandbox::gatewayMoved);

    // This machine's own address, when it has one; CI may not.
    auto lan = sandbox.lanAddress();
    if (lan)
        QVERIFY(lan->protocol() == QAbstractSocket::IPv4Protocol && !lan->isLoopback());
    else
        QVERIFY(lan.error().message().contains(QStringLiteral("no network address a phone could reach")));

    // 127.0.0.2 is not loopback's usual address, yet reachable on Linux: it shows the sandbox binds
    // every interface and links to the LAN address.
    sandbox.setLanAddressOverride(QHostAddress(QStringLiteral("127.0.0.2")));
    QElapsedTimer timer;
    timer.start();
    auto publicUrl = sandbox.startPhoneMode();
    QVERIFY2(publicUrl, qPrintable(publicUrl ? QString() : describe(publicUrl.error())));
    qInfo("restart into phone mode: %lld ms", timer.elapsed());
    QCOMPARE(*publicUrl, QUrl(QStringLiteral("http://127.0.0.2:%1").arg(port)));
    QVERIFY(sandbox.isPhoneMode());
    QCOMPARE(sandbox.baseUrl().port(), port);
    QCOMPARE(sandbox.baseUrl().host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(test::readFile(started->configPath), config); // the till's url= still holds
    QCOMPARE(moved.size(), 0);

    const auto [outTradeNo, qr] = startQr(till, 500);
    QVERIFY(!outTradeNo.isEmpty());
    QCOMPARE(QUrl(qr).host(), QStringLiteral("127.0.0.2"));
    QCOMPARE(QUrl(qr).port(), port);
    const Answer page = httpGet(QUrl(qr));
    QCOMPARE(page.status, 200);
    QSignalSpy paid(&till, &payment::Till::paid);
    QVERIFY(customer(sandbox, DemoSandbox::Action::Pay, outTradeNo));
    QTRY_COMPARE_WITH_TIMEOUT(paid.size(), 1, 10000);
    QTRY_VERIFY(!till.isPaymentLive());

    timer.restart();
    QVERIFY(sandbox.stopPhoneMode());
    qInfo("restart back to loopback: %lld ms", timer.elapsed());
    QVERIFY(!sandbox.isPhoneMode());
    QCOMPARE(sandbox.baseUrl().port(), port);
    QCOMPARE(moved.size(), 0);
    const auto [second, secondQr] = startQr(till, 600);
    QVERIFY(!second.isEmpty());
    QCOMPARE(QUrl(secondQr).host(), QStringLiteral("127.0.0.1"));
    // Loopback only again.
    QVERIFY(httpGet(QUrl(QStringLiteral("http://127.0.0.2:%1/").arg(port))).error != QNetworkReply::NoError);
    till.stopPayment();
    QTRY_VERIFY(!till.isPaymentLive());
}

void TestDemoSandbox::phoneModeWithoutANetworkAddress()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    QVERIFY(sandbox.start(dir.path()));
    const qint64 pid = sandbox.processId();
    sandbox.setLanAddressOverride(QHostAddress());
    auto phone = sandbox.startPhoneMode();
    QVERIFY(!phone);
    QVERIFY(phone.error().message().contains(QStringLiteral("no network address a phone could reach")));
    // Nothing was restarted.
    QVERIFY(sandbox.isRunning());
    QCOMPARE(sandbox.processId(), pid);
    QVERIFY(!sandbox.isPhoneMode());
    QVERIFY(!DemoSandbox::phoneModeWarning().isEmpty());
}

void TestDemoSandbox::phoneModeMovesWhenThePortIsTaken()
{
    QTemporaryDir dir;
    QVERIFY(copyEnvironment(dir.path()));
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(dir.path());
    QVERIFY2(started, qPrintable(started ? QString() : describe(started.error())));
    const quint16 port = static_cast<quint16>(started->baseUrl.port());
    sandbox.setLanAddressOverride(QHostAddress(QStringLiteral("127.0.0.2")));
    QSignalSpy moved(&sandbox, &DemoSandbox::gatewayMoved);

    // Someone holds the port on another address: every interface cannot be bound on it.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress(QStringLiteral("127.0.0.2")), port));

    // A port asked for: an error, and the sandbox is back on loopback as it was.
    auto fixed = sandbox.startPhoneMode(port);
    QVERIFY(!fixed);
    QVERIFY2(fixed.error().message().contains(QStringLiteral("did not start")), qPrintable(describe(fixed.error())));
    QVERIFY(sandbox.isRunning());
    QVERIFY(!sandbox.isPhoneMode());
    QCOMPARE(sandbox.baseUrl().port(), port);
    QCOMPARE(moved.size(), 0);

    // The current port: another one, and the till is told to reload its config.
    auto publicUrl = sandbox.startPhoneMode();
    QVERIFY2(publicUrl, qPrintable(publicUrl ? QString() : describe(publicUrl.error())));
    QVERIFY(publicUrl->port() != port);
    QCOMPARE(publicUrl->port(), sandbox.baseUrl().port());
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.first().first().toString(), started->configPath);
    auto ini = IniFile::load(started->configPath);
    QVERIFY(ini);
    QCOMPARE(ini->value(QStringLiteral("gateway"), QStringLiteral("url")),
             QStringLiteral("http://127.0.0.1:%1/gateway.do").arg(publicUrl->port()));
    payment::Till till;
    QVERIFY(till.load(started->configPath));
    const auto [outTradeNo, qr] = startQr(till, 700);
    QCOMPARE(QUrl(qr).host(), QStringLiteral("127.0.0.2"));
    QCOMPARE(QUrl(qr).port(), publicUrl->port());
    till.stopPayment();
    QTRY_VERIFY(!till.isPaymentLive());

    // Back to loopback keeps the new port.
    QVERIFY(sandbox.stopPhoneMode());
    QCOMPARE(sandbox.baseUrl().port(), publicUrl->port());
    QCOMPARE(moved.size(), 1);
}

// `--demo-child DIR`: the app that gets killed. Prints "ready SANDBOX_PID", then waits.
static int demoChild(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    DemoSandbox sandbox;
    sandbox.setProgram(kSandbox);
    auto started = sandbox.start(QString::fromLocal8Bit(argv[2]));
    if (!started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error().toString()));
        return 1;
    }
    std::printf("ready %lld\n", sandbox.processId());
    std::fflush(stdout);
    return QCoreApplication::exec();
}

int main(int argc, char** argv)
{
    if (argc == 3 && qstrcmp(argv[1], "--demo-child") == 0)
        return demoChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestDemoSandbox test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "TestDemoSandbox.moc"
