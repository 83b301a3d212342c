// The cashier's screen, offscreen, against a real counterpay-sandbox process over loopback: keys typed
// as a cashier types them (and as a scanner gun types them), the QR code read back from the window's
// pixels, the customer played through the sandbox, the outcome checked on screen, in the order book
// and at the gateway.
#include "QrReader.h"
#include "SandboxHarness.h"
#include "cashier/CashierWindow.h"
#include "cashier/PaymentPage.h"
#include "cashier/QrView.h"
#include "cashier/ResultPage.h"
#include "demo/DemoSandbox.h"
#include "payment/Till.h"
#include "receipt/ReceiptOutput.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace counterpay;
using namespace counterpay::test;
using Page = counterpay::ui::CashierWindow::Page;

class TestCashierWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void qrPaymentReadFromTheScreenAndPaid();
    void scannerBurstChargesThePaymentCode();
    void personTypingTheDigitsIsNotAScan();
    void weChatCodeIsRefusedBeforeAnythingIsSent();
    void escapeWhileWaitingCancelsAtTheGateway();
    void declinedCodeShowsWhatToDo();
    void demoHandsTheScannerATestCode();
    void gatewayGoneMidPaymentShowsTroubleAndRecovers();

private:
    void typeSlowly(const QString& keys);
    void scan(const QString& code);
    QString startQr(const QString& amount);
    QList<store::Order> orders();

    QTemporaryDir m_dir;
    SandboxProcess m_sandbox;
    QString m_config;
    quint16 m_port = 0;
    std::unique_ptr<payment::Till> m_till;
    std::unique_ptr<ui::ReceiptOutput> m_receipts;
    std::unique_ptr<ui::CashierWindow> m_window;
};

void TestCashierWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    initSandbox(m_dir.path());
    {
        QTcpServer probe; // a fixed port, so the sandbox can come back on it
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        m_port = probe.serverPort();
    }
    QVERIFY2(
        m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet"), QStringLiteral("--port"), QString::number(m_port)}),
        qPrintable(m_sandbox.error()));
    QByteArray text = readFile(m_sandbox.configPath());
    text += "\n[counter]\nterminal_id=GUI\ncashier_id=alice\n[payment]\npoll=first=300,300@60000,final=500\n"
            "barcode_wait_s=8\n[receipt]\nprinter=pdf\nauto_print=true\npaper=80\npdf_folder=" +
            m_dir.filePath(QStringLiteral("receipts")).toUtf8() + "\n";
    m_config = m_dir.filePath(QStringLiteral("gui.ini"));
    writeFile(m_config, text);
}

void TestCashierWindow::init()
{
    m_till = std::make_unique<payment::Till>();
    auto loaded = m_till->load(m_config);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    m_receipts = std::make_unique<ui::ReceiptOutput>(m_till->settings().receipt);
    m_window = std::make_unique<ui::CashierWindow>(*m_till);
    m_window->setReceiptOutput(m_receipts.get());
    m_window->resize(1024, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
}

void TestCashierWindow::cleanup()
{
    if (m_till && m_till->isPaymentLive()) {
        m_till->stopPayment();
        QTRY_VERIFY_WITH_TIMEOUT(!m_till->isPaymentLive(), 15000);
    }
    m_window.reset();
    m_receipts.reset();
    m_till.reset();
}

void TestCashierWindow::cleanupTestCase()
{
    QCOMPARE(m_sandbox.stop(), 0);
}

void TestCashierWindow::typeSlowly(const QString& keys)
{
    // A person: well over the scanner's 40 ms between keys.
    for (QChar key : keys) {
        QTest::keyClick(m_window.get(), key.toLatin1());
        QTest::qWait(90);
    }
}

void TestCashierWindow::scan(const QString& code)
{
    // A scanner gun: the digits and Enter as one burst.
    for (QChar key : code)
        QTest::keyClick(m_window.get(), key.toLatin1());
    QTest::keyClick(m_window.get(), Qt::Key_Return);
}

QString TestCashierWindow::startQr(const QString& amount)
{
    QSignalSpy qr(m_till.get(), &payment::Till::qrReady);
    typeSlowly(amount);
    QTest::keyClick(m_window.get(), Qt::Key_Return);
    if (!QTest::qWaitFor([&] { return !qr.isEmpty(); }, 10000))
        return {};
    return m_till->livePayment() ? m_till->livePayment()->outTradeNo() : QString();
}

QList<store::Order> TestCashierWindow::orders()
{
    auto list = m_till->orders({});
    return list ? *list : QList<store::Order>();
}

void TestCashierWindow::qrPaymentReadFromTheScreenAndPaid()
{
    const QString no = startQr(QStringLiteral("12.34"));
    QVERIFY(!no.isEmpty());
    QCOMPARE(m_window->page(), Page::Payment);
    auto* qrView = m_window->findChild<ui::QrView*>(QStringLiteral("qrView"));
    QVERIFY(qrView);
    QVERIFY2(qrView->moduleSize() >= 6, "the QR must be large enough to scan from a metre away");
    QTest::qWait(50); // let it paint
    // The whole window, as the camera would see it.
    const QString decoded = readQrCode(m_window->grab().toImage());
    QVERIFY2(!decoded.isEmpty(), "no QR code found on the screen");
    const store::Order order = m_till->order(no)->value();
    QCOMPARE(decoded, order.qrCode);
    const QString path = m_sandbox.trade(no).value(u"qr_path").toString();
    QVERIFY(!path.isEmpty());
    QVERIFY2(decoded.endsWith(path), qPrintable(decoded + QStringLiteral(" / ") + path));

    QSignalSpy printed(m_receipts.get(), &ui::ReceiptOutput::printed);
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 10000);
    auto* result = m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"));
    QCOMPARE(result->outcome(), ui::ResultPage::Outcome::Paid);
    QCOMPARE(m_window->findChild<QLabel*>(QStringLiteral("resultAmount"))->text(), QStringLiteral("¥ 12.34"));
    const store::Order paid = m_till->order(no)->value();
    QCOMPARE(paid.state, store::OrderState::Paid);
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("resultDetails"))->text().contains(paid.tradeNo));
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_SUCCESS"));

    // The receipt, printed to PDF on its own: the trade number and the order number are on it as text.
    QTRY_COMPARE_WITH_TIMEOUT(printed.size(), 1, 15000);
    const QString pdf = printed.first().at(1).toString();
    const ProcessResult text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(paid.tradeNo.toUtf8()), text.out.constData());
    QVERIFY(text.out.contains(no.toUtf8()));
    QVERIFY(text.out.contains("12.34"));

    // The next key starts the next sale on a clean amount.
    QTest::keyClick(m_window.get(), '5');
    QCOMPARE(m_window->page(), Page::Entry);
    QCOMPARE(m_window->amountEntry().text(), QStringLiteral("5"));
}

void TestCashierWindow::scannerBurstChargesThePaymentCode()
{
    const int before = static_cast<int>(orders().size());
    typeSlowly(QStringLiteral("8.8"));
    scan(QStringLiteral("280000000000000001"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 10000);
    QCOMPARE(m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"))->outcome(),
             ui::ResultPage::Outcome::Paid);
    const QList<store::Order> after = orders();
    QCOMPARE(after.size(), before + 1);
    const store::Order& order = after.last();
    QCOMPARE(order.mode, store::Order::PayMode::Barcode);
    QCOMPARE(order.totalAmount, Money::fromFen(880));
    QCOMPARE(order.state, store::OrderState::Paid);
    QCOMPARE(m_sandbox.trade(order.outTradeNo).value(u"scene").toString(), QStringLiteral("bar_code"));
}

void TestCashierWindow::personTypingTheDigitsIsNotAScan()
{
    const int before = static_cast<int>(orders().size());
    typeSlowly(QStringLiteral("6"));
    // The same digits a scanner would send, typed by a person: they go into the amount (up to
    // Alipay's 100,000,000.00, so 628,000,000 is refused at its last digit), and nothing is charged.
    typeSlowly(QStringLiteral("280000000000000001"));
    QCOMPARE(m_window->page(), Page::Entry);
    QCOMPARE(m_window->amountEntry().text(), QStringLiteral("62800000"));
    QCOMPARE(static_cast<int>(orders().size()), before);
}

void TestCashierWindow::weChatCodeIsRefusedBeforeAnythingIsSent()
{
    const int before = static_cast<int>(orders().size());
    typeSlowly(QStringLiteral("20"));
    scan(QStringLiteral("134567890123456789"));
    QTest::qWait(100);
    QCOMPARE(m_window->page(), Page::Entry);
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("entryMessage"))->text().contains(QStringLiteral("WeChat")));
    QCOMPARE(static_cast<int>(orders().size()), before);
    QCOMPARE(m_window->amountEntry().text(), QStringLiteral("20")); // the amount is kept for the right code
}

void TestCashierWindow::escapeWhileWaitingCancelsAtTheGateway()
{
    const QString no = startQr(QStringLiteral("3"));
    QVERIFY(!no.isEmpty());
    QCOMPARE(m_sandbox.customer(QStringLiteral("scan"), no).status, 200);
    QTest::keyClick(m_window.get(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 15000);
    QCOMPARE(m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"))->outcome(),
             ui::ResultPage::Outcome::NotPaid);
    QCOMPARE(m_till->order(no)->value().state, store::OrderState::Closed);
    QCOMPARE(m_sandbox.trade(no).value(u"state").toString(), QStringLiteral("TRADE_CLOSED"));
    // The customer can no longer pay it.
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 409);
}

void TestCashierWindow::declinedCodeShowsWhatToDo()
{
    typeSlowly(QStringLiteral("9"));
    scan(QStringLiteral("282000000000000001")); // the sandbox's "balance too low"
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 10000);
    auto* result = m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"));
    QCOMPARE(result->outcome(), ui::ResultPage::Outcome::NotPaid);
    QVERIFY(!m_window->findChild<QLabel*>(QStringLiteral("resultAdvice"))->text().isEmpty());
    QCOMPARE(orders().last().state, store::OrderState::Failed);
}

void TestCashierWindow::demoHandsTheScannerATestCode()
{
    m_window->setDemoCode([](ui::PaymentPage::DemoAction action) {
        return demo::DemoSandbox::paymentCode(action == ui::PaymentPage::DemoAction::Pay
                                                  ? demo::DemoSandbox::Action::Pay
                                                  : demo::DemoSandbox::Action::Decline);
    });
    const int before = static_cast<int>(orders().size());
    QTest::keyClick(m_window.get(), Qt::Key_F2); // payment-code mode
    typeSlowly(QStringLiteral("7"));
    QTest::keyClick(m_window.get(), Qt::Key_Return);
    QCOMPARE(m_window->page(), Page::Payment);
    QCOMPARE(static_cast<int>(orders().size()), before); // waiting for the scanner: nothing recorded
    QTest::keyClick(m_window.get(), Qt::Key_F7);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 10000);
    QCOMPARE(m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"))->outcome(),
             ui::ResultPage::Outcome::Paid);
    QCOMPARE(orders().last().mode, store::Order::PayMode::Barcode);
    QCOMPARE(orders().last().state, store::OrderState::Paid);

    typeSlowly(QStringLiteral("3"));
    QTest::keyClick(m_window.get(), Qt::Key_Return);
    QCOMPARE(m_window->page(), Page::Payment);
    QTest::keyClick(m_window.get(), Qt::Key_F8);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 10000);
    QCOMPARE(m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"))->outcome(),
             ui::ResultPage::Outcome::NotPaid);
    QCOMPARE(orders().last().state, store::OrderState::Failed);
    QCOMPARE(static_cast<int>(orders().size()), before + 2);
}

void TestCashierWindow::gatewayGoneMidPaymentShowsTroubleAndRecovers()
{
    const QString no = startQr(QStringLiteral("4.56"));
    QVERIFY(!no.isEmpty());
    QCOMPARE(m_sandbox.stop(), 0);
    auto* trouble = m_window->findChild<QLabel*>(QStringLiteral("troubleBanner"));
    QTRY_VERIFY_WITH_TIMEOUT(trouble->isVisible(), 10000);
    QCOMPARE(m_window->page(), Page::Payment);
    QCOMPARE(m_till->order(no)->value().state, store::OrderState::AwaitingScan); // the order is kept

    QVERIFY2(
        m_sandbox.start(m_dir.path(), {QStringLiteral("--quiet"), QStringLiteral("--port"), QString::number(m_port)}),
        qPrintable(m_sandbox.error()));
    QCOMPARE(m_sandbox.customer(QStringLiteral("pay"), no).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), Page::Result, 20000);
    QVERIFY(!trouble->isVisible() || m_window->page() == Page::Result);
    QCOMPARE(m_window->findChild<ui::ResultPage*>(QStringLiteral("resultPage"))->outcome(),
             ui::ResultPage::Outcome::Paid);
    QCOMPARE(m_till->order(no)->value().state, store::OrderState::Paid);
}

QTEST_MAIN(TestCashierWindow)
#include "TestCashierWindow.moc"
