// Whose code the scanner read, and what the cashier is told when Alipay says no.
#include "alipay/PaymentCode.h"
#include "payment/CashierAdvice.h"

#include <QTest>

using namespace counterpay;
using namespace counterpay::alipay;

Q_DECLARE_METATYPE(counterpay::alipay::PaymentCodeIssuer)

class TestPaymentCode : public QObject
{
    Q_OBJECT

private slots:
    void issuer_data();
    void issuer();
    void adviceFollowsTheSubCode();
};

void TestPaymentCode::issuer_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<PaymentCodeIssuer>("issuer");
    QTest::newRow("Alipay 18 digits") << "286123456789012345" << PaymentCodeIssuer::Alipay;
    QTest::newRow("Alipay 16 digits") << "2512345678901234" << PaymentCodeIssuer::Alipay;
    QTest::newRow("Alipay 24 digits") << "301234567890123456789012" << PaymentCodeIssuer::Alipay;
    QTest::newRow("WeChat 10") << "101234567890123456" << PaymentCodeIssuer::WeChat;
    QTest::newRow("WeChat 15") << "151234567890123456" << PaymentCodeIssuer::WeChat;
    QTest::newRow("UnionPay") << "6212345678901234567" << PaymentCodeIssuer::UnionPay;
    QTest::newRow("prefix 31") << "311234567890123456" << PaymentCodeIssuer::Unknown;
    QTest::newRow("too short") << "28123456789" << PaymentCodeIssuer::Unknown;
    QTest::newRow("letters") << "28ABCDEF7890123456" << PaymentCodeIssuer::Unknown;
    QTest::newRow("empty") << "" << PaymentCodeIssuer::Unknown;
}

void TestPaymentCode::issuer()
{
    QFETCH(QString, code);
    QFETCH(PaymentCodeIssuer, issuer);
    QCOMPARE(paymentCodeIssuer(code), issuer);
}

void TestPaymentCode::adviceFollowsTheSubCode()
{
    const auto refusal = [](const char* subCode) {
        return Error(Error::Category::Business, QStringLiteral("支付失败"), {}, QStringLiteral("40004"),
                     QString::fromLatin1(subCode));
    };
    const auto balance = payment::CashierAdvice::forFailure(refusal("ACQ.BUYER_BALANCE_NOT_ENOUGH"));
    QVERIFY(balance.reason.contains(QStringLiteral("balance")));
    QVERIFY(!balance.action.isEmpty());
    const auto expired = payment::CashierAdvice::forFailure(refusal("ACQ.PAYMENT_AUTH_CODE_INVALID"));
    QVERIFY(expired.action.contains(QStringLiteral("refresh")));
    QVERIFY(expired.reason != balance.reason);
    // Anything Alipay says that this table does not know keeps Alipay's own words.
    const auto other = payment::CashierAdvice::forFailure(refusal("ACQ.SOMETHING_NEW"));
    QCOMPARE(other.reason, QStringLiteral("支付失败"));
    QVERIFY(!other.action.isEmpty());
}

QTEST_GUILESS_MAIN(TestPaymentCode)
#include "TestPaymentCode.moc"
