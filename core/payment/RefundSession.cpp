#include "payment/RefundSession.h"

#include "alipay/api/TradeQuery.h"

#include <QCoreApplication>

#include <algorithm>

namespace counterpay::payment {

Q_LOGGING_CATEGORY(lcRefund, "counterpay.refund")

using store::EventSource;
using store::Refund;

namespace {

// The refund may or may not have been made: ask again (the same request), never conclude.
bool isAmbiguous(const Error& error)
{
    switch (error.category()) {
    case Error::Category::Network:
    case Error::Category::Unknown:
    case Error::Category::Gateway:
    case Error::Category::Security: // an answer that does not verify says nothing
        return true;
    case Error::Category::Business:
        return error.subCode().endsWith(QLatin1String("ACQ.SYSTEM_ERROR"));
    default:
        return false;
    }
}

bool isTradeNotExist(const Error& error)
{
    return error.category() == Error::Category::Business &&
           error.subCode() == QLatin1String(alipay::TradeQuery::kTradeNotExist);
}

// Alipay's refusals of alipay.trade.refund, in words a manager can act on.
QString plainRefusal(const Error& error, const Refund& refund)
{
    const QString& sub = error.subCode();
    QString why;
    if (sub == u"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL" || sub == u"ACQ.REASON_TRADE_REFUND_FEE_ERR" ||
        sub == u"ACQ.REFUND_FEE_ERROR")
        why = RefundSession::tr("the refunds would add up to more than the customer paid");
    else if (sub == u"ACQ.TRADE_NOT_EXIST")
        why = RefundSession::tr("Alipay has no payment for this order (is this the app that took it?)");
    else if (sub == u"ACQ.SELLER_BALANCE_NOT_ENOUGH")
        why = RefundSession::tr("the shop's Alipay balance is too low; top it up and refund again");
    else if (sub == u"ACQ.TRADE_HAS_FINISHED" || sub == u"ACQ.TRADE_HAS_CLOSE" || sub == u"ACQ.TRADE_STATUS_ERROR" ||
             sub == u"ACQ.TRADE_NOT_ALLOW_REFUND")
        why = RefundSession::tr(
            "the payment can no longer be refunded through Alipay (it is closed, finished or too old)");
    else if (sub == u"ACQ.REASON_TRADE_BEEN_FREEZEN")
        why = RefundSession::tr("the payment is frozen at Alipay");
    else if (sub == u"ACQ.DISCORDANT_REPEAT_REQUEST")
        why = RefundSession::tr("Alipay already has a refund with this number for another amount");
    else if (sub == u"ACQ.BUYER_ERROR")
        why = RefundSession::tr("the customer's Alipay account cannot receive the refund");
    else
        why = error.message();
    return RefundSession::tr("Alipay refused the refund of %1 on order %2: %3.")
        .arg(refund.amount.toString(), refund.outTradeNo, why);
}

} // namespace

RefundSession::RefundSession(const PaymentContext& context, RefundOptions options, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_store(context.store)
    , m_gateway(context.gateway)
    , m_scheduler(context.scheduler)
    , m_clock(context.clock)
    , m_options(std::move(options))
{}

RefundSession::~RefundSession()
{
    if (m_wake)
        m_scheduler.cancel(m_wake);
}

qint64 RefundSession::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

qint64 RefundSession::backoffMs(int attempt) const
{
    if (m_options.retryBackoffMs.isEmpty())
        return 1000;
    const qsizetype index = std::clamp<qsizetype>(attempt - 1, 0, m_options.retryBackoffMs.size() - 1);
    return m_options.retryBackoffMs[index];
}

void RefundSession::start(const QString& outTradeNo, Money amount, const QString& authorisedBy, const QString& reason)
{
    if (m_phase != Phase::Idle)
        return;
    auto order = m_store.find(outTradeNo);
    if (!order) {
        refuseLocally(order.error());
        return;
    }
    if (order->has_value() && !belongsToThisApp(**order)) {
        refuseLocally(m_lastError);
        return;
    }
    // The order book checks the order and the sum of its refunds and numbers the refund in one
    // transaction, committed to the disk: nothing is sent about a refund it has not recorded.
    auto requested = m_store.requestRefund(outTradeNo, amount, authorisedBy, reason);
    if (!requested) {
        refuseLocally(requested.error());
        return;
    }
    m_refund = *requested;
    qCInfo(lcRefund).noquote() << "refund" << m_refund.outRequestNo << "of" << amount.toString() << "on order"
                               << outTradeNo << "authorised by" << m_refund.authorisedBy;
    emit stateChanged(m_refund.state);
    m_phase = Phase::Sending;
    m_rounds = 1;
    m_nextActionMs = nowMs();
    step();
}

void RefundSession::resume(const Refund& refund)
{
    if (m_phase != Phase::Idle)
        return;
    m_resumed = true;
    m_refund = refund;
    // Another till may have settled it meanwhile: start from the book, not from the caller's copy.
    auto current = m_store.findRefund(refund.outRequestNo);
    if (current && current->has_value())
        m_refund = **current;
    auto order = m_store.find(m_refund.outTradeNo);
    if (order && order->has_value() && !belongsToThisApp(**order)) {
        m_phase = Phase::Done;
        emit unresolved(m_lastError.message());
        emit finished();
        return;
    }
    switch (m_refund.state) {
    case Refund::State::Done:
        m_phase = Phase::Done;
        emit done(m_refund, order && order->has_value() ? **order : store::Order());
        emit finished();
        return;
    case Refund::State::Failed:
        m_phase = Phase::Done;
        emit failed(tr("Refund %1 had already failed.").arg(m_refund.outRequestNo));
        emit finished();
        return;
    case Refund::State::Requested:
    case Refund::State::Unknown:
        break;
    }
    qCInfo(lcRefund).noquote() << "resuming refund" << m_refund.outRequestNo << "of" << m_refund.amount.toString()
                               << "on order" << m_refund.outTradeNo;
    // It may have been sent before the restart: ask before sending anything.
    m_mayHaveArrived = true;
    beginConfirming();
}

bool RefundSession::belongsToThisApp(const store::Order& order)
{
    if (m_options.appId.isEmpty() || order.appId.isEmpty() || order.appId == m_options.appId)
        return true;
    // Another app's gateway does not know the trade and would answer ACQ.TRADE_NOT_EXIST.
    m_lastError = Error::config(
        tr("Order %1 belongs to app %2: refund it with that app's configuration.").arg(order.outTradeNo, order.appId),
        QStringLiteral("app_id %1, this till %2").arg(order.appId, m_options.appId));
    return false;
}

void RefundSession::step()
{
    if (m_busy || m_phase == Phase::Done || m_phase == Phase::Idle)
        return;
    if (nowMs() < m_nextActionMs) {
        wakeAt(m_nextActionMs);
        return;
    }
    if (m_phase == Phase::Sending)
        sendRefund();
    else
        sendQuery();
}

void RefundSession::wakeAt(qint64 dueMs)
{
    if (m_wake)
        m_scheduler.cancel(m_wake);
    m_wake = m_scheduler.schedule(dueMs - nowMs(), this, [this] {
        m_wake = 0;
        step();
    });
}

void RefundSession::sendRefund()
{
    ++m_sends;
    ++m_totalSends;
    // Built from the recorded row alone, so every resend, in this run or after a restart, carries
    // the same out_request_no, amount and reason: Alipay then answers the same refund, never a second.
    alipay::TradeRefund call;
    call.outTradeNo = m_refund.outTradeNo;
    call.refundAmount = m_refund.amount;
    call.outRequestNo = m_refund.outRequestNo;
    call.refundReason = m_refund.reason;
    m_gateway.refund(call, replyTo(&RefundSession::onRefund));
}

void RefundSession::sendQuery()
{
    m_gateway.refundQuery(alipay::TradeRefundQuery{m_refund.outTradeNo, m_refund.outRequestNo},
                          replyTo(&RefundSession::onQuery));
}

void RefundSession::onRefund(Result<alipay::TradeRefund::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::Sending)
        return;
    if (answer) {
        noteHealthy();
        // fund_change=N: this out_request_no was refunded before (a resend, or a run that died before
        // it heard the answer). It is done all the same.
        finishDone(source(EventSource::Gateway), answer->refundFee,
                   answer->fundChange ? QString() : tr("already refunded earlier (fund_change=N)"));
        return;
    }
    m_lastError = answer.error();
    if (isAmbiguous(m_lastError)) {
        noteTrouble(m_lastError);
        // Network: the request surely never left; anything else may have reached Alipay.
        if (m_lastError.category() != Error::Category::Network)
            m_mayHaveArrived = true;
        qCWarning(lcRefund).noquote() << "refund" << m_refund.outRequestNo
                                      << QStringLiteral("unanswered (send %1):").arg(m_sends) << m_lastError.toString();
        if (m_sends < m_options.maxSends) {
            m_nextActionMs = nowMs() + backoffMs(m_sends);
            step();
        } else {
            beginConfirming();
        }
        return;
    }
    if (m_lastError.category() == Error::Category::Business)
        noteHealthy();
    if (m_mayHaveArrived) {
        // An earlier send may have gone through; this refusal could be about a state that send made.
        m_refusal = m_lastError;
        beginConfirming();
        return;
    }
    finishFailed(m_lastError);
}

void RefundSession::beginConfirming()
{
    m_phase = Phase::Confirming;
    m_queries = 0;
    m_nextActionMs = nowMs();
    step();
}

void RefundSession::onQuery(Result<alipay::TradeRefundQuery::Response> answer)
{
    m_busy = false;
    if (m_phase != Phase::Confirming)
        return;
    if (answer) {
        noteHealthy();
        if (!answer->refunded) {
            notMadeAtAlipay();
            return;
        }
        if (answer->refundAmount != m_refund.amount) {
            finishUnknown(tr("Alipay reports refund %1 as %2, but %3 was asked for; compare with Alipay's bill.")
                              .arg(m_refund.outRequestNo, answer->refundAmount.toString(), m_refund.amount.toString()));
            return;
        }
        finishDone(source(EventSource::Query), std::nullopt, tr("confirmed by a refund query"));
        return;
    }
    m_lastError = answer.error();
    if (isTradeNotExist(m_lastError)) {
        // No trade, so no refund of it: the send decides.
        noteHealthy();
        notMadeAtAlipay();
        return;
    }
    if (!isAmbiguous(m_lastError)) {
        finishUnknown(tr("Alipay would not say whether refund %1 was made: %2")
                          .arg(m_refund.outRequestNo, m_lastError.message()));
        return;
    }
    noteTrouble(m_lastError);
    ++m_queries;
    if (m_queries >= m_options.maxQueries) {
        finishUnknown(tr("Alipay could not be asked whether refund %1 was made (%2); it is asked again at the next "
                         "start.")
                          .arg(m_refund.outRequestNo, m_lastError.message()));
        return;
    }
    m_nextActionMs = nowMs() + backoffMs(m_queries);
    step();
}

void RefundSession::notMadeAtAlipay()
{
    if (m_refusal) {
        finishFailed(*m_refusal);
        return;
    }
    if (m_rounds >= m_options.maxRounds) {
        finishUnknown(tr("refund %1 was sent %2 times without a clear answer and Alipay has no record of it; it is "
                         "asked about again at the next start.")
                          .arg(m_refund.outRequestNo)
                          .arg(m_totalSends));
        return;
    }
    // Not made: the same request again.
    ++m_rounds;
    m_sends = 0;
    m_phase = Phase::Sending;
    m_nextActionMs = nowMs();
    step();
}

EventSource RefundSession::source(EventSource live) const
{
    return m_resumed ? EventSource::Recovery : live;
}

void RefundSession::finishDone(EventSource source, std::optional<Money> refundedTotal, const QString& note)
{
    store::RefundDetails details;
    details.refundedTotal = refundedTotal;
    details.source = source;
    details.code = QStringLiteral("10000");
    details.note = note;
    auto finished = m_store.finishRefund(m_refund.outRequestNo, Refund::State::Done, details);
    if (!finished) {
        m_lastError = finished.error();
        qCCritical(lcRefund).noquote() << "refund" << m_refund.outRequestNo
                                       << "done at Alipay, not recorded:" << m_lastError.toString();
        // Alipay's answer is kept in the reason; the book is not bent to fit it.
        if (store::OrderStore::isRefundTotalMismatch(m_lastError))
            finishUnknown(tr("Alipay refunded %1 (refund %2), but its total disagrees with the order book: %3")
                              .arg(m_refund.amount.toString(), m_refund.outRequestNo, m_lastError.message()));
        else
            finishUnknown(tr("Alipay refunded %1 (refund %2), but the order book could not record it: %3")
                              .arg(m_refund.amount.toString(), m_refund.outRequestNo, m_lastError.message()));
        return;
    }
    m_refund = *finished;
    auto order = m_store.find(m_refund.outTradeNo);
    qCInfo(lcRefund).noquote() << "refund" << m_refund.outRequestNo << "done";
    emit stateChanged(m_refund.state);
    emit done(m_refund, order && order->has_value() ? **order : store::Order());
    finish();
}

void RefundSession::finishFailed(const Error& error)
{
    m_lastError = error;
    const QString message = plainRefusal(error, m_refund);
    store::RefundDetails details;
    details.source = source(EventSource::Gateway);
    details.code = error.code();
    details.subCode = error.subCode();
    details.note = message;
    if (auto finished = m_store.finishRefund(m_refund.outRequestNo, Refund::State::Failed, details); finished)
        m_refund = *finished;
    else
        // Left Requested: recovery sends it again and hears the same refusal.
        qCCritical(lcRefund).noquote() << "refund" << m_refund.outRequestNo
                                       << "refused, not recorded:" << finished.error().toString();
    qCWarning(lcRefund).noquote() << "refund" << m_refund.outRequestNo << "refused:" << error.toString();
    m_refund.state = Refund::State::Failed;
    emit stateChanged(m_refund.state);
    emit failed(message);
    finish();
}

void RefundSession::finishUnknown(const QString& reason)
{
    store::RefundDetails details;
    details.source = source(EventSource::Gateway);
    details.code = m_lastError.code();
    details.subCode = m_lastError.subCode();
    details.note = reason;
    if (auto finished = m_store.finishRefund(m_refund.outRequestNo, Refund::State::Unknown, details); finished)
        m_refund = *finished;
    else
        qCCritical(lcRefund).noquote() << "refund" << m_refund.outRequestNo
                                       << "left unknown, not recorded:" << finished.error().toString();
    qCWarning(lcRefund).noquote() << "refund" << m_refund.outRequestNo << "unresolved:" << reason;
    m_refund.state = Refund::State::Unknown;
    emit stateChanged(m_refund.state);
    emit unresolved(reason);
    finish();
}

void RefundSession::refuseLocally(const Error& error)
{
    // Nothing was recorded and nothing was sent.
    m_lastError = error;
    m_phase = Phase::Done;
    qCWarning(lcRefund).noquote() << "refund refused:" << error.toString();
    emit failed(error.message());
    emit finished();
}

void RefundSession::finish()
{
    m_phase = Phase::Done;
    if (m_wake) {
        m_scheduler.cancel(m_wake);
        m_wake = 0;
    }
    emit finished();
}

void RefundSession::noteTrouble(const Error& error)
{
    if (m_trouble)
        return;
    m_trouble = true;
    emit connectionTrouble(error.message());
}

void RefundSession::noteHealthy()
{
    if (!m_trouble)
        return;
    m_trouble = false;
    emit connectionRecovered();
}

} // namespace counterpay::payment
