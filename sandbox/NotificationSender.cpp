#include "NotificationSender.h"

#include "alipay/FormCodec.h"
#include "alipay/SignContent.h"
#include "alipay/Timestamp.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <map>

namespace counterpay::sandbox {

Q_LOGGING_CATEGORY(lcNotify, "counterpay.sandbox.notify")

namespace {

QString notifyId()
{
    QByteArray random(16, Qt::Uninitialized);
    QRandomGenerator::global()->generate(random.begin(), random.end());
    return QString::fromLatin1(random.toHex()) + QStringLiteral("00");
}

QString time(const QDateTime& t)
{
    return t.isValid() ? alipay::Timestamp::format(t) : QString();
}

QString fundBillList(Money amount)
{
    // Notifications spell it fundChannel (camelCase), unlike the synchronous replies.
    const QJsonArray list{QJsonObject{{QStringLiteral("amount"), amount.toString()},
                                      {QStringLiteral("fundChannel"), QStringLiteral("ALIPAYACCOUNT")}}};
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

} // namespace

NotificationSender::NotificationSender(SandboxDatabase& database, const GatewayIdentity& gateway,
                                       const ReplySigner& signer, FaultPlan& faults, const Clock& clock, Policy policy,
                                       QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_gateway(gateway)
    , m_signer(signer)
    , m_faults(faults)
    , m_clock(clock)
    , m_policy(policy)
    , m_network(new QNetworkAccessManager(this))
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &NotificationSender::deliverDue);
}

alipay::Params NotificationSender::build(const Trade& trade, const std::optional<Refund>& refund) const
{
    const QDateTime now = m_clock.now();
    const Money paid = trade.isPaid() || !trade.refunded.isZero() ? trade.total : Money();
    alipay::Params params;
    const auto add = [&](const char* key, const QString& value) {
        if (!value.isEmpty())
            params.set(QString::fromLatin1(key), value);
    };
    add("notify_time", time(now));
    add("notify_type", QStringLiteral("trade_status_sync"));
    add("notify_id", notifyId());
    add("app_id", trade.appId);
    add("auth_app_id", trade.appId);
    add("charset", QStringLiteral("utf-8"));
    add("version", QStringLiteral("1.0"));
    add("sign_type", QStringLiteral("RSA2"));
    add("trade_no", trade.tradeNo);
    add("out_trade_no", trade.outTradeNo);
    if (refund)
        add("out_biz_no", refund->outRequestNo);
    add("buyer_id", trade.buyerId);
    add("buyer_logon_id", trade.buyerLogonId);
    add("seller_id", m_gateway.sellerId);
    add("trade_status", Trade::statusName(trade.status));
    add("total_amount", trade.total.toString());
    add("receipt_amount", paid.toString());
    add("invoice_amount", paid.toString());
    add("buyer_pay_amount", paid.toString());
    add("point_amount", Money().toString());
    if (refund)
        add("refund_fee", trade.refunded.toString());
    add("subject", trade.subject);
    add("body", trade.body);
    add("gmt_create", time(trade.createdAt));
    add("gmt_payment", time(trade.paidAt));
    if (refund)
        add("gmt_refund",
            alipay::ChinaTime::of(refund->refundedAt).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
    if (trade.status == Trade::Status::Closed)
        add("gmt_close", time(trade.closedAt));
    if (!paid.isZero())
        add("fund_bill_list", fundBillList(paid));
    // Notifications are signed over every parameter but sign and sign_type, empty values kept.
    params.set(QStringLiteral("sign"), m_signer.sign(alipay::SignContent::forNotification(params)));
    return params;
}

Result<void> NotificationSender::notify(const Trade& trade, const std::optional<Refund>& refund)
{
    if (trade.notifyUrl.isEmpty())
        return {};
    const FaultPlan::NotifyFaults faults = m_faults.decideForNotification();
    const alipay::Params params = build(trade, refund);
    const QDateTime now = m_clock.now();
    qint64 nextAt = now.toMSecsSinceEpoch() + faults.holdMs;
    Result<void> queued = m_database.transaction([&]() -> Result<void> {
        QSqlQuery query(m_database.connection());
        if (faults.holdMs > 0) {
            // Held back notifications of the same trade go out together, newest first.
            if (auto ok = SandboxDatabase::exec(
                    query,
                    QStringLiteral("SELECT MAX(next_at) FROM notifications WHERE app_id = ? AND out_trade_no = ? "
                                   "AND state = 'pending' AND newest_first = 1"),
                    {trade.appId, trade.outTradeNo});
                !ok)
                return ok;
            if (query.next() && !query.value(0).isNull())
                nextAt = std::max(nextAt, query.value(0).toLongLong());
            // The ones held before wait for this one, so that none of them falls due alone in between
            // (a timer tick between the two times sent the older news first).
            if (auto ok = SandboxDatabase::exec(
                    query,
                    QStringLiteral("UPDATE notifications SET next_at = ? WHERE app_id = ? AND out_trade_no = ? "
                                   "AND state = 'pending' AND newest_first = 1"),
                    {nextAt, trade.appId, trade.outTradeNo});
                !ok)
                return ok;
        }
        auto ok = SandboxDatabase::exec(
            query,
            QStringLiteral("INSERT INTO notifications (app_id, out_trade_no, url, body, trade_status, state, "
                           "duplicates_left, newest_first, next_at, created_at) "
                           "VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)"),
            {trade.appId, trade.outTradeNo, trade.notifyUrl, alipay::FormCodec::encode(params),
             Trade::statusName(trade.status), faults.duplicate ? 1 : 0, faults.holdMs > 0 ? 1 : 0, nextAt,
             now.toMSecsSinceEpoch()});
        if (ok)
            qCInfo(lcNotify).noquote() << "queued" << Trade::statusName(trade.status) << "for" << trade.outTradeNo
                                       << "to" << trade.notifyUrl;
        return ok;
    });
    // Out at once, as Alipay sends within moments of the payment; waiting for the next tick of
    // deliverDue() added up to 100 ms to every notification. Held ones wait for their time.
    if (queued && faults.holdMs == 0 && m_timer.isActive())
        QTimer::singleShot(0, this, &NotificationSender::deliverDue);
    return queued;
}

void NotificationSender::start()
{
    m_timer.start();
}

void NotificationSender::stop()
{
    m_timer.stop();
}

void NotificationSender::deliverDue()
{
    QSqlQuery query(m_database.connection());
    if (!SandboxDatabase::exec(query,
                               QStringLiteral("SELECT id, app_id, out_trade_no, url, body, newest_first FROM "
                                              "notifications WHERE state = 'pending' AND next_at <= ? ORDER BY id"),
                               {m_clock.now().toMSecsSinceEpoch()}))
        return;
    struct Candidate
    {
        qint64 id;
        QString url;
        QByteArray body;
        bool newestFirst;
    };
    std::map<QString, Candidate> chosen; // per trade: the one to send now
    while (query.next()) {
        const QString trade = query.value(1).toString() + u'/' + query.value(2).toString();
        if (m_inFlightTrades.contains(trade))
            continue;
        Candidate candidate{query.value(0).toLongLong(), query.value(3).toString(), query.value(4).toByteArray(),
                            query.value(5).toBool()};
        auto it = chosen.find(trade);
        if (it == chosen.end())
            chosen.emplace(trade, candidate);
        else if (candidate.newestFirst || it->second.newestFirst)
            it->second = candidate; // ordered by id: the later one wins
    }
    for (const auto& [trade, candidate] : chosen) {
        m_inFlightTrades.insert(trade);
        send(candidate.id, candidate.url, candidate.body);
    }
}

void NotificationSender::send(qint64 id, const QString& url, const QByteArray& body)
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded; charset=utf-8"));
    request.setTransferTimeout(m_policy.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply* reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        // Only the exact text `success` stops Alipay from sending again.
        const bool delivered = reply->error() == QNetworkReply::NoError && status == 200 && answer == "success";
        const QString result = reply->error() != QNetworkReply::NoError
                                   ? reply->errorString()
                                   : QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(answer.left(80)));
        finish(id, delivered, result);
    });
}

void NotificationSender::finish(qint64 id, bool delivered, const QString& result)
{
    QSqlQuery query(m_database.connection());
    if (!SandboxDatabase::exec(query,
                               QStringLiteral("SELECT app_id, out_trade_no, attempts, duplicates_left, url FROM "
                                              "notifications WHERE id = ?"),
                               {id}) ||
        !query.next())
        return;
    const QString appId = query.value(0).toString();
    const QString outTradeNo = query.value(1).toString();
    const int attempts = query.value(2).toInt() + 1;
    const int duplicatesLeft = query.value(3).toInt();
    const QString url = query.value(4).toString();
    m_inFlightTrades.remove(appId + u'/' + outTradeNo);

    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    QString state = QStringLiteral("pending");
    qint64 nextAt = now;
    int duplicates = duplicatesLeft;
    if (delivered && duplicatesLeft > 0) {
        --duplicates; // the notify_duplicate fault: the same notification once more, at once
    } else if (delivered) {
        state = QStringLiteral("delivered");
    } else if (attempts >= m_policy.maxAttempts) {
        state = QStringLiteral("abandoned");
    } else {
        nextAt = now + static_cast<qint64>(m_policy.firstRetryMs) * (qint64(1) << std::min(attempts - 1, 20));
    }
    qCInfo(lcNotify).noquote() << "notification" << id << "for" << outTradeNo << "attempt" << attempts << "->" << url
                               << ":" << result << "(" << state << ")";
    const Result<void> saved = SandboxDatabase::exec(
        query,
        QStringLiteral("UPDATE notifications SET attempts = ?, state = ?, next_at = ?, "
                       "duplicates_left = ?, last_result = ?, delivered_at = ? WHERE id = ?"),
        {attempts, state, nextAt, duplicates, result, delivered ? QVariant(now) : QVariant(), id});
    if (!saved)
        qCWarning(lcNotify).noquote() << "cannot record a delivery attempt:" << saved.error().toString();
}

Result<QJsonArray> NotificationSender::toJson() const
{
    QSqlQuery query(m_database.connection());
    if (auto ok = SandboxDatabase::exec(
            query, QStringLiteral("SELECT id, app_id, out_trade_no, url, trade_status, state, attempts, last_result, "
                                  "body FROM notifications ORDER BY id"));
        !ok)
        return ok.error();
    QJsonArray list;
    while (query.next()) {
        list.append(QJsonObject{
            {QStringLiteral("id"), query.value(0).toLongLong()},
            {QStringLiteral("app_id"), query.value(1).toString()},
            {QStringLiteral("out_trade_no"), query.value(2).toString()},
            {QStringLiteral("url"), query.value(3).toString()},
            {QStringLiteral("trade_status"), query.value(4).toString()},
            {QStringLiteral("state"), query.value(5).toString()},
            {QStringLiteral("attempts"), query.value(6).toInt()},
            {QStringLiteral("last_result"), query.value(7).toString()},
            {QStringLiteral("body"), QString::fromUtf8(query.value(8).toByteArray())},
        });
    }
    return list;
}

} // namespace counterpay::sandbox
