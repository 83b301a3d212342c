#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <utility>

class QWidget;

namespace counterpay::payment {
class Till;
}

namespace counterpay::gui {

// Opt-in start-up timing for benchmarks (tests/bench/gui/run-gui-bench.sh). With COUNTERPAY_REPORT_READY
// naming a file (or /dev/fd/N, a descriptor the launcher left open), counterpay appends one line to it
// once it is ready for the first sale:
//
//   ready_ms=812.3 main_ms=31.0 sandbox_ms=402.7 gateway_ms=468.9 shown_ms=471.0 ... cpu_ms=690.2
//
// Every figure is in milliseconds since the process started, as the kernel counts it (the start time in
// /proc/self/stat, in whole clock ticks of 10 ms: up to 10 ms too long), so the dynamic loader's work is
// in it. main_ms is main()'s first line; then the steps main() marks; ready_ms is the last of the
// window's first frame painted (its first expose handled: every widget painted into the backing store
// and flushed), the till's gateway check answered (the status bar's "reachable") and the till's
// recovery finished. cpu_ms, last, is the CPU time used by then, this process's and its exited
// children's (the demo's `counterpay-sandbox init`). Without the variable, it does nothing.
class ReadyReport : public QObject
{
public:
    ReadyReport(); // first thing in main()
    ~ReadyReport() override;

    bool isEnabled() const { return !m_path.isEmpty(); }
    // A step of the start, for the breakdown.
    void mark(const char* milestone);
    // Watches for the three conditions of "ready". Call before the event loop first runs (the
    // window's gateway check answers there) and before till.recover().
    void watch(QWidget& window, payment::Till& till);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reached(const char* milestone, bool* flag);

    QString m_path;
    QWidget* m_window = nullptr;
    QList<std::pair<QByteArray, double>> m_milestones;
    bool m_painted = false;
    bool m_gatewayAnswered = false;
    bool m_recovered = false;
    bool m_written = false;
};

} // namespace counterpay::gui
