#include "AuthCodeScenario.h"

#include "alipay/TradeFields.h"

#include <array>

namespace counterpay::sandbox {

namespace {

struct Selector
{
    const char* digits; // third and fourth digit
    AuthCodeScenario::Outcome outcome;
    const char* example;
    const char* description;
};

constexpr std::array kSelectors{
    Selector{"00", AuthCodeScenario::Outcome::PaidAtOnce, "280000000000000001",
             "10000: paid at once (so is any other valid code)"},
    Selector{"10", AuthCodeScenario::Outcome::PaidAfterDelay, "281003000000000001",
             "10003, then paid after NN seconds (digits 5-6; 00 = 5 s)"},
    Selector{"11", AuthCodeScenario::Outcome::NeverPaid, "281100000000000001",
             "10003, then never paid (WAIT_BUYER_PAY until cancelled or timed out)"},
    Selector{"12", AuthCodeScenario::Outcome::DeclinedAfterDelay, "281203000000000001",
             "10003, then the buyer gives up after NN seconds: TRADE_CLOSED"},
    Selector{"20", AuthCodeScenario::Outcome::InsufficientBalance, "282000000000000001",
             "40004 ACQ.BUYER_BALANCE_NOT_ENOUGH"},
    Selector{"21", AuthCodeScenario::Outcome::InvalidCode, "282100000000000001", "40004 ACQ.PAYMENT_AUTH_CODE_INVALID"},
    Selector{"30", AuthCodeScenario::Outcome::UnknownNotPaid, "283000000000000001",
             "20000 isp.unknow-error, nothing happened (query: ACQ.TRADE_NOT_EXIST)"},
    Selector{"31", AuthCodeScenario::Outcome::UnknownPaid, "283100000000000001",
             "20000 isp.unknow-error, but the trade was paid (query: TRADE_SUCCESS)"},
};

} // namespace

AuthCodeScenario AuthCodeScenario::fromAuthCode(QStringView authCode)
{
    AuthCodeScenario scenario;
    if (!alipay::TradeFields::isAuthCode(authCode)) {
        scenario.outcome = Outcome::InvalidCode;
        return scenario;
    }
    const QStringView selector = authCode.mid(2, 2);
    for (const auto& entry : kSelectors) {
        if (selector == QLatin1String(entry.digits)) {
            scenario.outcome = entry.outcome;
            break;
        }
    }
    if (scenario.outcome == Outcome::PaidAfterDelay || scenario.outcome == Outcome::DeclinedAfterDelay) {
        const int seconds = authCode.mid(4, 2).toInt();
        scenario.delaySeconds = seconds > 0 ? seconds : kDefaultDelaySeconds;
    }
    return scenario;
}

QString AuthCodeScenario::describeAll()
{
    QString text;
    for (const auto& entry : kSelectors) {
        text += QStringLiteral("  %1  %2\n")
                    .arg(QString::fromLatin1(entry.example), QString::fromLatin1(entry.description));
    }
    return text;
}

} // namespace counterpay::sandbox
