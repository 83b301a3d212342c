#include "cashier/CashierWindow.h"
#include "payment/Till.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

using namespace counterpay;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    // The same names as counterpay-cli, so both find the same order book and settings.
    QApplication::setApplicationName(QStringLiteral("counterpay"));
    QApplication::setOrganizationName(QStringLiteral("CounterPay"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("the counter's configuration"),
                                    QStringLiteral("FILE"));
    parser.addOption(config);
    parser.process(app);

    payment::Till till;
    if (auto loaded = till.load(parser.value(config)); !loaded) {
        QMessageBox::critical(nullptr, QApplication::translate("main", "CounterPay"), loaded.error().message());
        return 7;
    }
    ui::CashierWindow window(till);
    window.show();
    return QApplication::exec();
}
