#include "payment/CashierAdvice.h"

#include <QCoreApplication>

namespace counterpay::payment {

CashierAdvice CashierAdvice::forFailure(const Error& error)
{
    const QString& sub = error.subCode();
    const QString refresh = tr("Ask the customer to refresh the payment code and try again.");
    if (sub == u"ACQ.BUYER_BALANCE_NOT_ENOUGH" || sub == u"ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH")
        return {tr("The customer's balance is too low."),
                tr("Ask the customer to choose another way to pay in Alipay, then refresh the payment code.")};
    if (sub == u"ACQ.PAYMENT_AUTH_CODE_INVALID" || sub == u"ACQ.AUTH_CODE_INVALID")
        return {tr("The payment code is not valid or has expired."), refresh};
    if (sub == u"ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR" || sub == u"ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR" ||
        sub == u"ACQ.PAYMENT_REQUEST_HAS_RISK" || sub == u"ACQ.BUYER_ENABLE_STATUS_FORBID")
        return {tr("Alipay limited this payment for the customer's account."),
                tr("Ask the customer to pay another way.")};
    if (sub == u"ACQ.ERROR_BALANCE_PAYMENT_DISABLE" || sub == u"ACQ.PULL_MOBILE_CASHIER_FAIL" ||
        sub == u"ACQ.PAYMENT_FAIL")
        return {tr("The payment did not go through."), refresh};
    if (sub == u"ACQ.BUYER_SELLER_EQUAL")
        return {tr("The customer's account is this store's own."), tr("Ask for another Alipay account.")};
    if (sub == u"ACQ.TRADE_HAS_CLOSE" || sub == u"ACQ.TRADE_HAS_SUCCESS")
        return {tr("This order is already finished at Alipay."), tr("Start a new payment.")};
    if (error.category() == Error::Category::Config || error.category() == Error::Category::Security)
        return {error.message(), tr("Call the person who set up this counter; no money was taken.")};
    return {error.message().isEmpty() ? tr("The payment did not go through.") : error.message(), refresh};
}

} // namespace counterpay::payment
