// The start-up baseline for run-gui-bench.sh: what Qt alone takes to put a window on the screen here, a
// bare QApplication and an empty main window, shown maximised as counterpay's is and timed by the same
// COUNTERPAY_REPORT_READY hook (app/gui/ReadyReport).
#include "gui/ReadyReport.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bench_gui_bare_start"));
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("ready"), &window));
    counterpay::gui::reportReadyWhenShown(window);
    window.showMaximized();
    return QApplication::exec();
}
