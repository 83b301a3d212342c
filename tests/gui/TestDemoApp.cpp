// The `counterpay` executable in demo mode (`--demo`), as a user starts it: with no configuration it starts its
// sandbox as a child process, and leaves none behind when it is asked to quit or when it is killed.
// The app runs offscreen with its own HOME, so the demo's data folder is a fresh temporary one.
#include "demo/SandboxProcesses.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace counterpay;
namespace processes = demo::processes;

namespace {

const QString kApp = QStringLiteral(COUNTERPAY_APP);

// A started app and the sandbox it runs for the demo.
struct DemoApp
{
    QTemporaryDir home;
    QProcess process;
    qint64 sandboxPid = 0;

    QString demoDir() const { return home.filePath(QStringLiteral("data/CounterPay/counterpay/demo")); }

    // Starts the app's demo (with no configuration, the app would ask first) and waits for its sandbox to
    // serve the demo's folder.
    bool start(QStringList arguments = {QStringLiteral("--demo")}, int waitMs = 20000)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("HOME"), home.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(kApp, arguments);
        if (!process.waitForStarted(5000))
            return false;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < waitMs && process.state() == QProcess::Running) {
            for (const processes::ServingSandbox& sandbox : processes::servingSandboxes(demoDir())) {
                if (sandbox.parentPid == process.processId())
                    sandboxPid = sandbox.pid;
            }
            if (sandboxPid != 0 && QFile::exists(QDir(demoDir()).filePath(QStringLiteral("counterpay.ini"))))
                return true;
            QTest::qWait(50);
        }
        return false;
    }

    ~DemoApp()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
        if (sandboxPid != 0)
            processes::terminate(sandboxPid, 2000);
    }
};

// The demo's app id, as its configuration names it.
QByteArray appIdIn(const QString& configPath)
{
    QFile config(configPath);
    if (!config.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : config.readAll().split('\n')) {
        if (line.trimmed().startsWith("app_id"))
            return line.trimmed();
    }
    return {};
}

} // namespace

class TestDemoApp : public QObject
{
    Q_OBJECT

private slots:
    void quitStopsTheSandbox();
    void killedAppTakesTheSandboxAlong();
    void secondStartUsesTheSameDemo();
    void withoutDemoItAsksFirst();
};

void TestDemoApp::quitStopsTheSandbox()
{
    DemoApp app;
    QVERIFY(app.home.isValid());
    QVERIFY2(app.start(), "the app did not start its sandbox");
    QVERIFY(processes::isAlive(app.sandboxPid));

    // What a desktop session's logout or `kill` sends: the app quits as from its window.
    ::kill(static_cast<pid_t>(app.process.processId()), SIGTERM);
    QVERIFY(app.process.waitForFinished(10000));
    QCOMPARE(app.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.process.exitCode(), 0);
    QVERIFY(!processes::isAlive(app.sandboxPid));
    QVERIFY(processes::servingSandboxes(app.demoDir()).isEmpty());
}

void TestDemoApp::killedAppTakesTheSandboxAlong()
{
    DemoApp app;
    QVERIFY2(app.start(), "the app did not start its sandbox");

    ::kill(static_cast<pid_t>(app.process.processId()), SIGKILL);
    QVERIFY(app.process.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!processes::isAlive(app.sandboxPid), 3000);
    QVERIFY(processes::servingSandboxes(app.demoDir()).isEmpty());
}

void TestDemoApp::secondStartUsesTheSameDemo()
{
    DemoApp app;
    QVERIFY2(app.start(), "the app did not start its sandbox");
    const qint64 first = app.sandboxPid;
    const QString configPath = QDir(app.demoDir()).filePath(QStringLiteral("counterpay.ini"));
    const QByteArray appId = appIdIn(configPath);
    QVERIFY(!appId.isEmpty());
    ::kill(static_cast<pid_t>(app.process.processId()), SIGKILL);
    QVERIFY(app.process.waitForFinished(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!processes::isAlive(first), 3000);

    // The next start finds the demo where it was: same keys, same app id, a new sandbox process.
    app.sandboxPid = 0;
    QVERIFY2(app.start(), "the app did not start again");
    QVERIFY(app.sandboxPid != first);
    QCOMPARE(appIdIn(configPath), appId);
}

void TestDemoApp::withoutDemoItAsksFirst()
{
    // No configuration and no --demo: the start screen waits for the person (demo or setup), no sandbox
    // is started behind it, and a shutdown meanwhile ends the app quietly.
    DemoApp app;
    QVERIFY(!app.start({}, 2000));
    QCOMPARE(app.process.state(), QProcess::Running);
    QCOMPARE(app.sandboxPid, 0);
    QVERIFY(!QFile::exists(app.demoDir()));
    ::kill(static_cast<pid_t>(app.process.processId()), SIGTERM);
    QVERIFY(app.process.waitForFinished(5000));
    QCOMPARE(app.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestDemoApp)
#include "TestDemoApp.moc"
