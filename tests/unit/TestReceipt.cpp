#include "ReceiptSamples.h"

#include "receipt/Receipt.h"

#include <QTest>

using namespace counterpay;
using counterpay::receipt::Receipt;
using counterpay::receipt::ReceiptField;
using counterpay::store::OrderState;

Q_DECLARE_METATYPE(OrderState)

class TestReceipt : public QObject
{
    Q_OBJECT

private slots:
    void paymentReceipt();
    void onlyPaidOrdersHaveOne_data();
    void onlyPaidOrdersHaveOne();
    void refundReceipt();
    void refundMustBeDoneAndBelongToTheOrder();
    void counterFillsWhatTheOrderLacks();
    void reprintIsMarked();
    void chinaTimeWhateverTheMachinesZone();
};

void TestReceipt::paymentReceipt()
{
    auto built = Receipt::forPayment(test::paidOrder(), test::receiptCounter());
    QVERIFY(built.ok());
    const Receipt& receipt = *built;
    QCOMPARE(receipt.kind, Receipt::Kind::Payment);
    QCOMPARE(receipt.storeTitle, QStringLiteral("幸福小馆 人民路店"));
    QCOMPARE(receipt.heading(), QStringLiteral("收款凭证"));
    QCOMPARE(receipt.reprintMarker(), QString());
    QCOMPARE(receipt.qrText(), QByteArray("T1-20260115-000123"));
    const QList<QList<ReceiptField>> expected{
        {
            {QStringLiteral("门店"), QStringLiteral("SH001")},
            {QStringLiteral("终端"), QStringLiteral("T1")},
            {QStringLiteral("收银员"), QStringLiteral("zhang3")},
            {QStringLiteral("时间"), QStringLiteral("2026-01-15 12:34:56")},
        },
        {{QStringLiteral("金额"), QStringLiteral("¥12.34"), true}},
        {
            {QStringLiteral("商户订单号"), QStringLiteral("T1-20260115-000123")},
            {QStringLiteral("支付宝交易号"), QStringLiteral("2026011522001412345678901234")},
            {QStringLiteral("付款账号"), QStringLiteral("159****5620")},
            {QStringLiteral("状态"), QStringLiteral("支付成功")},
        },
    };
    QCOMPARE(receipt.fields(), expected);
}

void TestReceipt::onlyPaidOrdersHaveOne_data()
{
    QTest::addColumn<OrderState>("state");
    QTest::addColumn<bool>("hasReceipt");
    for (OrderState state : store::kAllOrderStates) {
        const bool paid =
            state == OrderState::Paid || state == OrderState::PartiallyRefunded || state == OrderState::Refunded;
        QTest::newRow(qPrintable(store::orderStateName(state))) << state << paid;
    }
}

void TestReceipt::onlyPaidOrdersHaveOne()
{
    QFETCH(OrderState, state);
    QFETCH(bool, hasReceipt);
    store::Order order = test::paidOrder();
    order.state = state;
    auto built = Receipt::forPayment(order, test::receiptCounter());
    QCOMPARE(built.ok(), hasReceipt);
    if (!hasReceipt) {
        QCOMPARE(built.error().category(), Error::Category::Input);
        QVERIFY(built.error().message().contains(order.outTradeNo));
    } else {
        QVERIFY(!Receipt::stateWords(state).isEmpty());
        QCOMPARE(built->fields().last().last().value, Receipt::stateWords(state));
    }
}

void TestReceipt::refundReceipt()
{
    // The order as read before the refund finished: the receipt still counts the refund.
    auto built = Receipt::forRefund(test::paidOrder(), test::doneRefund(), test::receiptCounter());
    QVERIFY(built.ok());
    QCOMPARE(built->kind, Receipt::Kind::Refund);
    QCOMPARE(built->heading(), QStringLiteral("退款凭证"));
    const QList<QList<ReceiptField>> expected{
        {
            {QStringLiteral("门店"), QStringLiteral("SH001")},
            {QStringLiteral("终端"), QStringLiteral("T1")},
            {QStringLiteral("收银员"), QStringLiteral("zhang3")},
            {QStringLiteral("授权人"), QStringLiteral("manager1")},
            {QStringLiteral("时间"), QStringLiteral("2026-01-16 09:02:03")},
        },
        {{QStringLiteral("退款金额"), QStringLiteral("¥5.00"), true}},
        {
            {QStringLiteral("订单金额"), QStringLiteral("¥12.34")},
            {QStringLiteral("累计退款"), QStringLiteral("¥5.00")},
            {QStringLiteral("商户订单号"), QStringLiteral("T1-20260115-000123")},
            {QStringLiteral("支付宝交易号"), QStringLiteral("2026011522001412345678901234")},
            {QStringLiteral("退款单号"), QStringLiteral("T1-20260115-000123-R1")},
            {QStringLiteral("付款账号"), QStringLiteral("159****5620")},
            {QStringLiteral("状态"), QStringLiteral("退款成功")},
        },
    };
    QCOMPARE(built->fields(), expected);

    // After a second refund the book's total is what the receipt says.
    store::Order order = test::refundedOrder();
    order.refundedAmount = Money::fromFen(800);
    QCOMPARE(Receipt::forRefund(order, test::doneRefund(), test::receiptCounter())->refundedTotal, Money::fromFen(800));
}

void TestReceipt::refundMustBeDoneAndBelongToTheOrder()
{
    for (auto state : {store::Refund::State::Requested, store::Refund::State::Failed, store::Refund::State::Unknown}) {
        store::Refund refund = test::doneRefund();
        refund.state = state;
        auto built = Receipt::forRefund(test::refundedOrder(), refund, test::receiptCounter());
        QVERIFY(!built.ok());
        QCOMPARE(built.error().category(), Error::Category::Input);
    }
    store::Refund other = test::doneRefund();
    other.outTradeNo = QStringLiteral("T1-20260115-000124");
    QVERIFY(!Receipt::forRefund(test::refundedOrder(), other, test::receiptCounter()).ok());
}

void TestReceipt::counterFillsWhatTheOrderLacks()
{
    store::Order order = test::paidOrder();
    order.terminalId.clear();
    order.cashierId.clear();
    order.buyerLogonId.clear();
    order.buyerUserIdMasked = QStringLiteral("2088****5135");
    config::CounterSettings counter = test::receiptCounter();
    counter.payment.terminalId = QStringLiteral("T9");
    counter.payment.cashierId = QStringLiteral("li4");
    auto receipt = Receipt::forPayment(order, counter);
    QVERIFY(receipt.ok());
    QCOMPARE(receipt->terminalId, QStringLiteral("T9"));
    QCOMPARE(receipt->cashierId, QStringLiteral("li4"));
    QCOMPARE(receipt->buyer, QStringLiteral("2088****5135"));

    // No store id, no cashier, no buyer: no empty rows.
    counter.payment.storeId.clear();
    counter.payment.cashierId.clear();
    order.buyerUserIdMasked.clear();
    receipt = Receipt::forPayment(order, counter);
    QVERIFY(receipt.ok());
    QStringList labels;
    for (const auto& section : receipt->fields())
        for (const ReceiptField& field : section)
            labels.append(field.label);
    QCOMPARE(labels,
             QStringList({QStringLiteral("终端"), QStringLiteral("时间"), QStringLiteral("金额"),
                          QStringLiteral("商户订单号"), QStringLiteral("支付宝交易号"), QStringLiteral("状态")}));

    // A paid order that was partly refunded says so on a reprint.
    receipt = Receipt::forPayment(test::refundedOrder(), test::receiptCounter());
    QVERIFY(receipt.ok());
    QVERIFY(receipt->fields().last().contains(ReceiptField{QStringLiteral("累计退款"), QStringLiteral("¥5.00")}));
    QCOMPARE(receipt->fields().last().last().value, QStringLiteral("支付成功，部分退款"));
}

void TestReceipt::reprintIsMarked()
{
    const Receipt first = test::paymentReceipt();
    const Receipt again = first.reprinted();
    QVERIFY(!first.reprint);
    QVERIFY(again.reprint);
    QCOMPARE(again.reprintMarker(), QStringLiteral("【重打印】"));
    QCOMPARE(again.fields(), first.fields());
}

void TestReceipt::chinaTimeWhateverTheMachinesZone()
{
    // 23:30 UTC on the 15th is 07:30 on the 16th in China.
    store::Order order = test::paidOrder();
    order.paidAt = QDateTime(QDate(2026, 1, 15), QTime(23, 30), Qt::UTC);
    qputenv("TZ", "America/New_York");
    auto receipt = Receipt::forPayment(order, test::receiptCounter());
    qunsetenv("TZ");
    QVERIFY(receipt.ok());
    QCOMPARE(receipt->fields().first().last().value, QStringLiteral("2026-01-16 07:30:00"));

    // No paid time recorded: the last update stands in.
    order.paidAt = QDateTime();
    receipt = Receipt::forPayment(order, test::receiptCounter());
    QCOMPARE(receipt->fields().first().last().value, QStringLiteral("2026-01-15 12:34:57"));
}

QTEST_GUILESS_MAIN(TestReceipt)
#include "TestReceipt.moc"
