#include "store/OrderStore.h"

#include "alipay/ChinaTime.h"
#include "alipay/TradeFields.h"
#include "store/Masking.h"
#include "store/OrderRows.h"
#include "store/Schema.h"
#include "store/SqlConnection.h"
#include "store/StoreLog.h"

#include <QCoreApplication>
#include <QStandardPaths>

#include <algorithm>

namespace counterpay::store {

static_assert(OrderStore::kSchemaVersion == Schema::kVersion);

namespace {

// The stable part of a refused change's detail, so callers can tell it from a failing disk.
const QString kIllegalTransition = QStringLiteral("illegal transition");
const QString kTradeNoMismatch = QStringLiteral("trade_no mismatch");
const QString kChangedMeanwhile = QStringLiteral("changed meanwhile");
const QString kLeasedByAnother = QStringLiteral("leased by another till");

// Field rules are alipay::TradeFields'. A terminal id leaves room for "-yyyyMMdd-NNNNNN" within the
// 64 characters of an out_trade_no.
constexpr qint64 kMaxSequence = 999'999;
constexpr qsizetype kMaxNameLength = 64;

using alipay::TradeFields;

bool isChargeable(Money amount)
{
    return amount.fen() >= 1 && amount.fen() <= Money::kMaxChargeFen;
}

Result<void> checkNewOrder(const NewOrder& order)
{
    if (!TradeFields::isMerchantNumber(order.outTradeNo))
        return Error::input(OrderStore::tr("\"%1\" is not a valid out_trade_no: 1 to 64 letters, digits, _ or -.")
                                .arg(order.outTradeNo));
    if (order.appId.trimmed().isEmpty())
        return Error::input(OrderStore::tr("Order %1 has no app_id.").arg(order.outTradeNo));
    if (!isChargeable(order.totalAmount))
        return Error::input(OrderStore::tr("%1 is not an amount Alipay can charge (0.01 to 100000000.00).")
                                .arg(order.totalAmount.toString()));
    const QString subject = order.subject.trimmed();
    if (subject.isEmpty() || TradeFields::characterCount(subject) > TradeFields::kMaxSubjectLength ||
        TradeFields::hasControlCharacter(order.subject))
        return Error::input(OrderStore::tr("The subject of order %1 must be 1 to %2 characters of plain text.")
                                .arg(order.outTradeNo)
                                .arg(TradeFields::kMaxSubjectLength));
    if (auto terminal = TradeFields::checkTerminalId(order.terminalId); !terminal)
        return terminal;
    if (order.cashierId.size() > kMaxNameLength || TradeFields::hasControlCharacter(order.cashierId))
        return Error::input(OrderStore::tr("\"%1\" is not a valid cashier id.").arg(order.cashierId));
    return {};
}

Error leasedByAnother(const QString& outTradeNo, const Lease& lease)
{
    qCWarning(lcStore).noquote() << "refused: order" << outTradeNo << "is driven by" << lease.owner.host << "pid"
                                 << lease.owner.pid;
    return Error::storage(
        OrderStore::tr("Order %1 is being handled by another till (%2, process %3); nothing was changed.")
            .arg(outTradeNo, lease.owner.host)
            .arg(lease.owner.pid),
        kLeasedByAnother + QStringLiteral(": ") + lease.owner.id);
}

Error illegalTransition(const QString& outTradeNo, OrderState from, OrderState to)
{
    qCWarning(lcStore).noquote() << "refused: order" << outTradeNo << "from" << orderStateName(from) << "to"
                                 << orderStateName(to);
    return Error::storage(
        OrderStore::tr("Order %1 cannot move from %2 to %3.").arg(outTradeNo, orderStateName(from), orderStateName(to)),
        kIllegalTransition + QStringLiteral(": ") + orderStateName(from) + QStringLiteral(" -> ") + orderStateName(to));
}

// The order as `details` leave it after moving to `to`; the move itself was checked by canMove().
Result<Order> applyDetails(Order order, OrderState to, const TransitionDetails& details, const QDateTime& now)
{
    const QString& no = order.outTradeNo;
    const bool refundState = to == OrderState::PartiallyRefunded || to == OrderState::Refunded;
    if (details.refundedAmount && !refundState)
        return Error::input(OrderStore::tr("Order %1: a refunded amount goes only with a move to partially_refunded or "
                                           "refunded.")
                                .arg(no));
    if (to == OrderState::Refunded) {
        const Money refunded = details.refundedAmount.value_or(order.totalAmount);
        if (refunded != order.totalAmount)
            return Error::input(OrderStore::tr("Order %1 is refunded in full only when all %2 is refunded, not %3.")
                                    .arg(no, order.totalAmount.toString(), refunded.toString()));
        order.refundedAmount = refunded;
    } else if (to == OrderState::PartiallyRefunded) {
        if (!details.refundedAmount)
            return Error::input(
                OrderStore::tr("Order %1 needs the amount refunded so far to become partially refunded.").arg(no));
        const Money refunded = *details.refundedAmount;
        if (refunded <= order.refundedAmount || refunded >= order.totalAmount)
            return Error::input(
                OrderStore::tr("Order %1: %2 refunded in all is not a partial refund (refunded before: %3, "
                               "total: %4).")
                    .arg(no, refunded.toString(), order.refundedAmount.toString(), order.totalAmount.toString()));
        order.refundedAmount = refunded;
    }
    if (details.tradeNo) {
        // Alipay gives a trade one trade_no for life; another one means the answer is about another trade.
        if (!order.tradeNo.isEmpty() && *details.tradeNo != order.tradeNo)
            return Error::storage(
                OrderStore::tr("Order %1 already has Alipay trade number %2, but an answer names %3. Nothing "
                               "was changed.")
                    .arg(no, order.tradeNo, *details.tradeNo),
                kTradeNoMismatch);
        order.tradeNo = *details.tradeNo;
    }
    if (details.buyerLogonId)
        order.buyerLogonId = Masking::buyerLogonId(*details.buyerLogonId);
    if (details.buyerUserId)
        order.buyerUserIdMasked = Masking::buyerUserId(*details.buyerUserId);
    if (details.qrCode)
        order.qrCode = *details.qrCode;
    if (details.paidAt && details.paidAt->isValid())
        order.paidAt = details.paidAt->toUTC();
    else if (to == OrderState::Paid)
        order.paidAt = now;
    order.reason = details.reason;
    order.state = to;
    order.updatedAt = now;
    return order;
}

} // namespace

OrderStore::OrderStore(std::unique_ptr<SqlConnection> connection, const Clock& clock)
    : m_connection(std::move(connection))
    , m_clock(clock)
{}

OrderStore::~OrderStore() = default;

Result<std::unique_ptr<OrderStore>> OrderStore::open(const QString& path, const Clock& clock)
{
    auto opened = SqlConnection::open(path);
    if (!opened)
        return opened.error();
    std::unique_ptr<SqlConnection> connection = std::move(opened).value();
    // Nothing is written before the version is known to be ours: a newer CounterPay's file stays as it is.
    if (auto inspected = Schema::inspect(*connection); !inspected)
        return inspected.error();
    if (auto configured = connection->configure(); !configured)
        return configured.error();
    auto migrated = Schema::migrate(*connection);
    if (!migrated)
        return migrated.error();
    if (auto writable = connection->checkWritable(); !writable)
        return writable.error();
    qCInfo(lcStore).noquote() << "order database" << connection->path() << "open, schema version" << kSchemaVersion;
    return std::unique_ptr<OrderStore>(new OrderStore(std::move(connection), clock));
}

QString OrderStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/orders.sqlite");
}

const QString& OrderStore::path() const
{
    return m_connection->path();
}

Result<QString> OrderStore::nextOutTradeNo(const QString& terminalId, QDate businessDay)
{
    if (auto terminal = TradeFields::checkTerminalId(terminalId); !terminal)
        return terminal.error();
    if (!businessDay.isValid() || businessDay.year() < 2000 || businessDay.year() > 9999)
        return Error::input(tr("%1 is not a valid business day.").arg(businessDay.toString(Qt::ISODate)));
    const QString day = businessDay.toString(QStringLiteral("yyyyMMdd"));
    // Crash-safe is enough: a number reaches the disk with the order that uses it (create() is
    // power-safe), and a number lost to a power cut is never handed out again if an order holds it.
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<QString> {
        auto rows = m_connection->select(QStringLiteral("SELECT last_number FROM out_trade_no_sequences "
                                                        "WHERE terminal_id = ? AND business_day = ?"),
                                         {terminalId, day});
        if (!rows)
            return rows.error();
        qint64 number = rows->isEmpty() ? 0 : rows->first().value(0).toLongLong();
        QString candidate;
        // A number already on an order (a restored backup, a hand-made order) is skipped, never reused.
        for (;;) {
            if (++number > kMaxSequence)
                return Error::storage(tr("Terminal %1 has used all %2 order numbers of %3.")
                                          .arg(terminalId)
                                          .arg(kMaxSequence)
                                          .arg(businessDay.toString(Qt::ISODate)));
            candidate = terminalId + u'-' + day + u'-' + QString::number(number).rightJustified(6, u'0');
            auto taken =
                m_connection->select(QStringLiteral("SELECT id FROM orders WHERE out_trade_no = ?"), {candidate});
            if (!taken)
                return taken.error();
            if (taken->isEmpty())
                break;
        }
        auto written = rows->isEmpty()
                           ? m_connection->exec(QStringLiteral("INSERT INTO out_trade_no_sequences (terminal_id, "
                                                               "business_day, last_number) VALUES (?, ?, ?)"),
                                                {terminalId, day, number})
                           : m_connection->exec(QStringLiteral("UPDATE out_trade_no_sequences SET last_number = ? "
                                                               "WHERE terminal_id = ? AND business_day = ?"),
                                                {number, terminalId, day});
        if (!written)
            return written.error();
        return candidate;
    });
}

Result<Order> OrderStore::create(const NewOrder& newOrder)
{
    if (auto valid = checkNewOrder(newOrder); !valid)
        return valid.error();
    // Power-safe: the order must be on disk before the request that may create the trade at Alipay.
    return m_connection->writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Order> {
        auto existing = findOrder(newOrder.outTradeNo);
        if (!existing)
            return existing.error();
        if (existing->has_value())
            return Error::storage(tr("An order %1 already exists; it was left as it is.").arg(newOrder.outTradeNo),
                                  QStringLiteral("duplicate out_trade_no"));
        Order order;
        order.outTradeNo = newOrder.outTradeNo;
        order.appId = newOrder.appId.trimmed();
        order.totalAmount = newOrder.totalAmount;
        order.subject = newOrder.subject.trimmed();
        order.mode = newOrder.mode;
        order.state = OrderState::Created;
        order.terminalId = newOrder.terminalId;
        order.cashierId = newOrder.cashierId;
        order.createdAt = m_clock.now().toUTC();
        order.updatedAt = order.createdAt;
        order.expiresAt = newOrder.expiresAt.isValid() ? newOrder.expiresAt.toUTC() : QDateTime();
        auto id = m_connection->insert(
            QStringLiteral(
                "INSERT INTO orders (out_trade_no, app_id, total_fen, refunded_fen, subject, pay_mode, state, "
                "terminal_id, cashier_id, created_at, updated_at, expires_at) "
                "VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {order.outTradeNo, order.appId, order.totalAmount.fen(), order.subject, payModeName(order.mode),
             orderStateName(order.state), order.terminalId, order.cashierId, OrderRows::time(order.createdAt),
             OrderRows::time(order.updatedAt), OrderRows::time(order.expiresAt)});
        if (!id)
            return id.error();
        order.id = *id;
        if (auto written =
                writeEvent(order, OrderState::Created, EventSource::Cashier, {}, {}, QStringLiteral("created"));
            !written)
            return written.error();
        if (newOrder.owner.isValid()) {
            if (auto leased = writeLease(order.id, newOrder.owner); !leased)
                return leased.error();
        }
        qCDebug(lcStore).noquote() << "created order" << order.outTradeNo << order.totalAmount.toString();
        return order;
    });
}

Result<Order> OrderStore::transition(const QString& outTradeNo, OrderState to, EventSource source,
                                     const TransitionDetails& details, const LeaseOwner& by)
{
    // Crash-safe: a move lost to a power cut leaves the order unresolved, and recovery asks Alipay
    // again; the log is synced with the next power-safe commit. Sparing the sync here halves the
    // disk cost of a charge.
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<Order> {
        auto found = findOrder(outTradeNo);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error::storage(tr("There is no order %1.").arg(outTradeNo), QStringLiteral("no such out_trade_no"));
        const Order before = **found;
        if (!canMove(before.state, to))
            return illegalTransition(outTradeNo, before.state, to);
        auto held = findLease(before.id);
        if (!held)
            return held.error();
        if (held->has_value() && (*held)->owner.id != by.id && (*held)->isLive(m_clock.now().toUTC()))
            return leasedByAnother(outTradeNo, **held);
        auto after = applyDetails(before, to, details, m_clock.now().toUTC());
        if (!after)
            return after.error();
        if (auto written = writeOrderChange(before, *after); !written)
            return written.error();
        const QString note = details.note.isEmpty() ? details.reason : details.note;
        if (auto written = writeEvent(*after, before.state, source, details.code, details.subCode, note); !written)
            return written.error();
        qCDebug(lcStore).noquote() << "order" << outTradeNo << orderStateName(before.state) << "->"
                                   << orderStateName(to) << "by" << eventSourceName(source);
        return after;
    });
}

bool OrderStore::isIllegalTransition(const Error& error)
{
    return error.category() == Error::Category::Storage &&
           error.detail().startsWith(kIllegalTransition + QStringLiteral(": "));
}

bool OrderStore::isConflict(const Error& error)
{
    if (error.category() != Error::Category::Storage)
        return false;
    const QString& detail = error.detail();
    return isIllegalTransition(error) || detail == kTradeNoMismatch || detail.startsWith(kChangedMeanwhile) ||
           detail.startsWith(kLeasedByAnother);
}

Result<Lease> OrderStore::claimLease(const QString& outTradeNo, const LeaseOwner& owner)
{
    if (!owner.isValid())
        return Error::input(tr("A lease needs an owner."));
    // Crash-safe: a lease lost to a power cut only lets another till take the order over, which the
    // lease is there to allow once its holder is gone anyway.
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<Lease> {
        auto found = findOrder(outTradeNo);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error::storage(tr("There is no order %1.").arg(outTradeNo), QStringLiteral("no such out_trade_no"));
        const qint64 orderId = (*found)->id;
        auto held = findLease(orderId);
        if (!held)
            return held.error();
        const QDateTime now = m_clock.now().toUTC();
        if (held->has_value() && (*held)->owner.id != owner.id && (*held)->isLive(now))
            return **held;
        if (held->has_value() && (*held)->owner.id != owner.id)
            qCInfo(lcStore).noquote() << "order" << outTradeNo << "taken over from" << (*held)->owner.host << "pid"
                                      << (*held)->owner.pid;
        if (auto written = writeLease(orderId, owner); !written)
            return written.error();
        return Lease{owner, now, now.addMSecs(kLeaseTtlMs)};
    });
}

Result<qint64> OrderStore::renewLeases(const LeaseOwner& owner)
{
    const QDateTime now = m_clock.now().toUTC();
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<qint64> {
        return m_connection->exec(
            QStringLiteral("UPDATE order_leases SET heartbeat_at = ?, expires_at = ? WHERE owner_id = ?"),
            {OrderRows::time(now), OrderRows::time(now.addMSecs(kLeaseTtlMs)), owner.id});
    });
}

Result<void> OrderStore::releaseLease(const QString& outTradeNo, const LeaseOwner& owner)
{
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<void> {
        auto removed = m_connection->exec(QStringLiteral("DELETE FROM order_leases WHERE owner_id = ? AND order_id = "
                                                         "(SELECT id FROM orders WHERE out_trade_no = ?)"),
                                          {owner.id, outTradeNo});
        if (!removed)
            return removed.error();
        return {};
    });
}

Result<std::optional<Lease>> OrderStore::lease(const QString& outTradeNo) const
{
    auto found = findOrder(outTradeNo);
    if (!found)
        return found.error();
    if (!found->has_value())
        return std::optional<Lease>();
    return findLease((*found)->id);
}

Result<bool> OrderStore::recordNotification(const QString& notifyId, const QString& outTradeNo,
                                            const QString& tradeStatus, const QString& outcome, const QString& note)
{
    if (notifyId.isEmpty())
        return Error::input(tr("A notification without notify_id cannot be recorded."));
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<bool> {
        auto seen = m_connection->select(QStringLiteral("SELECT 1 FROM notifications WHERE notify_id = ?"), {notifyId});
        if (!seen)
            return seen.error();
        if (!seen->isEmpty())
            return false;
        auto found = findOrder(outTradeNo);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error::storage(tr("There is no order %1.").arg(outTradeNo), QStringLiteral("no such out_trade_no"));
        const Order& order = **found;
        auto inserted =
            m_connection->insert(QStringLiteral("INSERT INTO notifications (notify_id, order_id, "
                                                "trade_status, received_at, outcome) VALUES (?, ?, ?, ?, ?)"),
                                 {notifyId, order.id, tradeStatus, OrderRows::time(m_clock.now().toUTC()), outcome});
        if (!inserted)
            return inserted.error();
        if (!note.isEmpty()) {
            Order noted = order;
            noted.updatedAt = m_clock.now().toUTC();
            if (auto written = writeEvent(noted, order.state, EventSource::Notify, {}, {}, note); !written)
                return written.error();
        }
        return true;
    });
}

Result<bool> OrderStore::hasNotification(const QString& notifyId) const
{
    auto seen = m_connection->select(QStringLiteral("SELECT 1 FROM notifications WHERE notify_id = ?"), {notifyId});
    if (!seen)
        return seen.error();
    return !seen->isEmpty();
}

Result<void> OrderStore::note(const QString& outTradeNo, EventSource source, const QString& text, const QString& code,
                              const QString& subCode)
{
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<void> {
        auto found = findOrder(outTradeNo);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error::storage(tr("There is no order %1.").arg(outTradeNo), QStringLiteral("no such out_trade_no"));
        Order order = **found;
        order.updatedAt = m_clock.now().toUTC();
        return writeEvent(order, order.state, source, code, subCode, text);
    });
}

Result<std::optional<Order>> OrderStore::find(const QString& outTradeNo) const
{
    return findOrder(outTradeNo);
}

Result<QList<Order>> OrderStore::unresolved() const
{
    QStringList placeholders;
    QVariantList states;
    for (OrderState state : kAllOrderStates) {
        if (!isFinal(state)) {
            placeholders << QStringLiteral("?");
            states << orderStateName(state);
        }
    }
    return selectOrders(QStringLiteral("WHERE o.state IN (") + placeholders.join(QStringLiteral(", ")) +
                            QStringLiteral(") ORDER BY o.created_at, o.id"),
                        states);
}

namespace {

// What to read a state condition through. SQLite has no statistics here (no ANALYZE), and left to itself
// it takes orders_state for any state condition: for "paid on one day" that reads every paid order of
// the book to keep one day's (528 ms against 0.1 ms through orders_created on a 1M-order book). So the
// state column is written "+o.state", which SQLite may not look up in an index, whenever a time range
// narrows the orders or, for a sorted page, whenever a final state (common) is asked for; the index
// stays for the rare unsettled states (and for counting one state over the whole book).
QString stateColumn(const OrderFilter& filter, bool sortedPage)
{
    if (filter.businessDay || filter.from || filter.until)
        return QStringLiteral("+o.state");
    if (!sortedPage)
        return QStringLiteral("o.state");
    bool anyFinal = filter.state && isFinal(*filter.state);
    for (OrderState state : filter.states)
        anyFinal = anyFinal || isFinal(state);
    return anyFinal ? QStringLiteral("+o.state") : QStringLiteral("o.state");
}

// The WHERE clause of a filter (limit, offset and order aside), with its values. `sortedPage`: for
// list(), which reads the orders in created_at order.
Result<QString> whereClause(const OrderFilter& filter, QVariantList& values, bool sortedPage)
{
    const QString stateCol = stateColumn(filter, sortedPage);
    QStringList conditions;
    if (filter.businessDay) {
        if (!filter.businessDay->isValid())
            return Error::input(OrderStore::tr("The business day to list is not a valid date."));
        conditions << QStringLiteral("o.created_at >= ?") << QStringLiteral("o.created_at < ?");
        values << OrderRows::time(alipay::ChinaTime::startOfDay(*filter.businessDay))
               << OrderRows::time(alipay::ChinaTime::endOfDay(*filter.businessDay));
    }
    if (filter.from) {
        conditions << QStringLiteral("o.created_at >= ?");
        values << OrderRows::time(*filter.from);
    }
    if (filter.until) {
        conditions << QStringLiteral("o.created_at < ?");
        values << OrderRows::time(*filter.until);
    }
    if (filter.state) {
        conditions << stateCol + QStringLiteral(" = ?");
        values << orderStateName(*filter.state);
    }
    if (!filter.states.isEmpty()) {
        QStringList placeholders;
        for (OrderState state : filter.states) {
            placeholders << QStringLiteral("?");
            values << orderStateName(state);
        }
        conditions << stateCol + QStringLiteral(" IN (") + placeholders.join(QStringLiteral(", ")) + u')';
    }
    if (filter.mode) {
        conditions << QStringLiteral("o.pay_mode = ?");
        values << payModeName(*filter.mode);
    }
    if (filter.terminalId) {
        conditions << QStringLiteral("o.terminal_id = ?");
        values << *filter.terminalId;
    }
    if (filter.cashierId) {
        conditions << QStringLiteral("o.cashier_id = ?");
        values << *filter.cashierId;
    }
    if (filter.appId) {
        conditions << QStringLiteral("o.app_id = ?");
        values << *filter.appId;
    }
    if (filter.minAmount) {
        conditions << QStringLiteral("o.total_fen >= ?");
        values << filter.minAmount->fen();
    }
    if (filter.maxAmount) {
        conditions << QStringLiteral("o.total_fen <= ?");
        values << filter.maxAmount->fen();
    }
    if (const QString number = filter.number.trimmed(); !number.isEmpty()) {
        // Two index lookups joined by rowid. A plain "out_trade_no = ? OR trade_no = ?" is left to the
        // planner, which with ORDER BY created_at may prefer walking orders_created over the whole book.
        conditions << QStringLiteral("o.id IN (SELECT id FROM orders WHERE out_trade_no = ? UNION ALL "
                                     "SELECT id FROM orders WHERE trade_no = ?)");
        values << number << number;
    }
    if (conditions.isEmpty())
        return QString();
    return QString(QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND ")));
}

// ORDER BY, LIMIT and OFFSET of a filter, with their values.
QString orderClause(const OrderFilter& filter, QVariantList& values)
{
    const QString direction = filter.newestFirst ? QStringLiteral(" DESC") : QString();
    QString key;
    switch (filter.sortBy) {
    case OrderFilter::SortKey::CreatedAt:
        key = QStringLiteral("o.created_at");
        break;
    case OrderFilter::SortKey::Amount:
        key = QStringLiteral("o.total_fen");
        break;
    case OrderFilter::SortKey::State: {
        // The life order, not the names' alphabetical one; the names are bound like any value.
        key = QStringLiteral("CASE o.state");
        for (std::size_t rank = 0; rank < kAllOrderStates.size(); ++rank) {
            key += QStringLiteral(" WHEN ? THEN ") + QString::number(rank);
            values << orderStateName(kAllOrderStates[rank]);
        }
        key += QStringLiteral(" ELSE ") + QString::number(kAllOrderStates.size()) + QStringLiteral(" END");
        break;
    }
    case OrderFilter::SortKey::OutTradeNo:
        key = QStringLiteral("o.out_trade_no");
        break;
    }
    QString sql = QStringLiteral(" ORDER BY ") + key + direction + QStringLiteral(", o.id") + direction;
    if (filter.limit > 0 || filter.offset > 0) {
        // SQLite reads LIMIT -1 as "no limit".
        sql += QStringLiteral(" LIMIT ? OFFSET ?");
        values << (filter.limit > 0 ? filter.limit : -1) << filter.offset;
    }
    return sql;
}

// The text after "SELECT <columns> FROM orders o" for list(filter), with its values.
Result<QString> listClauses(const OrderFilter& filter, QVariantList& values)
{
    if (filter.limit < 0 || filter.offset < 0)
        return Error::input(
            OrderStore::tr("A list of orders cannot be limited to %1 from %2.").arg(filter.limit).arg(filter.offset));
    auto where = whereClause(filter, values, filter.sortBy == OrderFilter::SortKey::CreatedAt);
    if (!where)
        return where.error();
    return QString(*where + orderClause(filter, values));
}

} // namespace

Result<QList<Order>> OrderStore::list(const OrderFilter& filter) const
{
    QVariantList values;
    auto clauses = listClauses(filter, values);
    if (!clauses)
        return clauses.error();
    return selectOrders(*clauses, values);
}

Result<qint64> OrderStore::count(const OrderFilter& filter) const
{
    QVariantList values;
    auto where = whereClause(filter, values, false);
    if (!where)
        return where.error();
    auto rows = m_connection->select(QStringLiteral("SELECT COUNT(*) FROM orders o ") + *where, values);
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? 0 : rows->first().value(0).toLongLong();
}

Result<QStringList> OrderStore::listPlan(const OrderFilter& filter) const
{
    QVariantList values;
    auto clauses = listClauses(filter, values);
    if (!clauses)
        return clauses.error();
    auto rows = m_connection->select(QStringLiteral("EXPLAIN QUERY PLAN SELECT ") + OrderRows::orderColumns() +
                                         QStringLiteral(" FROM orders o ") + *clauses,
                                     values);
    if (!rows)
        return rows.error();
    QStringList steps;
    for (const QSqlRecord& row : *rows)
        steps << row.value(QStringLiteral("detail")).toString();
    return steps;
}

Result<QList<OrderEvent>> OrderStore::events(const QString& outTradeNo) const
{
    auto rows = m_connection->select(QStringLiteral("SELECT ") + OrderRows::eventColumns() +
                                         QStringLiteral(" FROM order_events e JOIN orders o ON o.id = e.order_id "
                                                        "WHERE o.out_trade_no = ? ORDER BY e.id"),
                                     {outTradeNo});
    if (!rows)
        return rows.error();
    QList<OrderEvent> events;
    for (const QSqlRecord& row : *rows) {
        auto event = OrderRows::event(row);
        if (!event)
            return event.error();
        events.append(std::move(event).value());
    }
    return events;
}

namespace {

Result<void> checkRefundRequest(Money amount, const QString& authorisedBy, const QString& reason)
{
    if (!isChargeable(amount))
        return Error::input(
            OrderStore::tr("%1 is not an amount Alipay can refund (0.01 to 100000000.00).").arg(amount.toString()));
    if (authorisedBy.trimmed().isEmpty() || authorisedBy.size() > kMaxNameLength ||
        TradeFields::hasControlCharacter(authorisedBy))
        return Error::input(OrderStore::tr("A refund must name who authorised it."));
    if (TradeFields::characterCount(reason) > TradeFields::kMaxSubjectLength ||
        TradeFields::hasControlCharacter(reason))
        return Error::input(OrderStore::tr("The refund reason must be at most %1 characters of plain text.")
                                .arg(TradeFields::kMaxSubjectLength));
    return {};
}

const QString kRefundTotalMismatch = QStringLiteral("refund_fee out of range");
constexpr qsizetype kMaxNoteLength = 1024;

} // namespace

Result<Refund> OrderStore::createRefund(const QString& outTradeNo, const QString& outRequestNo, Money amount,
                                        const QString& authorisedBy, const QString& reason)
{
    if (!TradeFields::isMerchantNumber(outRequestNo))
        return Error::input(
            tr("\"%1\" is not a valid out_request_no: 1 to 64 letters, digits, _ or -.").arg(outRequestNo));
    if (auto valid = checkRefundRequest(amount, authorisedBy, reason); !valid)
        return valid.error();
    // Power-safe: the request must be on disk before it is sent, or a refund could happen unrecorded.
    return m_connection->writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Refund> {
        return insertRefund(outTradeNo, outRequestNo, amount, authorisedBy, reason);
    });
}

Result<Refund> OrderStore::requestRefund(const QString& outTradeNo, Money amount, const QString& authorisedBy,
                                         const QString& reason)
{
    if (auto valid = checkRefundRequest(amount, authorisedBy, reason); !valid)
        return valid.error();
    // The number and the row in one power-safe transaction: a number is never handed out unrecorded.
    return m_connection->writeTransaction(SqlConnection::Durability::PowerSafe, [&]() -> Result<Refund> {
        return insertRefund(outTradeNo, QString(), amount, authorisedBy, reason);
    });
}

Result<Refund> OrderStore::insertRefund(const QString& outTradeNo, const QString& outRequestNo, Money amount,
                                        const QString& authorisedBy, const QString& reason)
{
    auto found = findOrder(outTradeNo);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error::input(tr("There is no order %1 to refund.").arg(outTradeNo));
    const Order& order = **found;
    if (order.state != OrderState::Paid && order.state != OrderState::PartiallyRefunded)
        return Error::input(
            tr("Order %1 is %2; only a paid order can be refunded.").arg(outTradeNo, orderStateName(order.state)));
    if (!outRequestNo.isEmpty()) {
        auto existing = selectRefunds(QStringLiteral("WHERE r.out_request_no = ?"), {outRequestNo});
        if (!existing)
            return existing.error();
        if (!existing->isEmpty())
            return Error::storage(tr("A refund request %1 already exists; it was left as it is.").arg(outRequestNo),
                                  QStringLiteral("duplicate out_request_no"));
    }

    auto others = selectRefunds(QStringLiteral("WHERE r.order_id = ?"), {order.id});
    if (!others)
        return others.error();
    // The order's refunded amount may include refunds Alipay reported that have no row here (a cancel
    // that refunded); refunds still waiting for an answer count as if done.
    std::optional<Money> done = Money();
    std::optional<Money> pending = Money();
    for (const Refund& other : *others) {
        if (other.state == Refund::State::Done)
            done = done->checkedAdd(other.amount);
        else if (other.state != Refund::State::Failed)
            pending = pending->checkedAdd(other.amount);
        if (!done || !pending)
            return Error::storage(tr("The refunds of order %1 do not add up.").arg(outTradeNo));
    }
    const std::optional<Money> committed = std::max(*done, order.refundedAmount).checkedAdd(*pending);
    const std::optional<Money> total = committed ? committed->checkedAdd(amount) : std::nullopt;
    if (!total || *total > order.totalAmount)
        return Error::input(tr("Refunding %1 from order %2 would exceed its total of %3 (already refunded or being "
                               "refunded: %4).")
                                .arg(amount.toString(), outTradeNo, order.totalAmount.toString(),
                                     committed ? committed->toString() : QStringLiteral("?")));

    Refund refund;
    refund.outTradeNo = outTradeNo;
    if (outRequestNo.isEmpty()) {
        auto number = numberRefund(order, others->size());
        if (!number)
            return number.error();
        refund.outRequestNo = *number;
    } else {
        refund.outRequestNo = outRequestNo;
    }
    refund.amount = amount;
    refund.state = Refund::State::Requested;
    refund.authorisedBy = authorisedBy.trimmed();
    refund.reason = reason.trimmed();
    refund.createdAt = m_clock.now().toUTC();
    auto id = m_connection->insert(QStringLiteral("INSERT INTO refunds (order_id, out_request_no, amount_fen, "
                                                  "state, authorised_by, reason, created_at, done_at) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                   {order.id, refund.outRequestNo, refund.amount.fen(), refundStateName(refund.state),
                                    refund.authorisedBy, refund.reason, OrderRows::time(refund.createdAt),
                                    OrderRows::time(QDateTime())});
    if (!id)
        return id.error();
    refund.id = *id;
    qCDebug(lcStore).noquote() << "refund" << refund.outRequestNo << "of" << amount.toString() << "requested on order"
                               << outTradeNo;
    return refund;
}

Result<QString> OrderStore::numberRefund(const Order& order, qsizetype refundsSoFar) const
{
    // out_request_no is unique per trade at Alipay and unique in this book; a number already taken (a
    // restored backup, a hand-made refund, a shortened prefix met before) is skipped, never reused.
    // It is never the out_trade_no itself: that is what Alipay files a refund without a number under.
    constexpr qsizetype kMaxTries = 10'000;
    for (qsizetype n = refundsSoFar + 1; n <= refundsSoFar + kMaxTries; ++n) {
        const QString suffix = QStringLiteral("-R") + QString::number(n);
        const QString candidate =
            order.outTradeNo.right(TradeFields::kMaxMerchantNumberLength - suffix.size()) + suffix;
        if (candidate == order.outTradeNo)
            continue;
        auto taken =
            m_connection->select(QStringLiteral("SELECT id FROM refunds WHERE out_request_no = ?"), {candidate});
        if (!taken)
            return taken.error();
        if (taken->isEmpty())
            return candidate;
    }
    return Error::storage(tr("No free refund number was found for order %1.").arg(order.outTradeNo));
}

Result<Refund> OrderStore::finishRefund(const QString& outRequestNo, Refund::State state,
                                        std::optional<Money> refundedTotal)
{
    RefundDetails details;
    details.refundedTotal = refundedTotal;
    return finishRefund(outRequestNo, state, details);
}

Result<Refund> OrderStore::finishRefund(const QString& outRequestNo, Refund::State state, const RefundDetails& details)
{
    if (state == Refund::State::Requested)
        return Error::input(tr("A refund is finished as done, failed or unknown, not as requested."));
    if (details.refundedTotal && state != Refund::State::Done)
        return Error::input(tr("A refunded total goes only with a refund that is done."));
    // The note carries Alipay's words: kept, as one line of sensible length, whatever they hold.
    QString noteText = details.note.simplified().left(kMaxNoteLength);
    std::replace_if(
        noteText.begin(), noteText.end(), [](QChar c) { return c.category() == QChar::Other_Control; }, u' ');

    // Crash-safe, like a transition: an unconfirmed refund is asked about again.
    return m_connection->writeTransaction(SqlConnection::Durability::CrashSafe, [&]() -> Result<Refund> {
        auto found = selectRefunds(QStringLiteral("WHERE r.out_request_no = ?"), {outRequestNo});
        if (!found)
            return found.error();
        if (found->isEmpty())
            return Error::storage(tr("There is no refund request %1.").arg(outRequestNo),
                                  QStringLiteral("no such out_request_no"));
        Refund refund = found->first();
        // A refund asked about again and still unknown gets the new reason into the history.
        const bool noteAgain = state == Refund::State::Unknown && !noteText.isEmpty();
        if (refund.state == state && !noteAgain)
            return refund;
        if (refund.state == Refund::State::Done || refund.state == Refund::State::Failed)
            return Error::storage(tr("Refund %1 is already %2; it cannot become %3.")
                                      .arg(outRequestNo, refundStateName(refund.state), refundStateName(state)),
                                  QStringLiteral("refund already finished"));
        auto orderFound = findOrder(refund.outTradeNo);
        if (!orderFound)
            return orderFound.error();
        if (!orderFound->has_value())
            return Error::storage(tr("Refund %1 belongs to no order.").arg(outRequestNo));
        const Order before = **orderFound;
        const QDateTime now = m_clock.now().toUTC();

        const Refund asked = refund;
        refund.state = state;
        if (state != Refund::State::Unknown)
            refund.doneAt = now;
        if (asked.state != state) {
            auto updated =
                m_connection->exec(QStringLiteral("UPDATE refunds SET state = ?, done_at = ? WHERE id = ?"),
                                   {refundStateName(refund.state), OrderRows::time(refund.doneAt), refund.id});
            if (!updated)
                return updated.error();
        }
        if (state != Refund::State::Done) {
            if (noteText.isEmpty())
                return refund;
            Order noted = before;
            noted.updatedAt = now;
            const QString note = QStringLiteral("refund %1 of %2 %3: %4")
                                     .arg(outRequestNo, refund.amount.toString(), refundStateName(state), noteText);
            if (auto written = writeEvent(noted, before.state, details.source, details.code, details.subCode, note);
                !written)
                return written.error();
            return refund;
        }

        auto newTotal = refundedTotalAfter(before, asked, details.refundedTotal);
        if (!newTotal)
            return newTotal.error();
        const OrderState to = *newTotal == before.totalAmount ? OrderState::Refunded : OrderState::PartiallyRefunded;
        if (!canMove(before.state, to))
            return illegalTransition(before.outTradeNo, before.state, to);
        Order after = before;
        after.state = to;
        after.refundedAmount = *newTotal;
        after.updatedAt = now;
        if (auto written = writeOrderChange(before, after); !written)
            return written.error();
        // Who approved it goes into the order's history with the money that left.
        QString note = QStringLiteral("refund %1 of %2, approved by %3")
                           .arg(outRequestNo, refund.amount.toString(), refund.authorisedBy);
        if (!noteText.isEmpty())
            note += QStringLiteral(": ") + noteText;
        if (auto written = writeEvent(after, before.state, details.source, details.code, details.subCode, note);
            !written)
            return written.error();
        return refund;
    });
}

Result<Money> OrderStore::refundedTotalAfter(const Order& order, const Refund& refund,
                                             std::optional<Money> alipayTotal) const
{
    const std::optional<Money> counted = order.refundedAmount.checkedAdd(refund.amount);
    if (!counted)
        return Error::storage(tr("The refunds of order %1 do not add up.").arg(order.outTradeNo));
    const auto outOfRange = [&](Money reported) {
        return Error::storage(tr("Alipay reports %1 refunded for order %2, which does not fit (refunded before: "
                                 "%3, this refund: %4, total: %5). Nothing was changed.")
                                  .arg(reported.toString(), order.outTradeNo, order.refundedAmount.toString(),
                                       refund.amount.toString(), order.totalAmount.toString()),
                              kRefundTotalMismatch);
    };
    if (*counted > order.totalAmount)
        return outOfRange(alipayTotal.value_or(*counted));
    if (!alipayTotal)
        return *counted;

    // Other refunds of this order that were in flight while this one was: Alipay may have carried
    // them out before this one or after, so its total may or may not include them. Each of them that
    // finished meanwhile added its own amount to the book (it had this one alongside). One answered
    // by the time this one was recorded was made at Alipay before this one was even sent.
    auto others = selectRefunds(QStringLiteral("WHERE r.order_id = ? AND r.id <> ?"), {order.id, refund.id});
    if (!others)
        return others.error();
    Money alongsideDone;
    Money alongsidePending;
    for (const Refund& other : *others) {
        std::optional<Money> sum;
        if (other.state == Refund::State::Done && other.doneAt > refund.createdAt)
            sum = alongsideDone.checkedAdd(other.amount);
        else if (other.state == Refund::State::Requested || other.state == Refund::State::Unknown)
            sum = alongsidePending.checkedAdd(other.amount);
        else
            continue;
        if (!sum)
            return Error::storage(tr("The refunds of order %1 do not add up.").arg(order.outTradeNo));
        (other.state == Refund::State::Done ? alongsideDone : alongsidePending) = *sum;
    }
    const Money reported = *alipayTotal;
    if (alongsideDone.isZero() && alongsidePending.isZero()) {
        // Alone: Alipay's total is the truth. More than the book knows is taken (refunds made
        // elsewhere, e.g. in Alipay's console); less means the book holds refunds Alipay does not.
        if (reported < *counted || reported > order.totalAmount)
            return outOfRange(reported);
        return reported;
    }
    const std::optional<Money> before = order.refundedAmount.checkedSub(alongsideDone);
    const std::optional<Money> low = before ? before->checkedAdd(refund.amount) : std::nullopt;
    const std::optional<Money> high = counted->checkedAdd(alongsidePending);
    if (!low || !high || reported < *low || reported > *high || reported > order.totalAmount)
        return outOfRange(reported);
    return *counted;
}

bool OrderStore::isRefundTotalMismatch(const Error& error)
{
    return error.category() == Error::Category::Storage && error.detail() == kRefundTotalMismatch;
}

Result<std::optional<Refund>> OrderStore::findRefund(const QString& outRequestNo) const
{
    auto found = selectRefunds(QStringLiteral("WHERE r.out_request_no = ?"), {outRequestNo});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return std::optional<Refund>();
    return std::optional<Refund>(found->first());
}

Result<QList<Refund>> OrderStore::refunds(const QString& outTradeNo) const
{
    return selectRefunds(QStringLiteral("WHERE o.out_trade_no = ? ORDER BY r.created_at, r.id"), {outTradeNo});
}

Result<QList<Refund>> OrderStore::unresolvedRefunds() const
{
    return selectRefunds(QStringLiteral("WHERE r.state IN (?, ?) ORDER BY r.created_at, r.id"),
                         {refundStateName(Refund::State::Requested), refundStateName(Refund::State::Unknown)});
}

Result<QList<Refund>> OrderStore::refundsBetween(const QString& appId, const QDateTime& from,
                                                 const QDateTime& until) const
{
    const QVariant start = OrderRows::time(from);
    const QVariant end = OrderRows::time(until);
    return selectRefunds(QStringLiteral("WHERE o.app_id = ? AND ((r.created_at >= ? AND r.created_at < ?) OR "
                                        "(r.done_at >= ? AND r.done_at < ?)) ORDER BY r.created_at, r.id"),
                         {appId, start, end, start, end});
}

Result<std::optional<Order>> OrderStore::findOrder(const QString& outTradeNo) const
{
    auto orders = selectOrders(QStringLiteral("WHERE o.out_trade_no = ?"), {outTradeNo});
    if (!orders)
        return orders.error();
    if (orders->isEmpty())
        return std::optional<Order>();
    return std::optional<Order>(orders->first());
}

Result<QList<Order>> OrderStore::selectOrders(const QString& where, const QVariantList& values) const
{
    auto rows = m_connection->select(
        QStringLiteral("SELECT ") + OrderRows::orderColumns() + QStringLiteral(" FROM orders o ") + where, values);
    if (!rows)
        return rows.error();
    QList<Order> orders;
    orders.reserve(rows->size());
    for (const QSqlRecord& row : *rows) {
        auto order = OrderRows::order(row);
        if (!order)
            return order.error();
        orders.append(std::move(order).value());
    }
    return orders;
}

Result<QList<Refund>> OrderStore::selectRefunds(const QString& where, const QVariantList& values) const
{
    auto rows = m_connection->select(QStringLiteral("SELECT ") + OrderRows::refundColumns() +
                                         QStringLiteral(" FROM refunds r JOIN orders o ON o.id = r.order_id ") + where,
                                     values);
    if (!rows)
        return rows.error();
    QList<Refund> refunds;
    for (const QSqlRecord& row : *rows) {
        auto refund = OrderRows::refund(row);
        if (!refund)
            return refund.error();
        refunds.append(std::move(refund).value());
    }
    return refunds;
}

Result<void> OrderStore::writeEvent(const Order& order, OrderState from, EventSource source, const QString& code,
                                    const QString& subCode, const QString& note)
{
    auto id = m_connection->insert(QStringLiteral("INSERT INTO order_events (order_id, happened_at, from_state, "
                                                  "to_state, source, code, sub_code, note) "
                                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                                   {order.id, OrderRows::time(order.updatedAt), orderStateName(from),
                                    orderStateName(order.state), eventSourceName(source), code, subCode, note});
    if (!id)
        return id.error();
    return {};
}

Result<std::optional<Lease>> OrderStore::findLease(qint64 orderId) const
{
    auto rows = m_connection->select(QStringLiteral("SELECT owner_id, owner_host, owner_pid, heartbeat_at, expires_at "
                                                    "FROM order_leases WHERE order_id = ?"),
                                     {orderId});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<Lease>();
    const QSqlRecord& row = rows->first();
    Lease lease;
    lease.owner.id = row.value(0).toString();
    lease.owner.host = row.value(1).toString();
    lease.owner.pid = row.value(2).toLongLong();
    lease.heartbeat = OrderRows::time(row.value(3));
    lease.expiresAt = OrderRows::time(row.value(4));
    return std::optional<Lease>(lease);
}

Result<void> OrderStore::writeLease(qint64 orderId, const LeaseOwner& owner)
{
    const QDateTime now = m_clock.now().toUTC();
    auto written = m_connection->exec(
        QStringLiteral("INSERT OR REPLACE INTO order_leases (order_id, owner_id, owner_host, owner_pid, heartbeat_at, "
                       "expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
        {orderId, owner.id, owner.host, owner.pid, OrderRows::time(now), OrderRows::time(now.addMSecs(kLeaseTtlMs))});
    if (!written)
        return written.error();
    return {};
}

Result<void> OrderStore::writeOrderChange(const Order& before, const Order& after)
{
    // The state in the WHERE makes the change conditional, so a server without SQLite's write lock
    // (PostgreSQL) still never applies a move to an order another counter moved meanwhile.
    auto changed = m_connection->exec(
        QStringLiteral("UPDATE orders SET state = ?, refunded_fen = ?, trade_no = ?, buyer_logon_id = ?, "
                       "buyer_user_id_masked = ?, qr_code = ?, reason = ?, updated_at = ?, paid_at = ? "
                       "WHERE id = ? AND state = ?"),
        {orderStateName(after.state), after.refundedAmount.fen(), after.tradeNo, after.buyerLogonId,
         after.buyerUserIdMasked, after.qrCode, after.reason, OrderRows::time(after.updatedAt),
         OrderRows::time(after.paidAt), before.id, orderStateName(before.state)});
    if (!changed)
        return changed.error();
    if (*changed != 1)
        return Error::storage(
            tr("Order %1 was changed by another program meanwhile; nothing was written.").arg(before.outTradeNo),
            kChangedMeanwhile + QStringLiteral(": %1 rows updated").arg(*changed));
    return {};
}

} // namespace counterpay::store
