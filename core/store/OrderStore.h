#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "money/Money.h"
#include "store/Lease.h"
#include "store/Order.h"
#include "store/OrderEvent.h"
#include "store/OrderState.h"
#include "store/Refund.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <optional>

namespace counterpay::store {

class SqlConnection;

// What the cashier's press of Enter records before the first network call.
struct NewOrder
{
    QString outTradeNo; // from OrderStore::nextOutTradeNo
    QString appId;
    Money totalAmount;
    QString subject;
    Order::PayMode mode = Order::PayMode::Qr;
    QString terminalId;
    QString cashierId;
    QDateTime expiresAt; // when the QR or the wait for a password ends; may be invalid
    LeaseOwner owner;    // when valid, the order is created leased to this owner
};

// What an answer adds to an order when it moves. Unset optionals leave the order's value as it is.
struct TransitionDetails
{
    QString code;    // Alipay's code, kept in the event
    QString subCode; // Alipay's sub_code, kept in the event
    QString note;    // for the event; when empty the reason is written there
    QString reason;  // replaces the order's reason (why it is Unknown or Failed); empty clears it
    std::optional<QString> tradeNo;
    std::optional<QString> buyerLogonId; // masked here if Alipay did not
    std::optional<QString> buyerUserId;  // only its masked form is stored
    std::optional<QDateTime> paidAt;     // moving to Paid without one records "now"
    std::optional<QString> qrCode;
    // Cumulative amount refunded: required for PartiallyRefunded (more than before, less than the
    // total); Refunded means the whole total.
    std::optional<Money> refundedAmount;
};

// What an answer about a refund adds when the refund is finished.
struct RefundDetails
{
    // Alipay's refund_fee: everything refunded on the trade so far, when the answer gave it.
    std::optional<Money> refundedTotal;
    EventSource source = EventSource::Gateway;
    QString code; // Alipay's code and sub_code, kept in the event
    QString subCode;
    // Why a refund failed or stays unknown, for a manager: with a note, that outcome is written to the
    // order's history too (an event that leaves the order's state as it is).
    QString note;
};

// Which orders list() and count() select, and in what order list() returns them. Conditions add up
// (AND); an unset optional, an empty `number` and an empty `states` select everything.
struct OrderFilter
{
    enum class SortKey
    {
        CreatedAt,  // when the order was recorded
        Amount,     // total_amount
        State,      // in the order of an order's life (OrderState's order), not alphabetically
        OutTradeNo, // the merchant's number
    };

    std::optional<QDate> businessDay; // China's calendar day of createdAt (see alipay::ChinaTime)
    std::optional<QDateTime> from;    // createdAt at or after
    std::optional<QDateTime> until;   // createdAt before
    std::optional<OrderState> state;
    std::optional<QString> terminalId;
    std::optional<QString> appId;
    int limit = 0;  // 0: all
    int offset = 0; // rows skipped first (paging)
    // Descending order of `sortBy` (the name is older than the sort keys). Ties are broken by the
    // order's id in the same direction, so that pages with limit and offset neither repeat nor skip.
    bool newestFirst = false;
    // The fields above keep their order, for designated initializers written before these were added.
    QList<OrderState> states; // any of these (alongside `state`, which must hold as well)
    std::optional<Order::PayMode> mode;
    std::optional<QString> cashierId;
    std::optional<Money> minAmount; // total at least
    std::optional<Money> maxAmount; // total at most
    // out_trade_no or Alipay's trade_no, exactly (both are indexed); surrounding spaces are ignored.
    QString number;
    SortKey sortBy = SortKey::CreatedAt;
};

// The order book: every order, each of its transitions, refunds and out_trade_no numbering, in one
// SQLite file (DESIGN.md §5). Every change is one transaction, committed when the call returns.
// A new order and a refund request are synced to the disk before the call returns, so they survive
// a power cut before the first network call; the other changes survive a crash of the program at
// once and a power cut from the next synced commit on (until then recovery re-learns them from
// Alipay, as for any unresolved order). Several programs may share one file. An OrderStore belongs
// to the thread that opened it.
class OrderStore
{
    Q_DECLARE_TR_FUNCTIONS(OrderStore)

public:
    static constexpr int kSchemaVersion = 4;
    // How long an order's lease lasts without a heartbeat from its holder.
    static constexpr qint64 kLeaseTtlMs = 30'000;

    // Opens or creates the file (and its folders). A damaged file, another program's file, a file
    // written by a newer CounterPay, or a place that cannot be written is a Storage error naming the
    // path; an existing file is never replaced, emptied or deleted.
    static Result<std::unique_ptr<OrderStore>> open(const QString& path, const Clock& clock = Clock::system());
    // <app data>/orders.sqlite; the application sets its organisation and application names first.
    static QString defaultPath();

    ~OrderStore();
    OrderStore(const OrderStore&) = delete;
    OrderStore& operator=(const OrderStore&) = delete;

    const QString& path() const;
    // The open file, for the modules that keep their own tables in it (people and shifts, day closes)
    // or read it in their own ways (reports). Same thread rules as the OrderStore.
    SqlConnection& connection() { return *m_connection; }
    const SqlConnection& connection() const { return *m_connection; }

    // <terminal>-<yyyyMMdd>-<NNNNNN>, numbered per terminal and day; the number is committed before it
    // is returned, so no two calls (nor two programs) ever get the same one. Terminal ids are 1 to 48
    // of [A-Za-z0-9_].
    Result<QString> nextOutTradeNo(const QString& terminalId, QDate businessDay);

    // Records a new order in state Created with its first event. An out_trade_no already used is a
    // Storage error; nothing is overwritten.
    Result<Order> create(const NewOrder& order);

    // Moves an order and writes its event in one transaction. A move canMove() forbids is a Storage
    // error that isIllegalTransition() recognises; the order is left as it was. While another owner
    // than `by` holds a live lease on the order, the move is refused as well.
    Result<Order> transition(const QString& outTradeNo, OrderState to, EventSource source,
                             const TransitionDetails& details = {}, const LeaseOwner& by = {});
    static bool isIllegalTransition(const Error& error);
    // The order book refused a change because the order is not as the caller believed: an illegal
    // move, another writer or lease holder, another trade number. Any other Storage error is the disk.
    static bool isConflict(const Error& error);

    // Takes the order's lease for `owner`, atomically: granted when no one holds it, `owner` already
    // does, or the holder's lease is no longer live (Lease::isLive). Returns the lease in force
    // afterwards: `owner`'s when granted, the live holder's when not.
    Result<Lease> claimLease(const QString& outTradeNo, const LeaseOwner& owner);
    // Extends every lease `owner` holds by kLeaseTtlMs from now; returns how many there are.
    Result<qint64> renewLeases(const LeaseOwner& owner);
    // Gives the lease up; nothing happens when `owner` does not hold it.
    Result<void> releaseLease(const QString& outTradeNo, const LeaseOwner& owner);
    Result<std::optional<Lease>> lease(const QString& outTradeNo) const;

    // A verified notification, by Alipay's notify_id: true when it is new, false when it was recorded
    // before (a resend, answered but not applied twice). `outcome` says what was done with it; a
    // non-empty `note` also goes into the order's history as an event that moves nothing.
    Result<bool> recordNotification(const QString& notifyId, const QString& outTradeNo, const QString& tradeStatus,
                                    const QString& outcome, const QString& note = {});
    Result<bool> hasNotification(const QString& notifyId) const;
    // Information for an order's history that moves nothing (an event from its state to itself).
    Result<void> note(const QString& outTradeNo, EventSource source, const QString& text, const QString& code = {},
                      const QString& subCode = {});

    Result<std::optional<Order>> find(const QString& outTradeNo) const;
    // Every order not in a final state, oldest first: what recovery resumes at start-up.
    Result<QList<Order>> unresolved() const;
    Result<QList<Order>> list(const OrderFilter& filter = {}) const;
    // How many orders the filter selects, its limit and offset aside.
    Result<qint64> count(const OrderFilter& filter = {}) const;
    // SQLite's plan for list(filter) (EXPLAIN QUERY PLAN), one line per step: lets tests and the
    // benchmark check that the history's queries are index lookups, not scans of the whole book.
    Result<QStringList> listPlan(const OrderFilter& filter = {}) const;
    // Oldest first.
    Result<QList<OrderEvent>> events(const QString& outTradeNo) const;

    // Records a refund before it is sent. Refused (Input) unless the order is Paid or PartiallyRefunded
    // and everything refunded or being refunded, with this amount, stays within the order's total.
    Result<Refund> createRefund(const QString& outTradeNo, const QString& outRequestNo, Money amount,
                                const QString& authorisedBy, const QString& reason);
    // createRefund with an out_request_no the order book chooses: <out_trade_no>-R<n>, n counting the
    // order's refunds (the start of a long out_trade_no is left out so that it stays within 64
    // characters). The number is committed with the refund, so no two refunds, nor two programs
    // sharing the file, ever get the same one.
    Result<Refund> requestRefund(const QString& outTradeNo, Money amount, const QString& authorisedBy,
                                 const QString& reason);
    // Records Alipay's answer. Done moves the order to PartiallyRefunded or Refunded in the same
    // transaction; `refundedTotal` is Alipay's refund_fee (all refunded so far) when it gave one.
    // A refund_fee that cannot be right (less than the book and this refund, or more than was paid)
    // is refused (Storage) and changes nothing. While other refunds of the order are or were in
    // flight alongside this one, Alipay's total may count them or not: any total between the two is
    // accepted, and the order counts this refund's own amount. Finishing a refund again with the
    // same outcome changes nothing.
    Result<Refund> finishRefund(const QString& outRequestNo, Refund::State state,
                                std::optional<Money> refundedTotal = std::nullopt);
    Result<Refund> finishRefund(const QString& outRequestNo, Refund::State state, const RefundDetails& details);
    // What finishRefund's refusal of a refund_fee looks like, so callers can tell it from a failing disk.
    static bool isRefundTotalMismatch(const Error& error);
    Result<std::optional<Refund>> findRefund(const QString& outRequestNo) const;
    // Oldest first.
    Result<QList<Refund>> refunds(const QString& outTradeNo) const;
    // Requested or Unknown: refunds whose answer must still be confirmed.
    Result<QList<Refund>> unresolvedRefunds() const;
    // Refunds of `appId`'s orders requested or finished in [from, until), oldest first: what a day's
    // reconciliation compares with Alipay's bill.
    Result<QList<Refund>> refundsBetween(const QString& appId, const QDateTime& from, const QDateTime& until) const;

private:
    OrderStore(std::unique_ptr<SqlConnection> connection, const Clock& clock);

    Result<std::optional<Order>> findOrder(const QString& outTradeNo) const;
    Result<QList<Order>> selectOrders(const QString& where, const QVariantList& values) const;
    Result<QList<Refund>> selectRefunds(const QString& where, const QVariantList& values) const;
    Result<std::optional<Lease>> findLease(qint64 orderId) const;
    Result<void> writeLease(qint64 orderId, const LeaseOwner& owner);
    // The body of createRefund and requestRefund, in their transaction; numbers it when `outRequestNo`
    // is empty.
    Result<Refund> insertRefund(const QString& outTradeNo, const QString& outRequestNo, Money amount,
                                const QString& authorisedBy, const QString& reason);
    Result<QString> numberRefund(const Order& order, qsizetype refundsSoFar) const;
    // The order's refunded amount once `refund` is done, checked against Alipay's total if it gave one.
    Result<Money> refundedTotalAfter(const Order& order, const Refund& refund, std::optional<Money> alipayTotal) const;
    Result<void> writeEvent(const Order& order, OrderState from, EventSource source, const QString& code,
                            const QString& subCode, const QString& note);
    Result<void> writeOrderChange(const Order& before, const Order& after);

    std::unique_ptr<SqlConnection> m_connection;
    const Clock& m_clock;
};

} // namespace counterpay::store
