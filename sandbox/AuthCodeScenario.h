#pragma once

#include <QString>
#include <QStringView>

namespace counterpay::sandbox {

// What a test payment code (付款码) makes happen in alipay.trade.pay. A code is 16..24 digits starting
// 25..30, as on a real phone; its third and fourth digits choose the outcome, and for the delayed
// outcomes the fifth and sixth give the delay in seconds (00: the default). Any other valid code pays
// at once, so a real phone's code works in the demo.
struct AuthCodeScenario
{
    enum class Outcome
    {
        PaidAtOnce,          // 10000, TRADE_SUCCESS
        PaidAfterDelay,      // 10003, then TRADE_SUCCESS after `delaySeconds`
        NeverPaid,           // 10003, then nothing: WAIT_BUYER_PAY until cancelled or timed out
        DeclinedAfterDelay,  // 10003, then the buyer gives up: TRADE_CLOSED after `delaySeconds`
        InsufficientBalance, // 40004 ACQ.BUYER_BALANCE_NOT_ENOUGH, no trade
        InvalidCode,         // 40004 ACQ.PAYMENT_AUTH_CODE_INVALID, no trade
        UnknownNotPaid,      // 20000 isp.unknow-error; nothing happened behind it
        UnknownPaid,         // 20000 isp.unknow-error; the trade was paid behind it
    };

    static constexpr int kDefaultDelaySeconds = 5;

    Outcome outcome = Outcome::PaidAtOnce;
    int delaySeconds = 0;

    // A code that is not 16..24 digits starting 25..30 is InvalidCode, as at Alipay.
    static AuthCodeScenario fromAuthCode(QStringView authCode);

    // One line per selector, for --help and the README.
    static QString describeAll();
};

} // namespace counterpay::sandbox
