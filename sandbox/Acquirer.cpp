#include "Acquirer.h"

#include "Refusal.h"

#include <QLoggingCategory>

namespace counterpay::sandbox {

Q_LOGGING_CATEGORY(lcAcquirer, "counterpay.sandbox.trades")

Acquirer::Acquirer(TradeBook& trades, NotificationSender& notifications, const Clock& clock)
    : m_trades(trades)
    , m_notifications(notifications)
    , m_clock(clock)
{}

void Acquirer::notify(const Trade& trade, const std::optional<Refund>& refund)
{
    if (auto queued = m_notifications.notify(trade, refund); !queued)
        qCWarning(lcAcquirer).noquote() << "cannot queue a notification:" << queued.error().toString();
}

Result<Trade> Acquirer::scan(const Trade& trade)
{
    if (trade.status == Trade::Status::Precreated && trade.qrExpiresAt.isValid() && m_clock.now() >= trade.qrExpiresAt)
        return refusals::kQrCodeExpired.toError();
    auto opened = m_trades.open(trade, m_clock.now());
    if (opened)
        qCInfo(lcAcquirer).noquote() << trade.outTradeNo << "exists now as" << opened->tradeNo << "(WAIT_BUYER_PAY)";
    return opened;
}

Result<Trade> Acquirer::pay(const Trade& trade)
{
    Trade current = trade;
    if (current.status == Trade::Status::Precreated) {
        auto opened = scan(current);
        if (!opened)
            return opened;
        current = *opened;
    }
    auto paid = m_trades.markPaid(current, m_clock.now());
    if (!paid)
        return paid;
    qCInfo(lcAcquirer).noquote() << paid->outTradeNo << "paid" << paid->total.toString();
    notify(*paid);
    return paid;
}

Result<Trade> Acquirer::decline(const Trade& trade)
{
    Trade current = trade;
    if (current.status == Trade::Status::Precreated) {
        auto opened = scan(current);
        if (!opened)
            return opened;
        current = *opened;
    }
    return close(current, QStringLiteral("buyer declined"));
}

Result<Trade> Acquirer::close(const Trade& trade, const QString& reason)
{
    auto closed = m_trades.close(trade, m_clock.now(), reason);
    if (!closed)
        return closed;
    qCInfo(lcAcquirer).noquote() << closed->outTradeNo << "closed:" << reason;
    // A trade that never existed at Alipay (QR not scanned) closes silently.
    if (closed->existsAtAlipay())
        notify(*closed);
    return closed;
}

Result<TradeBook::RefundOutcome> Acquirer::refund(const Trade& trade, const QString& outRequestNo, Money amount,
                                                  const QString& reason)
{
    auto outcome = m_trades.refund(trade, outRequestNo, amount, reason, m_clock.now());
    if (!outcome)
        return outcome;
    if (outcome->fundChange) {
        qCInfo(lcAcquirer).noquote() << trade.outTradeNo << "refunded" << amount.toString() << "as" << outRequestNo;
        notify(outcome->trade, outcome->refund);
    }
    return outcome;
}

void Acquirer::settleDue()
{
    const QDateTime now = m_clock.now();
    auto due = m_trades.due(now);
    if (!due) {
        qCWarning(lcAcquirer).noquote() << due.error().toString();
        return;
    }
    for (const Trade& trade : *due) {
        Result<Trade> settled = trade;
        if (trade.dueAt.isValid() && trade.dueAt <= now && trade.dueOutcome == u"pay")
            settled = pay(trade);
        else if (trade.dueAt.isValid() && trade.dueAt <= now && trade.dueOutcome == u"decline")
            settled = close(trade, QStringLiteral("buyer declined"));
        else if (trade.expiresAt <= now)
            settled = close(trade, QStringLiteral("timed out"));
        else if (trade.status == Trade::Status::Precreated && trade.qrExpiresAt <= now)
            settled = close(trade, QStringLiteral("QR code expired"));
        if (!settled)
            qCWarning(lcAcquirer).noquote() << trade.outTradeNo << settled.error().toString();
    }
}

} // namespace counterpay::sandbox
