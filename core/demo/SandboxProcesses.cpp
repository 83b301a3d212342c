#include "demo/SandboxProcesses.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace counterpay::demo::processes {

namespace {

QString procPath(qint64 pid, const char* entry)
{
    return QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1StringView(entry));
}

QByteArray readProc(qint64 pid, const char* entry)
{
    QFile file(procPath(pid, entry));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// The state letter and the parent's pid from /proc/PID/stat ("pid (comm) S ppid ..."; the command
// name may hold spaces and parentheses, so the fields are read after the last ')').
bool readStat(qint64 pid, char* state, qint64* parentPid)
{
    const QByteArray stat = readProc(pid, "stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return false;
    const QList<QByteArray> fields = stat.mid(close + 1).trimmed().split(' ');
    if (fields.size() < 2 || fields.at(0).isEmpty())
        return false;
    *state = fields.at(0).at(0);
    *parentPid = fields.at(1).toLongLong();
    return true;
}

QString canonical(const QString& path)
{
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath()) : resolved;
}

// The --data-dir of a `counterpay-sandbox serve` command line, or empty.
QString servedDir(const QList<QByteArray>& args)
{
    if (args.isEmpty() || QFileInfo(QString::fromLocal8Bit(args.first())).fileName() != u"counterpay-sandbox")
        return {};
    if (!args.contains(QByteArrayLiteral("serve")))
        return {};
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == "--data-dir" && i + 1 < args.size())
            return QString::fromLocal8Bit(args.at(i + 1));
        if (args.at(i).startsWith("--data-dir="))
            return QString::fromLocal8Bit(args.at(i).mid(11));
    }
    return {};
}

} // namespace

QList<ServingSandbox> servingSandboxes(const QString& dataDir)
{
    QList<ServingSandbox> found;
#ifdef Q_OS_LINUX
    const QString wanted = canonical(dataDir);
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QList<QByteArray> args = readProc(pid, "cmdline").split('\0');
        if (!args.isEmpty() && args.last().isEmpty())
            args.removeLast();
        QString dir = servedDir(args);
        if (dir.isEmpty())
            continue;
        if (QDir::isRelativePath(dir)) {
            const QString cwd = QFileInfo(procPath(pid, "cwd")).symLinkTarget();
            if (cwd.isEmpty())
                continue;
            dir = QDir(cwd).absoluteFilePath(dir);
        }
        char state = 0;
        qint64 parentPid = 0;
        if (canonical(dir) != wanted || !readStat(pid, &state, &parentPid) || state == 'Z' || state == 'X')
            continue;
        found.append({pid, parentPid});
    }
#else
    Q_UNUSED(dataDir)
#endif
    return found;
}

bool isAlive(qint64 pid)
{
#ifdef Q_OS_LINUX
    char state = 0;
    qint64 parentPid = 0;
    return pid > 0 && readStat(pid, &state, &parentPid) && state != 'Z' && state != 'X';
#else
    Q_UNUSED(pid)
    return false;
#endif
}

bool terminate(qint64 pid, int graceMs)
{
#ifdef Q_OS_LINUX
    if (pid <= 0)
        return true;
    const auto waitGone = [pid](int ms) {
        QElapsedTimer timer;
        timer.start();
        while (isAlive(pid)) {
            if (timer.elapsed() >= ms)
                return false;
            QThread::msleep(10);
        }
        return true;
    };
    ::kill(static_cast<pid_t>(pid), SIGTERM);
    if (waitGone(graceMs))
        return true;
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    return waitGone(2000);
#else
    Q_UNUSED(pid)
    Q_UNUSED(graceMs)
    return false;
#endif
}

std::function<void()> dieWithParent()
{
#ifdef Q_OS_LINUX
    const pid_t parent = ::getpid();
    // Runs in the child between fork and exec: async-signal-safe calls only.
    return [parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        // The parent may have died before prctl: then no signal will ever come, and the child was
        // already handed to another parent.
        if (::getppid() != parent)
            ::_exit(127);
    };
#else
    return [] {};
#endif
}

} // namespace counterpay::demo::processes
