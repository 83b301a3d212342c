#include "payment/Recovery.h"

#include "payment/PaymentSession.h"
#include "payment/RefundSession.h"
#include "store/OrderStore.h"

#include <QCoreApplication>

namespace counterpay::payment {

using store::OrderState;

Recovery::Recovery(const PaymentContext& context, config::PaymentOptions options, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_options(std::move(options))
{}

void Recovery::run(int parallel)
{
    m_parallel = std::max(1, parallel);
    m_report = {};
    auto unresolved = m_context.store.unresolved();
    if (!unresolved) {
        m_report.unknown = -1;
        m_report.lines.append(unresolved.error().toString());
        emit finished(m_report);
        return;
    }
    m_pending.clear();
    for (const store::Order& order : *unresolved) {
        if (order.appId != m_options.appId) {
            skip(order, m_report.otherApp,
                 order.appId.isEmpty() ? tr("recorded without an app id; settle it by hand against Alipay's bill")
                                       : tr("belongs to app %1: run recover with that configuration").arg(order.appId));
            continue;
        }
        m_pending.push_back(order);
    }
    m_report.examined = static_cast<int>(m_pending.size());
    auto refunds = m_context.store.unresolvedRefunds();
    if (!refunds) {
        m_report.refundsUnknown = 1;
        m_report.lines.append(refunds.error().toString());
    } else {
        m_pendingRefunds.assign(refunds->begin(), refunds->end());
        m_report.refundsExamined = static_cast<int>(m_pendingRefunds.size());
    }
    for (int i = 0; i < m_parallel; ++i)
        startNext();
    finishIfDone();
}

PaymentSession* Recovery::sessionFor(const QString& outTradeNo) const
{
    for (PaymentSession* session : m_running) {
        if (session->outTradeNo() == outTradeNo)
            return session;
    }
    return nullptr;
}

void Recovery::skip(const store::Order& order, int& counter, const QString& why)
{
    ++counter;
    const QString line = QStringLiteral("%1 %2: %3").arg(order.outTradeNo, order.totalAmount.toString(), why);
    m_report.lines.append(line);
    emit progress(line);
}

void Recovery::startNext()
{
    while (!m_pending.empty()) {
        const store::Order listed = m_pending.front();
        m_pending.pop_front();
        // The lease first, then the order as it is now: it may have moved since the list was read.
        auto lease = m_context.store.claimLease(listed.outTradeNo, m_context.owner);
        if (!lease) {
            skip(listed, m_report.unknown, tr("still unresolved: %1").arg(lease.error().message()));
            continue;
        }
        if (lease->owner.id != m_context.owner.id) {
            skip(listed, m_report.busy,
                 tr("being handled by a live session (%1, process %2); left alone")
                     .arg(lease->owner.host)
                     .arg(lease->owner.pid));
            continue;
        }
        auto current = m_context.store.find(listed.outTradeNo);
        if (!current || !current->has_value()) {
            skip(listed, m_report.unknown,
                 tr("still unresolved: %1")
                     .arg(current ? tr("the order is gone from the book") : current.error().message()));
            continue;
        }
        if (store::isFinal((*current)->state)) {
            // Settled meanwhile by whoever held it: nothing to ask Alipay.
            --m_report.examined;
            if (auto released = m_context.store.releaseLease(listed.outTradeNo, m_context.owner); !released)
                qCWarning(lcPayment).noquote() << released.error().toString();
            continue;
        }
        auto* session = new PaymentSession(m_context, m_options, this);
        m_running.append(session);
        connect(session, &PaymentSession::finished, this, [this, session] { onSessionFinished(session); });
        session->resume(**current);
        return;
    }
}

void Recovery::finishIfDone()
{
    if (!m_running.isEmpty() || !m_pending.empty() || m_refund)
        return;
    if (!m_pendingRefunds.empty()) {
        startNextRefund();
        return;
    }
    emit finished(m_report);
}

void Recovery::startNextRefund()
{
    while (!m_pendingRefunds.empty()) {
        const store::Refund refund = m_pendingRefunds.front();
        m_pendingRefunds.pop_front();
        auto lease = m_context.store.claimLease(refund.outTradeNo, m_context.owner);
        if (!lease || lease->owner.id != m_context.owner.id) {
            ++m_report.busy;
            const QString line =
                QStringLiteral("%1 %2: %3")
                    .arg(refund.outRequestNo, refund.amount.toString(),
                         lease ? tr("refund being handled by a live session; left alone") : lease.error().message());
            m_report.lines.append(line);
            emit progress(line);
            continue;
        }
        RefundOptions options;
        options.appId = m_options.appId;
        options.retryBackoffMs = m_options.retryBackoffMs;
        m_refund = new RefundSession(m_context, options, this);
        connect(m_refund, &RefundSession::finished, this, [this, session = m_refund] { onRefundFinished(session); });
        m_refund->resume(refund);
        return;
    }
    finishIfDone();
}

void Recovery::onRefundFinished(RefundSession* session)
{
    const store::Refund& refund = session->refund();
    QString outcome;
    switch (refund.state) {
    case store::Refund::State::Done:
        ++m_report.refundsDone;
        outcome = tr("refund made");
        break;
    case store::Refund::State::Failed:
        ++m_report.refundsFailed;
        outcome = tr("refund refused: %1").arg(session->lastError().message());
        break;
    default:
        ++m_report.refundsUnknown;
        outcome = tr("refund still unresolved: %1").arg(session->lastError().message());
        break;
    }
    if (auto released = m_context.store.releaseLease(refund.outTradeNo, m_context.owner); !released)
        qCWarning(lcPayment).noquote() << released.error().toString();
    const QString line = QStringLiteral("%1 %2: %3").arg(refund.outRequestNo, refund.amount.toString(), outcome);
    m_report.lines.append(line);
    emit progress(line);
    if (auto order = m_context.store.find(refund.outTradeNo); order && order->has_value())
        emit settled(**order);
    m_refund = nullptr;
    session->deleteLater();
    startNextRefund();
}

void Recovery::onSessionFinished(PaymentSession* session)
{
    const store::Order& order = session->order();
    QString outcome;
    switch (order.state) {
    case OrderState::Paid:
        ++m_report.paid;
        outcome = QCoreApplication::translate("Recovery", "paid");
        break;
    case OrderState::Closed:
        ++m_report.closed;
        outcome = QCoreApplication::translate("Recovery", "closed, not paid");
        break;
    case OrderState::Refunded:
    case OrderState::PartiallyRefunded:
        ++m_report.refunded;
        outcome = QCoreApplication::translate("Recovery", "had been paid; refunded by the cancel");
        break;
    case OrderState::Failed:
        ++m_report.failed;
        outcome = QCoreApplication::translate("Recovery", "failed");
        break;
    default:
        ++m_report.unknown;
        outcome = QCoreApplication::translate("Recovery", "still unresolved: %1").arg(order.reason);
        break;
    }
    const QString line = QStringLiteral("%1 %2: %3").arg(order.outTradeNo, order.totalAmount.toString(), outcome);
    m_report.lines.append(line);
    emit progress(line);
    emit settled(order);
    m_running.removeOne(session);
    session->deleteLater();
    startNext();
    finishIfDone();
}

} // namespace counterpay::payment
