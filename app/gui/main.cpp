// counterpay: the desktop cashier. Wiring only: the core's till (and, in the demo, its sandbox), the
// ui's windows, and the translations.
#include "backup/BackupSchedule.h"
#include "cashier/CashierWindow.h"
#include "common/ApplicationIcon.h"
#include "common/TerminationSignals.h"
#include "customer/CustomerDisplay.h"
#include "demo/DemoSandbox.h"
#include "feedback/Feedback.h"
#include "gui/FirstRun.h"
#include "gui/ReadyReport.h"
#include "gui/Translations.h"
#include "payment/Till.h"
#include "receipt/ReceiptOutput.h"
#include "staff/CounterLock.h"
#include "staff/PinDialog.h"
#include "unlock/PassphraseDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QScreen>
#include <QStandardPaths>

#include <memory>

using namespace counterpay;

namespace {

// The screen's demo buttons name the sandbox's customer actions.
demo::DemoSandbox::Action demoAction(ui::PaymentPage::DemoAction action)
{
    switch (action) {
    case ui::PaymentPage::DemoAction::Scan:
        return demo::DemoSandbox::Action::Scan;
    case ui::PaymentPage::DemoAction::Pay:
        return demo::DemoSandbox::Action::Pay;
    case ui::PaymentPage::DemoAction::Decline:
        return demo::DemoSandbox::Action::Decline;
    }
    return demo::DemoSandbox::Action::Decline;
}

// A real counter's configuration: --config, else the one in the user's config folder. None: the demo.
QString configuredCounter(const QString& given)
{
    if (!given.isEmpty())
        return given;
    const QString standard =
        QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/counterpay.ini");
    return QFileInfo::exists(standard) ? standard : QString();
}

int fail(const QString& message, int exitCode)
{
    QMessageBox::critical(nullptr, QApplication::translate("main", "CounterPay cannot start"), message);
    return exitCode;
}

} // namespace

int main(int argc, char** argv)
{
    gui::ReadyReport ready; // COUNTERPAY_REPORT_READY=FILE: start-up timing for the benchmarks
    QApplication app(argc, argv);
    // The same names as counterpay-cli, so both find the same order book and settings.
    QApplication::setApplicationName(QStringLiteral("counterpay"));
    QApplication::setOrganizationName(QStringLiteral("CounterPay"));
    QApplication::setApplicationDisplayName(QStringLiteral("CounterPay"));
    QApplication::setWindowIcon(ui::applicationIcon());
    QApplication::setDesktopFileName(QStringLiteral("counterpay"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("CounterPay: Alipay Face-to-Face (当面付) at the counter"));
    parser.addHelpOption();
    const QCommandLineOption config(QStringLiteral("config"),
                                    QStringLiteral("the counter's configuration (INI); without one, the demo starts"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("the demo against a local sandbox gateway, even when a "
                                                       "configuration exists"));
    const QCommandLineOption language(QStringLiteral("lang"), QStringLiteral("zh_CN or en (default: the system's)"),
                                      QStringLiteral("LANG"));
    parser.addOptions({config, demoOption, language});
    parser.process(app);
    gui::installTranslations(app, parser.value(language));

    // A shutdown or `kill` ends the app as its Quit would, the demo's sandbox with it; also while it
    // is still starting, when there is no event loop to quit yet.
    TerminationSignals termination;
    bool terminated = false;
    QObject::connect(&termination, &TerminationSignals::terminationRequested, &app, [&terminated] {
        terminated = true;
        QApplication::quit();
    });

    // The demo's gateway starts first: its process comes up while the rest is built.
    std::unique_ptr<demo::DemoSandbox> sandbox;
    QString configPath = parser.isSet(demoOption) ? QString() : configuredCounter(parser.value(config));
    // First run (no counter, no --demo): the start screen, the demo or the setup wizard.
    QByteArray setupPassphrase;
    if (configPath.isEmpty() && !parser.isSet(demoOption)) {
        // As for the unlock dialog below: before exec(), a shutdown closes the open dialog itself.
        const QMetaObject::Connection closeFirstRun =
            QObject::connect(&termination, &TerminationSignals::terminationRequested, &app, [] {
                if (QWidget* modal = QApplication::activeModalWidget())
                    modal->close();
            });
        const gui::FirstRun first = gui::FirstRun::ask(
            QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation), [&terminated] { return terminated; });
        QObject::disconnect(closeFirstRun);
        if (first.next == gui::FirstRun::Next::Quit || terminated)
            return 0;
        configPath = first.configPath;
        setupPassphrase = first.passphrase;
    }
    if (configPath.isEmpty()) {
        sandbox = std::make_unique<demo::DemoSandbox>();
        if (auto begun = sandbox->begin(); !begun)
            return fail(begun.error().message(), 7);
        auto started = sandbox->waitUntilReady();
        if (!started)
            return fail(started.error().message(), 7);
        configPath = started->configPath;
        ready.mark("sandbox");
    }

    payment::Till till;
    // A passphrase-protected app private key is unlocked here, in a dialog; Cancel ends the app with a message.
    // quit() ends no loop before exec(), so a shutdown meanwhile closes the dialog itself, and the app ends
    // quietly, as Quit would.
    const QMetaObject::Connection closeUnlock =
        QObject::connect(&termination, &TerminationSignals::terminationRequested, &app, [] {
            if (QWidget* modal = QApplication::activeModalWidget())
                modal->close();
        });
    // A counter the setup wizard just made opens with the passphrase chosen there, without asking again.
    auto loaded = till.load(configPath, payment::TillParts::Use::Payments, {},
                            gui::knownFirst(setupPassphrase, ui::PassphraseDialog::prompt()));
    QObject::disconnect(closeUnlock);
    if (!loaded)
        return terminated ? 0 : fail(loaded.error().message(), 7);
    if (!parser.isSet(language) && !till.settings().language.isEmpty())
        gui::installTranslations(app, till.settings().language);
    if (auto listening = till.listenForNotifications(); !listening)
        qWarning().noquote() << listening.error().toString();

    // The voice engine takes seconds to list its voices: it starts now, on its own thread.
    ui::feedback::Feedback feedback(till.settings().feedback);
    auto receiptSettings = [demo = sandbox != nullptr](config::ReceiptSettings receipts) {
        if (demo && receipts.printer == config::ReceiptSettings::Printer::None) {
            // The demo prints every receipt as a PDF, to show what the paper would say.
            receipts.printer = config::ReceiptSettings::Printer::Pdf;
            receipts.autoPrint = true;
        }
        return receipts;
    };
    ui::ReceiptOutput receiptOutput(receiptSettings(till.settings().receipt));
    ui::CashierWindow window(till);
    ready.watch(window, till); // before the event loop first runs: the window's gateway check answers there
    if (sandbox) {
        window.setDemoCode(
            [](ui::PaymentPage::DemoAction action) { return demo::DemoSandbox::paymentCode(demoAction(action)); });
        demo::DemoSandbox* gateway = sandbox.get();
        window.setDemoCustomer([gateway, &window](ui::PaymentPage::DemoAction action, const QString& outTradeNo) {
            gateway->customer(
                demoAction(action), outTradeNo,
                [&window](const Result<QJsonObject>& answer) {
                    if (!answer)
                        window.showNotice(answer.error().message());
                },
                &window);
        });
        window.setPhoneMode(
            [gateway](bool on) -> Result<QString> {
                if (!on) {
                    if (auto stopped = gateway->stopPhoneMode(); !stopped)
                        return stopped.error();
                    return QString();
                }
                auto url = gateway->startPhoneMode();
                if (!url)
                    return url.error();
                return url->toString();
            },
            demo::DemoSandbox::phoneModeWarning());
        QObject::connect(gateway, &demo::DemoSandbox::gatewayMoved, &till,
                         [&till](const QString& moved) { (void)till.load(moved); });
        QObject::connect(gateway, &demo::DemoSandbox::stoppedUnexpectedly, &window,
                         [&window](const QString& message) { window.showNotice(message); });
    }

    window.setReceiptOutput(&receiptOutput);
    // Settings saved from the manager's window: the till has reloaded; sounds and receipts follow it.
    QObject::connect(&window, &ui::CashierWindow::settingsChanged, &feedback,
                     [&till, &feedback, &receiptOutput, receiptSettings] {
                         feedback.setSettings(till.settings().feedback);
                         receiptOutput.setSettings(receiptSettings(till.settings().receipt));
                     });
    QObject::connect(&window, &ui::CashierWindow::paymentPaid, &feedback,
                     [&feedback](const store::Order& order) { feedback.paid(order); });
    QObject::connect(&window, &ui::CashierWindow::paymentNotPaid, &feedback, &ui::feedback::Feedback::failed);
    QObject::connect(&till, &payment::Till::customerScanned, &feedback, &ui::feedback::Feedback::scanned);

    // Sign-in, lock and a manager's approval, when the shop has people with PINs; else single-user.
    ui::CounterLock counterLock(till, window, till.settings().lockAfterMinutes);
    window.setLockAvailable(counterLock.isActive());
    window.setManagerApproval(ui::PinDialog::approvalFor(till, [&counterLock] { return counterLock.person(); }));
    QObject::connect(&termination, &TerminationSignals::terminationRequested, &counterLock, &ui::CounterLock::stop);
    QObject::connect(&window, &ui::CashierWindow::settingsChanged, &counterLock,
                     [&till, &counterLock] { counterLock.setIdleMs(till.settings().lockAfterMinutes * 60'000); });

    ui::CustomerDisplay customer(till, till.settings().subject);
    ui::CustomerScreenPlacer placer(customer, window, till.settings().customerDisplay);

    // Copies of the order book while the app runs ([backup]); the demo's book is thrown away anyway.
    std::unique_ptr<backup::BackupSchedule> backups;
    if (!sandbox) {
        backups = std::make_unique<backup::BackupSchedule>(till.databasePath(), till.settings().backup);
        backups->setPaymentCheck([&till] { return till.isPaymentLive(); });
        QObject::connect(backups.get(), &backup::BackupSchedule::statusChanged, &window,
                         [&window](const backup::BackupStatus& status) {
                             window.setBackupState(status.needsAttention(), status.text(), status.advice());
                         });
        backups->start();
        QObject::connect(&window, &ui::CashierWindow::settingsChanged, backups.get(),
                         [&till, &backups] { backups->reconfigure(till.databasePath(), till.settings().backup); });
    }

    QCoreApplication::processEvents(); // a signal that came while starting is read now
    if (terminated)
        return 0;
    // A counter's screen is the cashier's whole screen: maximized by a window manager, and the same
    // size where there is none (a kiosk session).
    window.setGeometry(window.screen()->availableGeometry());
    window.showMaximized();
    till.recover();
    const bool signedIn = counterLock.signInAtStart();
    window.warnOfUnclosedDay();
    // What the configuration should fix (a plain key, one others can read): said once, beside any other notice,
    // not as an error: the counter works.
    if (const QStringList warnings = till.gatewayConfig().warnings; !warnings.isEmpty()) {
        QStringList lines = warnings;
        if (!window.notice().isEmpty())
            lines.prepend(window.notice());
        window.showNotice(lines.join(u'\n'));
    }
    const int exitCode = signedIn && !terminated ? QApplication::exec() : 0;
    if (sandbox) {
        // First: the voice engine may take a moment to close, and the sandbox should not wait for it.
        if (auto stopped = sandbox->stop(); !stopped)
            qWarning().noquote() << stopped.error().toString();
    }
    return exitCode;
}
