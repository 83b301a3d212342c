#pragma once

#include "common/Result.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QProcess;

namespace counterpay::demo {

Q_DECLARE_LOGGING_CATEGORY(lcDemo)

// Demo mode's gateway (issue 8, DESIGN.md §8): `counterpay-sandbox` as a child process on loopback,
// with a data folder of its own, a config whose notifications reach the app's till, the customer's
// buttons, and the opt-in phone mode.
//
//   DemoSandbox demo;
//   demo.begin();                         // early in main: the process starts while the window is built
//   ...
//   auto started = demo.waitUntilReady(); // or start() for both at once
//   till.load(started->configPath); till.listenForNotifications();
//
// No process is left behind: stop() (also from the destructor) ends the sandbox with SIGTERM and
// waits; if the app is killed, the kernel sends the sandbox SIGTERM (Linux, PR_SET_PDEATHSIG). A
// sandbox an earlier, crashed run left serving the same folder is stopped at begin(); one that
// another live program runs there is refused. DIR/demo-sandbox.pid records "SANDBOX_PID APP_PID"
// while ours runs.
//
// Everything runs on the thread that owns the object (the main thread: see
// processes::dieWithParent()).
class DemoSandbox : public QObject
{
    Q_OBJECT

public:
    enum class Action
    {
        Scan,    // the customer scans the QR: WAIT_BUYER_PAY
        Pay,     // pays (scans first if needed): TRADE_SUCCESS
        Decline, // gives up: TRADE_CLOSED
    };

    static constexpr int kStartTimeoutMs = 5000;
    static constexpr int kStopTimeoutMs = 5000;
    static constexpr int kCustomerTimeoutMs = 10000;

    struct Started
    {
        QString configPath; // the till's config: Till::load(configPath)
        QUrl baseUrl;       // how this machine reaches the sandbox: http://127.0.0.1:PORT
        QUrl publicUrl;     // phone mode: the base of the QR links (http://LAN:PORT); else empty
        quint16 notifyPort = 0;
        qint64 elapsedMs = 0;     // begin() to ready (includes `init` on the first run)
        bool initialised = false; // `counterpay-sandbox init` ran (a new data folder)
        QStringList notes;        // what the cashier or the log may want to know, e.g. a stale sandbox stopped
    };

    explicit DemoSandbox(QObject* parent = nullptr);
    ~DemoSandbox() override; // stop()

    // The program: next to this executable (installed side by side, or build/app/counterpay ->
    // build/sandbox/counterpay-sandbox), else on PATH, else in the install prefix's bin.
    static QStringList programCandidates(const QString& applicationDir);
    static Result<QString> findProgram();
    // Instead of findProgram() (tests, packagers).
    void setProgram(const QString& path) { m_program = path; }
    // <app data>/demo (QStandardPaths::AppDataLocation: set the application name first).
    static QString defaultDataDir();

    // Starts the sandbox in `dataDir` (empty: defaultDataDir()), running `init` first when the folder
    // has no environment yet, and returns at once. Started again in the same folder, it listens on the
    // same port when it can (see gatewayMoved()); the rest happens in the event loop or in
    // waitUntilReady(). An error when it cannot even begin (program missing, folder unusable, another
    // program's sandbox on the folder).
    Result<void> begin(const QString& dataDir = {});
    // Blocks (without an event loop) until the sandbox listens, at most `timeoutMs` in all.
    Result<Started> waitUntilReady(int timeoutMs = kStartTimeoutMs);
    // begin() + waitUntilReady().
    Result<Started> start(const QString& dataDir = {}, int timeoutMs = kStartTimeoutMs);
    // SIGTERM and wait (then SIGKILL); an error when it had to be killed or exited with an error.
    // Nothing to do when not running.
    Result<void> stop(int timeoutMs = kStopTimeoutMs);

    bool isStarting() const { return m_phase == Phase::Initialising || m_phase == Phase::Starting; }
    bool isRunning() const { return m_phase == Phase::Running; }
    qint64 processId() const; // 0 when not running
    const QString& program() const { return m_program; }
    const QString& dataDir() const { return m_dataDir; }
    QString configPath() const;
    const QUrl& baseUrl() const { return m_started.baseUrl; }
    const Started& started() const { return m_started; }
    const QString& appId() const { return m_appId; }
    // The last lines the sandbox wrote to stderr (its log; warnings only, it runs --quiet).
    QString stderrTail() const;

    // The customer's side, for the demo's "simulate customer" buttons: POST /sandbox/scan|pay|decline.
    // Never blocks: `done` gets the trade as the sandbox now has it ({"state":"TRADE_SUCCESS",...}) or
    // the error, later, in the event loop, unless `context` (when given) was destroyed meanwhile.
    using CustomerCallback = std::function<void(const Result<QJsonObject>&)>;
    void customer(Action action, const QString& outTradeNo, CustomerCallback done, QObject* context = nullptr);
    static QString actionPath(Action action);
    // The same customer in payment-code mode: a sandbox test code the demo "scans" for it. Scan: the
    // customer confirms on the phone (10003), then pays after 3 s; Pay: paid at once; Decline: refused
    // for balance (40004). Codes and what they do: sandbox/README.md.
    static QString paymentCode(Action action);

    // Phone mode (opt-in): the sandbox restarted on every interface, its QR links pointing at this
    // machine's LAN address, so a phone on the same network can open them and press 付款. The same
    // data folder and, when it can, the same port: the till's config (url=) then stays valid; if the
    // port was taken meanwhile another is used and gatewayMoved() says so. Returns the public URL.
    // Blocks for the restart (some 50-100 ms). Do it while no payment is live: its QR would point at
    // the old address, and its requests fail during the restart.
    Result<QUrl> startPhoneMode(quint16 port = 0); // 0: the current port
    // Back to loopback only, the same way.
    Result<void> stopPhoneMode();
    bool isPhoneMode() const { return m_serve.publicUrl.isValid(); }
    // This machine's address on the local network (an up, non-loopback IPv4 address; a LAN's private
    // range and a physical interface preferred), or an error saying there is none.
    Result<QHostAddress> lanAddress() const;
    // Instead of looking at the interfaces (tests): an address, or a null QHostAddress for "none".
    void setLanAddressOverride(std::optional<QHostAddress> address) { m_lanOverride = std::move(address); }
    // The plain warning the UI shows next to the phone mode switch.
    static QString phoneModeWarning();

signals:
    // After begin(): listening (also when waitUntilReady() saw it first), or why not.
    void ready(const counterpay::demo::DemoSandbox::Started& started);
    void startFailed(const counterpay::Error& error);
    // The sandbox exited while it should be running (crashed, killed): the till cannot reach its
    // gateway until start() again. `stderrTail` is the end of its log.
    void stoppedUnexpectedly(const QString& message, const QString& stderrTail);
    // url= in the config changed since the last start: the sandbox was started again (phone mode, or
    // start() after it stopped unexpectedly) and its port had been taken meanwhile. The till must
    // Till::load(configPath) again. Emitted after ready().
    void gatewayMoved(const QString& configPath);

private:
    enum class Phase
    {
        Idle,
        Initialising, // `init` runs
        Starting,     // `serve` runs, no `listening on` line yet
        Running,
        Stopping,
    };
    struct ServeOptions
    {
        QString host = QStringLiteral("127.0.0.1");
        quint16 port = 0;
        QUrl publicUrl;
        bool mayMove = true; // another port when `port` is taken
    };

    Result<void> beginWith(const QString& dataDir);
    Result<void> checkNoOtherSandbox(QStringList& notes);
    void startInit();
    void initFinished(int exitCode, int exitStatus);
    void wireAndServe();
    void startServe();
    void serveOutput();
    void serveError();
    void serveFinished(int exitCode, int exitStatus);
    void fail(Error error);
    Result<Started> restart(const ServeOptions& options);
    bool moveToAnotherPort();
    void retire(QProcess*& process);
    void writePidFile();
    void removePidFile();
    QString pidFilePath() const;
    QNetworkAccessManager* network();

    Phase m_phase = Phase::Idle;
    QString m_program;
    QString m_dataDir;
    QString m_appId;
    ServeOptions m_serve;
    bool m_wired = false; // the config's notifications were wired by this object (once per folder)
    quint16 m_notifyPort = 0;
    QProcess* m_init = nullptr;    // child of this object
    QProcess* m_process = nullptr; // `serve`; child of this object
    qint64 m_pid = 0;              // of `serve`
    int m_lastExitCode = 0;        // of `serve`, when it ended
    quint16 m_lastPort = 0;        // where the last sandbox of this folder listened (the till's url=)
    QByteArray m_stdout;
    QByteArray m_stderrTail;
    QElapsedTimer m_timer;
    Started m_started;
    std::optional<Error> m_startError;
    std::optional<QHostAddress> m_lanOverride;
    QNetworkAccessManager* m_network = nullptr;
};

} // namespace counterpay::demo
