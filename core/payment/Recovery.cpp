#include "payment/Recovery.h"

#include "payment/PaymentSession.h"
#include "store/OrderStore.h"

#include <QCoreApplication>

namespace counterpay::payment {

using store::OrderState;

Recovery::Recovery(const PaymentContext& context, PaymentOptions options, QObject* parent)
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
    m_pending.assign(unresolved->begin(), unresolved->end());
    m_report.examined = static_cast<int>(m_pending.size());
    if (m_pending.empty()) {
        emit finished(m_report);
        return;
    }
    for (int i = 0; i < m_parallel; ++i)
        startNext();
}

PaymentSession* Recovery::sessionFor(const QString& outTradeNo) const
{
    for (PaymentSession* session : m_running) {
        if (session->outTradeNo() == outTradeNo)
            return session;
    }
    return nullptr;
}

void Recovery::startNext()
{
    if (m_pending.empty())
        return;
    const store::Order order = m_pending.front();
    m_pending.pop_front();
    auto* session = new PaymentSession(m_context, m_options, this);
    m_running.append(session);
    connect(session, &PaymentSession::finished, this, [this, session] { settled(session); });
    session->resume(order);
}

void Recovery::settled(PaymentSession* session)
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
    m_running.removeOne(session);
    session->deleteLater();
    startNext();
    if (m_running.isEmpty() && m_pending.empty())
        emit finished(m_report);
}

} // namespace counterpay::payment
