#include "TradeBook.h"

#include "Refusal.h"
#include "alipay/ChinaTime.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <array>

namespace counterpay::sandbox {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("TradeBook", text);
}

constexpr auto kTradeColumns =
    "id, app_id, out_trade_no, trade_no, scene, status, total_fen, refunded_fen, subject, body, store_id, "
    "terminal_id, operator_id, request_digest, qr_token, notify_url, buyer_id, buyer_logon_id, created_at, "
    "scanned_at, paid_at, closed_at, qr_expires_at, expires_at, due_at, due_outcome, close_reason";

// The sandbox's buyers: Alipay ids and the masked logon ids Alipay shows merchants.
struct Buyer
{
    const char* id;
    const char* logonId;
};
constexpr std::array kBuyers{
    Buyer{"2088102177915620", "159****5620"},
    Buyer{"2088102177948832", "tes***@sandbox.example"},
    Buyer{"2088102177960417", "186****0417"},
};

QVariant timeValue(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFrom(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Never NULL: Qt binds a null QString as SQL NULL, and these columns are NOT NULL.
QVariant text(const QString& value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant textOrNull(const QString& text)
{
    return text.isEmpty() ? QVariant() : QVariant(text);
}

Trade tradeFrom(const QSqlQuery& q)
{
    Trade t;
    t.id = q.value(0).toLongLong();
    t.appId = q.value(1).toString();
    t.outTradeNo = q.value(2).toString();
    t.tradeNo = q.value(3).toString();
    t.scene = q.value(4).toString() == u"bar_code" ? Trade::Scene::BarCode : Trade::Scene::QrCode;
    t.status = Trade::statusFromName(q.value(5).toString()).value_or(Trade::Status::Closed);
    t.total = Money::fromFen(q.value(6).toLongLong());
    t.refunded = Money::fromFen(q.value(7).toLongLong());
    t.subject = q.value(8).toString();
    t.body = q.value(9).toString();
    t.storeId = q.value(10).toString();
    t.terminalId = q.value(11).toString();
    t.operatorId = q.value(12).toString();
    t.requestDigest = q.value(13).toString();
    t.qrToken = q.value(14).toString();
    t.notifyUrl = q.value(15).toString();
    t.buyerId = q.value(16).toString();
    t.buyerLogonId = q.value(17).toString();
    t.createdAt = timeFrom(q.value(18));
    t.scannedAt = timeFrom(q.value(19));
    t.paidAt = timeFrom(q.value(20));
    t.closedAt = timeFrom(q.value(21));
    t.qrExpiresAt = timeFrom(q.value(22));
    t.expiresAt = timeFrom(q.value(23));
    t.dueAt = timeFrom(q.value(24));
    t.dueOutcome = q.value(25).toString();
    t.closeReason = q.value(26).toString();
    return t;
}

Refund refundFrom(const QSqlQuery& q)
{
    Refund r;
    r.appId = q.value(0).toString();
    r.outTradeNo = q.value(1).toString();
    r.outRequestNo = q.value(2).toString();
    r.amount = Money::fromFen(q.value(3).toLongLong());
    r.reason = q.value(4).toString();
    r.refundedAt = timeFrom(q.value(5));
    return r;
}

constexpr auto kRefundColumns = "app_id, out_trade_no, out_request_no, amount_fen, reason, refunded_at";

// Why a trade in `status` cannot be paid, closed or opened any more.
Error finalStateError(Trade::Status status)
{
    switch (status) {
    case Trade::Status::Success:
        return refusals::kTradeHasSuccess.toError();
    case Trade::Status::Finished:
        return refusals::kTradeHasFinished.toError();
    case Trade::Status::Closed:
        return refusals::kTradeHasClose.toError();
    case Trade::Status::Precreated:
    case Trade::Status::WaitBuyerPay:
        break;
    }
    return refusals::kTradeStatusError.toError();
}

} // namespace

TradeBook::TradeBook(SandboxDatabase& database)
    : m_database(database)
{}

Result<QList<Trade>> TradeBook::select(const QString& where, const QVariantList& values, const QString& orderBy) const
{
    QSqlQuery query(m_database.connection());
    const QString sql =
        QStringLiteral("SELECT %1 FROM trades %2 ORDER BY %3").arg(QLatin1String(kTradeColumns), where, orderBy);
    if (auto ok = SandboxDatabase::exec(query, sql, values); !ok)
        return ok.error();
    QList<Trade> trades;
    while (query.next())
        trades.append(tradeFrom(query));
    return trades;
}

Result<std::optional<Trade>> TradeBook::find(const QString& appId, const QString& outTradeNo) const
{
    auto trades = select(QStringLiteral("WHERE app_id = ? AND out_trade_no = ?"), {appId, outTradeNo});
    if (!trades)
        return trades.error();
    return trades->isEmpty() ? std::nullopt : std::optional<Trade>(trades->first());
}

Result<std::optional<Trade>> TradeBook::findByTradeNo(const QString& appId, const QString& tradeNo) const
{
    auto trades = select(QStringLiteral("WHERE app_id = ? AND trade_no = ?"), {appId, tradeNo});
    if (!trades)
        return trades.error();
    return trades->isEmpty() ? std::nullopt : std::optional<Trade>(trades->first());
}

Result<std::optional<Trade>> TradeBook::findByQrToken(const QString& token) const
{
    auto trades = select(QStringLiteral("WHERE qr_token = ?"), {token});
    if (!trades)
        return trades.error();
    return trades->isEmpty() ? std::nullopt : std::optional<Trade>(trades->first());
}

Result<QList<Trade>> TradeBook::findEverywhere(const QString& outTradeNo) const
{
    return select(QStringLiteral("WHERE out_trade_no = ?"), {outTradeNo});
}

Result<QList<Trade>> TradeBook::all() const
{
    return select({}, {});
}

Result<QList<Trade>> TradeBook::due(const QDateTime& now) const
{
    const qint64 ms = now.toMSecsSinceEpoch();
    return select(QStringLiteral("WHERE status IN ('PRECREATED', 'WAIT_BUYER_PAY') AND settle_at <= ?"), {ms},
                  QStringLiteral("settle_at, id"));
}

Result<Trade> TradeBook::reload(qint64 id) const
{
    auto trades = select(QStringLiteral("WHERE id = ?"), {id});
    if (!trades)
        return trades.error();
    if (trades->isEmpty())
        return refusals::kTradeNotExist.toError();
    return trades->first();
}

Result<QString> TradeBook::nextTradeNo(const QDateTime& now)
{
    QSqlQuery query(m_database.connection());
    if (auto ok =
            SandboxDatabase::exec(query, QStringLiteral("INSERT INTO counters (name, value) VALUES ('trade_no', 1) "
                                                        "ON CONFLICT (name) DO UPDATE SET value = value + 1"));
        !ok)
        return ok.error();
    if (auto ok = SandboxDatabase::exec(query, QStringLiteral("SELECT value FROM counters WHERE name = 'trade_no'"));
        !ok)
        return ok.error();
    if (!query.next())
        return Error::storage(tr("the trade number counter is missing"));
    // Alipay's shape: the UTC+8 date, a fixed channel part, then a sequence: 28 digits in all.
    const QString date = alipay::ChinaTime::of(now).toString(QStringLiteral("yyyyMMdd"));
    return QString(date + QStringLiteral("2200140") +
                   QString::number(query.value(0).toLongLong()).rightJustified(13, u'0'));
}

Result<void> TradeBook::write(const Trade& t)
{
    QSqlQuery query(m_database.connection());
    return SandboxDatabase::exec(
        query,
        QStringLiteral("UPDATE trades SET trade_no = ?, status = ?, refunded_fen = ?, buyer_id = ?, "
                       "buyer_logon_id = ?, scanned_at = ?, paid_at = ?, closed_at = ?, due_at = ?, "
                       "due_outcome = ?, close_reason = ? WHERE id = ?"),
        {textOrNull(t.tradeNo), Trade::statusName(t.status), t.refunded.fen(), text(t.buyerId), text(t.buyerLogonId),
         timeValue(t.scannedAt), timeValue(t.paidAt), timeValue(t.closedAt), timeValue(t.dueAt), text(t.dueOutcome),
         text(t.closeReason), t.id});
}

Result<Trade> TradeBook::create(Trade t)
{
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        QSqlQuery query(m_database.connection());
        auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("INSERT INTO trades (app_id, out_trade_no, scene, status, total_fen, subject, body, "
                           "store_id, terminal_id, operator_id, request_digest, qr_token, notify_url, created_at, "
                           "qr_expires_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {t.appId, t.outTradeNo, Trade::sceneName(t.scene), Trade::statusName(Trade::Status::Precreated),
             t.total.fen(), text(t.subject), text(t.body), text(t.storeId), text(t.terminalId), text(t.operatorId),
             text(t.requestDigest), textOrNull(t.qrToken), text(t.notifyUrl), timeValue(t.createdAt),
             timeValue(t.qrExpiresAt), timeValue(t.expiresAt)});
        if (!ok)
            return ok;
        t.id = query.lastInsertId().toLongLong();
        t.status = Trade::Status::Precreated;
        return {};
    });
    if (!done)
        return done.error();
    return t;
}

Result<Trade> TradeBook::open(const Trade& trade, const QDateTime& now)
{
    Trade t;
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        auto fresh = reload(trade.id);
        if (!fresh)
            return fresh.error();
        t = *fresh;
        if (t.status != Trade::Status::Precreated)
            return t.status == Trade::Status::WaitBuyerPay ? Result<void>() : finalStateError(t.status);
        auto tradeNo = nextTradeNo(now);
        if (!tradeNo)
            return tradeNo.error();
        const Buyer& buyer = kBuyers[static_cast<size_t>(t.id - 1) % kBuyers.size()];
        t.tradeNo = *tradeNo;
        t.buyerId = QString::fromLatin1(buyer.id);
        t.buyerLogonId = QString::fromLatin1(buyer.logonId);
        t.status = Trade::Status::WaitBuyerPay;
        t.scannedAt = now;
        return write(t);
    });
    if (!done)
        return done.error();
    return t;
}

Result<Trade> TradeBook::schedule(const Trade& trade, const QDateTime& dueAt, const QString& outcome)
{
    Trade t;
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        auto fresh = reload(trade.id);
        if (!fresh)
            return fresh.error();
        t = *fresh;
        t.dueAt = dueAt;
        t.dueOutcome = outcome;
        return write(t);
    });
    if (!done)
        return done.error();
    return t;
}

Result<Trade> TradeBook::markPaid(const Trade& trade, const QDateTime& now)
{
    Trade t;
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        auto fresh = reload(trade.id);
        if (!fresh)
            return fresh.error();
        t = *fresh;
        if (t.status != Trade::Status::WaitBuyerPay)
            return t.status == Trade::Status::Precreated ? refusals::kTradeNotExist.toError()
                                                         : finalStateError(t.status);
        t.status = Trade::Status::Success;
        t.paidAt = now;
        t.dueAt = {};
        t.dueOutcome.clear();
        return write(t);
    });
    if (!done)
        return done.error();
    return t;
}

Result<Trade> TradeBook::close(const Trade& trade, const QDateTime& now, const QString& reason)
{
    Trade t;
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        auto fresh = reload(trade.id);
        if (!fresh)
            return fresh.error();
        t = *fresh;
        if (t.status != Trade::Status::Precreated && t.status != Trade::Status::WaitBuyerPay)
            return finalStateError(t.status);
        t.status = Trade::Status::Closed;
        t.closedAt = now;
        t.closeReason = reason;
        t.dueAt = {};
        t.dueOutcome.clear();
        return write(t);
    });
    if (!done)
        return done.error();
    return t;
}

Result<TradeBook::RefundOutcome> TradeBook::refund(const Trade& trade, const QString& outRequestNo, Money amount,
                                                   const QString& reason, const QDateTime& now)
{
    RefundOutcome outcome;
    Result<void> done = m_database.transaction([&]() -> Result<void> {
        auto fresh = reload(trade.id);
        if (!fresh)
            return fresh.error();
        outcome.trade = *fresh;
        Trade& t = outcome.trade;

        auto earlier = findRefund(t.appId, t.outTradeNo, outRequestNo);
        if (!earlier)
            return earlier.error();
        if (*earlier) {
            // Resending a refund is how a lost answer is recovered: same number, same amount.
            if ((*earlier)->amount != amount)
                return refusals::kDiscordantRepeatRequest.toError();
            outcome.refund = **earlier;
            outcome.fundChange = false;
            return {};
        }
        if (t.status == Trade::Status::Finished)
            return refusals::kTradeHasFinished.toError();
        if (t.status == Trade::Status::Closed && !t.refunded.isZero())
            return refusals::kRefundAmountTooLarge.toError(); // fully refunded: nothing left to give back
        if (t.status != Trade::Status::Success)
            return t.status == Trade::Status::Precreated ? refusals::kTradeNotExist.toError()
                                                         : refusals::kTradeStatusError.toError();
        const std::optional<Money> after = t.refunded.checkedAdd(amount);
        if (!after || *after > t.total)
            return refusals::kRefundAmountTooLarge.toError();

        outcome.refund = Refund{t.appId, t.outTradeNo, outRequestNo, amount, reason, now};
        QSqlQuery query(m_database.connection());
        auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("INSERT INTO refunds (app_id, out_trade_no, out_request_no, amount_fen, reason, "
                           "refunded_at) VALUES (?, ?, ?, ?, ?, ?)"),
            {t.appId, t.outTradeNo, outRequestNo, amount.fen(), text(reason), timeValue(now)});
        if (!ok)
            return ok;
        t.refunded = *after;
        if (t.refunded == t.total) {
            // A fully refunded trade is TRADE_CLOSED at Alipay.
            t.status = Trade::Status::Closed;
            t.closedAt = now;
            t.closeReason = QStringLiteral("refunded");
        }
        outcome.fundChange = true;
        return write(t);
    });
    if (!done)
        return done.error();
    return outcome;
}

Result<std::optional<Refund>> TradeBook::findRefund(const QString& appId, const QString& outTradeNo,
                                                    const QString& outRequestNo) const
{
    QSqlQuery query(m_database.connection());
    if (auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("SELECT %1 FROM refunds WHERE app_id = ? AND out_trade_no = ? AND out_request_no = ?")
                .arg(QLatin1String(kRefundColumns)),
            {appId, outTradeNo, outRequestNo});
        !ok)
        return ok.error();
    if (!query.next())
        return std::optional<Refund>();
    return std::optional<Refund>(refundFrom(query));
}

Result<QList<Refund>> TradeBook::refunds(const QString& appId, const QString& outTradeNo) const
{
    QSqlQuery query(m_database.connection());
    if (auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("SELECT %1 FROM refunds WHERE app_id = ? AND out_trade_no = ? ORDER BY id")
                .arg(QLatin1String(kRefundColumns)),
            {appId, outTradeNo});
        !ok)
        return ok.error();
    QList<Refund> list;
    while (query.next())
        list.append(refundFrom(query));
    return list;
}

Result<QList<Trade>> TradeBook::paidBetween(const QString& appId, const QDateTime& from, const QDateTime& to) const
{
    return select(QStringLiteral("WHERE app_id = ? AND paid_at IS NOT NULL AND paid_at >= ? AND paid_at < ?"),
                  {appId, from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch()});
}

Result<QList<Refund>> TradeBook::refundsBetween(const QString& appId, const QDateTime& from, const QDateTime& to) const
{
    QSqlQuery query(m_database.connection());
    if (auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("SELECT %1 FROM refunds WHERE app_id = ? AND refunded_at >= ? AND refunded_at < ? "
                           "ORDER BY id")
                .arg(QLatin1String(kRefundColumns)),
            {appId, from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch()});
        !ok)
        return ok.error();
    QList<Refund> list;
    while (query.next())
        list.append(refundFrom(query));
    return list;
}

} // namespace counterpay::sandbox
