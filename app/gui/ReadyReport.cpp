#include "gui/ReadyReport.h"

#include "payment/Till.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QWidget>
#include <QWindow>

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

namespace counterpay::gui {

namespace {

double bootClockMs()
{
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

// When the kernel started this process, on the same clock (proc(5): field 22, starttime, clock ticks
// since boot). 0 when it cannot be read: the figures then count from boot and say so by their size.
double processStartMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: count from its end, where
    // field 3 starts.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    constexpr int kStartTime = 22 - 3;
    if (fields.size() <= kStartTime)
        return 0;
    return fields[kStartTime].toDouble() * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double msSinceStart()
{
    static const double start = processStartMs();
    return bootClockMs() - start;
}

// CPU time (user and system) of this process and of its children that have exited (the demo's
// `counterpay-sandbox init`): what the start costs whatever else the machine is doing.
double cpuMs()
{
    double ms = 0;
    for (const int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
        rusage usage{};
        getrusage(who, &usage);
        for (const timeval& t : {usage.ru_utime, usage.ru_stime})
            ms += static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_usec) / 1000.0;
    }
    return ms;
}

} // namespace

ReadyReport::ReadyReport()
    : m_path(qEnvironmentVariable("COUNTERPAY_REPORT_READY"))
{
    if (isEnabled())
        mark("main");
}

ReadyReport::~ReadyReport()
{
    if (QCoreApplication::instance())
        QCoreApplication::instance()->removeEventFilter(this);
}

void ReadyReport::mark(const char* milestone)
{
    if (isEnabled())
        m_milestones.append({QByteArray(milestone), msSinceStart()});
}

void ReadyReport::watch(QWidget& window, payment::Till& till)
{
    if (!isEnabled())
        return;
    m_window = &window;
    // On the application: the window's QWindow does not exist before it is shown.
    QCoreApplication::instance()->installEventFilter(this);
    // The window asked at construction; the answer comes in the event loop.
    connect(&till, &payment::Till::gatewayReachability, this,
            [this](bool reachable) { reached(reachable ? "gateway" : "gateway_unreachable", &m_gatewayAnswered); });
    connect(&till, &payment::Till::recoveryFinished, this, [this] { reached("recovered", &m_recovered); });
}

bool ReadyReport::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_window && event->type() == QEvent::Show) {
        mark("shown");
        return false;
    }
    if (event->type() != QEvent::Expose || !m_window || watched != m_window->windowHandle())
        return false;
    // The first paint happens while the window's expose is handled (every widget painted into the
    // backing store, which is then flushed): this filter delivers the event itself, as the application
    // would next, to take the time after it.
    watched->event(event);
    if (m_window->windowHandle()->isExposed()) {
        QCoreApplication::instance()->removeEventFilter(this);
        reached("painted", &m_painted);
    }
    return true;
}

void ReadyReport::reached(const char* milestone, bool* flag)
{
    if (*flag)
        return;
    *flag = true;
    mark(milestone);
    if (m_written || !m_painted || !m_gatewayAnswered || !m_recovered)
        return;
    m_written = true;
    QByteArray line = "ready_ms=" + QByteArray::number(msSinceStart(), 'f', 1);
    for (const auto& [name, ms] : std::as_const(m_milestones))
        line += ' ' + name + "_ms=" + QByteArray::number(ms, 'f', 1);
    line += " cpu_ms=" + QByteArray::number(cpuMs(), 'f', 1);
    QFile out(m_path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Append) || out.write(line + '\n') < 0)
        qWarning("COUNTERPAY_REPORT_READY: cannot write %s", qPrintable(m_path));
}

} // namespace counterpay::gui
