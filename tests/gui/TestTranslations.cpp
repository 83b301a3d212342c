// The translations embedded in the app, installed as the app installs them (gui::installTranslations):
// messages of the till, the core and the cashier's screen, each asked for through its own code, come
// out in Chinese, and English has its plural forms. A message whose context in the .ts file is not the
// one its code translates with stays English here, however complete the .ts file is.
#include "alipay/TradeFields.h"
#include "cashier/CashierWindow.h"
#include "cashier/TodayOrdersDialog.h"
#include "common/Error.h"
#include "gui/Translations.h"
#include "money/Money.h"
#include "payment/CashierAdvice.h"
#include "payment/Till.h"
#include "store/OrderState.h"

#include <QApplication>
#include <QFile>
#include <QPushButton>
#include <QTest>
#include <QTranslator>

using namespace counterpay;
using store::OrderState;

namespace {

Error refusal(const QString& subCode)
{
    return Error(Error::Category::Business, QStringLiteral("Business Failed"), {}, QStringLiteral("40004"), subCode);
}

QString buttonText(const QWidget& window, const QString& name)
{
    const auto* button = window.findChild<QPushButton*>(name);
    return button ? button->text() : QStringLiteral("(no %1)").arg(name);
}

QString ordersToday(int orders)
{
    return ui::TodayOrdersDialog::tr("%n order(s) today; %1 paid, ¥ %2 received", nullptr, orders)
        .arg(1)
        .arg(QStringLiteral("12.34"));
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void embedded_data();
    void embedded();
    void chinese();
    void english();
};

void TestTranslations::embedded_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
    QTest::newRow("en") << QStringLiteral("en");
}

// Where Translations.cpp looks for them.
void TestTranslations::embedded()
{
    QFETCH(QString, language);
    const QString path = QStringLiteral(":/i18n/counterpay_%1.qm").arg(language);
    QVERIFY2(QFile::exists(path), qPrintable(path));
    QTranslator translator;
    QVERIFY(translator.load(path));
    QVERIFY(!translator.isEmpty());
}

void TestTranslations::chinese()
{
    QCOMPARE(gui::installTranslations(*qApp, QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    QCOMPARE(QLocale().language(), QLocale::Chinese);

    // The till's state words (a Q_OBJECT class).
    QCOMPARE(payment::Till::stateLabel(OrderState::Paid), QStringLiteral("已到账"));
    QCOMPARE(payment::Till::stateLabel(OrderState::AwaitingPayment), QStringLiteral("顾客已扫码，等待付款"));
    QCOMPARE(payment::Till::stateLabel(OrderState::Unknown), QStringLiteral("结果未确认，稍后自动核对"));

    // What the cashier does after a refusal (a plain struct with Q_DECLARE_TR_FUNCTIONS).
    const payment::CashierAdvice balance =
        payment::CashierAdvice::forFailure(refusal(QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH")));
    QCOMPARE(balance.reason, QStringLiteral("顾客余额不足。"));
    const payment::CashierAdvice expired =
        payment::CashierAdvice::forFailure(refusal(QStringLiteral("ACQ.PAYMENT_AUTH_CODE_INVALID")));
    QCOMPARE(expired.action, QStringLiteral("请顾客刷新付款码后重试。"));

    // A free function's message in a class's context, and an explicit QCoreApplication::translate.
    const Result<void> empty = alipay::TradeFields::checkOutTradeNo(u"");
    QVERIFY(!empty);
    QCOMPARE(empty.error().message(), QStringLiteral("out_trade_no 为空"));
    const Result<Money> amount = Money::parse(u"");
    QVERIFY(!amount);
    QCOMPARE(amount.error().message(), QStringLiteral("金额为空。"));

    // The cashier's screen, built after the translation is in.
    payment::Till till;
    ui::CashierWindow window(till);
    QCOMPARE(window.windowTitle(), QStringLiteral("CounterPay — 支付宝收银"));
    QCOMPARE(buttonText(window, QStringLiteral("reprintButton")), QStringLiteral("F3  补打小票"));
    QCOMPARE(buttonText(window, QStringLiteral("chargeButton")), QStringLiteral("收款 (Enter)"));
    QCOMPARE(window.findChild<QPushButton*>(QStringLiteral("chargeButton"))->accessibleName(),
             QStringLiteral("收取此金额"));

    QCOMPARE(ordersToday(3), QStringLiteral("今日 3 笔订单；1 笔已到账，共收 ¥ 12.34"));
}

// English is the source text; its translation only adds the plural forms.
void TestTranslations::english()
{
    QCOMPARE(gui::installTranslations(*qApp, QStringLiteral("en")), QStringLiteral("en"));
    QCOMPARE(QLocale().language(), QLocale::English);

    QCOMPARE(payment::Till::stateLabel(OrderState::Paid), QStringLiteral("Paid"));
    QCOMPARE(payment::CashierAdvice::forFailure(refusal(QStringLiteral("ACQ.BUYER_BALANCE_NOT_ENOUGH"))).reason,
             QStringLiteral("The customer's balance is too low."));
    payment::Till till;
    ui::CashierWindow window(till);
    QCOMPARE(window.windowTitle(), QStringLiteral("CounterPay — Alipay cashier"));
    QCOMPARE(buttonText(window, QStringLiteral("reprintButton")), QStringLiteral("F3  Reprint last receipt"));

    QCOMPARE(ordersToday(1), QStringLiteral("1 order today; 1 paid, ¥ 12.34 received"));
    QCOMPARE(ordersToday(3), QStringLiteral("3 orders today; 1 paid, ¥ 12.34 received"));
}

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
