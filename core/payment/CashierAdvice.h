#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>

namespace counterpay::payment {

// Why a payment did not go through, and what the cashier does next, in the cashier's words
// (UI.md, "State words"): Alipay's sub_code picks the words; its own sub_msg is the fallback.
struct CashierAdvice
{
    QString reason; // "The customer's balance is too low"
    QString action; // "Ask the customer to pay another way, then refresh the payment code"

    static CashierAdvice forFailure(const Error& error);

    Q_DECLARE_TR_FUNCTIONS(CashierAdvice)
};

} // namespace counterpay::payment
