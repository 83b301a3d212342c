#pragma once

#include "NotificationSender.h"
#include "TradeBook.h"
#include "common/Clock.h"

namespace counterpay::sandbox {

// Alipay's acquiring side (收单): moves trades through their states on behalf of the merchant's
// calls, the customer and the clock, and tells the merchant by notification when a trade that
// existed is paid, closed or refunded.
class Acquirer
{
public:
    Acquirer(TradeBook& trades, NotificationSender& notifications, const Clock& clock);

    TradeBook& trades() { return m_trades; }
    QDateTime now() const { return m_clock.now(); }

    // The customer scans the QR: the trade comes to exist as WAIT_BUYER_PAY.
    Result<Trade> scan(const Trade& trade);
    // The customer confirms (scanning first if needed): TRADE_SUCCESS.
    Result<Trade> pay(const Trade& trade);
    // The customer gives up: the trade closes, as it would at its timeout.
    Result<Trade> decline(const Trade& trade);
    Result<Trade> close(const Trade& trade, const QString& reason);
    Result<TradeBook::RefundOutcome> refund(const Trade& trade, const QString& outRequestNo, Money amount,
                                            const QString& reason);

    // Scheduled decisions of test payment codes, and timeouts (unpaid trades close, QR codes expire).
    void settleDue();

private:
    void notify(const Trade& trade, const std::optional<Refund>& refund = std::nullopt);

    TradeBook& m_trades;
    NotificationSender& m_notifications;
    const Clock& m_clock;
};

} // namespace counterpay::sandbox
