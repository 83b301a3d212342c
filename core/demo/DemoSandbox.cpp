#include "demo/DemoSandbox.h"

#include "common/Utf8.h"
#include "demo/DemoConfig.h"
#include "demo/SandboxProcesses.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

namespace counterpay::demo {

Q_LOGGING_CATEGORY(lcDemo, "counterpay.demo")

namespace {

const QString kProgramName = QStringLiteral("counterpay-sandbox");
const QString kPidFile = QStringLiteral("demo-sandbox.pid");
constexpr qsizetype kStderrTailBytes = 4096;
constexpr int kCannotListen = 5; // counterpay-sandbox's exit code

QString executableName()
{
#ifdef Q_OS_WIN
    return kProgramName + QStringLiteral(".exe");
#else
    return kProgramName;
#endif
}

bool isExecutableFile(const QString& path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

// `init` wrote both at the end; an interrupted `init` is simply run again (it keeps what exists).
bool hasEnvironment(const QString& dir)
{
    return QFileInfo::exists(QDir(dir).filePath(QStringLiteral("counterpay.ini"))) &&
           QFileInfo::exists(QDir(dir).filePath(QStringLiteral("sandbox/sandbox.ini")));
}

QString lastLine(const QByteArray& text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QString() : QString::fromUtf8(lines.last().trimmed());
}

bool isPrivateIPv4(const QHostAddress& address)
{
    for (const char* subnet : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}) {
        if (address.isInSubnet(QHostAddress::parseSubnet(QString::fromLatin1(subnet))))
            return true;
    }
    return false;
}

bool looksVirtual(const QNetworkInterface& interface)
{
    if (interface.type() == QNetworkInterface::Virtual)
        return true;
    const QString name = interface.name();
    for (const char* prefix : {"docker", "veth", "br-", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg", "zt",
                               "tailscale", "lxc", "lxd", "cni", "flannel", "podman"}) {
        if (name.startsWith(QLatin1StringView(prefix)))
            return true;
    }
    return false;
}

} // namespace

DemoSandbox::DemoSandbox(QObject* parent)
    : QObject(parent)
{}

DemoSandbox::~DemoSandbox()
{
    if (auto stopped = stop(); !stopped)
        qCWarning(lcDemo).noquote() << stopped.error().toString();
}

QStringList DemoSandbox::programCandidates(const QString& applicationDir)
{
    const QDir dir(applicationDir);
    return {
        // Installed side by side (prefix/bin), or a bundle.
        dir.filePath(executableName()),
        // The build tree: build/app/counterpay and build/sandbox/counterpay-sandbox.
        QDir::cleanPath(dir.filePath(QStringLiteral("../sandbox/") + executableName())),
    };
}

Result<QString> DemoSandbox::findProgram()
{
    const QString appDir = QCoreApplication::applicationDirPath();
    for (const QString& candidate : programCandidates(appDir)) {
        if (isExecutableFile(candidate))
            return candidate;
    }
    const QString onPath = QStandardPaths::findExecutable(executableName());
    if (!onPath.isEmpty())
        return onPath;
    QString installDir;
#ifdef COUNTERPAY_INSTALL_BINDIR
    installDir = QStringLiteral(COUNTERPAY_INSTALL_BINDIR);
    const QString installed = QDir(installDir).filePath(executableName());
    if (isExecutableFile(installed))
        return installed;
#endif
    return Error::config(
        tr("The demo needs counterpay-sandbox, which is neither next to this program (%1) nor on "
           "PATH%2. Build it (cmake --build build --target counterpay-sandbox) or install it, "
           "or start CounterPay with --config FILE.")
            .arg(QDir::toNativeSeparators(appDir),
                 installDir.isEmpty() ? QString() : tr(" nor in %1").arg(QDir::toNativeSeparators(installDir))));
}

QString DemoSandbox::defaultDataDir()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("demo"));
}

QString DemoSandbox::configPath() const
{
    return m_dataDir.isEmpty() ? QString() : QDir(m_dataDir).filePath(QStringLiteral("counterpay.ini"));
}

QString DemoSandbox::pidFilePath() const
{
    return QDir(m_dataDir).filePath(kPidFile);
}

qint64 DemoSandbox::processId() const
{
    return m_phase == Phase::Starting || m_phase == Phase::Running ? m_pid : 0;
}

QString DemoSandbox::stderrTail() const
{
    return QString::fromUtf8(m_stderrTail);
}

Result<void> DemoSandbox::begin(const QString& dataDir)
{
    if (m_phase != Phase::Idle)
        return Error::input(tr("The demo's sandbox is already running"));
    const QString dir = QDir::cleanPath(QFileInfo(dataDir.isEmpty() ? defaultDataDir() : dataDir).absoluteFilePath());
    m_serve = ServeOptions{};
    // Started again (after a crash): the same port when it can, so the till's url= still holds.
    if (dir == m_dataDir)
        m_serve.port = m_lastPort;
    return beginWith(dir);
}

Result<void> DemoSandbox::beginWith(const QString& dataDir)
{
    m_timer.start();
    m_started = Started{};
    m_startError.reset();
    m_stdout.clear();
    m_stderrTail.clear();
    m_lastExitCode = 0;

    if (m_program.isEmpty()) {
        auto found = findProgram();
        if (!found)
            return found.error();
        m_program = *found;
    } else if (!isExecutableFile(m_program)) {
        return Error::config(
            tr("The demo needs counterpay-sandbox, and %1 is not a program").arg(QDir::toNativeSeparators(m_program)));
    }

    const QString dir = QDir::cleanPath(QFileInfo(dataDir).absoluteFilePath());
    if (dir != m_dataDir) {
        m_wired = false;
        m_lastPort = 0;
    }
    m_dataDir = dir;
    if (!QDir().mkpath(dir))
        return Error::config(tr("Cannot create the demo's folder %1").arg(QDir::toNativeSeparators(dir)));
    m_started.configPath = configPath();
    if (auto clear = checkNoOtherSandbox(m_started.notes); !clear)
        return clear.error();

    if (hasEnvironment(dir))
        wireAndServe();
    else
        startInit();
    if (m_phase == Phase::Idle)
        return m_startError ? *m_startError : Error::config(tr("The demo's sandbox did not start"));
    return {};
}

Result<void> DemoSandbox::checkNoOtherSandbox(QStringList& notes)
{
    const QList<processes::ServingSandbox> serving = processes::servingSandboxes(m_dataDir);
    if (serving.isEmpty())
        return {};
    qint64 recordedSandbox = 0;
    qint64 recordedApp = 0;
    if (QFile file(pidFilePath()); file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = file.readAll().simplified().split(' ');
        recordedSandbox = fields.value(0).toLongLong();
        recordedApp = fields.value(1).toLongLong();
    }
    for (const processes::ServingSandbox& other : serving) {
        // Ours, from a run that has ended: it no longer has the app that started it as its parent.
        const bool leftBehind = other.pid == recordedSandbox && other.parentPid != recordedApp;
        if (!leftBehind)
            return Error::config(tr("Another counterpay-sandbox (process %1) is already serving the demo's folder "
                                    "%2. Close the program that started it (another CounterPay?) and try again.")
                                     .arg(other.pid)
                                     .arg(QDir::toNativeSeparators(m_dataDir)));
        qCWarning(lcDemo) << "stopping the demo sandbox an earlier run left behind, process" << other.pid;
        if (!processes::terminate(other.pid, 2000))
            return Error::config(tr("A demo sandbox left behind by an earlier run (process %1) serves %2 and cannot "
                                    "be stopped. Stop it and try again.")
                                     .arg(other.pid)
                                     .arg(QDir::toNativeSeparators(m_dataDir)));
        notes.append(tr("Stopped a demo sandbox that an earlier run left behind (process %1).").arg(other.pid));
    }
    QFile::remove(pidFilePath());
    return {};
}

void DemoSandbox::startInit()
{
    m_phase = Phase::Initialising;
    m_started.initialised = true;
    m_init = new QProcess(this);
    m_init->setProgram(m_program);
    m_init->setArguments({QStringLiteral("init"), m_dataDir});
    m_init->setStandardInputFile(QProcess::nullDevice());
    m_init->setChildProcessModifier(processes::dieWithParent());
    connect(m_init, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) { initFinished(exitCode, static_cast<int>(status)); });
    connect(m_init, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart && m_phase == Phase::Initialising) {
            const QString reason = m_init->errorString();
            retire(m_init);
            fail(Error::config(tr("Cannot run %1: %2").arg(QDir::toNativeSeparators(m_program), reason)));
        }
    });
    qCInfo(lcDemo).noquote() << "creating the demo's sandbox environment in" << m_dataDir;
    m_init->start();
}

void DemoSandbox::initFinished(int exitCode, int exitStatus)
{
    if (m_phase != Phase::Initialising || !m_init)
        return;
    const QByteArray err = m_init->readAllStandardError();
    retire(m_init);
    if (exitStatus != QProcess::NormalExit || exitCode != 0) {
        fail(Error::config(tr("counterpay-sandbox could not create the demo's folder %1 (exit code %2): %3")
                               .arg(QDir::toNativeSeparators(m_dataDir))
                               .arg(exitStatus == QProcess::NormalExit ? exitCode : -1)
                               .arg(lastLine(err)),
                           QString::fromUtf8(err.right(kStderrTailBytes))));
        return;
    }
    qCInfo(lcDemo) << "init took" << m_timer.elapsed() << "ms";
    wireAndServe();
}

void DemoSandbox::wireAndServe()
{
    // Once per folder and object: on a restart the till already listens on the port, so the port
    // must not be probed again (it would look taken).
    if (!m_wired) {
        auto wiring = wireNotifications(configPath());
        if (!wiring) {
            fail(wiring.error());
            return;
        }
        m_appId = wiring->appId;
        m_notifyPort = wiring->notifyPort;
        m_wired = true;
    }
    m_started.notifyPort = m_notifyPort;
    startServe();
}

void DemoSandbox::startServe()
{
    retire(m_process);
    m_phase = Phase::Starting;
    m_pid = 0;
    m_process = new QProcess(this);
    m_process->setProgram(m_program);
    QStringList arguments{QStringLiteral("serve"),  QStringLiteral("--data-dir"),  m_dataDir,
                          QStringLiteral("--port"), QString::number(m_serve.port), QStringLiteral("--quiet")};
    if (m_serve.host != u"127.0.0.1")
        arguments << QStringLiteral("--host") << m_serve.host;
    if (m_serve.publicUrl.isValid())
        arguments << QStringLiteral("--public-url") << m_serve.publicUrl.toString();
    m_process->setArguments(arguments);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setChildProcessModifier(processes::dieWithParent());
    QProcess* process = m_process;
    connect(process, &QProcess::started, this, [this, process] {
        if (process != m_process)
            return;
        m_pid = process->processId();
        writePidFile();
    });
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        if (process == m_process)
            serveOutput();
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        if (process == m_process)
            serveError();
    });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        if (process == m_process)
            serveFinished(exitCode, static_cast<int>(status));
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (process == m_process && error == QProcess::FailedToStart && m_phase == Phase::Starting)
            fail(Error::config(
                tr("Cannot run %1: %2").arg(QDir::toNativeSeparators(m_program), process->errorString())));
    });
    qCInfo(lcDemo).noquote() << "starting" << m_program << arguments.join(u' ');
    process->start();
}

void DemoSandbox::serveOutput()
{
    m_stdout += m_process->readAllStandardOutput();
    if (m_phase != Phase::Starting) {
        m_stdout.clear();
        return;
    }
    const qsizetype end = m_stdout.indexOf('\n');
    if (end < 0)
        return;
    const QByteArray line = m_stdout.left(end).trimmed();
    m_stdout.clear();
    static constexpr QByteArrayView kListening("listening on ");
    QUrl url(QString::fromUtf8(line.mid(kListening.size())), QUrl::StrictMode);
    if (!line.startsWith(kListening) || !url.isValid() || url.port() <= 0) {
        fail(Error::config(
            tr("counterpay-sandbox said \"%1\" instead of where it listens").arg(QString::fromUtf8(line))));
        return;
    }
    // Bound to every interface (phone mode): this machine still reaches it on loopback.
    const QHostAddress host(url.host());
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        url.setHost(QStringLiteral("127.0.0.1"));
    else if (host == QHostAddress::AnyIPv6)
        url.setHost(QStringLiteral("::1"));
    url.setPath({});
    m_started.baseUrl = url;
    m_started.publicUrl = m_serve.publicUrl;
    if (m_started.publicUrl.isValid())
        m_started.publicUrl.setPort(url.port());
    m_started.elapsedMs = m_timer.elapsed();
    m_phase = Phase::Running;
    const bool moved = m_lastPort != 0 && url.port() != m_lastPort;
    m_lastPort = static_cast<quint16>(url.port());
    qCInfo(lcDemo).noquote() << "sandbox ready at" << url.toString() << "after" << m_started.elapsedMs << "ms";
    emit ready(m_started);
    if (moved) {
        qCWarning(lcDemo) << "the sandbox's port changed: the till must load" << configPath() << "again";
        emit gatewayMoved(configPath());
    }
}

void DemoSandbox::serveError()
{
    m_stderrTail += m_process->readAllStandardError();
    if (m_stderrTail.size() > kStderrTailBytes)
        m_stderrTail = m_stderrTail.right(kStderrTailBytes);
}

void DemoSandbox::serveFinished(int exitCode, int exitStatus)
{
    serveError();
    removePidFile();
    const bool crashed = exitStatus != QProcess::NormalExit;
    m_lastExitCode = crashed ? -1 : exitCode;
    switch (m_phase) {
    case Phase::Starting:
        if (m_lastExitCode == kCannotListen && moveToAnotherPort()) {
            startServe();
            break;
        }
        fail(Error::config(
            tr("counterpay-sandbox did not start (exit code %1): %2").arg(m_lastExitCode).arg(lastLine(m_stderrTail)),
            stderrTail()));
        break;
    case Phase::Running: {
        m_phase = Phase::Idle;
        const QString message = crashed ? tr("The demo's sandbox stopped unexpectedly (it crashed or was killed)")
                                        : tr("The demo's sandbox stopped unexpectedly (exit code %1)").arg(exitCode);
        qCWarning(lcDemo).noquote() << message << stderrTail();
        emit stoppedUnexpectedly(message, stderrTail());
        break;
    }
    case Phase::Idle:
    case Phase::Initialising:
    case Phase::Stopping:
        break;
    }
}

void DemoSandbox::fail(Error error)
{
    qCWarning(lcDemo).noquote() << "the demo's sandbox did not start:" << error.toString();
    m_phase = Phase::Stopping; // what the kills below cause is expected
    if (m_init) {
        m_init->kill();
        m_init->waitForFinished(1000);
        retire(m_init);
    }
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(1000);
    }
    removePidFile();
    m_phase = Phase::Idle;
    m_startError = error;
    emit startFailed(error);
}

Result<DemoSandbox::Started> DemoSandbox::waitUntilReady(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (isStarting()) {
        const int left = timeoutMs - static_cast<int>(timer.elapsed());
        if (left <= 0) {
            fail(Error::config(tr("counterpay-sandbox did not start within %1 s: %2")
                                   .arg(timeoutMs / 1000.0, 0, 'f', 1)
                                   .arg(lastLine(m_stderrTail)),
                               stderrTail()));
            break;
        }
        // Both emit the process's signals, which move the start on (init -> serve -> listening).
        if (m_phase == Phase::Initialising)
            m_init->waitForFinished(left);
        else
            m_process->waitForReadyRead(left);
    }
    if (m_phase == Phase::Running)
        return m_started;
    return m_startError ? *m_startError : Error::config(tr("The demo's sandbox is not running"));
}

Result<DemoSandbox::Started> DemoSandbox::start(const QString& dataDir, int timeoutMs)
{
    if (auto begun = begin(dataDir); !begun)
        return begun.error();
    return waitUntilReady(timeoutMs);
}

Result<void> DemoSandbox::stop(int timeoutMs)
{
    const bool wasStarting = isStarting();
    if (m_init) {
        m_phase = Phase::Stopping;
        m_init->kill();
        m_init->waitForFinished(1000);
        retire(m_init);
    }
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        m_phase = Phase::Idle;
        return {};
    }
    m_phase = Phase::Stopping;
    m_process->terminate();
    const bool ended = m_process->waitForFinished(timeoutMs);
    if (!ended) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    serveError();
    removePidFile();
    m_phase = Phase::Idle;
    if (!ended)
        return Error::unknown(tr("The demo's sandbox did not stop within %1 s and was killed").arg(timeoutMs / 1000));
    // Before its signal handler is installed, SIGTERM simply ends it.
    if (!wasStarting && (m_process->exitStatus() != QProcess::NormalExit || m_process->exitCode() != 0))
        return Error::unknown(tr("The demo's sandbox ended with an error: %1").arg(lastLine(m_stderrTail)),
                              stderrTail());
    qCInfo(lcDemo) << "sandbox stopped";
    return {};
}

void DemoSandbox::retire(QProcess*& process)
{
    if (!process)
        return;
    process->disconnect(this);
    process->deleteLater(); // perhaps inside one of its own signals
    process = nullptr;
}

void DemoSandbox::writePidFile()
{
    QSaveFile file(pidFilePath());
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcDemo).noquote() << "cannot write" << pidFilePath() << file.errorString();
        return;
    }
    file.write(QByteArray::number(m_pid) + ' ' + QByteArray::number(QCoreApplication::applicationPid()) + '\n');
    if (!file.commit())
        qCWarning(lcDemo).noquote() << "cannot write" << pidFilePath() << file.errorString();
}

void DemoSandbox::removePidFile()
{
    if (m_pid == 0 || m_dataDir.isEmpty())
        return;
    QFile file(pidFilePath());
    if (file.open(QIODevice::ReadOnly) && file.readAll().simplified().split(' ').value(0).toLongLong() == m_pid) {
        file.close();
        file.remove();
    }
}

QNetworkAccessManager* DemoSandbox::network()
{
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    return m_network;
}

QString DemoSandbox::paymentCode(Action action)
{
    switch (action) {
    case Action::Scan:
        return QStringLiteral("281003000000000001");
    case Action::Pay:
        return QStringLiteral("280000000000000001");
    case Action::Decline:
        return QStringLiteral("282000000000000001");
    }
    return {};
}

QString DemoSandbox::actionPath(Action action)
{
    switch (action) {
    case Action::Scan:
        return QStringLiteral("/sandbox/scan");
    case Action::Pay:
        return QStringLiteral("/sandbox/pay");
    case Action::Decline:
        return QStringLiteral("/sandbox/decline");
    }
    return {};
}

void DemoSandbox::customer(Action action, const QString& outTradeNo, CustomerCallback done, QObject* context)
{
    const QPointer<QObject> guard(context);
    auto deliver = [guard, guarded = context != nullptr, done = std::move(done)](const Result<QJsonObject>& result) {
        if ((!guarded || guard) && done)
            done(result);
    };
    if (!isRunning()) {
        QTimer::singleShot(0, this, [deliver] { deliver(Error::input(tr("The demo's sandbox is not running"))); });
        return;
    }
    QUrl url = m_started.baseUrl;
    url.setPath(actionPath(action));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setTransferTimeout(kCustomerTimeoutMs);
    QByteArray body = "out_trade_no=" + QUrl::toPercentEncoding(outTradeNo);
    if (!m_appId.isEmpty())
        body += "&app_id=" + QUrl::toPercentEncoding(m_appId);
    QNetworkReply* reply = network()->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [reply, deliver] {
        reply->deleteLater();
        const QByteArray answer = reply->readAll();
        const QJsonObject json = Utf8::parseJson(answer).object();
        if (json.value(u"ok").toBool()) {
            deliver(json.value(u"trade").toObject());
            return;
        }
        const QJsonObject error = json.value(u"error").toObject();
        if (!error.isEmpty()) {
            deliver(Error(Error::Category::Business,
                          tr("The sandbox refused: %1").arg(error.value(u"message").toString()),
                          QString::fromUtf8(answer), {}, error.value(u"sub_code").toString()));
            return;
        }
        deliver(Error::network(tr("The demo's sandbox did not answer: %1").arg(reply->errorString())));
    });
}

Result<QHostAddress> DemoSandbox::lanAddress() const
{
    const auto none = [] {
        return Error::config(tr("This computer has no network address a phone could reach (no IPv4 address other "
                                "than 127.0.0.1). Connect it to the shop's network or Wi-Fi and try again."));
    };
    if (m_lanOverride)
        return m_lanOverride->isNull() ? Result<QHostAddress>(none()) : Result<QHostAddress>(*m_lanOverride);
    int bestScore = -1;
    QHostAddress best;
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface& interface : interfaces) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning) ||
            flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const QList<QNetworkAddressEntry> entries = interface.addressEntries();
        for (const QNetworkAddressEntry& entry : entries) {
            const QHostAddress ip = entry.ip();
            if (ip.protocol() != QAbstractSocket::IPv4Protocol || ip.isLoopback() || ip.isLinkLocal())
                continue;
            // A shop's LAN (private range) on a physical interface first; a VPN or container bridge last.
            const int score = (isPrivateIPv4(ip) ? 2 : 0) + (looksVirtual(interface) ? 0 : 1);
            if (score > bestScore) {
                bestScore = score;
                best = ip;
            }
        }
    }
    if (best.isNull())
        return none();
    return best;
}

QString DemoSandbox::phoneModeWarning()
{
    return tr("Anyone on this network can open the payment page and press Pay while this is on. Use it only for a "
              "demonstration.");
}

Result<QUrl> DemoSandbox::startPhoneMode(quint16 port)
{
    if (!isRunning())
        return Error::input(tr("The demo's sandbox is not running"));
    auto lan = lanAddress();
    if (!lan)
        return lan.error();
    ServeOptions options;
    options.host = QStringLiteral("0.0.0.0");
    options.port = port != 0 ? port : static_cast<quint16>(m_started.baseUrl.port());
    options.mayMove = port == 0;
    options.publicUrl = QUrl(QStringLiteral("http://%1:%2").arg(lan->toString()).arg(options.port));
    auto started = restart(options);
    if (!started)
        return Error(started.error()).withContext(tr("Phone mode"));
    qCInfo(lcDemo).noquote() << "phone mode: the QR links point at" << started->publicUrl.toString();
    return started->publicUrl;
}

Result<void> DemoSandbox::stopPhoneMode()
{
    if (!isRunning())
        return Error::input(tr("The demo's sandbox is not running"));
    if (!isPhoneMode())
        return {};
    ServeOptions options;
    options.port = static_cast<quint16>(m_started.baseUrl.port());
    auto started = restart(options);
    if (!started)
        return started.error();
    return {};
}

Result<DemoSandbox::Started> DemoSandbox::restart(const ServeOptions& options)
{
    ServeOptions previous = m_serve;
    previous.port = static_cast<quint16>(m_started.baseUrl.port());
    previous.mayMove = true;
    if (auto stopped = stop(); !stopped)
        qCWarning(lcDemo).noquote() << stopped.error().toString();

    const auto attempt = [this]() -> Result<Started> {
        if (auto begun = beginWith(m_dataDir); !begun)
            return begun.error();
        return waitUntilReady();
    };
    m_serve = options;
    auto started = attempt();
    if (!started) {
        // Back as it was, so that the demo goes on.
        m_serve = previous;
        if (auto back = attempt(); !back)
            qCWarning(lcDemo).noquote() << "the demo's sandbox did not come back:" << back.error().toString();
    }
    return started;
}

bool DemoSandbox::moveToAnotherPort()
{
    if (m_serve.port == 0 || !m_serve.mayMove)
        return false;
    qCWarning(lcDemo) << "port" << m_serve.port << "is taken; the sandbox moves to another";
    m_serve.mayMove = false; // once
    if (!m_serve.publicUrl.isValid()) {
        m_serve.port = 0;
        return true;
    }
    // The public URL names the port before the sandbox listens.
    QTcpServer probe;
    if (!probe.listen(QHostAddress(m_serve.host), 0))
        return false;
    m_serve.port = probe.serverPort();
    m_serve.publicUrl.setPort(m_serve.port);
    return true;
}

} // namespace counterpay::demo
