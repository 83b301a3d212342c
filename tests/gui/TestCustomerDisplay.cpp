// The customer's screen on a second monitor (two offscreen screens): placed there full screen, the QR
// readable from its pixels, the outcome shown, and nothing when there is one screen or it is off.
#include "QrReader.h"
#include "ScriptedGateway.h"
#include "cashier/CashierWindow.h"
#include "customer/CustomerDisplay.h"
#include "payment/Till.h"

#include <QApplication>
#include <QScreen>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace counterpay;
using namespace counterpay::testing;

class TestCustomerDisplay : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void followsThePaymentOnTheSecondScreen();
    void offWhenDisabled();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ManualScheduler> m_scheduler;
    std::unique_ptr<payment::Till> m_till;
    ScriptedGateway* m_gateway = nullptr;
    std::unique_ptr<ui::CashierWindow> m_window;
};

void TestCustomerDisplay::init()
{
    QCOMPARE(QGuiApplication::screens().size(), 2);
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 11, 26), QTime(4, 0), QTimeZone::utc()));
    m_scheduler = std::make_unique<ManualScheduler>(*m_clock);
    m_till = std::make_unique<payment::Till>(*m_clock, *m_scheduler);
    payment::TillParts parts;
    parts.gateway.appId = QStringLiteral("9021000000000001");
    parts.settings.payment.appId = parts.gateway.appId;
    parts.store = std::move(*store::OrderStore::open(m_dir->filePath(QStringLiteral("orders.sqlite")), *m_clock));
    auto gateway = std::make_unique<ScriptedGateway>(*m_scheduler);
    gateway->clock = m_clock.get();
    gateway->onPrecreate = [](const alipay::TradePrecreate& call) {
        return Result<alipay::TradePrecreate::Response>(alipay::TradePrecreate::Response{
            call.outTradeNo, QStringLiteral("https://qr.alipay.com/bax08651ykjmsjlbhk4e0022")});
    };
    m_gateway = gateway.get();
    parts.trades = std::move(gateway);
    QVERIFY(m_till->install(std::move(parts)).ok());
    m_window = std::make_unique<ui::CashierWindow>(*m_till);
    m_window->setGeometry(QGuiApplication::screens().first()->geometry().adjusted(0, 0, -100, -100));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestCustomerDisplay::cleanup()
{
    m_window.reset();
    m_till.reset();
    m_scheduler.reset();
}

void TestCustomerDisplay::followsThePaymentOnTheSecondScreen()
{
    ui::CustomerDisplay display(*m_till, QStringLiteral("咖啡小铺"));
    ui::CustomerScreenPlacer placer(display, *m_window, true);
    QVERIFY(display.isVisible());
    QScreen* second = QGuiApplication::screens().at(1);
    QTRY_COMPARE(display.geometry(), second->geometry());
    QCOMPARE(display.headline(), ui::CustomerDisplay::tr("Welcome"));

    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("WAIT_BUYER_PAY", 1234); };
    QVERIFY(m_till->startPayment({Money::fromFen(1234), {}, {}, {}}).ok());
    m_scheduler->advance(100);
    QCOMPARE(display.headline(), ui::CustomerDisplay::tr("Scan with Alipay to pay"));
    QTest::qWait(20);
    QCOMPARE(test::readQrCode(display.grab().toImage()),
             QStringLiteral("https://qr.alipay.com/bax08651ykjmsjlbhk4e0022"));

    m_gateway->onQuery = [](const alipay::TradeQuery&) { return status("TRADE_SUCCESS", 1234); };
    m_scheduler->advance(3000);
    QCOMPARE(display.headline(), ui::CustomerDisplay::tr("Paid, thank you"));
}

void TestCustomerDisplay::offWhenDisabled()
{
    ui::CustomerDisplay display(*m_till, QStringLiteral("咖啡小铺"));
    ui::CustomerScreenPlacer placer(display, *m_window, false);
    QVERIFY(!display.isVisible());
}

int main(int argc, char** argv)
{
    // Two screens side by side: the cashier's and the customer's.
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screens.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(R"({"screens": [
        {"name": "cashier", "x": 0, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96},
        {"name": "customer", "x": 1024, "y": 0, "width": 800, "height": 600, "logicalDpi": 96, "logicalBaseDpi": 96}
    ]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toUtf8());
    QApplication app(argc, argv);
    TestCustomerDisplay test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestCustomerDisplay.moc"
