#include "gui/ReadyReport.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>
#include <QWindow>

#include <chrono>
#include <cstdio>

namespace counterpay::gui {

namespace {

// Static initialisation runs just before main(): near enough to the program's own start.
const std::chrono::steady_clock::time_point g_start = std::chrono::steady_clock::now();

// The first paint of a window happens while its Expose event is handled (the widget's backing store
// is painted and flushed then), so the filter delivers that event itself, as the application would
// next, and takes the time after it returns.
class ReadyReporter : public QObject
{
public:
    explicit ReadyReporter(QWidget& window)
        : QObject(&window)
        , m_window(window)
    {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::Expose || !m_window.windowHandle() || watched != m_window.windowHandle())
            return false;
        watched->event(event);
        if (m_window.windowHandle()->isExposed()) {
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - g_start).count();
            const double epoch =
                std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
            std::fprintf(stderr, "%s: ready %.3f ms after main, epoch %.6f\n",
                         qPrintable(QCoreApplication::applicationName()), ms, epoch);
            std::fflush(stderr);
            QCoreApplication::instance()->removeEventFilter(this);
        }
        return true;
    }

private:
    QWidget& m_window;
};

} // namespace

void reportReadyWhenShown(QWidget& window)
{
    if (qEnvironmentVariableIntValue("COUNTERPAY_REPORT_READY") != 1)
        return;
    // On the application: the window's native handle may not exist before it is shown.
    QCoreApplication::instance()->installEventFilter(new ReadyReporter(window));
}

} // namespace counterpay::gui
