// The settings dialog, offscreen, over a counter whose gateway is a real counterpay-sandbox process: a
// change saved as exactly that line (the file's comments kept) and the till reloaded with it, a bad value
// refused with the file untouched, the dialog refused while a payment is live or without a manager's PIN,
// and a passphrase-protected key asked for at most once a save (only when [gateway] changed).
#include "SandboxHarness.h"
#include "payment/Till.h"
#include "settings/BackupSettingsPage.h"
#include "settings/CounterSettingsPage.h"
#include "settings/GatewaySettingsPage.h"
#include "settings/PaymentSettingsPage.h"
#include "settings/SettingsDialog.h"
#include "vault/KeyProtection.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;

class TestSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void savedChangeIsExactlyThatLine();
    void badValueRefusedFileUntouched();
    void backupSettingsCheckedThenSaved();
    void gatewayChangeCheckedWithTheGateway();
    void unknownAppIdRefusedByTheGateway();
    void refusedWhileAPaymentIsLive();
    void refusedWithoutTheManagersPin();
    void encryptedKeyAskedOnlyForANewGateway();

private:
    template <typename Page>
    Page* page(ui::SettingsDialog& dialog);
    static QStringList changedLines(const QByteArray& before, const QByteArray& after);

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
    QByteArray m_original;
    std::unique_ptr<payment::Till> m_till;
};

void TestSettings::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    QVERIFY2(m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet")}), qPrintable(m_sandbox.error()));
    m_original = readFile(m_sandbox.configPath());
    m_original += "\n; the counter by the door\n[counter]\nterminal_id=T1        ; printed on receipts\n"
                  "subject=小店\n[payment]\n# seconds\nqr_lifetime_s=300\n[display]\nlanguage=zh_CN\n";
    m_config = m_dir.filePath(QStringLiteral("settings.ini"));
}

void TestSettings::init()
{
    writeFile(m_config, m_original);
    m_till = std::make_unique<payment::Till>();
    auto loaded = m_till->load(m_config);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
}

void TestSettings::cleanup()
{
    if (m_till && m_till->isPaymentLive()) {
        QSignalSpy finished(m_till.get(), &payment::Till::paymentFinished);
        m_till->stopPayment();
        (void)QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000);
    }
    m_till.reset();
}

void TestSettings::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

template <typename Page>
Page* TestSettings::page(ui::SettingsDialog& dialog)
{
    for (ui::SettingsPage* candidate : dialog.pages()) {
        if (auto* found = qobject_cast<Page*>(candidate))
            return found;
    }
    return nullptr;
}

QStringList TestSettings::changedLines(const QByteArray& before, const QByteArray& after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    QStringList changed;
    if (a.size() != b.size())
        return {QStringLiteral("line count %1 -> %2").arg(a.size()).arg(b.size())};
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i] != b[i])
            changed.append(QString::fromUtf8(a[i]) + QStringLiteral(" -> ") + QString::fromUtf8(b[i]));
    }
    return changed;
}

void TestSettings::savedChangeIsExactlyThatLine()
{
    ui::SettingsDialog dialog(*m_till);
    dialog.show();
    auto* counter = page<ui::CounterSettingsPage>(dialog);
    QVERIFY(counter);
    auto* terminal = counter->findChild<QLineEdit*>(QStringLiteral("counter_terminal_id"));
    QVERIFY(terminal);
    QCOMPARE(terminal->text(), QStringLiteral("T1"));
    // A key the file lacks shows its default and, untouched, stays out of the file.
    auto* wait = page<ui::PaymentSettingsPage>(dialog)->findChild<QLineEdit*>(QStringLiteral("payment_barcode_wait_s"));
    QCOMPARE(wait->text(), QStringLiteral("60"));
    terminal->setText(QStringLiteral("DOOR2"));
    QSignalSpy saved(&dialog, &ui::SettingsDialog::saved);
    dialog.save();
    QVERIFY2(saved.count() == 1, qPrintable(dialog.message()));
    const QByteArray after = readFile(m_config);
    QCOMPARE(changedLines(m_original, after),
             QStringList{QStringLiteral("terminal_id=T1        ; printed on receipts -> "
                                        "terminal_id=DOOR2        ; printed on receipts")});
    QVERIFY(after.contains("; the counter by the door\n"));
    QVERIFY(after.contains("# seconds\n"));
    QCOMPARE(m_till->settings().payment.terminalId, QStringLiteral("DOOR2"));
    // Nothing left beside it: the candidate file was removed.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral(".counterpay-settings-*")}, QDir::Hidden | QDir::Files),
             QStringList());
}

void TestSettings::badValueRefusedFileUntouched()
{
    ui::SettingsDialog dialog(*m_till);
    auto* lifetime =
        page<ui::PaymentSettingsPage>(dialog)->findChild<QLineEdit*>(QStringLiteral("payment_qr_lifetime_s"));
    QVERIFY(lifetime);
    lifetime->setText(QStringLiteral("3"));
    QSignalSpy finished(&dialog, &ui::SettingsDialog::saveFinished);
    dialog.save();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.message().contains(QStringLiteral("qr_lifetime_s")), qPrintable(dialog.message()));
    QVERIFY2(dialog.message().contains(QStringLiteral("5 to 7200")), qPrintable(dialog.message()));
    QVERIFY2(dialog.message().contains(m_config), qPrintable(dialog.message()));
    QCOMPARE(readFile(m_config), m_original);
    QCOMPARE(m_till->settings().payment.qrLifetimeMs, qint64{300'000});
    QVERIFY(dialog.isVisible() || dialog.result() != QDialog::Accepted);
}

void TestSettings::backupSettingsCheckedThenSaved()
{
    ui::SettingsDialog dialog(*m_till);
    auto* backup = page<ui::BackupSettingsPage>(dialog);
    QVERIFY(backup);
    auto* daily = backup->findChild<QLineEdit*>(QStringLiteral("backup_keep_daily"));
    QVERIFY(daily);
    QCOMPARE(daily->text(), QStringLiteral("7"));
    daily->setText(QStringLiteral("-1"));
    dialog.save();
    QVERIFY2(dialog.message().contains(QStringLiteral("keep_daily")), qPrintable(dialog.message()));
    QCOMPARE(readFile(m_config), m_original);
    daily->setText(QStringLiteral("14"));
    QSignalSpy saved(&dialog, &ui::SettingsDialog::saved);
    dialog.save();
    QVERIFY2(saved.count() == 1, qPrintable(dialog.message()));
    QVERIFY(readFile(m_config).endsWith("[backup]\nkeep_daily=14\n"));
    QCOMPARE(m_till->settings().backup.keepDaily, 14);
}

void TestSettings::gatewayChangeCheckedWithTheGateway()
{
    ui::SettingsDialog dialog(*m_till);
    auto* timeout = page<ui::GatewaySettingsPage>(dialog)->findChild<QLineEdit*>(QStringLiteral("gateway_timeout_ms"));
    QVERIFY(timeout);
    QCOMPARE(timeout->text(), QStringLiteral("15000"));
    timeout->setText(QStringLiteral("20000"));
    QSignalSpy finished(&dialog, &ui::SettingsDialog::saveFinished);
    dialog.save();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.message()));
    // A key the file did not have is appended to its section.
    QVERIFY(readFile(m_config).contains("timeout_ms=20000\n"));
    QCOMPARE(m_till->gatewayConfig().timeoutMs, 20000);
}

void TestSettings::unknownAppIdRefusedByTheGateway()
{
    ui::SettingsDialog dialog(*m_till);
    auto* appId = page<ui::GatewaySettingsPage>(dialog)->findChild<QLineEdit*>(QStringLiteral("gateway_app_id"));
    QVERIFY(appId);
    const QString before = appId->text();
    appId->setText(QStringLiteral("2021009999999999"));
    QSignalSpy finished(&dialog, &ui::SettingsDialog::saveFinished);
    dialog.save();
    QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
    QCOMPARE(finished.first().first().toBool(), false);
    QVERIFY2(dialog.message().startsWith(QStringLiteral("Not saved: ")), qPrintable(dialog.message()));
    QVERIFY2(dialog.message().contains(QStringLiteral("app id")) || dialog.message().contains(QStringLiteral("APPID")),
             qPrintable(dialog.message()));
    QCOMPARE(readFile(m_config), m_original);
    QCOMPARE(m_till->gatewayConfig().appId, before);
}

void TestSettings::refusedWhileAPaymentIsLive()
{
    // Opened before the payment: saving is refused once money moves.
    ui::SettingsDialog dialog(*m_till);
    auto* terminal =
        page<ui::CounterSettingsPage>(dialog)->findChild<QLineEdit*>(QStringLiteral("counter_terminal_id"));
    terminal->setText(QStringLiteral("T7"));

    QSignalSpy qr(m_till.get(), &payment::Till::qrReady);
    auto started = m_till->startPayment({Money::fromFen(1234), {}, {}, {}});
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
    QVERIFY(QTest::qWaitFor([&] { return !qr.isEmpty(); }, 10000));
    QVERIFY(m_till->isPaymentLive());

    bool asked = false;
    auto opened = ui::SettingsDialog::mayOpen(
        *m_till,
        [&asked](QWidget*, const QString&) -> std::optional<QString> {
            asked = true;
            return QStringLiteral("李经理");
        },
        nullptr);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().category(), Error::Category::Permission);
    QVERIFY2(opened.error().message().contains(QStringLiteral("payment is under way")),
             qPrintable(opened.error().message()));
    QVERIFY(!asked); // no PIN asked for a door that stays shut

    dialog.save();
    QVERIFY2(dialog.message().contains(QStringLiteral("payment is under way")), qPrintable(dialog.message()));
    QCOMPARE(readFile(m_config), m_original);
    QCOMPARE(m_till->settings().payment.terminalId, QStringLiteral("T1"));
}

void TestSettings::refusedWithoutTheManagersPin()
{
    QStringList asked;
    auto refused = ui::SettingsDialog::mayOpen(
        *m_till,
        [&asked](QWidget*, const QString& what) -> std::optional<QString> {
            asked.append(what);
            return std::nullopt;
        },
        nullptr);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().category(), Error::Category::Permission);
    QVERIFY2(refused.error().message().contains(QStringLiteral("manager's PIN")),
             qPrintable(refused.error().message()));
    QCOMPARE(asked, QStringList{QStringLiteral("Change the counter's settings")});

    auto approved = ui::SettingsDialog::mayOpen(
        *m_till, [](QWidget*, const QString&) -> std::optional<QString> { return QStringLiteral("李经理"); }, nullptr);
    QVERIFY(approved.ok());
    // No approval at all (the app always has one; a window built without): refused too.
    QVERIFY(!ui::SettingsDialog::mayOpen(*m_till, {}, nullptr).ok());
}

void TestSettings::encryptedKeyAskedOnlyForANewGateway()
{
    // A counter of its own whose app private key is in a passphrase-protected file.
    const QString folder = m_dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(folder));
    for (const QString& name : {QStringLiteral("app_private_key.pem"), QStringLiteral("alipay_public_key.pem")})
        QVERIFY(QFile::copy(m_dir.filePath(name), folder + QLatin1Char('/') + name));
    const QString config = folder + QStringLiteral("/counterpay.ini");
    writeFile(config, m_original);
    QVERIFY(vault::KeyProtection::protect(config, vault::KeyProtection::Method::EncryptedFile, "shop passphrase").ok());
    int asked = 0;
    const vault::PassphrasePrompt prompt = [&asked](const QString&) -> Result<QByteArray> {
        ++asked;
        return QByteArray("shop passphrase");
    };
    payment::Till till;
    auto loaded = till.load(config, payment::TillParts::Use::Payments, {}, prompt);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE(asked, 1);

    {
        // [counter] alone: the till reloads with the key it holds.
        ui::SettingsDialog dialog(till);
        dialog.setPassphrasePrompt(prompt);
        page<ui::CounterSettingsPage>(dialog)
            ->findChild<QLineEdit*>(QStringLiteral("counter_terminal_id"))
            ->setText(QStringLiteral("DOOR2"));
        QSignalSpy saved(&dialog, &ui::SettingsDialog::saved);
        dialog.save();
        QVERIFY2(saved.count() == 1, qPrintable(dialog.message()));
        QCOMPARE(asked, 1);
        QCOMPARE(till.settings().payment.terminalId, QStringLiteral("DOOR2"));
    }
    {
        // [gateway]: asked once, to open the key the change is checked with; the till reloads with that.
        ui::SettingsDialog dialog(till);
        dialog.setPassphrasePrompt(prompt);
        page<ui::GatewaySettingsPage>(dialog)
            ->findChild<QLineEdit*>(QStringLiteral("gateway_timeout_ms"))
            ->setText(QStringLiteral("20000"));
        QSignalSpy finished(&dialog, &ui::SettingsDialog::saveFinished);
        dialog.save();
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog.message()));
        QCOMPARE(asked, 2);
        QCOMPARE(till.gatewayConfig().timeoutMs, 20000);
        QCOMPARE(till.gatewayConfig().sourcePath, config);
        for (const QString& warning : till.gatewayConfig().warnings)
            QVERIFY2(!warning.contains(QStringLiteral(".counterpay-settings-")), qPrintable(warning));
    }
    {
        // No passphrase given: nothing saved, the till as it was.
        const QByteArray before = readFile(config);
        ui::SettingsDialog dialog(till);
        dialog.setPassphrasePrompt([](const QString&) -> Result<QByteArray> {
            return Error::config(QStringLiteral("No passphrase was given; nothing was saved."));
        });
        page<ui::GatewaySettingsPage>(dialog)
            ->findChild<QLineEdit*>(QStringLiteral("gateway_timeout_ms"))
            ->setText(QStringLiteral("25000"));
        QSignalSpy finished(&dialog, &ui::SettingsDialog::saveFinished);
        dialog.save();
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, 20000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog.message().contains(QStringLiteral("No passphrase")), qPrintable(dialog.message()));
        QCOMPARE(readFile(config), before);
        QCOMPARE(till.gatewayConfig().timeoutMs, 20000);
    }
    // The reloaded till still signs: a payment reaches the sandbox with the key it kept.
    QSignalSpy qr(&till, &payment::Till::qrReady);
    auto started = till.startPayment({Money::fromFen(501), {}, {}, {}});
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));
    QVERIFY(QTest::qWaitFor([&] { return !qr.isEmpty(); }, 10000));
    QSignalSpy ended(&till, &payment::Till::paymentFinished);
    till.stopPayment();
    QVERIFY(QTest::qWaitFor([&] { return !ended.isEmpty(); }, 20000));
}

QTEST_MAIN(TestSettings)
#include "TestSettings.moc"
