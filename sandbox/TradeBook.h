#pragma once

#include "SandboxDatabase.h"
#include "Trade.h"
#include "common/Result.h"

#include <QList>

#include <optional>

namespace counterpay::sandbox {

// Every trade and refund the sandbox's Alipay knows, in SQLite. Each change is one transaction that
// re-reads the row, checks the state machine and writes it back: transitions only move forward, and
// a refused one is the Business error Alipay would answer (ACQ.TRADE_HAS_CLOSE, ...).
class TradeBook
{
public:
    struct RefundOutcome
    {
        Trade trade;
        Refund refund;
        bool fundChange = false; // false: this out_request_no was refunded before (fund_change=N)
    };

    explicit TradeBook(SandboxDatabase& database);

    Result<std::optional<Trade>> find(const QString& appId, const QString& outTradeNo) const;
    Result<std::optional<Trade>> findByTradeNo(const QString& appId, const QString& tradeNo) const;
    Result<std::optional<Trade>> findByQrToken(const QString& token) const;
    // Every app's trades with this out_trade_no (the customer page does not know the app).
    Result<QList<Trade>> findEverywhere(const QString& outTradeNo) const;
    Result<QList<Trade>> all() const;
    // Trades with a scheduled decision or a timeout at or before `now`.
    Result<QList<Trade>> due(const QDateTime& now) const;

    Result<Trade> create(Trade trade);
    // Precreated -> WAIT_BUYER_PAY: the trade comes to exist, with an Alipay trade_no and a buyer.
    Result<Trade> open(const Trade& trade, const QDateTime& now);
    Result<Trade> schedule(const Trade& trade, const QDateTime& dueAt, const QString& outcome);
    // WAIT_BUYER_PAY -> TRADE_SUCCESS.
    Result<Trade> markPaid(const Trade& trade, const QDateTime& now);
    // Precreated / WAIT_BUYER_PAY -> TRADE_CLOSED.
    Result<Trade> close(const Trade& trade, const QDateTime& now, const QString& reason);
    // TRADE_SUCCESS: refund part or all; all of it closes the trade. Idempotent by out_request_no.
    Result<RefundOutcome> refund(const Trade& trade, const QString& outRequestNo, Money amount, const QString& reason,
                                 const QDateTime& now);

    Result<std::optional<Refund>> findRefund(const QString& appId, const QString& outTradeNo,
                                             const QString& outRequestNo) const;
    Result<QList<Refund>> refunds(const QString& appId, const QString& outTradeNo) const;

    // For the bill: trades paid, and refunds made, in [from, to).
    Result<QList<Trade>> paidBetween(const QString& appId, const QDateTime& from, const QDateTime& to) const;
    Result<QList<Refund>> refundsBetween(const QString& appId, const QDateTime& from, const QDateTime& to) const;

private:
    // `orderBy` decides the plan as much as `where`: SQLite walks the rowid rather than sort when the
    // order is by id, even past an index that would have found the few rows wanted.
    Result<QList<Trade>> select(const QString& where, const QVariantList& values,
                                const QString& orderBy = QStringLiteral("id")) const;
    Result<Trade> reload(qint64 id) const;
    Result<QString> nextTradeNo(const QDateTime& now);
    Result<void> write(const Trade& trade);

    SandboxDatabase& m_database;
};

} // namespace counterpay::sandbox
